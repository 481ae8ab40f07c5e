import Foundation
import Logging
import Testing
import YanjianCore
import YanjianStore
import YanjianTesting
import YanjianWorkflow

/// A small world for the loop: four retailers around Yanta district, three units, and the findings
/// the analyses would have written.
enum LoopWorld {
    static func seed(_ store: Store) async throws {
        func retailer(_ licence: String, _ name: String, phone: String, lat: Double, lon: Double) -> [SQLValue] {
            [.text(licence), .text(name), .text("店主"), .text(phone), .text("陕西省西安市雁塔区长安南路"), .text("610113"),
             .double(lat), .double(lon), .text("便利店"), .text("有效"), .text("2024-01-01")]
        }
        try await store.bulkInsert(
            table: "retailers",
            columns: ["licence_no", "name", "owner_name", "phone", "address", "adcode", "lat", "lon", "business_type", "status", "issued_on"],
            rows: [
                retailer("610113000001", "甲店", phone: "13812345678", lat: 34.20, lon: 108.95),
                retailer("610113000002", "乙店", phone: "13900000002", lat: 34.21, lon: 108.96),
                retailer("610113000003", "丙店", phone: "13900000003", lat: 34.22, lon: 108.97),
                retailer("610113000004", "丁店", phone: "13900000004", lat: 34.23, lon: 108.98),
                retailer("610113000005", "戊店", phone: "13900000005", lat: 34.24, lon: 108.99),
            ])
        func unit(_ id: String, _ department: String, lat: Double, lon: Double, status: String = "空闲") -> [SQLValue] {
            [.text(id), .text(department), .text(id), .double(lat), .double(lon), .text("610113"), .int(Int64(4)), .text(status)]
        }
        try await store.bulkInsert(
            table: "units", columns: ["unit_id", "department", "name", "lat", "lon", "adcode", "members", "status"],
            rows: [
                unit("U-NEAR", "烟草专卖", lat: 34.201, lon: 108.951),
                unit("U-FAR", "烟草专卖", lat: 34.40, lon: 109.20),
                unit("U-REST", "烟草专卖", lat: 34.2005, lon: 108.9505, status: "休整"),
                unit("U-POLICE", "公安", lat: 34.25, lon: 108.90),
            ])
        let links = try await store.beginAnalysis("links")
        try await store.publishFindings(run: links, analysis: "links", kinds: [FindingKind.gangMember, FindingKind.gang], findings: [
            StoredFinding(kind: FindingKind.gangMember, subject: "phone:13812345678", score: 0.9, label: "seller", adcode: "610113"),
            StoredFinding(kind: FindingKind.gang, subject: "G1", score: 0.8, adcode: "610100"),
        ])
        let risk = try await store.beginAnalysis("risk")
        try await store.publishFindings(run: risk, analysis: "risk", kinds: [FindingKind.retailerRisk], findings: [
            StoredFinding(kind: FindingKind.retailerRisk, subject: "610113000001", score: 60, label: "outflow", adcode: "610113"),
            StoredFinding(kind: FindingKind.retailerRisk, subject: "610113000002", score: 91, label: "night_trade", adcode: "610113"),
            StoredFinding(kind: FindingKind.retailerRisk, subject: "610113000003", score: 74, label: "growth", adcode: "610113"),
            StoredFinding(kind: FindingKind.retailerRisk, subject: "610113000004", score: 52, label: "brand_shift", adcode: "610113"),
            StoredFinding(kind: FindingKind.retailerRisk, subject: "610113000005", score: 20, adcode: "610113"),
        ])
        let vehicles = try await store.beginAnalysis("vehicles")
        try await store.publishFindings(run: vehicles, analysis: "vehicles", kinds: [FindingKind.clonedPlate, FindingKind.nightVehicle], findings: [
            StoredFinding(kind: FindingKind.clonedPlate, subject: "陕A12345", score: 0.99, adcode: "610113"),
            StoredFinding(kind: FindingKind.nightVehicle, subject: "陕A12345", score: 0.8, adcode: "610113"),
            StoredFinding(kind: FindingKind.nightVehicle, subject: "陕A67890", score: 0.7, adcode: "610113"),
        ])
    }

    static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return logger
    }
}

@Suite("Warnings: raised from findings by rules, deduplicated, escalated, dispatched, verified — on every engine")
struct WarningLoopTests {
    @Test("Rules grade each target once, by its strongest evidence; a second run raises nothing new", arguments: StoreKind.allCases)
    func generation(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        try await LoopWorld.seed(store)

        let summary = try await WarningGeneration.run(store: store, logger: LoopWorld.logger)
        #expect(summary.changes.raised == 7)
        let all = try await store.warningPage(scope: .system, filter: WarningFilter(), page: PageRequest(page: 1, perPage: 50)).items
        let levels = Dictionary(uniqueKeysWithValues: all.map { ($0.target, $0.level) })
        #expect(levels["610113000001"] == .red, "a flagged shop sharing a phone with a gang member is red")
        #expect(levels["610113000002"] == .orange)
        #expect(levels["610113000003"] == .yellow)
        #expect(levels["610113000004"] == .blue)
        #expect(levels["610113000005"] == nil, "an unflagged retailer raises no warning")
        #expect(levels["陕A12345"] == .red, "a cloned plate that is also a night vehicle is red")
        #expect(levels["陕A67890"] == .yellow)
        #expect(levels["G1"] == .red)
        let linked = try #require(all.first { $0.target == "610113000001" })
        #expect(linked.ruleIDs == ["retailer.gang_linked", "retailer.flagged"])
        #expect(linked.departments == [.tobacco, .police])
        #expect(linked.location == GeoPoint(lat: 34.20, lon: 108.95))
        #expect(linked.status == .new && linked.dueAt == linked.raisedAt + WarningLevel.red.responseSeconds)
        #expect(all.first { $0.target == "G1" }?.location == nil, "a gang has no single place")
        #expect(all.first?.level == .red, "the list is most severe first")

        let again = try await WarningGeneration.run(store: store, logger: LoopWorld.logger)
        #expect(again.changes.raised == 0 && again.changes.upgraded == 0)
        let count = try await store.db.scalarInt("SELECT COUNT(*) FROM warnings")
        #expect(count == 7)
        let events = try await store.warningEvents(id: linked.id)
        #expect(events.map(\.action) == ["raised"])
    }

    @Test("Unanswered warnings escalate one level per missed deadline; answered ones do not", arguments: StoreKind.allCases)
    func escalation(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let clock = TestClock()
        let (store, cleanup) = try await TestDatabases.open(kind, clock: clock.closure)
        defer { Task { await cleanup() } }
        try await LoopWorld.seed(store)
        try await WarningGeneration.run(store: store, logger: LoopWorld.logger)
        let warnings = try await store.warningPage(scope: .system, filter: WarningFilter(level: .blue), page: PageRequest()).items
        let blue = try #require(warnings.first)
        let yellow = try #require(try await store.warningPage(scope: .system, filter: WarningFilter(level: .yellow), page: PageRequest()).items.first)
        _ = try await store.transitionWarning(id: yellow.id, to: .acknowledged, actor: "li", note: "收到", scope: .system)

        clock.advance(seconds: Double(WarningLevel.blue.responseSeconds - 60))
        #expect(try await store.escalateOverdueWarnings() == 5, "red, orange and the new yellow are overdue; blue is not yet")
        clock.advance(seconds: 120)
        #expect(try await store.escalateOverdueWarnings() == 1, "only blue: the others got new deadlines")
        let after = try await store.warning(id: blue.id, scope: .system)
        #expect(after.level == .yellow && after.escalations == 1)
        #expect(try await store.warning(id: yellow.id, scope: .system).level == .yellow, "an acknowledged warning keeps its level")
        let events = try await store.warningEvents(id: blue.id)
        #expect(events.last?.action == "escalated")
    }

    @Test("Dispatch, arrival and a report settle the warning; a busy unit or an illegal step changes nothing", arguments: StoreKind.allCases)
    func dispatchLoop(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        try await LoopWorld.seed(store)
        try await WarningGeneration.run(store: store, logger: LoopWorld.logger)
        let all = try await store.warningPage(scope: .system, filter: WarningFilter(targetKind: "retailer"), page: PageRequest()).items
        let red = try #require(all.first { $0.target == "610113000001" })
        let orange = try #require(all.first { $0.target == "610113000002" })

        await #expect(throws: StoreError.self) {
            _ = try await store.transitionWarning(id: red.id, to: .closed, actor: "li", note: nil, scope: .system)
        }
        let units = try await store.units(scope: .system)
        let suggested = DispatchPlanner.suggest(units, to: try #require(red.location), departments: red.departments)
        #expect(suggested.map(\.unit.unitID) == ["U-NEAR", "U-POLICE"], "the resting unit is nearer but not available")
        let orders = suggested.map { DispatchOrder(unitID: $0.unit.unitID, distanceKm: $0.distanceKm, etaMinutes: $0.etaMinutes) }
        let sent = try await store.dispatch(warningID: red.id, orders: orders, actor: "commander", note: "联合检查", scope: .system)
        #expect(sent.count == 2 && sent.allSatisfy { $0.status == .dispatched })
        #expect(try await store.warning(id: red.id, scope: .system).status == .dispatched)

        // U-NEAR is busy now: sending it elsewhere fails and leaves the other warning untouched.
        await #expect(throws: StoreError.conflict("unit U-NEAR is already on another dispatch")) {
            _ = try await store.dispatch(warningID: orange.id, orders: [DispatchOrder(unitID: "U-FAR", distanceKm: nil, etaMinutes: nil),
                                                                          DispatchOrder(unitID: "U-NEAR", distanceKm: nil, etaMinutes: nil)],
                                         actor: "commander", note: nil, scope: .system)
        }
        #expect(try await store.dispatches(warningID: orange.id).isEmpty)
        #expect(try await store.warning(id: orange.id, scope: .system).status == .new)
        let ranked = DispatchPlanner.rank(try await store.units(scope: .system), to: try #require(orange.location), departments: [.tobacco])
        #expect(ranked.first?.unit.unitID == "U-FAR", "busy and resting units rank after available ones")

        let near = try #require(sent.first { $0.unitID == "U-NEAR" })
        await #expect(throws: StoreError.self) {
            _ = try await store.updateDispatch(id: near.id, to: .reported, result: .confirmed, note: nil, actor: "wang", scope: .system)
        }
        _ = try await store.updateDispatch(id: near.id, to: .arrived, result: nil, note: nil, actor: "wang", scope: .system)
        #expect(try await store.warning(id: red.id, scope: .system).status == .onSite)
        await #expect(throws: StoreError.self) {
            _ = try await store.updateDispatch(id: near.id, to: .reported, result: nil, note: nil, actor: "wang", scope: .system)
        }
        let reported = try await store.updateDispatch(id: near.id, to: .reported, result: .confirmed, note: "库存 50 条无来源",
                                                      actor: "wang", scope: .system)
        #expect(reported.result == .confirmed)
        #expect(try await store.warning(id: red.id, scope: .system).status == .confirmed)
        #expect(try await store.units(scope: .system).first { $0.unitID == "U-NEAR" }?.isAvailable == true)
        _ = try await store.transitionWarning(id: red.id, to: .closed, actor: "li", note: "已立案", scope: .system)
        _ = try await store.transitionWarning(id: orange.id, to: .dismissed, actor: "li", note: "正常经营", scope: .system)
        let labels = try await store.warningLabels(targetKind: "retailer")
        #expect(labels == ["610113000001": true, "610113000002": false])
        let outcomes = try await store.warningOutcomes(scope: .system)
        let redOutcome = outcomes.byLevel.first { $0.group == "red" }
        #expect(redOutcome?.confirmed == 1 && redOutcome?.precision != nil, "a closed warning still counts as confirmed")
        #expect(outcomes.byLevel.first { $0.group == "orange" }?.dismissed == 1)
        #expect(outcomes.byRule.first { $0.group == "retailer.gang_linked" }?.precision == 1)
        #expect(outcomes.byMonth.count == 1 && outcomes.byMonth[0].group.count == 7, "one month, yyyy-MM")

        let timeline = try await store.warningEvents(id: red.id).map(\.action)
        #expect(timeline == ["raised", "dispatched", "dispatched", "status", "dispatch.arrived", "status", "dispatch.reported", "status", "status"])

        // A dismissed target is not raised again at the same level; stronger evidence raises it anew.
        let quiet = try await WarningGeneration.run(store: store, logger: LoopWorld.logger)
        #expect(quiet.changes.raised == 0 && quiet.changes.suppressed == 2)
    }

    @Test("A backtest says what a rule set would warn about and how that matches what happened, storing nothing", arguments: StoreKind.allCases)
    func backtest(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        try await LoopWorld.seed(store)
        try await WarningGeneration.run(store: store, logger: LoopWorld.logger)
        // A case about shop 3 (yellow now) and a confirmed verdict on shop 2 (orange).
        try await store.bulkInsert(table: "cases", columns: ["case_no", "opened_on", "kind", "status", "department"],
                                   rows: [[.text("AJ1"), .text(Store.shanghaiDate(store.now)), .text("非法经营"), .text("立案"), .text("烟草专卖")]])
        try await store.bulkInsert(table: "case_links", columns: ["case_no", "entity_kind", "entity_value"],
                                   rows: [[.text("AJ1"), .text("licence_no"), .text("610113000003")],
                                          [.text("AJ1"), .text("licence_no"), .text("610113000005")]])
        let orange = try #require(try await store.warningPage(scope: .system, filter: WarningFilter(level: .orange), page: PageRequest()).items.first)
        _ = try await store.transitionWarning(id: orange.id, to: .dismissed, actor: "li", note: nil, scope: .system)
        let before = try await store.db.scalarInt("SELECT COUNT(*) FROM warnings")

        let standard = try await WarningBacktest.run(store: store, rules: .standard, days: 30)
        #expect(standard.total == 7 && standard.becameCases == 1 && standard.dismissed == 1)
        #expect(standard.missedCases == 1, "shop 5 had a case but is not flagged")
        #expect(standard.hitRate == 0.143)
        #expect(standard.newTargets == 1, "the dismissed shop is no longer open")

        // A stricter policy: only severe shops.
        let strict = try WarningRuleSet(rules: [WarningRule(id: "severe", finding: FindingKind.retailerRisk, minScore: 85, labelled: true,
                                                            level: .red, departments: [.tobacco], reason: "评分 {score}")])
        let narrow = try await WarningBacktest.run(store: store, rules: strict, days: 30)
        #expect(narrow.total == 1 && narrow.wouldRaise == ["red": 1] && narrow.dropped == 6 && narrow.missedCases == 2)
        #expect(try await store.db.scalarInt("SELECT COUNT(*) FROM warnings") == before, "a backtest stores nothing")
        // Within a jurisdiction: Xi'an sees its own shops, Weifang none of them — not even the counts.
        let xian = try await WarningBacktest.run(store: store, rules: .standard, days: 30, jurisdiction: try Jurisdiction(validating: "6101"))
        #expect(xian == standard)
        let weifang = try await WarningBacktest.run(store: store, rules: .standard, days: 30, jurisdiction: try Jurisdiction(validating: "3707"))
        #expect(weifang.total == 0 && weifang.becameCases == 0 && weifang.missedCases == 0 && weifang.dropped == 0 && weifang.dismissed == 0)
        await #expect(throws: StoreError.self) { _ = try await WarningBacktest.run(store: store, rules: strict, days: 0) }

        // A candidate model's shadow scores, read in place of the live ones: shop 5 becomes severe.
        let shadow = try await store.beginAnalysis("risk_shadow")
        try await store.publishFindings(run: shadow, analysis: "risk_shadow", kinds: ["retailer_risk_shadow"], findings: [
            StoredFinding(kind: "retailer_risk_shadow", subject: "610113000005", score: 95, label: "outflow", adcode: "610113"),
        ])
        let candidate = try await WarningBacktest.run(store: store, rules: strict, days: 30,
                                                      reading: [FindingKind.retailerRisk: "retailer_risk_shadow"])
        #expect(candidate.total == 1 && candidate.becameCases == 1 && candidate.missedCases == 1, "shop 5 warned and its case caught")
        #expect(try await WarningBacktest.run(store: store, rules: strict, days: 30) == narrow, "the live scores are untouched")
    }

    @Test("Rule files are checked: each error names the rule and the field")
    func ruleFiles() throws {
        #expect(throws: Never.self) { try WarningRuleSet(rules: WarningRuleSet.standard.rules) }
        let good = #"{"rules":[{"id":"a","finding":"retailer_risk","min_score":80,"level":"橙","departments":["tobacco"],"reason":"评分 {score}"}]}"#
        let set = try WarningRuleSet(json: Data(good.utf8))
        #expect(set.rules.first?.level == .orange)
        let cases: [(String, String)] = [
            (#"{"rules":[{"id":"a","finding":"retailer_risk","departments":["tobacco"],"reason":"x"}]}"#, "rule 1: missing field level"),
            (#"{"rules":[{"id":"a","finding":"weather","level":"red","departments":["tobacco"],"reason":"x"}]}"#, "is not one of"),
            (#"{"rules":[{"id":"a","finding":"gang","level":"red","departments":["tobacco"],"reason":"x"},{"id":"a","finding":"gang","level":"red","departments":["police"],"reason":"y"}]}"#, "rule 2 (a): id is used twice"),
            (#"{"rules":[{"id":"a","finding":"gang","level":"purple","departments":["tobacco"],"reason":"x"}]}"#, "rule 1.level"),
            (#"{"rules":[{"id":"a","finding":"gang","level":"red","departments":[],"reason":"x"}]}"#, "departments is empty"),
            (#"{"rules":[{"id":"a","finding":"convoy","also":["retailer_risk"],"level":"red","departments":["police"],"reason":"x"}]}"#, "same kind of target"),
            ("[1,2", "not a rule file"),
        ]
        for (text, expected) in cases {
            do {
                _ = try WarningRuleSet(json: Data(text.utf8))
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.description.contains(expected), "\(error.description) should contain \(expected)")
            }
        }
    }

    @Test("Travel estimates grow with distance; the planner keeps department order and skips departments without a free unit")
    func planner() {
        let travel = TravelModel()
        let home = GeoPoint(lat: 34.2, lon: 108.9)
        let near = travel.estimate(from: home, to: GeoPoint(lat: 34.21, lon: 108.9))
        let far = travel.estimate(from: home, to: GeoPoint(lat: 34.5, lon: 108.9))
        #expect(near.minutes < far.minutes && near.minutes >= travel.setOffMinutes)
        #expect(abs(far.distanceKm - 33.36) < 0.1)
        let units = [
            StoredUnit(unitID: "T1", department: .tobacco, name: "", location: GeoPoint(lat: 34.3, lon: 108.9), adcode: nil, members: 3,
                       status: .idle, activeDispatch: nil),
            StoredUnit(unitID: "P1", department: .police, name: "", location: GeoPoint(lat: 34.21, lon: 108.9), adcode: nil, members: 3,
                       status: .onDuty, activeDispatch: nil),
        ]
        #expect(DispatchPlanner.suggest(units, to: home, departments: [.police, .tobacco]).map(\.unit.unitID) == ["T1"])
        #expect(DispatchPlanner.rank(units, to: home).map(\.unit.unitID) == ["T1", "P1"])
    }
}
