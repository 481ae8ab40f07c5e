import Foundation
import Testing
import YanjianCore
import YanjianEval
import YanjianGraph
import YanjianStore
import YanjianSynth

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
}
