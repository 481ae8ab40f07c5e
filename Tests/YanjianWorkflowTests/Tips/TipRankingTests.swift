import Foundation
import Logging
import Testing
import YanjianCore
import YanjianStore
import YanjianTesting
import YanjianWorkflow

@Suite("Tip-offs are ranked by what the findings corroborate, on every engine")
struct TipRankingTests {
    static func tip(_ id: String, _ text: String, address: String? = nil) -> [SQLValue] {
        [.text(id), .int(1_767_225_600), .text("网站"), .text(text), address.map(SQLValue.text) ?? .null, .text("610113")]
    }

    @Test("A tip naming a gang phone or address ranks first, a flagged shop next, a vague tip last", arguments: StoreKind.allCases)
    func ranking(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        try await store.bulkInsert(
            table: "retailers", columns: ["licence_no", "name", "owner_name", "address", "adcode", "business_type", "status", "issued_on"],
            rows: [
                [.text("610113000001"), .text("新世纪购物中心"), .text("王五"), .text("陕西省西安市雁塔区长安南路1号"), .text("610113"),
                 .text("超市"), .text("有效"), .text("2024-01-01")],
                [.text("610113000002"), .text("杨记便利店"), .text("杨六"), .text("陕西省西安市雁塔区长安南路2号"), .text("610113"),
                 .text("便利店"), .text("有效"), .text("2024-01-01")],
            ])
        try await store.bulkInsert(
            table: "tips", columns: ["tip_id", "received_at", "channel", "text", "address", "adcode"],
            rows: [
                Self.tip("T1", "我买到的烟像是假的，在哪买的忘了"),
                Self.tip("T2", "有人用 170-6969-5894 这个号收钱卖烟，包装写的是茶叶"),
                Self.tip("T3", "新世纪购物中心的烟大量往外地倒卖，店里货架上没几条"),
                Self.tip("T4", "这个库房每天寄很多小包裹", address: "陕西省西安市蓝田县朱雀街379号 库房"),
                Self.tip("T5", "杨记便利店门口有人卖散烟"),
                Self.tip("T6", "陕西省西安市未央区花园大街71号菜鸟驿站每天有很多人寄快递"),
            ])
        let links = try await store.beginAnalysis("links")
        try await store.publishFindings(run: links, analysis: "links", kinds: [FindingKind.gangMember], findings: [
            StoredFinding(kind: FindingKind.gangMember, subject: "phone:17069695894", score: 0.8, label: "seller", adcode: "610113"),
            StoredFinding(kind: FindingKind.gangMember, subject: "address:陕西省西安市蓝田县朱雀街379号库房", score: 0.9, label: "distributor",
                          adcode: "610122"),
        ])
        let risk = try await store.beginAnalysis("risk")
        try await store.publishFindings(run: risk, analysis: "risk", kinds: [FindingKind.retailerRisk], findings: [
            StoredFinding(kind: FindingKind.retailerRisk, subject: "610113000001", score: 88, label: "outflow", adcode: "610113"),
            StoredFinding(kind: FindingKind.retailerRisk, subject: "610113000002", score: 12, adcode: "610113"),
        ])
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let summary = try await TipRanking.run(store: store, logger: logger)
        #expect(summary.tips == 6)
        #expect(summary.corroboratedByGangs == 2)
        #expect(summary.corroboratedByRetailers == 1)
        #expect(summary.specificOnly == 2)

        let ranked = try await store.findings(kind: FindingKind.tipScore, scope: .system)
        #expect(ranked.map(\.subject) == ["T4", "T2", "T3", "T5", "T6", "T1"])
        #expect(ranked.first?.label == "gang")
        #expect(ranked.first?.details.contains("团伙成员（中间商）") == true)
        #expect(ranked.first { $0.subject == "T1" }?.score == 0)
        let exported = try await store.exportFindings(scope: .system, generatedAt: "")
        #expect(exported.tips.map(\.tipID) == ["T4", "T2", "T3", "T5", "T6", "T1"])

        // A second run replaces the first.
        try await TipRanking.run(store: store, logger: logger)
        #expect(try await store.findings(kind: FindingKind.tipScore, scope: .system).count == 6)
    }
}
