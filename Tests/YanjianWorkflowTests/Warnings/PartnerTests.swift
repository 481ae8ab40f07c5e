import Foundation
import Testing
import YanjianCore
import YanjianStore
import YanjianTesting

@Suite("Partners upload waybills and get hits on their own only, never the watch list — on every engine")
struct PartnerTests {
    @Test("Hits by reference for new waybills naming a gang member's phone or address; bad rows refused; resubmission is no probe",
          arguments: StoreKind.allCases)
    func hits(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        let run = try await store.beginAnalysis("links")
        try await store.publishFindings(run: run, analysis: "links", kinds: [FindingKind.gangMember], findings: [
            StoredFinding(kind: FindingKind.gangMember, subject: "phone:13812345678", score: 0.9, label: "seller", adcode: "610113"),
            StoredFinding(kind: FindingKind.gangMember, subject: "address:陕西省西安市蓝田县朱雀街379号库房", score: 0.9, label: "distributor"),
        ])
        var policy = SecurityPolicy()
        policy.passwordIterations = 1_000
        let partner = try await store.createUser(username: "sf.express", displayName: "顺丰速运", password: "a long enough password",
                                                 role: .partner, department: .postal, jurisdiction: .national, policy: policy)
        let other = try await store.createUser(username: "yt.express", displayName: "圆通速递", password: "a long enough password",
                                               role: .partner, department: .postal, jurisdiction: .national, policy: policy)
        let at: Int64 = 1_767_225_600
        let result = try await store.uploadPartnerWaybills([
            PartnerWaybill(waybillNo: "SF1234567890", receiverPhone: "138-1234-5678", pieces: 1, weightKg: 2.5, acceptedAt: at),
            PartnerWaybill(waybillNo: "SF1234567891", senderAddress: "陕西省西安市蓝田县朱雀街379号 库房", pieces: 1, weightKg: 1, acceptedAt: at),
            PartnerWaybill(waybillNo: "SF1234567892", receiverPhone: "13900000000", pieces: 1, weightKg: 1, acceptedAt: at),
            PartnerWaybill(waybillNo: "SF1234567893", pieces: 1, weightKg: 0, acceptedAt: at),
            PartnerWaybill(waybillNo: "SF1234567890", pieces: 1, weightKg: 1, acceptedAt: at),
        ], partner: partner)
        #expect(result.accepted == 3)
        #expect(result.rejected.map(\.index) == [3, 4] && result.rejected.map(\.field) == ["weight_kg", "waybill_no"])
        #expect(result.hits.map(\.waybillNo) == ["SF1234567890", "SF1234567891"])
        #expect(result.hits.allSatisfy { $0.reference.hasPrefix("H-") })
        #expect(try await store.partnerHits(partner: partner).count == 2)
        #expect(try await store.partnerHits(partner: other).isEmpty, "a partner sees its own hits only")

        // Another partner resubmitting a known number with a watch-listed phone learns nothing.
        let probe = try await store.uploadPartnerWaybills([
            PartnerWaybill(waybillNo: "SF1234567892", receiverPhone: "13812345678", pieces: 1, weightKg: 1, acceptedAt: at),
        ], partner: other)
        #expect(probe.hits.isEmpty)
        let stored = try await store.db.queryOne("SELECT receiver_phone, courier FROM waybills WHERE waybill_no = 'SF1234567892'")
        #expect(stored?["receiver_phone"].text == "13900000000" && stored?["courier"].text == "顺丰速运", "the first version is kept")
        await #expect(throws: StoreError.self) {
            _ = try await store.uploadPartnerWaybills([], partner: User(id: 0, username: "li", displayName: "li", role: .analyst,
                                                                       department: .tobacco, jurisdiction: .national))
        }
    }
}
