import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import YanjianCore
import YanjianStore

/// Requires a valid bearer token (a session or a partner API key) and puts the user and their data
/// scope into the context. Everything behind it is authenticated; public routes are registered apart.
struct AuthMiddleware: RouterMiddleware {
    let store: Store

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw APIError.unauthenticated
        }
        let token = String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty, token.count <= 256 else { throw AuthError.invalidToken }
        let scope = try await store.authorize(token: token)
        let user = scope.user
        var context = context
        context.user = user
        context.token = token
        context.scope = scope
        context.logger[metadataKey: "user.id"] = "\(user.id)"
        return try await next(request, context)
    }
}

/// Adds the request id and the security headers every response carries: a strict
/// Content-Security-Policy (the web app loads only its own files), no sniffing, no framing.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let hsts: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.requestID] = context.id
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        response.headers[.contentTypeOptions] = "nosniff"
        response.headers[.frameOptions] = "DENY"
        response.headers[.referrerPolicy] = "no-referrer"
        if hsts { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        if request.uri.path.hasPrefix("/api/") { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

extension HTTPField.Name {
    static let requestID = named("X-Request-Id")
    static let contentSecurityPolicy = named("Content-Security-Policy")
    static let contentTypeOptions = named("X-Content-Type-Options")
    static let frameOptions = named("X-Frame-Options")
    static let referrerPolicy = named("Referrer-Policy")
    static let strictTransportSecurity = named("Strict-Transport-Security")

    /// A header name from a constant; these literals are valid tokens, and a typo falls back to a
    /// harmless custom name instead of crashing.
    private static func named(_ text: String) -> HTTPField.Name {
        HTTPField.Name(text) ?? HTTPField.Name("X-Yanjian-Invalid") ?? .contentType
    }
}
