import Foundation
import Testing
import YanjianCore
import YanjianPerception
import YanjianStore
import YanjianTesting

@Suite("Video events tied to nearby retailers and to the plates read around them; crowd heat by district and hour — on every engine")
struct VideoLinkTests {
    /// A shop 100 m from camera C1 and 2 km from C2; C3 is 600 m from C1. At 01:30 (Shanghai) C1 sees a
    /// loading event; 鲁G11111 passes C3 five minutes later, 鲁G22222 an hour later. C2 sees loading too.
    static func seed(_ store: Store) async throws {
        try await store.bulkInsert(
            table: "retailers", columns: ["licence_no", "name", "owner_name", "address", "adcode", "lat", "lon", "business_type", "status", "issued_on"],
            rows: [[.text("370702000001"), .text("胜利便利店"), .text("张三"), .text("潍城区胜利街1号"), .text("370702"), .double(36.7100),
                    .double(119.1000), .text("便利店"), .text("有效"), .text("2024-01-01")]])
        try await store.bulkInsert(
            table: "cameras", columns: ["camera_id", "name", "kind", "lat", "lon", "adcode"],
            rows: [[.text("C1"), .text("胜利街口"), .text("治安"), .double(36.7109), .double(119.1000), .text("370702")],
                   [.text("C2"), .text("远处"), .text("治安"), .double(36.7280), .double(119.1000), .text("370702")],
                   [.text("C3"), .text("北口"), .text("卡口"), .double(36.7163), .double(119.1000), .text("370702")]])
        let night = try #require(Timestamp.parse("2026-03-02T01:30:00+08:00"))
        try await store.bulkInsert(
            table: "video_events", columns: ["event_id", "camera_id", "ts", "type", "plate", "adcode"],
            rows: [[.text("V1"), .text("C1"), .int(night), .text("loading_unloading"), .null, .text("370702")],
                   [.text("V2"), .text("C2"), .int(night), .text("loading_unloading"), .null, .text("370702")],
                   [.text("V3"), .text("C1"), .int(night + 12 * 3600), .text("vehicle_stop"), .text("鲁G33333"), .text("370702")],
                   [.text("V4"), .text("C1"), .int(night + 18 * 3600), .text("crowd"), .null, .text("370702")],
                   [.text("V5"), .text("C3"), .int(night + 18 * 3600 + 60), .text("crowd"), .null, .text("370702")]])
        try await store.bulkInsert(
            table: "plate_reads", columns: ["read_id", "plate", "camera_id", "ts", "adcode"],
            rows: [[.text("R1"), .text("鲁G11111"), .text("C3"), .int(night + 300), .text("370702")],
                   [.text("R2"), .text("鲁G22222"), .text("C3"), .int(night + 3600), .text("370702")]])
    }

    @Test("The night loading next to the shop names the vehicle seen nearby; the far event and the late vehicle do not count",
          arguments: StoreKind.allCases)
    func links(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        try await Self.seed(store)
        let summary = try await VideoLinkAnalysis.run(store: store)
        #expect(summary.events == 5 && summary.linkedEvents == 2 && summary.retailers == 1 && summary.nightLoadingRetailers == 1)
        let shop = try #require(try await store.findings(kind: VideoLinkAnalysis.retailerKind, scope: .system).first)
        #expect(shop.subject == "370702000001" && shop.label == "night_loading" && shop.score == 2.5, "night loading ×2 + a stop ×0.5")
        let details = try #require(try JSONSerialization.jsonObject(with: Data(shop.details.utf8)) as? [String: Any])
        let events = try #require(details["events"] as? [[String: Any]])
        #expect(events.compactMap { $0["event_id"] as? String } == ["V1", "V3"])
        #expect(events.first?["plates"] as? [String] == ["鲁G11111"] && events.first?["night"] as? Bool == true)
        #expect(events.last?["plates"] as? [String] == ["鲁G33333"], "the event's own plate")
        let heat = try #require(try await store.findings(kind: VideoLinkAnalysis.crowdKind, scope: .system).first)
        let hours = try #require((try JSONSerialization.jsonObject(with: Data(heat.details.utf8)) as? [String: Any])?["hours"] as? [Int])
        #expect(heat.subject == "370702" && hours[19] == 2 && hours.reduce(0, +) == 2 && heat.label == "peak_19h")
        #expect(try await VideoLinkAnalysis.run(store: store) == summary, "re-running replaces, never doubles")
        #expect(try await store.findings(kind: VideoLinkAnalysis.retailerKind, scope: .system).count == 1)
    }
}
