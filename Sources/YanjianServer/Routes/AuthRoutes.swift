import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import YanjianCore
import YanjianStore

/// Sign-in, sign-out and unmask grants.
struct AuthRoutes {
    let store: Store
    let audit: AuditLog
    let configuration: ServerConfiguration

    func register(_ table: inout RouteTable) {
        table.add(APIRoute(method: .post, path: "/api/v1/auth/login", summary: "Sign in with username, password and (for admins with 2FA) a TOTP code", tag: "auth", isPublic: true)) { request, context in
            let body = try await JSON.object(request, context: context, allowed: ["username", "password", "totp"], required: ["username", "password"])
            let username = try body.string("username") ?? ""
            let password = try body.string("password") ?? ""
            guard username.count <= 64, password.count <= 1024 else {
                throw APIError.badRequest(code: "request.invalid_field", message: "username or password too long", field: "username")
            }
            do {
                let grant = try await store.login(
                    username: username, password: password, totp: try body.string("totp"), client: context.client,
                    policy: configuration.policy)
                try await audit.append(actor: username, action: "auth.login", target: "user/\(grant.user.id)", details: ["client": context.client])
                return try JSON.response(LoginResponse(
                    token: grant.token, expiresAt: Timestamp.format(grant.expiresAt), user: UserView(grant.user)))
            } catch let error as AuthError {
                try await audit.append(actor: username, action: "auth.login_failed", target: "", details: ["client": context.client, "reason": error.code])
                throw error
            }
        }
        table.add(APIRoute(method: .post, path: "/api/v1/auth/logout", summary: "End this session", tag: "auth", isPublic: false)) { _, context in
            let scope = try context.requireScope()
            if let token = context.token { try await store.logout(token: token) }
            try await audit.append(actor: scope.user.username, action: "auth.logout")
            return Response(status: .noContent)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/unmask", summary: "Show personal data in clear for a stated purpose, for a limited time (audited)", tag: "auth", isPublic: false)) { request, context in
            let scope = try context.requireScope()
            let body = try await JSON.object(request, context: context, allowed: ["purpose", "minutes"], required: ["purpose"])
            let minutes = try body.int("minutes") ?? 30
            guard (1...480).contains(minutes) else {
                throw APIError.badRequest(code: "request.invalid_field", message: "minutes must be 1–480", field: "minutes")
            }
            let purpose = try body.string("purpose") ?? ""
            let expires = try await store.grantUnmask(user: scope.user, purpose: purpose, seconds: Int64(minutes) * 60, policy: configuration.policy)
            try await audit.append(actor: scope.user.username, action: "privacy.unmask", target: "user/\(scope.user.id)",
                                   details: ["purpose": purpose, "until": Timestamp.format(expires)])
            var json = JSONWriter()
            json.object { json in json.field("unmasked_until", Timestamp.format(expires)) }
            return JSON.response(json, status: .created)
        }
    }
}

/// What a successful sign-in returns.
struct LoginResponse: Encodable {
    var token: String
    var expiresAt: String
    var user: UserView
}
