import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import YanjianCore
import YanjianStore

/// Users, the audit log and import batches: for administrators and auditors.
struct AdminRoutes {
    let store: Store
    let audit: AuditLog
    let configuration: ServerConfiguration

    func register(_ table: inout RouteTable) {
        table.add(APIRoute(method: .get, path: "/api/v1/users", summary: "All users (admin)", tag: "admin", isPublic: false)) { _, context in
            try Self.require(context, \.mayManageUsers)
            return try JSON.response(["items": try await store.listUsers().map { UserView($0) }])
        }
        table.add(APIRoute(method: .post, path: "/api/v1/users", summary: "Create a user (admin)", tag: "admin", isPublic: false)) { request, context in
            let scope = try Self.require(context, \.mayManageUsers)
            let body = try await JSON.object(
                request, context: context,
                allowed: ["username", "display_name", "password", "role", "department", "jurisdiction"],
                required: ["username", "password", "role", "department", "jurisdiction"])
            guard let role = try body.string("role").flatMap(Role.init(rawValue:)) else {
                throw APIError.badRequest(code: "request.invalid_field", message: "unknown role", field: "role")
            }
            guard let department = try body.string("department").flatMap({ Department(code: $0) }) else {
                throw APIError.badRequest(code: "request.invalid_field", message: "unknown department", field: "department")
            }
            guard let jurisdiction = try? Jurisdiction(validating: try body.string("jurisdiction") ?? ""),
                  scope.jurisdiction.covers(jurisdiction)
            else {
                throw APIError.badRequest(code: "request.invalid_field", message: "jurisdiction must be an adcode prefix inside your own", field: "jurisdiction")
            }
            let username = try body.string("username") ?? ""
            let user = try await store.createUser(
                username: username, displayName: try body.string("display_name") ?? username,
                password: try body.string("password") ?? "", role: role, department: department, jurisdiction: jurisdiction,
                policy: configuration.policy)
            try await audit.append(actor: scope.user.username, action: "user.create", target: "user/\(user.id)",
                                   details: ["role": role.rawValue, "jurisdiction": jurisdiction.description])
            return try JSON.response(UserView(user), status: .created)
        }
        table.add(APIRoute(method: .patch, path: "/api/v1/users/{username}", summary: "Disable, enable or reset the password of a user (admin)", tag: "admin", isPublic: false)) { request, context in
            let scope = try Self.require(context, \.mayManageUsers)
            guard let username = context.pathText("username") else { throw APIError.notFound("user") }
            let body = try await JSON.object(request, context: context, allowed: ["disabled", "password"])
            if let disabled = try body.bool("disabled") {
                try await store.setDisabled(username: username, disabled)
                try await audit.append(actor: scope.user.username, action: disabled ? "user.disable" : "user.enable", target: "user/\(username)")
            }
            if let password = try body.string("password") {
                try await store.setPassword(username: username, password: password, policy: configuration.policy)
                try await audit.append(actor: scope.user.username, action: "user.password_reset", target: "user/\(username)")
            }
            guard let user = try await store.findUser(username: username) else { throw APIError.notFound("user \(username)") }
            return try JSON.response(UserView(user))
        }
        table.add(APIRoute(method: .get, path: "/api/v1/audit", summary: "Audit entries, newest first (admin, auditor)", tag: "audit", isPublic: false, query: ["limit", "before"])) { request, context in
            try Self.require(context, \.mayReadAudit)
            let limit = try request.queryInt("limit", default: 100)
            guard (1...1000).contains(limit) else {
                throw APIError.badRequest(code: "request.invalid_query", message: "limit must be 1–1000", field: "limit")
            }
            let before = try request.queryInt("before", default: Int.max)
            return try JSON.response(["items": try await audit.recent(limit: limit, beforeSeq: Int64(before))])
        }
        table.add(APIRoute(method: .get, path: "/api/v1/audit/verify", summary: "Verify the whole audit chain and its signed checkpoints (admin, auditor)", tag: "audit", isPublic: false)) { _, context in
            let scope = try Self.require(context, \.mayReadAudit)
            let result = try await audit.verify()
            try await audit.append(actor: scope.user.username, action: "audit.verify", details: ["ok": String(result.ok)])
            return try JSON.response(result)
        }
        table.add(APIRoute(method: .get, path: "/api/v1/audit/checkpoints", summary: "Signed checkpoints, for export to an outside verifier (admin, auditor)", tag: "audit", isPublic: false)) { _, context in
            try Self.require(context, \.mayReadAudit)
            return try JSON.response(["items": try await audit.checkpoints()])
        }
        table.add(APIRoute(method: .get, path: "/api/v1/imports", summary: "Recent import batches", tag: "imports", isPublic: false)) { _, context in
            _ = try context.requireScope()
            return try JSON.response(["items": try await store.recentImports(limit: 50)])
        }
        table.add(APIRoute(method: .get, path: "/api/v1/imports/{id}", summary: "The quality report of one import batch (JSON)", tag: "imports", isPublic: false)) { _, context in
            _ = try context.requireScope()
            guard let id = context.parameters.get("id").flatMap({ Int64($0) }) else {
                throw APIError.badRequest(code: "request.invalid_path", message: "import id must be a number", field: "id")
            }
            guard let report = try await store.importReport(id: id) else { throw APIError.notFound("import \(id)") }
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: report)))
        }
    }

    /// The caller's scope if their role is one of `roles`, else a 403.
    @discardableResult
    static func require(_ context: AppRequestContext, oneOf roles: Set<Role>) throws -> AccessScope {
        let scope = try context.requireScope()
        guard roles.contains(scope.user.role) else {
            throw APIError.forbidden("role \(scope.user.role.rawValue) may not do this")
        }
        return scope
    }

    @discardableResult
    static func require(_ context: AppRequestContext, _ permission: KeyPath<Role, Bool>) throws -> AccessScope {
        let scope = try context.requireScope()
        guard scope.user.role[keyPath: permission] else {
            throw APIError.forbidden("role \(scope.user.role.rawValue) may not do this")
        }
        return scope
    }
}
