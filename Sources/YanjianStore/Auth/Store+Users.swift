import YanjianCore

extension Store {
    static let userColumns = "id, username, display_name, role, department, jurisdiction, disabled, totp_secret"

    static func user(from row: SQLRow) throws -> User {
        guard let id = row["id"].int, let username = row["username"].text,
              let role = row["role"].text.flatMap(Role.init(rawValue:)),
              let department = row["department"].text.flatMap(Department.init(rawValue:)),
              let jurisdiction = try? Jurisdiction(validating: row["jurisdiction"].text ?? "")
        else { throw StoreError.internalInconsistency("unreadable user row") }
        return User(
            id: id, username: username, displayName: row["display_name"].text ?? username, role: role,
            department: department, jurisdiction: jurisdiction, disabled: (row["disabled"].int ?? 0) != 0,
            hasTOTP: !(row["totp_secret"].text ?? "").isEmpty
        )
    }

    /// Creates a user. Usernames are 3–64 characters of letters, digits, `.`, `_` or `-`.
    @discardableResult
    public func createUser(
        username: String, displayName: String, password: String, role: Role, department: Department,
        jurisdiction: Jurisdiction, totpSecret: String? = nil, policy: SecurityPolicy = SecurityPolicy()
    ) async throws -> User {
        try Self.validateUsername(username)
        guard password.count >= policy.minimumPasswordLength else {
            throw AuthError.weakPassword(minimum: policy.minimumPasswordLength)
        }
        if try await findUser(username: username) != nil {
            throw StoreError.conflict("user \(username) already exists")
        }
        let hash = try PasswordHasher(iterations: policy.passwordIterations).hash(password)
        let rows = try await db.query(
            """
            INSERT INTO users (username, display_name, password_hash, role, department, jurisdiction, totp_secret,
                               created_at, password_changed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING \(Self.userColumns)
            """,
            [.text(username), .text(displayName), .text(hash), .text(role.rawValue), .text(department.rawValue),
             .text(jurisdiction.prefix), .text(totpSecret), .int(now), .int(now)],
            writing: true
        )
        guard let row = rows.first else { throw StoreError.internalInconsistency("insert returned no row") }
        return try Self.user(from: row)
    }

    static func validateUsername(_ username: String) throws {
        let allowed = username.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
        guard (3...64).contains(username.count), allowed else {
            throw StoreError.invalid(field: "username", reason: "3–64 letters, digits, '.', '_' or '-'")
        }
    }

    /// Finds a user by name.
    public func findUser(username: String) async throws -> User? {
        try await db.queryOne("SELECT \(Self.userColumns) FROM users WHERE username = ?", [.text(username)])
            .map(Self.user(from:))
    }

    /// Finds a user by id.
    public func findUser(id: Int64) async throws -> User? {
        try await db.queryOne("SELECT \(Self.userColumns) FROM users WHERE id = ?", [.int(id)]).map(Self.user(from:))
    }

    /// All users, by name.
    public func listUsers() async throws -> [User] {
        try await db.query("SELECT \(Self.userColumns) FROM users ORDER BY username").map(Self.user(from:))
    }

    /// Sets a new password, clears any lockout and ends the user's sessions.
    public func setPassword(username: String, password: String, policy: SecurityPolicy = SecurityPolicy()) async throws {
        guard password.count >= policy.minimumPasswordLength else {
            throw AuthError.weakPassword(minimum: policy.minimumPasswordLength)
        }
        guard let user = try await findUser(username: username) else {
            throw StoreError.notFound(kind: "user", id: username)
        }
        let hash = try PasswordHasher(iterations: policy.passwordIterations).hash(password)
        try await db.transaction([
            SQLStatement(
                "UPDATE users SET password_hash = ?, password_changed_at = ?, failed_logins = 0, locked_until = 0 WHERE id = ?",
                [.text(hash), .int(now), .int(user.id)]),
            SQLStatement("DELETE FROM sessions WHERE user_id = ?", [.int(user.id)]),
        ])
    }

    /// Disables or re-enables a user; disabling ends their sessions and API keys.
    public func setDisabled(username: String, _ disabled: Bool) async throws {
        guard let user = try await findUser(username: username) else {
            throw StoreError.notFound(kind: "user", id: username)
        }
        var statements = [SQLStatement("UPDATE users SET disabled = ? WHERE id = ?", [.int(disabled ? 1 : 0), .int(user.id)])]
        if disabled {
            statements.append(SQLStatement("DELETE FROM sessions WHERE user_id = ?", [.int(user.id)]))
            statements.append(SQLStatement(
                "UPDATE api_keys SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", [.int(now), .int(user.id)]))
        }
        try await db.transaction(statements)
    }

    /// Sets or clears a user's TOTP secret.
    public func setTOTPSecret(username: String, _ secret: String?) async throws {
        let changed = try await db.execute("UPDATE users SET totp_secret = ? WHERE username = ?", [.text(secret), .text(username)])
        if changed == 0 { throw StoreError.notFound(kind: "user", id: username) }
    }
}
