import Foundation
import Testing
import YanjianCore
import YanjianStore
import YanjianTesting
import YanjianWorkflow

@Suite("Public tip-offs: receipts for anonymous two-way follow-up, duplicates refused, rewards from case outcomes — on every engine")
struct TipChannelTests {
    @Test("A tip gets a receipt; only the receipt opens it; an anonymous tip keeps no phone; a repeat within a day is refused",
          arguments: StoreKind.allCases)
    func receipts(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let clock = TestClock()
        let (store, cleanup) = try await TestDatabases.open(kind, clock: clock.closure)
        defer { Task { await cleanup() } }
        let text = "雁塔区长安南路一家便利店晚上十点后从后门往面包车上搬整箱香烟"
        let (tipID, receipt) = try await store.submitPublicTip(PublicTipSubmission(
            text: text, phone: "138 1234 5678", address: "陕西省西安市雁塔区长安南路", location: GeoPoint(lat: 34.2, lon: 108.95),
            anonymous: true, photo: (Array("jpeg".utf8), "image/jpeg")))
        #expect(receipt.range(of: #"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$"#, options: .regularExpression) != nil)
        let row = try #require(try await store.db.queryOne("SELECT channel, phone, adcode FROM tips WHERE tip_id = ?", [.text(tipID)]))
        #expect(row["channel"].text == "平台" && row["phone"].isNull, "an anonymous tip keeps no phone")
        #expect(row["adcode"].text == "610113")
        let stored = try await store.db.scalarInt("SELECT COUNT(*) FROM tip_receipts WHERE receipt_hash LIKE ?", [.text("%" + receipt + "%")])
        #expect(stored == 0, "only the receipt's hash is kept")

        let sloppy = receipt.lowercased().replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "0", with: "o")
        #expect(try await store.tipFollowUp(receipt: sloppy).tipID == tipID, "case, spaces and O/0 do not matter")
        await #expect(throws: StoreError.self) { _ = try await store.tipFollowUp(receipt: "AAAA-BBBB-CCCC-DDDD") }
        await #expect(throws: StoreError.self) { _ = try await store.tipFollowUp(receipt: "short") }

        await #expect(throws: StoreError.self, "the same text within 24 hours") {
            _ = try await store.submitPublicTip(PublicTipSubmission(text: text + " ", anonymous: false))
        }
        for bad in [PublicTipSubmission(text: "太短", anonymous: true),
                    PublicTipSubmission(text: "有人在网上卖假烟，价格很低", phone: "12345", anonymous: false),
                    PublicTipSubmission(text: "有人在网上卖假烟，价格很低", anonymous: true, photo: (Array("x".utf8), "application/pdf"))] {
            await #expect(throws: StoreError.self) { _ = try await store.submitPublicTip(bad) }
        }
        clock.advance(seconds: 86_401)
        let later = try await store.submitPublicTip(PublicTipSubmission(text: text, phone: "13812345678", anonymous: false))
        #expect(try await store.db.queryOne("SELECT phone FROM tips WHERE tip_id = ?", [.text(later.tipID)])?["phone"].text == "13812345678")

        try await store.addTipMessage(tipID: tipID, sender: "officer", author: "li", body: "请问面包车的车牌号？")
        try await store.addTipMessage(tipID: try await store.tipFollowUp(receipt: receipt).tipID, sender: "tipster", author: nil, body: "陕A·5D844")
        try await store.setTipStatus(tipID: tipID, to: .reviewing)
        let followUp = try await store.tipFollowUp(receipt: receipt)
        #expect(followUp.status == .reviewing && followUp.messages.map(\.sender) == ["officer", "tipster"])
        await #expect(throws: StoreError.self) { try await store.addTipMessage(tipID: "nope", sender: "tipster", author: nil, body: "x") }
    }

    @Test("A reward is proposed from a case outcome by the schedule, approved by someone else, and the tipster sees it",
          arguments: StoreKind.allCases)
    func rewards(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        let warning = try await CaseLoopTests.confirmedWarning(store)
        let opened = try await store.openCase(fromWarning: warning.id, kind: .illegalBusiness, summary: "查获", sticks: 240_000,
                                              valueFen: 9_600_000, actor: "li", scope: .system)
        let (tipID, receipt) = try await store.submitPublicTip(PublicTipSubmission(text: "甲店晚上从后门往外搬整箱卷烟", anonymous: true))
        await #expect(throws: StoreError.self, "no reward before the case has an outcome") {
            _ = try await store.proposeReward(tipID: tipID, caseNo: opened.caseNo, actor: "li", scope: .system)
        }
        _ = try await store.moveCase(opened.caseNo, to: .closed, actor: "li", note: "行政处罚", scope: .system)
        let reward = try await store.proposeReward(tipID: tipID, caseNo: opened.caseNo, actor: "li", scope: .system)
        #expect(reward.amountFen == 960_000, "5 % of 96,000 yuan, doubled for 情节严重")
        #expect(reward.basis.contains("情节严重"))
        await #expect(throws: StoreError.self) { _ = try await store.proposeReward(tipID: tipID, caseNo: opened.caseNo, actor: "li", scope: .system) }
        #expect(try await store.tipFollowUp(receipt: receipt).reward == nil, "a proposal is not shown to the tipster")
        await #expect(throws: StoreError.forbidden("the person who proposed a reward cannot approve it (four-eyes rule)")) {
            _ = try await store.decideReward(id: reward.id, decision: "approve", note: nil, actor: "li")
        }
        await #expect(throws: StoreError.self) { _ = try await store.decideReward(id: reward.id, decision: "paid", note: nil, actor: "wang") }
        #expect(try await store.decideReward(id: reward.id, decision: "approve", note: nil, actor: "wang").status == "approved")
        #expect(try await store.tipFollowUp(receipt: receipt).reward?.amountFen == 960_000)
        #expect(try await store.decideReward(id: reward.id, decision: "paid", note: "银行转账", actor: "cashier").status == "paid")
    }

    @Test("The reward schedule: a share of the value, a floor, a cap, more for a criminal threshold")
    func schedule() {
        let schedule = RewardSchedule()
        #expect(schedule.propose(valueFen: nil, reached: .none).amountFen == 20_000)
        #expect(schedule.propose(valueFen: 1_000_000, reached: .none).amountFen == 50_000)
        #expect(schedule.propose(valueFen: 1_000_000_000, reached: .especiallySerious).amountFen == 10_000_000)
        #expect(schedule.propose(valueFen: 30_000_000, reached: .especiallySerious).amountFen == 4_500_000)
    }
}
