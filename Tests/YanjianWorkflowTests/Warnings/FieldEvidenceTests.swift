import Crypto
import Foundation
import Testing
import YanjianCore
import YanjianStore
import YanjianTesting
import YanjianWorkflow

@Suite("Field evidence: photos taken on site before a case exists, carried into the case with their custody — on every engine")
struct FieldEvidenceTests {
    @Test("On site → photo with dispatch and GPS → confirmed → case opened takes the photo, hash and custody intact", arguments: StoreKind.allCases)
    func carriedIntoCase(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        try await LoopWorld.seed(store)
        try await WarningGeneration.run(store: store, logger: LoopWorld.logger)
        let warnings = try await store.warningPage(scope: .system, filter: WarningFilter(targetKind: "retailer"), page: PageRequest()).items
        let red = try #require(warnings.first { $0.target == "610113000001" })
        let other = try #require(warnings.first { $0.id != red.id })
        let dispatch = try #require(try await store.dispatch(
            warningID: red.id, orders: [DispatchOrder(unitID: "U-NEAR", distanceKm: 0.1, etaMinutes: 5)],
            actor: "commander", note: nil, scope: .system).first)
        _ = try await store.updateDispatch(id: dispatch.id, to: .arrived, result: nil, note: nil, actor: "wang", scope: .system)

        let photo: [UInt8] = Array("JPEG bytes: cartons without a source in the back room".utf8)
        let onSite = try await store.addFieldEvidence(
            warningID: red.id, dispatchID: dispatch.id, kind: .photo, filename: "后屋.jpg", mediaType: "image/jpeg", content: photo,
            description: "后屋纸箱", position: GeoPoint(lat: 34.26101, lon: 108.94202), actor: "wang", scope: .system)
        #expect(onSite.sha256 == SHA256.hash(data: photo).map { String(format: "%02x", $0) }.joined())
        #expect(onSite.dispatchID == dispatch.id && onSite.position == GeoPoint(lat: 34.26101, lon: 108.94202))
        let same = try await store.addFieldEvidence(
            warningID: red.id, dispatchID: nil, kind: .photo, filename: "again.jpg", mediaType: "image/jpeg", content: photo,
            description: nil, position: nil, actor: "zhao", scope: .system)
        #expect(same.id == onSite.id && same.filename == "后屋.jpg", "the same content for the same warning is the same item")

        // Bad input: another warning's dispatch, an impossible position, an empty file, a path as a name.
        await #expect(throws: StoreError.self, "a dispatch of another warning") {
            _ = try await store.addFieldEvidence(warningID: other.id, dispatchID: dispatch.id, kind: .photo, filename: "a.jpg",
                                                 mediaType: "image/jpeg", content: [1], description: nil, position: nil, actor: "x", scope: .system)
        }
        await #expect(throws: StoreError.self, "latitude beyond 90") {
            _ = try await store.addFieldEvidence(warningID: red.id, dispatchID: nil, kind: .photo, filename: "a.jpg", mediaType: "image/jpeg",
                                                 content: [1], description: nil, position: GeoPoint(lat: 134, lon: 108), actor: "x", scope: .system)
        }
        await #expect(throws: StoreError.self, "empty") {
            _ = try await store.addFieldEvidence(warningID: red.id, dispatchID: nil, kind: .photo, filename: "a.jpg", mediaType: "image/jpeg",
                                                 content: [], description: nil, position: nil, actor: "x", scope: .system)
        }
        await #expect(throws: StoreError.self, "a path") {
            _ = try await store.addFieldEvidence(warningID: red.id, dispatchID: nil, kind: .photo, filename: "../x.jpg", mediaType: "image/jpeg",
                                                 content: [1], description: nil, position: nil, actor: "x", scope: .system)
        }
        var policy = SecurityPolicy()
        policy.passwordIterations = 1_000
        let guangdong = try await store.createUser(username: "gd.officer", displayName: "广东", password: "a long enough password",
                                                   role: .investigator, department: .tobacco,
                                                   jurisdiction: try Jurisdiction(validating: "44"), policy: policy)
        await #expect(throws: StoreError.self, "a warning outside the caller's jurisdiction is not found") {
            _ = try await store.addFieldEvidence(warningID: red.id, dispatchID: nil, kind: .photo, filename: "a.jpg", mediaType: "image/jpeg",
                                                 content: [1], description: nil, position: nil, actor: "gd.officer",
                                                 scope: AccessScope(user: guangdong))
        }
        #expect(try await store.fieldEvidence(warningID: red.id).count == 1, "nothing half-written by the refusals")
        let read = try await store.fieldEvidenceContent(id: onSite.id, actor: "li", purpose: "复核", scope: .system)
        #expect(read.content == photo)
        let actions = try await store.warningEvents(id: red.id).map(\.action)
        #expect(actions.filter { $0 == "evidence" }.count == 2 && actions.contains("evidence_viewed"))

        _ = try await store.updateDispatch(id: dispatch.id, to: .reported, result: .confirmed, note: "无来源卷烟", actor: "wang", scope: .system)
        let receipt: [UInt8] = Array("%PDF the shop's delivery note".utf8)
        _ = try await store.addFieldEvidence(warningID: red.id, dispatchID: nil, kind: .document, filename: "送货单.pdf",
                                             mediaType: "application/pdf", content: receipt, description: nil, position: nil,
                                             actor: "wang", scope: .system)

        let opened = try await store.openCase(fromWarning: red.id, kind: .illegalBusiness, summary: "现场查获无来源卷烟", sticks: nil,
                                              valueFen: nil, actor: "li", scope: .system)
        let evidence = try await store.evidence(caseNo: opened.caseNo)
        #expect(evidence.map(\.filename) == ["后屋.jpg", "送货单.pdf"])
        #expect(evidence.map(\.sha256) == [onSite.sha256, SHA256.hash(data: receipt).map { String(format: "%02x", $0) }.joined()])
        #expect(evidence[0].addedBy == "wang" && evidence[0].addedAt == onSite.addedAt, "who took it and when, not who opened the case")
        let custody = try await store.custody(evidenceID: evidence[0].id)
        #expect(custody.map(\.action) == ["added", "carried_over"])
        #expect(custody[0].actor == "wang" && (custody[0].note ?? "").contains("dispatch #\(dispatch.id)")
                && (custody[0].note ?? "").contains("GPS 34.26101"))
        #expect(custody[1].actor == "li" && (custody[1].note ?? "").contains(opened.caseNo))
        #expect(try await store.evidenceContent(id: evidence[0].id, actor: "li", purpose: "审核", scope: .system).content == photo)
        #expect(try await store.caseEvents(opened.caseNo).contains { $0.action == "evidence" && ($0.note ?? "").contains("2") })

        await #expect(throws: StoreError.self, "a closed warning takes no more field evidence: it goes to the case") {
            _ = try await store.addFieldEvidence(warningID: red.id, dispatchID: nil, kind: .photo, filename: "late.jpg", mediaType: "image/jpeg",
                                                 content: [9], description: nil, position: nil, actor: "wang", scope: .system)
        }
        try await store.db.execute("UPDATE field_evidence SET content = ? WHERE id = ?", [.blob(Array("tampered".utf8)), .int(onSite.id)])
        await #expect(throws: StoreError.self, "altered content is never served") {
            _ = try await store.fieldEvidenceContent(id: onSite.id, actor: "li", purpose: "复核", scope: .system)
        }
    }
}
