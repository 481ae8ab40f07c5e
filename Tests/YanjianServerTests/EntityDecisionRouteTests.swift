import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import YanjianCore
import YanjianServer
import YanjianStore
import YanjianTesting

@Suite("Merge and split decisions through the API: recorded with who and why, revocable, masked, bad input refused")
struct EntityDecisionRouteTests {
    @Test("An analyst records and revokes a decision; the list masks numbers for a masked caller; the auditor may not decide")
    func lifecycle() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let analyst = try await client.login("analyst")
            let (created, decision) = try await BadInputTests.post(client, "/api/v1/entities/decisions",
                #"{"action":"split","entity_a":"phone:+86 138 1234 5678","entity_b":"id_no:370702199001011234","reason":"号码已转让"}"#,
                token: analyst)
            #expect(created == .created)
            #expect(decision["action"] as? String == "split" && decision["decided_by"] as? String == "analyst" && decision["active"] as? Bool == true)
            #expect(!String(describing: decision).contains("13812345678"), "masked for an analyst without a grant")
            let id = try #require(decision["id"] as? Int)

            let again = try await BadInputTests.post(client, "/api/v1/entities/decisions",
                #"{"action":"merge","entity_a":"id_no:370702199001011234","entity_b":"phone:13812345678","reason":"x"}"#, token: analyst)
            #expect(again.0 == .conflict, "one decision in force per pair")

            let admin = try await client.login("admin")
            let listed = try await client.get("/api/v1/entities/decisions", token: admin)
            let items = try #require(listed.1["items"] as? [[String: Any]])
            #expect(items.count == 1 && items.first?["entity_b"] as? String == "phone:138****5678", "in canonical order, masked without a grant")

            for bad in [#"{"action":"join","entity_a":"phone:13812345678","entity_b":"phone:13700000000","reason":"x"}"#,
                        #"{"action":"merge","entity_a":"case:AJ-1","entity_b":"phone:13700000000","reason":"x"}"#,
                        #"{"action":"merge","entity_a":"phone:13812345678","entity_b":"phone:13700000000"}"#,
                        #"{"action":"merge","entity_a":"phone:13812345678","entity_b":"phone:13700000000","reason":""}"#,
                        #"{"action":"merge","entity_a":"phone:13812345678","entity_b":"phone:13700000000","reason":"x","by":"me"}"#] {
                #expect(try await BadInputTests.post(client, "/api/v1/entities/decisions", bad, token: analyst).0 == .badRequest, "\(bad)")
            }
            let auditor = try await client.login("auditor")
            #expect(try await BadInputTests.post(client, "/api/v1/entities/decisions",
                #"{"action":"merge","entity_a":"phone:13812345678","entity_b":"phone:13700000000","reason":"x"}"#, token: auditor).0 == .forbidden)

            #expect(try await BadInputTests.post(client, "/api/v1/entities/decisions/\(id)/revoke", #"{}"#, token: analyst).0 == .badRequest)
            let revoked = try await BadInputTests.post(client, "/api/v1/entities/decisions/\(id)/revoke", #"{"reason":"复核不成立"}"#, token: admin)
            #expect(revoked.0 == .ok && revoked.1["active"] as? Bool == false && revoked.1["revoked_by"] as? String == "admin")
            #expect(try await BadInputTests.post(client, "/api/v1/entities/decisions/\(id)/revoke", #"{"reason":"again"}"#, token: admin).0 == .conflict)
            #expect(try await BadInputTests.post(client, "/api/v1/entities/decisions/999/revoke", #"{"reason":"x"}"#, token: admin).0 == .notFound)
            #expect((try await client.get("/api/v1/entities/decisions", token: admin).1["items"] as? [Any])?.isEmpty == true)
            #expect((try await client.get("/api/v1/entities/decisions?all=true", token: admin).1["items"] as? [Any])?.count == 1)
            #expect(try await client.get("/api/v1/entities/decisions?all=maybe", token: admin).0 == .badRequest)

            #expect(try await client.get("/api/v1/findings/person_match", token: analyst).0 == .ok, "record linkage's matches are served")
            let trail = try await client.get("/api/v1/audit?limit=20", token: admin).1["items"] as? [[String: Any]] ?? []
            #expect(trail.contains { $0["action"] as? String == "entity.split" && $0["actor"] as? String == "analyst" })
            #expect(trail.contains { $0["action"] as? String == "entity.revoke" && $0["actor"] as? String == "admin" })
        }
    }
}
