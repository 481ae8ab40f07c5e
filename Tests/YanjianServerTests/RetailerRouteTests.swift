import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import YanjianCore
import YanjianServer
import YanjianStore
import YanjianTesting

@Suite("Key retailers through the API: the dossier (一户一档) scoped and masked, grey/black lists proposed and reviewed")
struct RetailerRouteTests {
    /// Orders and till sales over three months, a case, a tip naming the owner's phone, a camera 120 m
    /// away with a loading event and one 3 km away.
    static func seed(_ store: Store) async throws {
        try await WorkflowRouteTests.seed(store)
        try await store.bulkInsert(
            table: "orders", columns: ["order_id", "licence_no", "order_date", "brand", "cartons", "unit_price_fen", "amount_fen"],
            rows: [
                [.text("O1"), .text("370702000001"), .text("2026-08-03"), .text("泰山(红将军)"), .int(Int64(40)), .int(Int64(10_000)), .int(Int64(400_000))],
                [.text("O2"), .text("370702000001"), .text("2026-09-03"), .text("泰山(红将军)"), .int(Int64(60)), .int(Int64(10_000)), .int(Int64(600_000))],
                [.text("O3"), .text("370702000001"), .text("2026-10-03"), .text("中华(软)"), .int(Int64(90)), .int(Int64(45_000)), .int(Int64(4_050_000))],
            ])
        try await store.bulkInsert(
            table: "pos_sales", columns: ["sale_id", "licence_no", "ts", "brand", "packs", "amount_fen"],
            rows: [
                [.text("S1"), .text("370702000001"), .int(Timestamp.parse("2026-09-10T10:00:00+08:00")), .text("泰山(红将军)"), .int(Int64(200)), .int(Int64(200_000))],
                [.text("S2"), .text("370702000001"), .int(Timestamp.parse("2026-10-01T00:30:00+08:00")), .text("中华(软)"), .int(Int64(50)), .int(Int64(225_000))],
            ])
        try await store.bulkInsert(
            table: "cases", columns: ["case_no", "opened_on", "kind", "adcode", "status", "department"],
            rows: [[.text("WF-2026-001"), .text(Timestamp.formatDate(store.now - 40 * 86_400)), .text("非法经营"), .text("370702"), .text("结案"), .text("烟草专卖")]])
        try await store.bulkInsert(
            table: "case_links", columns: ["case_no", "entity_kind", "entity_value", "role"],
            rows: [[.text("WF-2026-001"), .text("phone"), .text("13812345678"), .text("suspect")]])
        try await store.bulkInsert(
            table: "tips", columns: ["tip_id", "received_at", "channel", "text", "adcode"],
            rows: [[.text("T-1"), .int(store.now - 86_400), .text("12313"), .text("13812345678 这家店晚上往外搬烟"), .text("370702")],
                   [.text("T-2"), .int(store.now - 86_400), .text("12313"), .text("别处的举报"), .text("370702")]])
        try await store.bulkInsert(
            table: "cameras", columns: ["camera_id", "name", "kind", "lat", "lon", "adcode"],
            rows: [[.text("CAM-NEAR"), .text("胜利街口"), .text("治安"), .double(36.711), .double(119.1001), .text("370702")],
                   [.text("CAM-FAR"), .text("高速口"), .text("卡口"), .double(36.74), .double(119.10), .text("370702")]])
        try await store.bulkInsert(
            table: "video_events", columns: ["event_id", "camera_id", "ts", "type", "plate"],
            rows: [[.text("V-1"), .text("CAM-NEAR"), .int(store.now - 3_600), .text("loading_unloading"), .text("鲁G12345")],
                   [.text("V-2"), .text("CAM-FAR"), .int(store.now - 3_600), .text("loading_unloading"), .null]])
    }

    @Test("Dossier: every section filled from the store, masked for an analyst, refused outside the jurisdiction")
    func dossier() async throws {
        let app = try await TestApp.make()
        try await Self.seed(app.store)
        try await app.test { client in
            let analyst = try await client.login("analyst")
            let (status, file) = try await client.get("/api/v1/retailers/370702000001/dossier", token: analyst)
            #expect(status == .ok && file["masked"] as? Bool == true)
            let shop = try #require(file["retailer"] as? [String: Any])
            #expect(shop["name"] as? String == "潍城便利店" && shop["phone"] as? String == "138****5678", "personal fields masked")
            let months = try #require(file["months"] as? [[String: Any]])
            #expect(months.compactMap { $0["month"] as? String } == ["2026-08", "2026-09", "2026-10"])
            #expect(months.compactMap { $0["ordered_cartons"] as? Int } == [40, 60, 90])
            #expect(months.compactMap { $0["sold_cartons"] as? Double } == [0, 20, 5], "till packs ÷ 10, by the Shanghai month")
            let brands = try #require(file["brands"] as? [[String: Any]])
            #expect(brands.first?["brand"] as? String == "泰山(红将军)" && brands.first?["recent_cartons"] as? Int == 100)
            #expect((file["risk"] as? [String: Any])?["score"] as? Double == 66)
            #expect((file["risk_history"] as? [[String: Any]])?.isEmpty == true, "the seeded run kept no history; the risk analysis keeps one")
            let gang = try #require((file["gang_links"] as? [[String: Any]])?.first)
            #expect(gang["subject"] as? String == "phone:138****5678")
            #expect((file["cases"] as? [[String: Any]])?.first?["via"] as? String == "phone")
            #expect((file["tips"] as? [[String: Any]])?.compactMap { $0["tip_id"] as? String } == ["T-1"])
            let cameras = try #require(file["camera_events"] as? [[String: Any]])
            #expect(cameras.compactMap { $0["event_id"] as? String } == ["V-1"], "only cameras within 500 m")
            #expect(((cameras.first?["distance_m"] as? Double) ?? 0) > 50 && ((cameras.first?["distance_m"] as? Double) ?? 999) < 200)
            #expect((file["warnings"] as? [[String: Any]])?.isEmpty == true)

            let xian = try await client.login("xian")
            #expect(try await client.get("/api/v1/retailers/370702000001/dossier", token: xian).0 == .notFound)
            let overview = try await client.get("/api/v1/overview", token: analyst)
            let district = try #require((overview.1["risky_districts"] as? [[String: Any]])?.first)
            #expect(district["adcode"] as? String == "370702" && district["flagged"] as? Int == 1 && (district["name"] as? String ?? "").contains("潍城"))
            #expect((overview.1["warnings_open_by_level"] as? [String: Any])?.count == 4)
            let map = try await client.get("/api/v1/map/retailers", token: analyst)
            #expect((map.1["items"] as? [[String: Any]])?.compactMap { $0["licence_no"] as? String } == ["370702000001"], "scored 66, located")
            #expect((try await client.get("/api/v1/map/retailers?min_score=70", token: analyst).1["items"] as? [[String: Any]])?.isEmpty == true)
            #expect((try await client.get("/api/v1/map/retailers", token: xian).1["items"] as? [[String: Any]])?.isEmpty == true,
                    "Xi'an's shop has no position")
            #expect(try await client.get("/api/v1/map/retailers?min_score=101", token: analyst).0 == .badRequest)
            #expect(try await client.get("/api/v1/retailers/999999999999/dossier", token: analyst).0 == .notFound)
            let auditor = try await client.login("auditor")
            #expect(try await client.get("/api/v1/retailers/370702000001/dossier", token: auditor).0 == .forbidden)
            let admin = try await client.login("admin")
            let trail = try await client.get("/api/v1/audit?limit=20", token: admin)
            #expect((trail.1["items"] as? [[String: Any]] ?? []).contains { $0["action"] as? String == "dossier.read" })
        }
    }

    @Test("Lists: the rules propose, a person reviews, nobody approves their own proposal, bad input refused")
    func lists() async throws {
        let app = try await TestApp.make()
        try await Self.seed(app.store)
        try await app.test { client in
            let analyst = try await client.login("analyst")
            let admin = try await client.login("admin")
            let run = try await BadInputTests.post(client, "/api/v1/lists/propose", "", token: analyst)
            #expect(run.0 == .ok && run.1["proposed"] as? Int == 2)
            let (_, page) = try await client.get("/api/v1/lists?status=proposed", token: analyst)
            let items = try #require(page["items"] as? [[String: Any]])
            #expect(items.count == 1, "the Weifang analyst sees the Weifang shop only")
            let entry = try #require(items.first)
            #expect(entry["list"] as? String == "black" && entry["licence_no"] as? String == "370702000001",
                    "flagged (66) with a case on the owner's phone")
            let id = try #require(entry["id"] as? Int)
            #expect(try await client.get("/api/v1/lists?status=pending", token: analyst).0 == .badRequest)
            #expect(try await client.get("/api/v1/lists?colour=grey", token: analyst).0 == .badRequest)
            #expect(try await BadInputTests.post(client, "/api/v1/lists/\(id)", #"{"decision":"maybe"}"#, token: analyst).0 == .badRequest)
            #expect(try await BadInputTests.post(client, "/api/v1/lists/\(id)", #"{"decision":"reject"}"#, token: analyst).0 == .badRequest,
                    "a rejection needs a note")
            let approved = try await BadInputTests.post(client, "/api/v1/lists/\(id)", #"{"decision":"approve","expires_days":90}"#, token: analyst)
            #expect(approved.0 == .ok && approved.1["status"] as? String == "active")
            #expect(try await BadInputTests.post(client, "/api/v1/lists/\(id)", #"{"decision":"approve"}"#, token: analyst).0 == .conflict)
            let grey = try await BadInputTests.post(client, "/api/v1/lists", #"{"licence_no":"370702000001","list":"grey","reasons":["x"]}"#, token: analyst)
            #expect(grey.0 == .conflict, "already black")
            #expect(try await BadInputTests.post(client, "/api/v1/lists", #"{"licence_no":"370702000001","list":"white","reasons":["x"]}"#,
                                                 token: analyst).0 == .badRequest)
            #expect(try await BadInputTests.post(client, "/api/v1/lists", #"{"licence_no":"610113000003","list":"grey","reasons":["x"]}"#,
                                                 token: analyst).0 == .notFound, "outside the analyst's jurisdiction")
            let mine = try await BadInputTests.post(client, "/api/v1/lists", #"{"licence_no":"610113000003","list":"black","reasons":["举报核实"]}"#,
                                                    token: admin)
            #expect(mine.0 == .created)
            let mineID = try #require(mine.1["id"] as? Int)
            #expect(try await BadInputTests.post(client, "/api/v1/lists/\(mineID)", #"{"decision":"approve"}"#, token: admin).0 == .conflict,
                    "four eyes")
            let detail = try await client.get("/api/v1/lists/\(id)", token: analyst)
            #expect((detail.1["events"] as? [[String: Any]])?.compactMap { $0["action"] as? String } == ["proposed", "approve"])
            let file = try await client.get("/api/v1/retailers/370702000001/dossier", token: analyst)
            #expect((file.1["lists"] as? [[String: Any]])?.first?["status"] as? String == "active")
            let trail = try await client.get("/api/v1/audit?limit=50", token: admin)
            let actions = (trail.1["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(actions.contains("list.rules") && actions.contains("list.approve") && actions.contains("list.propose"))
        }
    }

    @Test("Model candidates: listed with their review, promoted (scores go live, warnings follow) or rejected by an analyst")
    func candidates() async throws {
        let app = try await TestApp.make()
        try await Self.seed(app.store)
        let store = app.store
        func candidate(score: Double) async throws -> ModelCandidate {
            let run = try await store.beginAnalysis("retailer_risk_shadow")
            try await store.publishFindings(run: run, analysis: "retailer_risk_shadow", kinds: ["retailer_risk_shadow"], findings: [
                StoredFinding(kind: "retailer_risk_shadow", subject: "370702000001", score: score, label: "outflow", adcode: "370702"),
            ])
            return try await store.registerCandidate("retailer_risk", run: run, fingerprint: "f\(score)", parameters: #"{"flag_level":2.5}"#,
                                                     training: "{}", metrics: #"{"flagged":1}"#, importances: "{}")
        }
        let first = try await candidate(score: 97)
        try await store.setCandidateReview(id: first.id, review: #"{"comparison":{"active_flagged":1,"candidate_flagged":1}}"#)
        try await app.test { client in
            let analyst = try await client.login("analyst")
            let listed = try await client.get("/api/v1/models/retailer_risk", token: analyst)
            let item = try #require((listed.1["candidates"] as? [[String: Any]])?.first, "\(listed)")
            #expect(item["status"] as? String == "shadow" && (item["review"] as? [String: Any])?["comparison"] != nil)
            let path = "/api/v1/models/retailer_risk/candidates/\(first.id)"
            #expect(try await BadInputTests.post(client, path, #"{"decision":"adopt"}"#, token: analyst).0 == .badRequest)
            #expect(try await BadInputTests.post(client, path, #"{"decision":"reject"}"#, token: analyst).0 == .badRequest, "a rejection says why")
            let auditor = try await client.login("auditor")
            #expect(try await BadInputTests.post(client, path, #"{"decision":"promote"}"#, token: auditor).0 == .forbidden)
            let promoted = try await BadInputTests.post(client, path, #"{"decision":"promote","note":"回测更好"}"#, token: analyst)
            #expect(promoted.0 == .ok && promoted.1["version"] as? Int == 1)
            #expect(((promoted.1["warnings_raised"] as? Int) ?? 0) >= 1, "warnings follow the promoted scores")
            #expect(try await BadInputTests.post(client, path, #"{"decision":"promote"}"#, token: analyst).0 == .conflict)
            let live = try await client.get("/api/v1/retailers/370702000001/dossier", token: analyst)
            #expect((live.1["risk"] as? [String: Any])?["score"] as? Double == 97)
        }
    }
}
