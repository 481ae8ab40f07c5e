import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import YanjianCore
import YanjianStore

/// How the server runs: address, TLS, what is public, and the security policy.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// PEM certificate chain and key; when both are set the server speaks HTTPS only.
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?
    /// Whether `/metrics` is served (it is unauthenticated, so bind-configurable).
    public var metricsEnabled = true
    /// Sign-in policy.
    public var policy = SecurityPolicy()
    /// How long a token's authorisation (user, role, jurisdiction, unmask grant) is reused inside this
    /// process without asking the database again; 0 asks on every request. Sign-outs, unmask grants and
    /// user changes made through this server take effect at once; a change made elsewhere (the CLI,
    /// another server) within this time.
    public var authCacheSeconds = 1.0
    /// The version string shown by `/api/v1/health`.
    public var version = "0.1.0"

    public init() {}
}
