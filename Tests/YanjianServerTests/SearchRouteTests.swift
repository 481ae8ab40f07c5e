import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import YanjianCore
import YanjianServer
import YanjianStore
import YanjianTesting

@Suite("Global search and the vehicle page through the API: any spelling, every source, scoped and masked")
struct SearchRouteTests {
    static func seed(_ store: Store) async throws {
        try await RetailerRouteTests.seed(store)
        try await store.bulkInsert(
            table: "persons", columns: ["person_id", "name", "id_no", "phones", "plates", "source", "adcode"],
            rows: [[.text("P-1"), .text("李四"), .text("370702199001011234"), .text("13812345678|13900001111"), .text("鲁G12345"),
                    .text("公安"), .text("370702")]])
        try await store.bulkInsert(
            table: "waybills", columns: ["waybill_no", "courier", "sender_phone", "receiver_phone", "pieces", "weight_kg", "accepted_at", "adcode"],
            rows: [[.text("SF1234567890"), .text("顺丰"), .text("13812345678"), .text("13700000000"), .int(Int64(1)), .double(12.5),
                    .int(store.now - 86_400), .text("370702")]])
        try await store.bulkInsert(
            table: "plate_reads", columns: ["read_id", "plate", "camera_id", "ts", "vehicle_type", "adcode"],
            rows: [[.text("R1"), .text("鲁G12345"), .text("CAM-NEAR"), .int(store.now - 7_200), .text("小型货车"), .text("370702")],
                   [.text("R2"), .text("鲁G12345"), .text("CAM-FAR"), .int(store.now - 3_600), .text("小型货车"), .text("370702")]])
        let run = try await store.beginAnalysis("vehicles")
        try await store.publishFindings(run: run, analysis: "vehicles", kinds: [FindingKind.nightVehicle], findings: [
            StoredFinding(kind: FindingKind.nightVehicle, subject: "鲁G12345", score: 0.8, adcode: "370702"),
        ])
    }

    @Test("A phone typed with spaces and +86 finds the shop, the person, the waybill, the case and the gang member, masked")
    func search() async throws {
        let app = try await TestApp.make()
        try await Self.seed(app.store)
        try await app.test { client in
            let analyst = try await client.login("analyst")
            let (status, answer) = try await client.get("/api/v1/search?q=%2B86%20138%201234%205678", token: analyst)
            #expect(status == .ok && answer["masked"] as? Bool == true)
            #expect((answer["read_as"] as? [String: Any])?["phone"] as? String == "138****5678")
            let items = try #require(answer["items"] as? [[String: Any]])
            let kinds = Set(items.compactMap { $0["kind"] as? String })
            #expect(kinds.isSuperset(of: ["retailer", "person", "waybill", "case", "tip", "finding"]), "\(kinds)")
            #expect(!items.contains { ($0["detail"] as? String ?? "").contains("13812345678") }, "personal numbers masked")
            #expect(items.first { $0["kind"] as? String == "retailer" }?["key"] as? String == "370702000001")

            let plate = try await client.get("/api/v1/search?q=%E9%B2%81g%2012345", token: analyst)
            let plateKinds = Set((plate.1["items"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String })
            #expect(plateKinds.isSuperset(of: ["plate", "person", "finding"]), "a lower-case plate with a space is still the plate: \(plateKinds)")

            let name = try await client.get("/api/v1/search?q=%E6%BD%8D%E5%9F%8E%E4%BE%BF%E5%88%A9", token: analyst)
            #expect((name.1["items"] as? [[String: Any]])?.first?["kind"] as? String == "retailer", "part of a shop's name")

            let xian = try await client.login("xian")
            let outside = try await client.get("/api/v1/search?q=13812345678", token: xian)
            #expect((outside.1["items"] as? [[String: Any]])?.isEmpty == true, "nothing from another jurisdiction")
            #expect(try await client.get("/api/v1/search?q=a", token: analyst).0 == .badRequest)
            #expect(try await client.get("/api/v1/search?query=abc", token: analyst).0 == .badRequest)
            let auditor = try await client.login("auditor")
            #expect(try await client.get("/api/v1/search?q=13812345678", token: auditor).0 == .forbidden)
            let admin = try await client.login("admin")
            let trail = try await client.get("/api/v1/audit?limit=20", token: admin)
            let entry = try #require((trail.1["items"] as? [[String: Any]] ?? []).first { $0["action"] as? String == "search" })
            #expect(!String(describing: entry).contains("13812345678"), "the audit keeps the kind of query, not the number")
        }
    }

    @Test("A vehicle: reads with camera positions in order, its findings; unknown plates are not found")
    func vehicle() async throws {
        let app = try await TestApp.make()
        try await Self.seed(app.store)
        try await app.store.bulkInsert(
            table: "cases", columns: ["case_no", "opened_on", "kind", "adcode", "status", "department"],
            rows: [[.text("潍烟案〔2025〕12号"), .text("2025-05-01"), .text("非法经营"), .text("370702"), .text("结案"), .text("烟草专卖")]])
        try await app.test { client in
            let analyst = try await client.login("analyst")
            let (status, page) = try await client.get("/api/v1/vehicles/%E9%B2%81G12345", token: analyst)
            #expect(status == .ok && page["reads"] as? Int == 2, "\(page)")
            let points = try #require(page["points"] as? [[String: Any]])
            #expect(points.compactMap { $0["camera_id"] as? String } == ["CAM-NEAR", "CAM-FAR"] && points.first?["lat"] as? Double == 36.711)
            #expect((page["findings"] as? [[String: Any]])?.first?["kind"] as? String == FindingKind.nightVehicle)
            #expect(try await client.get("/api/v1/vehicles/%E9%B2%81G99999", token: analyst).0 == .notFound)
            let encoded = "潍烟案〔2025〕12号".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let chinese = try await client.get("/api/v1/cases/\(encoded)", token: analyst)
            #expect(chinese.0 == .ok && (chinese.1["case"] as? [String: Any])?["case_no"] as? String == "潍烟案〔2025〕12号",
                    "a case number with Chinese characters in the path")
            let xian = try await client.login("xian")
            #expect(try await client.get("/api/v1/vehicles/%E9%B2%81G12345", token: xian).0 == .notFound, "reads outside the jurisdiction")
        }
    }
}
