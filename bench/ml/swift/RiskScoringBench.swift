import Foundation
import YanjianCore

/// Times `RiskScorer.score` (rules against peers, isolation forest, k-means segments, combination) and the
/// explanations on a synthetic population of retailers with planted anomalies.
enum RiskScoringBench {
    static func population(_ n: Int, seed: UInt64) -> RetailerMeasurements {
        var rng = SplitMix64(seed: seed)
        func normal() -> Double {
            let u1 = max(rng.unit(), 1e-12)
            let u2 = rng.unit()
            return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        }
        var m = RetailerMeasurements(count: n)
        for i in 0..<n {
            let county = rng.below(100)
            let type = rng.below(6)
            m.countyPeers[i] = Int32(county * 6 + type)
            m.cityPeers[i] = Int32((county / 10) * 6 + type)
            m.typePeers[i] = Int32(type)
            let demand = 7 * exp(0.45 * normal())
            m.baselineRate[i] = demand * exp(0.05 * normal())
            m.recentRate[i] = demand * exp(0.06 * normal())
            m.recentTrend[i] = 0.1 * normal()
            m.stepChange[i] = abs(0.08 * normal())
            m.monthEndShare[i] = max(0, 0.2 + 0.05 * normal())
            if rng.unit() < 0.3 {
                m.posRatio[i] = 1.1 * exp(0.08 * normal())
                m.nightShare[i] = max(0, 0.03 + 0.01 * normal())
                m.posGrowth[i] = 0.05 * normal()
            }
            m.brandDivergence[i] = abs(0.01 * normal())
            m.premiumTrailing[i] = max(0, 0.2 + 0.1 * normal())
            m.premiumRecent[i] = max(0, m.premiumTrailing[i] + 0.02 * normal())
            if rng.unit() < 0.5 { m.quotaCapShare[i] = rng.unit() < 0.9 ? 0 : 0.1 * rng.unit() }
            m.unknownFlowShare[i] = 0
            m.licenceCases[i] = rng.unit() < 0.01 ? 1 : 0
            m.tips[i] = rng.unit() < 0.02 ? 1 : 0
            m.abnormalList[i] = rng.unit() < 0.03
            // 4 % planted: one pattern each.
            if rng.unit() < 0.04 {
                switch rng.below(5) {
                case 0: m.recentRate[i] *= 4; m.quotaCapShare[i] = 0.85; if !m.posRatio[i].isNaN { m.posRatio[i] *= 4 }
                case 1: m.brandDivergence[i] = 0.4; m.premiumRecent[i] = m.premiumTrailing[i] + 0.6
                case 2: m.posRatio[i] = 1.1; m.nightShare[i] = 0.5; m.recentRate[i] *= 2
                case 3: m.recentRate[i] *= 3; m.recentTrend[i] = 0.6
                default: m.unknownFlowShare[i] = 1.5; m.unknownFlowYuan[i] = 60_000; m.unknownCounterparties[i] = 2
                }
            }
        }
        return m
    }

    @MainActor static func run(rows: Int, runs: Int) async throws {
        var unlabelled = population(rows, seed: 7)
        unlabelled.licenceCases = [Double](repeating: 0, count: rows)
        let plain = try await MLBench.timed(runs) { try await RiskScorer.score(unlabelled) }
        print(String(format: "swift RiskScorer.score %d retailers, no case labels (rules + isolation forest + k-means + combination): %.3f s wall, %.3f s CPU; flagged %d",
                     rows, plain.wall, plain.cpu, plain.result.summary.flagged))
        let m = population(rows, seed: 7)
        let scoring = try await MLBench.timed(runs) { try await RiskScorer.score(m) }
        print(String(format: "swift RiskScorer.score %d retailers, 1 %% case-labelled (+ random forest fit and out-of-bag gate): %.3f s wall, %.3f s CPU; flagged %d; forest %@",
                     rows, scoring.wall, scoring.cpu, scoring.result.summary.flagged, scoring.result.summary.forestNote))
        let explained = try await MLBench.timed(runs) {
            (0..<rows).reduce(0) { $0 + RiskExplanation.explain(scoring.result, m, retailer: $1).reasons.count }
        }
        print(String(format: "swift RiskExplanation for all %d retailers: %.3f s wall, %.3f s CPU", rows, explained.wall, explained.cpu))
    }
}
