import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import YanjianCore
@testable import YanjianServer
import YanjianStore
import YanjianTesting

@Suite("The in-process authorisation cache: reused briefly, emptied by anything that changes who may see what")
struct AuthCacheTests {
    @Test("Sign-out, disabling a user and an unmask grant through the server take effect on the next request")
    func invalidation() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let analyst = try await client.login("analyst")
            #expect(try await client.get("/api/v1/me", token: analyst).0 == .ok)
            #expect(try await client.get("/api/v1/records/retailers?per_page=1", token: analyst).1["masked"] as? Bool == true, "cached: masked")
            let unmask = try await BadInputTests.post(client, "/api/v1/unmask", #"{"purpose":"核查案件线索","minutes":5}"#, token: analyst)
            #expect(unmask.0 == .ok || unmask.0 == .created)
            #expect(try await client.get("/api/v1/records/retailers?per_page=1", token: analyst).1["masked"] as? Bool == false, "the grant shows at once")

            let admin = try await client.login("admin")
            let headers: HTTPFields = [.contentType: "application/json", .authorization: "Bearer \(admin)"]
            let disabled = try await client.execute(uri: "/api/v1/users/analyst", method: .patch, headers: headers,
                                                    body: ByteBuffer(string: #"{"disabled":true}"#)) { $0.status }
            #expect(disabled == .ok)
            #expect(try await client.get("/api/v1/me", token: analyst).0 == .unauthorized, "a disabled user's cached token is gone")

            _ = try await BadInputTests.post(client, "/api/v1/auth/logout", "", token: admin)
            #expect(try await client.get("/api/v1/me", token: admin).0 == .unauthorized, "signed out at once")
        }
    }

    @Test("An entry lives for the configured time; 0 keeps nothing; a full cache starts again")
    func lifetime() async throws {
        let user = User(id: 1, username: "a", displayName: "a", role: .analyst, department: .tobacco,
                        jurisdiction: try Jurisdiction(validating: "3707"))
        let scope = AccessScope(user: user)
        let cache = AuthCache(seconds: 0.05, capacity: 2)
        cache.keep(scope, for: "t1")
        #expect(cache.scope(for: "t1")?.user.username == "a" && cache.scope(for: "t2") == nil)
        try await Task.sleep(for: .milliseconds(120))
        #expect(cache.scope(for: "t1") == nil, "expired")
        cache.keep(scope, for: "t1")
        cache.keep(scope, for: "t2")
        cache.keep(scope, for: "t3")
        #expect(cache.scope(for: "t1") == nil && cache.scope(for: "t3") != nil, "full: started again")
        let off = AuthCache(seconds: 0)
        off.keep(scope, for: "t1")
        #expect(off.scope(for: "t1") == nil)
    }
}
