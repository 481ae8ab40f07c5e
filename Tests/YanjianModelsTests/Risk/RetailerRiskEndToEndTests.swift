import Foundation
import Testing
import YanjianEval
import YanjianModels

@Suite("Retailer risk end to end")
struct RetailerRiskEndToEndTests {
    @Test("On a small generated world the planted retailers rank first and the decoys stay out of the top k")
    func smallWorld() async throws {
        let outcome = try await RiskWorld.run(seed: 11, scale: 0.2)
        print(RiskWorld.describe(outcome, details: true))
        let r = outcome.report.retailers
        #expect(r.ranked == outcome.exported.count)
        #expect((r.precisionAtK ?? 0) >= 0.8)
        for pattern in r.patternRecall { #expect(pattern.recall >= 0.8, "recall of \(pattern.pattern)") }
        #expect(r.decoysInTopK == 0)
        // The export is the ranking, riskiest first, with reasons for every flagged retailer.
        #expect(zip(outcome.exported, outcome.exported.dropFirst()).allSatisfy { $0.0.score >= $0.1.score })
        let flagged = outcome.exported.filter { $0.pattern != nil }
        #expect(!flagged.isEmpty)
        #expect(flagged.allSatisfy { !$0.reasons.isEmpty })
    }
}

/// Scores seeds at scale 1 (slow): `YANJIAN_RISK_QUALITY=1 [YANJIAN_RISK_SEEDS=1,2,3,4,5] [YANJIAN_RISK_SCALE=1]`.
@Suite("Retailer risk quality run")
struct RetailerRiskQualityRunTests {
    static let environment = ProcessInfo.processInfo.environment

    @Test("Seeds score against their truth", .enabled(if: environment["YANJIAN_RISK_QUALITY"] == "1"))
    func qualityRun() async throws {
        let seeds = (Self.environment["YANJIAN_RISK_SEEDS"] ?? "1,2,3,4,5").split(separator: ",").compactMap { UInt64($0) }
        let scale = Double(Self.environment["YANJIAN_RISK_SCALE"] ?? "1") ?? 1
        let messy = Self.environment["YANJIAN_RISK_MESSY"] == "1"
        let verbose = Self.environment["YANJIAN_RISK_VERBOSE"] == "1"
        for seed in seeds {
            let outcome = try await RiskWorld.run(seed: seed, scale: scale, messy: messy)
            print("QUALITY " + RiskWorld.describe(outcome, details: verbose))
        }
    }
}
