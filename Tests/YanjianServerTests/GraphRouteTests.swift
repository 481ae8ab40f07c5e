import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import YanjianCore
import YanjianServer
import YanjianStore
import YanjianTesting

@Suite("Link analysis through the API: rings and chains with sealed ids for masked callers, gangs by tier, bad input refused")
struct GraphRouteTests {
    static func seed(_ store: Store) async throws {
        try await SearchRouteTests.seed(store)
        let run = try await store.beginAnalysis("links")
        try await store.publishFindings(run: run, analysis: "links", kinds: [FindingKind.gang], findings: [
            StoredFinding(kind: FindingKind.gang, subject: "GANG-1", score: 0.9, label: "3 members", adcode: "370702", details: "{}"),
        ])
        let members = try await store.beginAnalysis("links")
        try await store.publishFindings(run: members, analysis: "links", kinds: [FindingKind.gangMember], findings: [
            StoredFinding(kind: FindingKind.gangMember, subject: "phone:13812345678", score: 0.9, label: "source", adcode: "370702",
                          details: #"{"gang_id":"GANG-1","tier":1,"key_suspect":true,"role":"source","actor":1}"#),
            StoredFinding(kind: FindingKind.gangMember, subject: "phone:13700000000", score: 0.6, label: "seller", adcode: "370702",
                          details: #"{"gang_id":"GANG-1","tier":3,"key_suspect":false,"role":"seller","actor":2}"#),
        ])
    }

    @Test("A masked analyst gets sealed ids that expand and connect, but never the numbers behind them")
    func sealed() async throws {
        let app = try await TestApp.make()
        try await Self.seed(app.store)
        try await app.test { client in
            let analyst = try await client.login("analyst")
            let (status, ring) = try await client.get("/api/v1/graph/neighbourhood?entity=phone:%2B86%20138%201234%205678", token: analyst)
            #expect(status == .ok && ring["masked"] as? Bool == true)
            let raw = String(describing: ring)
            #expect(!raw.contains("13812345678") && !raw.contains("13700000000"), "no personal number leaves the server")
            let nodes = try #require(ring["nodes"] as? [[String: Any]])
            let centre = try #require((ring["centre"] as? [String])?.first)
            #expect(centre.hasPrefix("x:") && nodes.first { $0["id"] as? String == centre }?["gang"] as? String == "GANG-1")
            let kinds = Set((ring["edges"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String })
            #expect(kinds.isSuperset(of: ["parcel", "retailer_has", "person_has", "case_names"]), "\(kinds)")
            let person = try #require(nodes.first { $0["kind"] as? String == "person" }?["id"] as? String)
            #expect(person.hasPrefix("x:"))
            let again = try await client.get("/api/v1/graph/neighbourhood?entity=phone:13812345678", token: analyst)
            #expect((again.1["centre"] as? [String])?.first == centre, "the same entity always has the same id")
            let expanded = try await client.get("/api/v1/graph/neighbourhood?entity=\(person)", token: analyst)
            #expect((expanded.1["nodes"] as? [[String: Any]] ?? []).contains { $0["id"] as? String == "plate:鲁G12345" }, "a sealed id expands")

            let path = try await client.get("/api/v1/graph/path?from=\(centre)&to=plate:%E9%B2%81G12345", token: analyst)
            #expect(path.0 == .ok && (path.1["nodes"] as? [[String: Any]])?.count == 3, "phone → person → plate")
            #expect(try await client.get("/api/v1/graph/path?from=\(centre)&to=plate:%E9%99%95A00000", token: analyst).0 == .notFound)

            let gang = try await client.get("/api/v1/graph/gangs/GANG-1", token: analyst)
            let members = try #require(gang.1["members"] as? [[String: Any]])
            #expect(members.compactMap { $0["tier"] as? Int }.sorted() == [1, 3] && members.contains { $0["key_suspect"] as? Bool == true })
            #expect(!String(describing: gang.1).contains("13812345678"))

            for bad in ["entity=foo", "entity=colour:red", "entity=x:not-a-token", "entity=phone:138&hops=3", "entity=phone:138&limit=0", "entity=phone:1&depth=2"] {
                #expect(try await client.get("/api/v1/graph/neighbourhood?\(bad)", token: analyst).0 == .badRequest, "\(bad)")
            }
            #expect(try await client.get("/api/v1/graph/gangs/GANG-404", token: analyst).0 == .notFound)
            let xian = try await client.login("xian")
            #expect(try await client.get("/api/v1/graph/gangs/GANG-1", token: xian).0 == .notFound)
            let auditor = try await client.login("auditor")
            #expect(try await client.get("/api/v1/graph/neighbourhood?entity=phone:13812345678", token: auditor).0 == .forbidden)
        }
    }
}
