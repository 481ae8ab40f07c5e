import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import YanjianCore
import YanjianServer
import YanjianStore
import YanjianTesting

/// A server over a fresh SQLite store with a few users and records, for in-process HTTP tests.
struct TestApp {
    let store: Store
    let audit: AuditLog
    let app: YanjianApp
    let cleanup: @Sendable () async -> Void
    static let password = "correct horse battery"

    static func make() async throws -> TestApp {
        let (store, cleanup) = try await TestDatabases.open(.sqlite)
        var configuration = ServerConfiguration()
        configuration.policy.passwordIterations = 1_000
        let audit = AuditLog(store: store, key: try AuditKey(secret: Array(repeating: 3, count: 32)))
        for (name, role, jurisdiction) in [("admin", Role.admin, "*"), ("analyst", .analyst, "3707"), ("xian", .analyst, "6101"),
                                           ("auditor", .auditor, "*"), ("partner", .partner, "*")] {
            try await store.createUser(username: name, displayName: name, password: password, role: role, department: .tobacco,
                                       jurisdiction: Jurisdiction(validating: jurisdiction), policy: configuration.policy)
        }
        try await store.bulkInsert(
            table: "retailers",
            columns: ["licence_no", "name", "owner_name", "phone", "address", "adcode", "business_type", "status", "issued_on"],
            rows: [
                [.text("370702000001"), .text("潍城便利店"), .text("张三"), .text("13812345678"), .text("潍坊市潍城区1号"),
                 .text("370702"), .text("便利店"), .text("有效"), .text("2024-01-01")],
                [.text("610113000003"), .text("雁塔超市"), .text("王五"), .text("13712345678"), .text("西安市雁塔区3号"),
                 .text("610113"), .text("超市"), .text("有效"), .text("2024-01-01")],
            ])
        return TestApp(store: store, audit: audit, app: YanjianApp(store: store, audit: audit, configuration: configuration),
                       cleanup: cleanup)
    }

    /// Runs `body` against the router in process and cleans up afterwards.
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let application = Application(router: app.router)
        do {
            try await application.test(.router, body)
        } catch {
            await cleanup()
            throw error
        }
        await cleanup()
    }
}

extension TestClientProtocol {
    /// Signs in and returns the bearer token.
    func login(_ user: String, password: String = TestApp.password) async throws -> String {
        try await execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                          body: ByteBuffer(string: #"{"username":"\#(user)","password":"\#(password)"}"#)) { response in
            guard response.status == .ok,
                  let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any],
                  let token = object["token"] as? String
            else { throw TestFailure("login of \(user) answered \(response.status)") }
            return token
        }
    }

    /// GET with an optional bearer token, returning status and parsed JSON object.
    func get(_ uri: String, token: String? = nil) async throws -> (HTTPResponse.Status, [String: Any]) {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: .get, headers: headers) { response in
            (response.status, (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:])
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The error code in a JSON error body.
func errorCode(_ json: [String: Any]) -> String? {
    (json["error"] as? [String: Any])?["code"] as? String
}

/// The error message in a JSON error body.
func errorMessage(_ json: [String: Any]) -> String? {
    (json["error"] as? [String: Any])?["message"] as? String
}
