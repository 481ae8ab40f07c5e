import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore
import YanjianCore
import YanjianStore

/// Requires a valid bearer token (a session or a partner API key) and puts the user and their data
/// scope into the context. Everything behind it is authenticated; public routes are registered apart.
/// A token's scope is reused for `ServerConfiguration.authCacheSeconds` (see ``AuthCache``).
struct AuthMiddleware: RouterMiddleware {
    let store: Store
    let cache: AuthCache

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw APIError.unauthenticated
        }
        let token = String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty, token.count <= 256 else { throw AuthError.invalidToken }
        let scope: AccessScope
        if let cached = cache.scope(for: token) {
            scope = cached
        } else {
            scope = try await store.authorize(token: token)
            cache.keep(scope, for: token)
        }
        let user = scope.user
        var context = context
        context.user = user
        context.token = token
        context.scope = scope
        context.logger[metadataKey: "user.id"] = "\(user.id)"
        // Whatever changes who may see what (sign-out, unmask grants, users) empties the cache before
        // the answer leaves, also when the change failed half-way.
        guard request.method != .get, AuthCache.invalidating.contains(where: { request.uri.path.hasPrefix($0) }) else {
            return try await next(request, context)
        }
        defer { cache.clear() }
        return try await next(request, context)
    }
}

/// Recently authorised tokens and their scopes, for `ttl` seconds: the token check was a database
/// query per request (a third of a 50-row list page's time). Bounded: when full, it starts again empty.
final class AuthCache: Sendable {
    /// Path prefixes whose non-GET requests change sessions, grants or users.
    static let invalidating = ["/api/v1/auth/", "/api/v1/unmask", "/api/v1/users"]
    let ttl: Duration
    let capacity: Int
    private let entries = NIOLockedValueBox<[String: (scope: AccessScope, until: ContinuousClock.Instant)]>([:])

    init(seconds: Double, capacity: Int = 10_000) {
        ttl = .milliseconds(Int64((max(0, seconds) * 1000).rounded()))
        self.capacity = capacity
    }

    func scope(for token: String) -> AccessScope? {
        guard ttl > .zero else { return nil }
        let now = ContinuousClock.now
        return entries.withLockedValue { entries in
            guard let entry = entries[token] else { return nil }
            guard entry.until > now else {
                entries[token] = nil
                return nil
            }
            return entry.scope
        }
    }

    func keep(_ scope: AccessScope, for token: String) {
        guard ttl > .zero else { return }
        let until = ContinuousClock.now + ttl
        entries.withLockedValue { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[token] = (scope, until)
        }
    }

    func clear() {
        entries.withLockedValue { $0.removeAll(keepingCapacity: true) }
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
