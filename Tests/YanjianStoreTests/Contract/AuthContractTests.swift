import Foundation
import Testing
import YanjianCore
import YanjianStore
import YanjianTesting

@Suite("Sign-in security, on every engine")
struct AuthContractTests {
    static var policy: SecurityPolicy {
        var policy = SecurityPolicy()
        policy.passwordIterations = 1_000
        return policy
    }

    static func makeUser(_ store: Store, _ name: String = "li.wei", role: Role = .analyst, jurisdiction: String = "370700") async throws -> User {
        try await store.createUser(
            username: name, displayName: "李伟", password: "correct horse battery", role: role, department: .tobacco,
            jurisdiction: Jurisdiction(validating: jurisdiction), policy: policy)
    }

    @Test("The right password signs in and the token authenticates until the session expires", arguments: StoreKind.allCases)
    func loginAndExpiry(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let clock = TestClock()
        let (store, cleanup) = try await TestDatabases.open(kind, clock: clock.closure)
        defer { Task { await cleanup() } }
        let user = try await Self.makeUser(store)
        let grant = try await store.login(username: "li.wei", password: "correct horse battery", totp: nil, client: "1.2.3.4", policy: Self.policy)
        #expect(try await store.authenticate(token: grant.token) == user)
        clock.advance(seconds: Double(Self.policy.sessionSeconds + 1))
        await #expect(throws: AuthError.invalidToken) { try await store.authenticate(token: grant.token) }
        await #expect(throws: AuthError.invalidToken) { try await store.authenticate(token: "yjs_forged") }
    }

    @Test("Five wrong passwords lock the account, even against the right password, until the lockout ends", arguments: StoreKind.allCases)
    func lockout(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let clock = TestClock()
        let (store, cleanup) = try await TestDatabases.open(kind, clock: clock.closure)
        defer { Task { await cleanup() } }
        _ = try await Self.makeUser(store)
        for _ in 0..<Self.policy.maxFailedLogins {
            await #expect(throws: AuthError.invalidCredentials) {
                try await store.login(username: "li.wei", password: "wrong", totp: nil, client: "c", policy: Self.policy)
            }
        }
        await #expect(throws: AuthError.locked(retryAfter: Self.policy.lockoutSeconds)) {
            try await store.login(username: "li.wei", password: "correct horse battery", totp: nil, client: "c", policy: Self.policy)
        }
        clock.advance(seconds: Double(Self.policy.lockoutSeconds + 1))
        _ = try await store.login(username: "li.wei", password: "correct horse battery", totp: nil, client: "c", policy: Self.policy)
    }

    @Test("A client that keeps failing is refused before any password is checked", arguments: StoreKind.allCases)
    func clientRateLimit(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        _ = try await Self.makeUser(store)
        for attempt in 0..<Self.policy.clientAttemptLimit {
            _ = try? await store.login(username: "nobody\(attempt)", password: "x", totp: nil, client: "9.9.9.9", policy: Self.policy)
        }
        await #expect(throws: AuthError.rateLimited(retryAfter: Self.policy.clientWindowSeconds)) {
            try await store.login(username: "li.wei", password: "correct horse battery", totp: nil, client: "9.9.9.9", policy: Self.policy)
        }
        _ = try await store.login(username: "li.wei", password: "correct horse battery", totp: nil, client: "other", policy: Self.policy)
    }

    @Test("A user with a TOTP secret needs the current code", arguments: StoreKind.allCases)
    func totp(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let clock = TestClock()
        let (store, cleanup) = try await TestDatabases.open(kind, clock: clock.closure)
        defer { Task { await cleanup() } }
        _ = try await Self.makeUser(store, "admin.one", role: .admin)
        let secret = TOTP.makeSecret()
        try await store.setTOTPSecret(username: "admin.one", secret)
        await #expect(throws: AuthError.totpRequired) {
            try await store.login(username: "admin.one", password: "correct horse battery", totp: nil, client: "c", policy: Self.policy)
        }
        let code = try #require(TOTP.code(secret: secret, at: store.now))
        _ = try await store.login(username: "admin.one", password: "correct horse battery", totp: code, client: "c", policy: Self.policy)
    }

    @Test("Disabling a user ends their sessions and API keys", arguments: StoreKind.allCases)
    func disable(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        _ = try await Self.makeUser(store, "courier.sf", role: .partner)
        let key = try await store.createAPIKey(username: "courier.sf", label: "waybill upload")
        #expect(try await store.authenticate(token: key).role == .partner)
        try await store.setDisabled(username: "courier.sf", true)
        await #expect(throws: AuthError.invalidToken) { try await store.authenticate(token: key) }
    }
}
