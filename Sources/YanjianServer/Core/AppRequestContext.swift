import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import YanjianCore
import YanjianStore

/// Per-request state: the request id, the client's address, and (after authentication) the user
/// and their data scope.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in user, set by `AuthMiddleware`.
    public var user: User?
    /// What the user may see, set by `AuthMiddleware`.
    public var scope: AccessScope?
    /// The bearer token of this request, for logout.
    public var token: String?
    /// The client's IP address, for rate limiting and the audit log.
    public let client: String
    /// The largest JSON body the API accepts.
    public var maxUploadSize: Int { 1 << 20 }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        client = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The user, or a 401 when the route was reached without authentication.
    public func requireScope() throws -> AccessScope {
        guard let scope else { throw APIError.unauthenticated }
        return scope
    }
}

extension AppRequestContext {
    /// A path parameter as text: the router hands it over percent-encoded, and case numbers, tip ids,
    /// unit ids and plates from real sources contain Chinese characters.
    func pathText(_ name: String) -> String? {
        parameters.get(name).map { $0.removingPercentEncoding ?? $0 }
    }
}
