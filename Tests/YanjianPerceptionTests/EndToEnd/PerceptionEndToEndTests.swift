import Foundation
import Logging
import Testing
import YanjianCore
import YanjianEval
import YanjianIngest
import YanjianPerception
import YanjianStore
import YanjianSynth
import YanjianTesting

@Suite("Vehicle perception end to end: generated world → import → analysis → findings → eval")
struct PerceptionEndToEndTests {
    @Test("A small generated world meets the vehicle targets and flags no decoy, on every engine",
          arguments: StoreKind.allCases, [UInt64(1), 2])
    func smallWorld(kind: StoreKind, seed: UInt64) async throws {
        guard TestDatabases.available(kind) else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yanjian-perception-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try WorldGenerator.generate(WorldConfig(seed: seed, scale: 0.05, waybills: 2000), to: folder)
        let truth = try Truth.decode(from: Data(contentsOf: folder.appendingPathComponent("truth.json")))

        let (store, cleanup) = try await TestDatabases.open(kind)
        do {
            var logger = Logger(label: "yanjian.test.perception")
            logger.logLevel = .warning
            let importer = Importer(store: store, logger: logger, source: "test", actor: "tester")
            _ = try await importer.run(paths: [folder])

            let summary = try await PerceptionAnalysis.run(store: store)
            #expect(summary.reads > 40_000)
            #expect(summary.unknownCameraReads == 0)

            let sections = try await PerceptionFindings.export(store: store)
            let findings = Findings(
                generatedAt: Timestamp.format(store.now), convoys: sections.convoys, clonedPlates: sections.clonedPlates,
                nightVehicles: sections.nightVehicles)
            let report = Evaluator.evaluate(truth: truth, findings: findings)
            for (name, scores) in [("convoys", report.convoys), ("cloned plates", report.clonedPlates), ("night vehicles", report.nightVehicles)] {
                #expect((scores.recall ?? 0) >= 0.95, "\(name) recall: \(scores)")
                #expect((scores.precision ?? 0) >= 0.9, "\(name) precision: \(scores)")
            }
            #expect(report.decoys.flagged == 0, "decoys: \(report.decoys.flaggedDecoys)")

            // The evidence is stored with each finding.
            let convoy = try #require(try await store.findings(kind: FindingKind.convoy, scope: .system).first)
            #expect(convoy.details.contains("\"occasions\""))
            #expect(convoy.details.contains("\"evidence\""))
            let cloned = try #require(try await store.findings(kind: FindingKind.clonedPlate, scope: .system).first)
            #expect(cloned.details.contains("\"journeys\""))
            // The lead's export reads the same sections.
            let exported = try await store.exportFindings(scope: .system, generatedAt: "")
            #expect(exported.convoys == sections.convoys)
        } catch {
            await cleanup()
            throw error
        }
        await cleanup()
    }
}
