import Crypto
import Foundation
import Testing
import YanjianCore
import YanjianStore
import YanjianTesting
import YanjianWorkflow

@Suite("The camera evidence package: a plate's reads with the video events around them, hashed, stored on a case — on every engine")
struct CameraPackageTests {
    @Test("Reads and nearby events are packaged item by item with hashes; an unknown plate or a bad range is refused", arguments: StoreKind.allCases)
    func package(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        let warning = try await CaseLoopTests.confirmedWarning(store)
        let opened = try await store.openCase(fromWarning: warning.id, kind: .illegalTransport, summary: "夜间运输", sticks: nil, valueFen: nil,
                                              actor: "li", scope: .system)
        let t0: Int64 = 1_767_225_600
        try await store.bulkInsert(table: "cameras", columns: ["camera_id", "name", "kind", "lat", "lon", "adcode"], rows: [
            [.text("K1"), .text("长安南路卡口"), .text("卡口"), .double(34.2), .double(108.95), .text("610113")],
            [.text("K2"), .text("物流园东门"), .text("物流园"), .double(34.3), .double(109.0), .text("610111")],
        ])
        try await store.bulkInsert(table: "plate_reads", columns: ["read_id", "plate", "camera_id", "ts"], rows: [
            [.text("R1"), .text("陕A12345"), .text("K1"), .int(t0)],
            [.text("R2"), .text("陕A12345"), .text("K2"), .int(t0 + 1800)],
            [.text("R3"), .text("陕A12345"), .text("K1"), .int(t0 + 86_400)],
            [.text("R4"), .text("陕B99999"), .text("K1"), .int(t0)],
        ])
        try await store.bulkInsert(table: "video_events", columns: ["event_id", "camera_id", "ts", "type", "snapshot"], rows: [
            [.text("V1"), .text("K2"), .int(t0 + 1800 + 120), .text("loading_unloading"), .text("snap/V1.jpg")],
            [.text("V2"), .text("K2"), .int(t0 + 1800 + 3600), .text("crowd"), .null],
        ])
        let item = try await CameraEvidencePackage.attach(store: store, caseNo: opened.caseNo, plate: "陕a 12345", from: t0 - 60,
                                                          to: t0 + 3600, actor: "li", scope: .system)
        #expect(item.kind == .cameraPackage && item.mediaType == "application/json")
        let content = try await store.evidenceContent(id: item.id, actor: "li", purpose: "审核", scope: .system).content
        let package = try #require(try JSONSerialization.jsonObject(with: Data(content)) as? [String: Any])
        #expect(package["reads"] as? Int == 2 && package["cameras"] as? Int == 2, "the read a day later is outside the range")
        let items = try #require(package["items"] as? [[String: Any]])
        #expect(items.map { $0["read_id"] as? String } == ["R1", "R2"])
        let events = items[1]["video_events"] as? [[String: Any]] ?? []
        #expect(events.map { $0["event_id"] as? String } == ["V1"], "only events within ten minutes of the read")
        #expect(events.first?["snapshot"] as? String == "snap/V1.jpg")
        var bare = items[0]
        let hash = bare.removeValue(forKey: "sha256") as? String
        let canonical = try JSONSerialization.data(withJSONObject: bare, options: [.sortedKeys, .withoutEscapingSlashes])
        #expect(hash == SHA256.hash(data: canonical).map { String(format: "%02x", $0) }.joined())

        await #expect(throws: StoreError.self) {
            _ = try await CameraEvidencePackage.attach(store: store, caseNo: opened.caseNo, plate: "陕C00000", from: nil, to: nil, actor: "li", scope: .system)
        }
        await #expect(throws: StoreError.self) {
            _ = try await CameraEvidencePackage.attach(store: store, caseNo: opened.caseNo, plate: "not a plate", from: nil, to: nil, actor: "li", scope: .system)
        }
        await #expect(throws: StoreError.self) {
            _ = try await CameraEvidencePackage.attach(store: store, caseNo: opened.caseNo, plate: "陕A12345", from: t0 + 10, to: t0, actor: "li", scope: .system)
        }
    }
}
