import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import YanjianServer

@Suite("The router, the OpenAPI document and who may reach what")
struct RouteContractTests {
    static func normalise(_ path: String) -> String {
        path.split(separator: "/").map { $0.hasPrefix(":") || ($0.hasPrefix("{") && $0.hasSuffix("}")) ? "{}" : String($0) }
            .joined(separator: "/")
    }

    @Test("Every API route is in the OpenAPI document and every documented route is served")
    func openAPIMatchesRouter() async throws {
        let app = try await TestApp.make()
        let served = Set(app.app.router.routes.filter { $0.path.description.hasPrefix("/api/") }
            .map { "\($0.method.rawValue) \(Self.normalise($0.path.description))" })
        try await app.test { client in
            let (status, document) = try await client.get("/api/v1/openapi.json")
            #expect(status == .ok)
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, operations in
                operations.keys.map { "\($0.uppercased()) \(Self.normalise(path))" }
            })
            #expect(!documented.isEmpty)
            #expect(served.subtracting(documented).isEmpty, "served but undocumented: \(served.subtracting(documented))")
            #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served))")
        }
    }

    @Test("Without a token only health, OpenAPI, login, the public tip-off routes, metrics and the web shell answer; every other route is 401")
    func unauthenticatedReach() async throws {
        let app = try await TestApp.make()
        let open: Set<String> = ["GET /api/v1/health", "GET /api/v1/openapi.json", "POST /api/v1/auth/login", "POST /api/v1/public/tips",
                                 "POST /api/v1/public/tips/follow-up", "POST /api/v1/public/tips/messages"]
        let routes = app.app.router.routes.filter { $0.path.description.hasPrefix("/api/") }
            .map { (method: $0.method, path: $0.path.description) }
        try await app.test { client in
            for route in routes {
                let key = "\(route.method.rawValue) \(route.path)"
                let uri = route.path.split(separator: "/").map { $0.hasPrefix(":") ? "x1" : String($0) }.joined(separator: "/")
                let status = try await client.execute(uri: "/" + uri, method: route.method, headers: [.contentType: "application/json"],
                                                      body: ByteBuffer(string: "{}")) { $0.status }
                if open.contains(key) {
                    #expect(status != .unauthorized, "\(key) should be public")
                } else {
                    #expect(status == .unauthorized, "\(key) answered \(status) without a token")
                }
            }
            let shell = try await client.execute(uri: "/", method: .get) { $0 }
            #expect(shell.status == .ok)
            #expect(shell.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("default-src 'self'") == true)
        }
    }

    @Test("Forged and logged-out tokens are refused")
    func tokens() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            #expect(try await client.get("/api/v1/me", token: "yjs_forged").0 == .unauthorized)
            #expect(try await client.get("/api/v1/me", token: String(repeating: "a", count: 5000)).0 == .unauthorized)
            let token = try await client.login("analyst")
            #expect(try await client.get("/api/v1/me", token: token).0 == .ok)
            let logout = try await client.execute(uri: "/api/v1/auth/logout", method: .post,
                                                  headers: [.authorization: "Bearer \(token)"]) { $0.status }
            #expect(logout == .noContent)
            #expect(try await client.get("/api/v1/me", token: token).0 == .unauthorized)
        }
    }
}
