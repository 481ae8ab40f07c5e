import Foundation
import YanjianCore

/// A signed-in session: the opaque token is handed to the client once and stored only as a hash.
public struct SessionGrant: Sendable {
    public var token: String
    public var expiresAt: Int64
    public var user: User
}

extension Store {
    /// Signs a user in. Client rate limits and account lockout are checked before any password is
    /// hashed, so a flood of guesses costs the server nothing; an unknown user costs the same hash as a
    /// known one, so timing does not reveal which usernames exist.
    public func login(
        username: String, password: String, totp: String?, client: String, policy: SecurityPolicy = SecurityPolicy()
    ) async throws -> SessionGrant {
        let now = self.now
        let windowStart = now - policy.clientWindowSeconds
        let recentFailures = try await db.scalarInt(
            "SELECT COUNT(*) FROM login_attempts WHERE client = ? AND at >= ? AND success = 0",
            [.text(client), .int(windowStart)])
        if recentFailures >= Int64(policy.clientAttemptLimit) {
            throw AuthError.rateLimited(retryAfter: policy.clientWindowSeconds)
        }
        let row = try await db.queryOne(
            "SELECT \(Self.userColumns), password_hash, locked_until FROM users WHERE username = ?", [.text(username)])
        if let lockedUntil = row?["locked_until"].int, lockedUntil > now {
            try await recordAttempt(username: username, client: client, success: false)
            throw AuthError.locked(retryAfter: lockedUntil - now)
        }
        let hasher = PasswordHasher(iterations: policy.passwordIterations)
        guard let row, let stored = row["password_hash"].text else {
            _ = hasher.verify(password, against: Self.dummyHash(iterations: policy.passwordIterations))
            try await recordAttempt(username: username, client: client, success: false)
            throw AuthError.invalidCredentials
        }
        let user = try Self.user(from: row)
        guard hasher.verify(password, against: stored), !user.disabled else {
            try await recordFailure(user: user, client: client, policy: policy)
            throw AuthError.invalidCredentials
        }
        if let secret = row["totp_secret"].text, !secret.isEmpty {
            guard let totp, !totp.isEmpty else { throw AuthError.totpRequired }
            guard TOTP.verify(code: totp, secret: secret, at: now) else {
                try await recordFailure(user: user, client: client, policy: policy)
                throw AuthError.invalidCredentials
            }
        }
        let token = Tokens.make(prefix: "yjs_")
        let expires = now + policy.sessionSeconds
        try await db.transaction([
            SQLStatement("UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = ?", [.int(user.id)]),
            SQLStatement(
                "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
                [.text(Tokens.hash(token)), .int(user.id), .int(now), .int(expires), .int(now)]),
            SQLStatement(
                "INSERT INTO login_attempts (username, client, at, success) VALUES (?, ?, ?, 1)",
                [.text(username), .text(client), .int(now)]),
        ])
        return SessionGrant(token: token, expiresAt: expires, user: user)
    }

    private func recordAttempt(username: String, client: String, success: Bool) async throws {
        try await db.execute(
            "INSERT INTO login_attempts (username, client, at, success) VALUES (?, ?, ?, ?)",
            [.text(username), .text(client), .int(now), .int(success ? 1 : 0)])
    }

    private func recordFailure(user: User, client: String, policy: SecurityPolicy) async throws {
        try await recordAttempt(username: user.username, client: client, success: false)
        let rows = try await db.query(
            "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ? RETURNING failed_logins",
            [.int(user.id)], writing: true)
        if let failures = rows.first?["failed_logins"].int, failures >= Int64(policy.maxFailedLogins) {
            try await db.execute(
                "UPDATE users SET locked_until = ?, failed_logins = 0 WHERE id = ?",
                [.int(now + policy.lockoutSeconds), .int(user.id)])
        }
    }

    /// A fixed hash to spend the same work on when the username is unknown.
    static func dummyHash(iterations: Int) -> String {
        "pbkdf2-sha256$\(iterations)$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
    }

    /// Resolves a bearer token (a session token or a partner API key) to its user.
    public func authenticate(token: String) async throws -> User {
        try await authorize(token: token).user
    }

    /// Resolves a bearer token to the caller's scope in one query: the user, and whether a live
    /// unmask grant lets them see personal data.
    public func authorize(token: String) async throws -> AccessScope {
        let hash = Tokens.hash(token)
        let now = self.now
        let columns = """
            u.id, u.username, u.display_name, u.role, u.department, u.jurisdiction, u.disabled, u.totp_secret,
            (SELECT COUNT(*) FROM unmask_grants g WHERE g.user_id = u.id AND g.expires_at > ?) AS unmask
            """
        let row: SQLRow?
        if token.hasPrefix("yjk_") {
            row = try await db.queryOne(
                "SELECT \(columns) FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.key_hash = ? AND k.revoked_at IS NULL LIMIT 1",
                [.int(now), .text(hash)])
        } else {
            row = try await db.queryOne(
                "SELECT \(columns) FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? LIMIT 1",
                [.int(now), .text(hash), .int(now)])
        }
        guard let row, case let user = try Self.user(from: row), !user.disabled else { throw AuthError.invalidToken }
        return AccessScope(user: user, unmasked: (row["unmask"].int ?? 0) > 0)
    }

    /// Ends a session.
    public func logout(token: String) async throws {
        try await db.execute("DELETE FROM sessions WHERE token_hash = ?", [.text(Tokens.hash(token))])
    }

    /// Issues an API key for a partner user; the key is shown once.
    public func createAPIKey(username: String, label: String) async throws -> String {
        guard let user = try await findUser(username: username) else { throw StoreError.notFound(kind: "user", id: username) }
        let key = Tokens.make(prefix: "yjk_")
        try await db.execute(
            "INSERT INTO api_keys (key_hash, prefix, user_id, label, created_at) VALUES (?, ?, ?, ?, ?)",
            [.text(Tokens.hash(key)), .text(String(key.prefix(10))), .int(user.id), .text(label), .int(now)])
        return key
    }

    /// Grants the user sight of unmasked personal data for a stated purpose, for a limited time.
    public func grantUnmask(user: User, purpose: String, seconds: Int64, policy: SecurityPolicy = SecurityPolicy()) async throws -> Int64 {
        guard user.role.mayUnmask else { throw StoreError.forbidden("role \(user.role.rawValue) may not unmask personal data") }
        let trimmed = purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count >= 4 else { throw StoreError.invalid(field: "purpose", reason: "state why personal data is needed") }
        let expires = now + min(max(60, seconds), policy.maxUnmaskSeconds)
        try await db.execute(
            "INSERT INTO unmask_grants (user_id, purpose, granted_at, expires_at) VALUES (?, ?, ?, ?)",
            [.int(user.id), .text(trimmed), .int(now), .int(expires)])
        return expires
    }

    /// The scope for a user now: unmasked while a grant is live.
    public func scope(for user: User) async throws -> AccessScope {
        let live = try await db.scalarInt(
            "SELECT COUNT(*) FROM unmask_grants WHERE user_id = ? AND expires_at > ?", [.int(user.id), .int(now)])
        return AccessScope(user: user, unmasked: live > 0)
    }
}
