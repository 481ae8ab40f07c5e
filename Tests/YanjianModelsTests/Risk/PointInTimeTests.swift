import Foundation
import Logging
import Testing
import YanjianCore
import YanjianIngest
@testable import YanjianModels
import YanjianStore
import YanjianSynth
import YanjianTesting

@Suite("Features measured as of a past day see only what was known then — the month-by-month backtest's footing")
struct PointInTimeTests {
    static var logger: Logger {
        var logger = Logger(label: "point-in-time-test")
        logger.logLevel = .warning
        return logger
    }

    @Test("Orders, cases and verdicts after the cutoff do not count; without a cutoff everything does", arguments: [StoreKind.sqlite])
    func asOf(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yanjian-asof-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try WorldGenerator.generate(WorldConfig(seed: 4, scale: 0.05, waybills: 500, plateReads: 1_000), to: folder)
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        let paths = RiskWorld.files.map { folder.appendingPathComponent($0) }.filter { FileManager.default.fileExists(atPath: $0.path) }
        _ = try await Importer(store: store, logger: Self.logger, source: "test", actor: "test").run(paths: paths)

        let now = try await RetailerFeatureLoader.load(from: store)
        let lastOrder = try #require(try await store.db.queryOne("SELECT MAX(order_date) AS d FROM orders")?["d"].text)
        let month = String(lastOrder.prefix(7))
        let cutoff = try #require(RiskShadowComparison.monthStart(month))
        #expect(Timestamp.formatDate(cutoff) == month + "-01", "the cutoff is the month's first day, Beijing time")

        let directory = now.directory
        let ordersNow = try await OrderHistory.load(from: store, directory: directory)
        let ordersThen = try await OrderHistory.load(from: store, directory: directory, asOf: cutoff)
        #expect(ordersThen.lastDate < month + "-01" && ordersNow.lastDate == lastOrder)
        #expect(ordersThen.totalCartons.reduce(0, +) < ordersNow.totalCartons.reduce(0, +))

        // Before the first case was opened no shop has a case behind it.
        let firstCase = try #require(try await store.db.queryOne("SELECT MIN(opened_on) AS d FROM cases")?["d"].text)
        #expect(now.measurements.licenceCases.reduce(0, +) > 0, "the world links cases to licences")
        let dayOfFirstCase = try #require(RiskShadowComparison.monthStart(String(firstCase.prefix(7))))
        let early = try await RetailerFeatureLoader.load(from: store, asOf: dayOfFirstCase)
        #expect(early.measurements.licenceCases.allSatisfy { $0 == 0 })
        #expect(early.directory.count == directory.count, "the shops are the same; only what is known about them moves")

        // An on-site verdict counts from the moment it was given.
        let licence = directory.licenceNos[0]
        let warning = try await store.db.queryOne(
            """
            INSERT INTO warnings (target_kind, target, level, status, rule_ids, reason, department, adcode, raised_at, updated_at, due_at)
            VALUES ('retailer', ?, 'orange', 'confirmed', '[]', 'test', 'tobacco', ?, ?, ?, ?) RETURNING id
            """, [.text(licence), .text(directory.adcodes[0]), .int(cutoff), .int(cutoff), .int(cutoff)], writing: true)
        let id = try #require(warning?["id"].int)
        try await store.db.execute(
            "INSERT INTO warning_events (warning_id, at, actor, action, from_status, to_status, note) VALUES (?, ?, 'test', 'report', 'on_site', 'confirmed', '')",
            [.int(id), .int(cutoff + 86_400)])
        #expect(try await RetailerFeatureLoader.load(from: store, asOf: cutoff).measurements.verified[0] == 0)
        #expect(try await RetailerFeatureLoader.load(from: store, asOf: cutoff + 2 * 86_400).measurements.verified[0] == 1)
    }
}
