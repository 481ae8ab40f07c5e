import YanjianCore

/// A person (or partner system) who signs in. The password hash and TOTP secret never leave the store.
public struct User: Sendable, Equatable, Codable {
    public var id: Int64
    public var username: String
    public var displayName: String
    public var role: Role
    public var department: Department
    public var jurisdiction: Jurisdiction
    public var disabled: Bool
    public var hasTOTP: Bool

    public init(
        id: Int64, username: String, displayName: String, role: Role, department: Department,
        jurisdiction: Jurisdiction, disabled: Bool = false, hasTOTP: Bool = false
    ) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.role = role
        self.department = department
        self.jurisdiction = jurisdiction
        self.disabled = disabled
        self.hasTOTP = hasTOTP
    }
}

/// What the store needs to know about the caller of every data query: whose data it may return and
/// whether personal fields are shown. Every read of operational data takes one, so scoping is enforced
/// in the store, not only in handlers.
public struct AccessScope: Sendable, Equatable {
    /// Who is asking.
    public var user: User
    /// Whether a live, audited unmask grant lets this caller see personal data in clear.
    public var unmasked: Bool

    public init(user: User, unmasked: Bool = false) {
        self.user = user
        self.unmasked = unmasked && user.role.mayUnmask
    }

    /// The jurisdiction the caller may read.
    public var jurisdiction: Jurisdiction { user.jurisdiction }

    /// A national, unmasked scope for internal jobs (imports, analyses); never handed to a request.
    public static let system = AccessScope(
        user: User(id: 0, username: "system", displayName: "system", role: .admin, department: .tobacco,
                   jurisdiction: .national),
        unmasked: true
    )
}

/// Settings for sign-in security, with production defaults.
public struct SecurityPolicy: Sendable {
    /// PBKDF2 iterations for new password hashes.
    public var passwordIterations = PasswordHasher.defaultIterations
    /// Failed logins in a row before an account is locked.
    public var maxFailedLogins = 5
    /// How long a locked account stays locked, in seconds.
    public var lockoutSeconds: Int64 = 15 * 60
    /// Failed attempts from one client within the window before it is refused.
    public var clientAttemptLimit = 20
    /// The window for client rate limiting, in seconds.
    public var clientWindowSeconds: Int64 = 15 * 60
    /// How long a session lasts, in seconds.
    public var sessionSeconds: Int64 = 12 * 3600
    /// Longest unmask grant, in seconds.
    public var maxUnmaskSeconds: Int64 = 8 * 3600
    /// Minimum password length.
    public var minimumPasswordLength = 10

    public init() {}
}

/// Why a sign-in or a token was refused. Unknown user, wrong password and disabled account all read
/// as `invalidCredentials`, so that the answer does not reveal which usernames exist.
public enum AuthError: Error, Equatable, CustomStringConvertible {
    case invalidCredentials
    case totpRequired
    case locked(retryAfter: Int64)
    case rateLimited(retryAfter: Int64)
    case invalidToken
    case weakPassword(minimum: Int)

    public var code: String {
        switch self {
        case .invalidCredentials: "auth.invalid_credentials"
        case .totpRequired: "auth.totp_required"
        case .locked: "auth.locked"
        case .rateLimited: "rate_limited"
        case .invalidToken: "auth.invalid_token"
        case .weakPassword: "auth.weak_password"
        }
    }

    public var description: String {
        switch self {
        case .invalidCredentials: "wrong username or password"
        case .totpRequired: "a one-time code from the authenticator app is required"
        case .locked(let seconds): "the account is locked after repeated failures; try again in \(seconds) s"
        case .rateLimited(let seconds): "too many attempts from this client; try again in \(seconds) s"
        case .invalidToken: "the session or API key is missing, expired or revoked"
        case .weakPassword(let minimum): "the password must have at least \(minimum) characters"
        }
    }
}
