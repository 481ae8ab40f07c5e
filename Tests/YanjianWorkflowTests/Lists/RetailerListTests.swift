import Foundation
import Testing
import YanjianCore
import YanjianStore
import YanjianTesting
import YanjianWorkflow

@Suite("Grey and black lists: proposed by rules and officers, reviewed by a person, expiring, with history — on every engine")
struct RetailerListTests {
    /// The loop world plus cases: one recent case naming shop 2, two naming shop 5, one too old to count.
    static func seed(_ store: Store) async throws {
        try await LoopWorld.seed(store)
        let recent = Timestamp.formatDate(store.now - 30 * 86_400)
        let old = Timestamp.formatDate(store.now - 1_000 * 86_400)
        try await store.bulkInsert(
            table: "cases", columns: ["case_no", "opened_on", "kind", "adcode", "status", "department"],
            rows: [
                [.text("C-1"), .text(recent), .text("非法经营"), .text("610113"), .text("结案"), .text("烟草专卖")],
                [.text("C-2"), .text(recent), .text("非法经营"), .text("610113"), .text("结案"), .text("烟草专卖")],
                [.text("C-3"), .text(recent), .text("非法经营"), .text("610113"), .text("结案"), .text("烟草专卖")],
                [.text("C-OLD"), .text(old), .text("非法经营"), .text("610113"), .text("结案"), .text("烟草专卖")],
            ])
        try await store.bulkInsert(
            table: "case_links", columns: ["case_no", "entity_kind", "entity_value", "role"],
            rows: [
                [.text("C-1"), .text("licence_no"), .text("610113000002"), .text("target")],
                [.text("C-2"), .text("licence_no"), .text("610113000005"), .text("target")],
                [.text("C-3"), .text("licence_no"), .text("610113000005"), .text("target")],
                [.text("C-OLD"), .text("licence_no"), .text("610113000004"), .text("target")],
            ])
    }

    @Test("Rules propose each shop once on the right list; review, four eyes, supersession, expiry and quiet periods", arguments: StoreKind.allCases)
    func lifecycle(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        try await Self.seed(store)

        let drafts = try await ListProposals.drafts(store: store)
        let lists = Dictionary(uniqueKeysWithValues: drafts.map { ($0.licenceNo, $0.list) })
        #expect(lists == ["610113000001": .grey, "610113000002": .black, "610113000003": .grey, "610113000004": .grey,
                          "610113000005": .black], "flagged → grey; flagged with a case → black; two cases → black; old cases do not count")
        let reasons = try #require(drafts.first { $0.licenceNo == "610113000002" }?.reasons)
        #expect(reasons.contains { $0.contains("91.0") && $0.contains("夜间交易") } && reasons.contains { $0.contains("C-1") })
        #expect(try await ListProposals.run(store: store) == 5)
        #expect(try await ListProposals.run(store: store) == 0, "re-running proposes nothing twice")

        let page = try PageRequest()
        let proposed = try await store.listEntries(filter: ListEntryFilter(status: .proposed), scope: .system, page: page).items
        func entry(_ licence: String) throws -> ListEntry { try #require(proposed.first { $0.licenceNo == licence }) }
        let black2 = try await store.decideListEntry(id: try entry("610113000002").id, decision: .approve, note: nil, actor: "zhao", scope: .system)
        #expect(black2.status == .active && black2.list == .black && black2.decidedBy == "zhao")
        #expect(black2.expiresAt == black2.decidedAt.map { $0 + 365 * 86_400 }, "a black entry lasts a year unless said otherwise")
        await #expect(throws: StoreError.self, "approved once") {
            _ = try await store.decideListEntry(id: black2.id, decision: .approve, note: nil, actor: "zhao", scope: .system)
        }
        await #expect(throws: StoreError.self, "a rejection says why") {
            _ = try await store.decideListEntry(id: try entry("610113000003").id, decision: .reject, note: " ", actor: "zhao", scope: .system)
        }
        _ = try await store.decideListEntry(id: try entry("610113000003").id, decision: .reject, note: "已核实为正常经营", actor: "zhao", scope: .system)

        // An officer proposes shop 4 (grey proposal pending) for the black list; they cannot approve it themselves.
        await #expect(throws: StoreError.self, "no reason") {
            _ = try await store.proposeListEntry(licenceNo: "610113000004", list: .black, reasons: [""], actor: "li", scope: .system)
        }
        await #expect(throws: StoreError.self, "unknown shop") {
            _ = try await store.proposeListEntry(licenceNo: "999999999999", list: .grey, reasons: ["x"], actor: "li", scope: .system)
        }
        let manual = try #require(try await store.proposeListEntry(licenceNo: "610113000004", list: .black, reasons: ["举报核实：夜间大量出货"],
                                                                   actor: "li", scope: .system))
        await #expect(throws: StoreError.self, "a second black proposal for the same shop") {
            _ = try await store.proposeListEntry(licenceNo: "610113000004", list: .black, reasons: ["again"], actor: "wang", scope: .system)
        }
        await #expect(throws: StoreError.self, "four eyes") {
            _ = try await store.decideListEntry(id: manual.id, decision: .approve, note: nil, actor: "li", scope: .system)
        }
        let black4 = try await store.decideListEntry(id: manual.id, decision: .approve, note: "同意", expiresDays: 30, actor: "zhao", scope: .system)
        #expect(black4.expiresAt == black4.decidedAt.map { $0 + 30 * 86_400 })
        let grey4 = try await store.listEntry(id: try entry("610113000004").id, scope: .system)
        #expect(grey4.status == .rejected && grey4.decisionNote?.contains("黑名单") == true, "the pending grey proposal gives way to black")
        #expect(try await store.listEvents(entryID: grey4.id).map(\.action) == ["proposed", "superseded"])

        // Expiry: a period that has ended moves the entry to expired, with an event, on the next read.
        try await store.db.execute("UPDATE list_entries SET expires_at = ? WHERE id = ?", [.int(store.now - 1), .int(black4.id)])
        let black = try await store.listEntries(filter: ListEntryFilter(list: .black), scope: .system, page: page).items
        #expect(black.first { $0.id == black4.id }?.status == .expired)
        #expect(try await store.listEvents(entryID: black4.id).map(\.action) == ["proposed", "approve", "expired"])
        await #expect(throws: StoreError.self, "an expired entry is not removed") {
            _ = try await store.decideListEntry(id: black4.id, decision: .remove, note: "x", actor: "zhao", scope: .system)
        }
        let removed = try await store.decideListEntry(id: black2.id, decision: .remove, note: "整改到位", actor: "zhao", scope: .system)
        #expect(removed.status == .removed)

        // The next run: shop 3 was turned down recently and is not proposed again; shops 2 and 4 are
        // proposed afresh (their entries ended), the pending ones stay as they are.
        #expect(try await ListProposals.run(store: store) == 2)
        let live = try await store.listEntries(filter: ListEntryFilter(status: .proposed), scope: .system, page: page).items.map(\.licenceNo)
        #expect(!live.contains("610113000003") && live.contains("610113000002") && live.contains("610113000004"))

        var policy = SecurityPolicy()
        policy.passwordIterations = 1_000
        let outsider = try await store.createUser(username: "gd.analyst", displayName: "广东", password: "a long enough password", role: .analyst,
                                                  department: .tobacco, jurisdiction: try Jurisdiction(validating: "44"), policy: policy)
        #expect(try await store.listEntries(filter: ListEntryFilter(), scope: AccessScope(user: outsider), page: page).items.isEmpty)
        await #expect(throws: StoreError.self, "outside the jurisdiction") {
            _ = try await store.decideListEntry(id: black2.id, decision: .remove, note: "x", actor: "gd.analyst", scope: AccessScope(user: outsider))
        }
    }
}
