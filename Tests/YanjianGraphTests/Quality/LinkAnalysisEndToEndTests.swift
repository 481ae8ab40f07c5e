import Foundation
import Logging
import Testing
import YanjianCore
import YanjianEval
import YanjianGraph
import YanjianIngest
import YanjianStore
import YanjianSynth
import YanjianTesting

/// Import → link analysis → findings export → scorer, on a small messy generated world.
@Suite("Link analysis end to end")
struct LinkAnalysisEndToEndTests {
    @Test("Gangs of a small generated world are found with their tiers and without decoys", arguments: [UInt64(11), 12])
    func smallWorld(seed: UInt64) async throws {
        let world = try await GeneratedWorld.make(WorldConfig(seed: seed, scale: 0.05, messy: true))
        do {
            let summary = try await LinkAnalysis.run(store: world.store, logger: world.logger)
            let findings = try await world.store.exportFindings(scope: .system, generatedAt: "2026-01-01T00:00:00+08:00")
            let truth = try Truth.decode(from: world.truthData())
            let report = Evaluator.evaluate(truth: truth, findings: findings)
            let gangs = report.gangs
            #expect(summary.gangs == truth.gangs.count, "gangs found: \(summary.gangs) of \(truth.gangs.count)")
            #expect((gangs.adjustedRandIndex ?? 0) >= 0.9, "ARI \(gangs.adjustedRandIndex ?? -1)")
            #expect((gangs.tierAccuracy ?? 0) >= 0.85, "tier accuracy \(gangs.tierAccuracy ?? -1)")
            #expect(gangs.tier1Found == gangs.tier1Total, "tier 1 found \(gangs.tier1Found) of \(gangs.tier1Total)")
            #expect(report.decoys.flagged == 0, "decoys: \(report.decoys.flaggedDecoys)")
            // Every gang carries the waybills and the provinces its receivers live in.
            for gang in findings.gangs {
                #expect(!gang.waybills.isEmpty)
                #expect(gang.provinces.allSatisfy { $0.count == 6 && $0.hasSuffix("0000") })
                #expect(gang.members.contains { $0.keySuspect == true })
            }
        } catch {
            await world.cleanup()
            throw error
        }
        await world.cleanup()
    }

    @Test("The same world stored in another order, and on either engine, gives the same findings", arguments: StoreKind.allCases)
    func storageOrder(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yanjian-order-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try WorldGenerator.generate(WorldConfig(seed: 5, scale: 0.02), to: folder)
        // The same files with their rows shuffled.
        let shuffled = folder.appendingPathComponent("shuffled")
        try FileManager.default.createDirectory(at: shuffled, withIntermediateDirectories: true)
        var rng = SplitMix64(seed: 3)
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".csv") || name.hasSuffix(".jsonl") {
            let lines = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8).split(separator: "\n")
            let header = name.hasSuffix(".csv") ? Array(lines.prefix(1)) : []
            let rows = lines.dropFirst(header.count).shuffled(using: &rng)
            try ((header + rows).joined(separator: "\n") + "\n").write(to: shuffled.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        var logger = Logger(label: "yanjian.test.order")
        logger.logLevel = .warning
        // One batch stores each file in key order; batches of 1,000 rows store the shuffled rows block by block.
        var findings: [Findings] = []
        var orders: [[String]] = []
        for (source, batchSize) in [(folder, 200_000), (shuffled, 1_000)] {
            let (store, cleanup) = try await TestDatabases.open(kind)
            do {
                var options = ImportOptions()
                options.batchSize = batchSize
                _ = try await Importer(store: store, logger: logger, source: "test", actor: "tester", options: options).run(paths: [source])
                let physical = kind == .sqlite ? "rowid" : "ctid"
                orders.append(try await store.db.query("SELECT waybill_no FROM waybills ORDER BY \(physical)", []).compactMap { $0["waybill_no"].text })
                _ = try await LinkAnalysis.run(store: store, logger: logger)
                findings.append(try await store.exportFindings(scope: .system, generatedAt: "2026-01-01T00:00:00+08:00"))
            } catch {
                await cleanup()
                throw error
            }
            await cleanup()
        }
        #expect(orders[0] != orders[1] && orders[0].sorted() == orders[1].sorted(), "the two stores hold the same waybills in other orders")
        #expect(!findings[0].gangs.isEmpty)
        #expect(findings[0] == findings[1])
        if kind == .postgres {
            // … and the same as SQLite's.
            let (store, cleanup) = try await TestDatabases.open(.sqlite)
            do {
                _ = try await Importer(store: store, logger: logger, source: "test", actor: "tester").run(paths: [folder])
                _ = try await LinkAnalysis.run(store: store, logger: logger)
                #expect(try await store.exportFindings(scope: .system, generatedAt: "2026-01-01T00:00:00+08:00") == findings[0])
            } catch {
                await cleanup()
                throw error
            }
            await cleanup()
        }
    }
}
