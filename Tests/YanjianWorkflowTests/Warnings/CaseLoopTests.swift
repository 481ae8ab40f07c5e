import Crypto
import Foundation
import Testing
import YanjianCore
import YanjianStore
import YanjianTesting
import YanjianWorkflow

@Suite("Cases: opened from a verified warning, evidence content-addressed with custody, transferred and closed — on every engine")
struct CaseLoopTests {
    /// A confirmed retailer warning, as the field report leaves it.
    static func confirmedWarning(_ store: Store) async throws -> StoredWarning {
        try await LoopWorld.seed(store)
        try await WarningGeneration.run(store: store, logger: LoopWorld.logger)
        let warnings = try await store.warningPage(scope: .system, filter: WarningFilter(targetKind: "retailer"), page: PageRequest()).items
        let red = try #require(warnings.first { $0.target == "610113000001" })
        let sent = try await store.dispatch(warningID: red.id, orders: [DispatchOrder(unitID: "U-NEAR", distanceKm: 0.1, etaMinutes: 5)],
                                            actor: "commander", note: nil, scope: .system)
        let dispatch = try #require(sent.first)
        _ = try await store.updateDispatch(id: dispatch.id, to: .arrived, result: nil, note: nil, actor: "wang", scope: .system)
        _ = try await store.updateDispatch(id: dispatch.id, to: .reported, result: .confirmed, note: "无来源卷烟", actor: "wang", scope: .system)
        return try await store.warning(id: red.id, scope: .system)
    }

    @Test("Warning → case → evidence → transfer to the police → accepted → closed", arguments: StoreKind.allCases)
    func caseLoop(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        let warning = try await Self.confirmedWarning(store)
        let other = try #require(try await store.warningPage(scope: .system, filter: WarningFilter(status: .new), page: PageRequest()).items.first)
        await #expect(throws: StoreError.self, "only a confirmed warning becomes a case") {
            _ = try await store.openCase(fromWarning: other.id, kind: .illegalBusiness, summary: "x", sticks: nil, valueFen: nil,
                                         actor: "li", scope: .system)
        }
        let opened = try await store.openCase(fromWarning: warning.id, kind: .illegalBusiness, summary: "现场查获无来源卷烟 1,200 条",
                                              sticks: 240_000, valueFen: 9_600_000, actor: "li", scope: .system)
        #expect(opened.caseNo.hasPrefix("YJ2026") && opened.caseNo.hasSuffix("-0001"))
        #expect(opened.status == .opened && opened.department == "烟草专卖" && opened.warningID == warning.id)
        #expect(try await store.warning(id: warning.id, scope: .system).status == .closed)
        let links = try await store.db.query("SELECT entity_kind, entity_value FROM case_links WHERE case_no = ?", [.text(opened.caseNo)])
        #expect(links.map { $0["entity_value"].text } == ["610113000001"])
        await #expect(throws: StoreError.self, "a warning opens one case") {
            _ = try await store.openCase(fromWarning: warning.id, kind: .other, summary: "again", sticks: nil, valueFen: nil, actor: "li", scope: .system)
        }
        let tasks = try await store.caseTasks(opened.caseNo)
        #expect(tasks.map(\.title) == CaseTemplates.tasks(for: .illegalBusiness).map(\.title), "the kind's template")
        #expect(tasks.allSatisfy { !$0.done && $0.assignee == "li" && ($0.dueAt ?? 0) > 0 })
        let assessment = CriminalThresholds().assess(valueFen: opened.valueFen, sticks: opened.sticks)
        #expect(assessment.reached == .serious && assessment.reasons.count == 2)

        let photo: [UInt8] = Array("JPEG bytes of the stockroom".utf8)
        let item = try await store.addEvidence(caseNo: opened.caseNo, kind: .photo, filename: "库房.jpg", mediaType: "image/jpeg",
                                               content: photo, description: "库房", actor: "wang", scope: .system)
        #expect(item.sha256 == SHA256.hash(data: photo).map { String(format: "%02x", $0) }.joined())
        let again = try await store.addEvidence(caseNo: opened.caseNo, kind: .photo, filename: "copy.jpg", mediaType: "image/jpeg",
                                                content: photo, description: nil, actor: "zhao", scope: .system)
        #expect(again.id == item.id && again.filename == "库房.jpg", "the same content is the same item")
        await #expect(throws: StoreError.self) {
            _ = try await store.addEvidence(caseNo: opened.caseNo, kind: .photo, filename: "../etc/passwd", mediaType: "text/plain",
                                            content: [1], description: nil, actor: "x", scope: .system)
        }
        let fetched = try await store.evidenceContent(id: item.id, actor: "li", purpose: "审核", scope: .system)
        #expect(fetched.content == photo)
        #expect(try await store.custody(evidenceID: item.id).map(\.action) == ["added", "resubmitted", "viewed"])
        try await store.db.execute("UPDATE evidence SET content = ? WHERE id = ?", [.blob(Array("tampered".utf8)), .int(item.id)])
        await #expect(throws: StoreError.self, "altered content is never served") {
            _ = try await store.evidenceContent(id: item.id, actor: "li", purpose: "审核", scope: .system)
        }

        await #expect(throws: StoreError.self) {
            _ = try await store.moveCase(opened.caseNo, to: .transferred, actor: "li", note: nil, scope: .system)
        }
        let transfer = try await store.requestTransfer(caseNo: opened.caseNo, to: .police, toAdcode: nil, reason: "案值超过 5 万元",
                                                       actor: "li", scope: .system)
        #expect(transfer.status == .pending && transfer.toDepartment == "公安" && transfer.toAdcode == "610113")
        await #expect(throws: StoreError.conflict("case \(opened.caseNo) already has a pending transfer")) {
            _ = try await store.requestTransfer(caseNo: opened.caseNo, to: .police, toAdcode: nil, reason: "again", actor: "li", scope: .system)
        }
        let tobacco = try await store.createUser(username: "yc.li", displayName: "李", password: "a long enough password", role: .analyst,
                                                 department: .tobacco, jurisdiction: try Jurisdiction(validating: "6101"),
                                                 policy: Self.policy)
        let police = try await store.createUser(username: "ga.zhao", displayName: "赵", password: "a long enough password", role: .liaison,
                                                department: .police, jurisdiction: try Jurisdiction(validating: "6101"), policy: Self.policy)
        await #expect(throws: StoreError.self, "the sending side cannot accept its own transfer") {
            _ = try await store.decideTransfer(id: transfer.id, accept: true, note: nil, actor: "yc.li", scope: AccessScope(user: tobacco))
        }
        let policeScope = AccessScope(user: police)
        #expect(try await store.incomingTransfers(scope: policeScope).map(\.id) == [transfer.id])
        #expect(try await store.storedCase(opened.caseNo, scope: policeScope).summary == "现场查获无来源卷烟 1,200 条")
        await #expect(throws: StoreError.self, "returning needs a reason") {
            _ = try await store.decideTransfer(id: transfer.id, accept: false, note: " ", actor: "ga.zhao", scope: policeScope)
        }
        let accepted = try await store.decideTransfer(id: transfer.id, accept: true, note: "接收", actor: "ga.zhao", scope: policeScope)
        #expect(accepted.status == .accepted)
        let moved = try await store.storedCase(opened.caseNo, scope: .system)
        #expect(moved.status == .transferred && moved.department == "公安")
        await #expect(throws: StoreError.self, "closing needs a note") {
            _ = try await store.moveCase(opened.caseNo, to: .closed, actor: "ga.zhao", note: nil, scope: policeScope)
        }
        let closed = try await store.moveCase(opened.caseNo, to: .closed, actor: "ga.zhao", note: "判决生效", scope: policeScope)
        #expect(closed.status == .closed)
        #expect(try await store.caseEvents(opened.caseNo).map(\.action)
                == ["opened", "evidence", "evidence", "transfer_requested", "transfer_accepted", "status"])
        let done = try await store.setCaseTask(id: tasks[0].id, done: true, actor: "ga.zhao", scope: policeScope)
        #expect(done.done && done.doneBy == "ga.zhao")
        await #expect(throws: StoreError.self, "an unknown assignee") {
            _ = try await store.addCaseTask(caseNo: opened.caseNo, title: "补充询问", assignee: "nobody.here", dueAt: nil, actor: "li", scope: .system)
        }
        let added = try await store.addCaseTask(caseNo: opened.caseNo, title: "补充询问", assignee: "ga.zhao", dueAt: nil, actor: "li", scope: .system)
        #expect(try await store.caseTasks(opened.caseNo).last == added)
        #expect(try await store.caseEvents(opened.caseNo).suffix(2).map(\.action) == ["task_done", "task"])
    }

    static var policy: SecurityPolicy {
        var policy = SecurityPolicy()
        policy.passwordIterations = 1_000
        return policy
    }

    @Test("Criminal thresholds: what is reached, with reasons; nothing below")
    func thresholds() {
        let rules = CriminalThresholds()
        #expect(rules.assess(valueFen: 4_999_999, sticks: 199_999).reached == .none)
        #expect(rules.assess(valueFen: 5_000_000, sticks: nil).reached == .serious)
        #expect(rules.assess(valueFen: nil, sticks: 1_000_000).reached == .especiallySerious)
        #expect(rules.assess(valueFen: 30_000_000, sticks: 10).reasons == ["案值 300000 元 ≥ 250000 元（情节特别严重）"])
        #expect(rules.assess(valueFen: nil, sticks: nil).reasons.isEmpty)
    }
}
