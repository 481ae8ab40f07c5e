import Testing
import YanjianModels

@Suite("Robust statistics")
struct RobustStatisticsTests {
    @Test("Median and MAD ignore an extreme value")
    func robust() {
        let scale = RobustStatistics.scale([1, 2, 3, 4, 5, 1000])
        #expect(scale.centre == 3.5)
        #expect(abs(scale.spread - 1.4826 * 1.5) < 1e-9)
        #expect(scale.z(1000) > 100)
    }

    @Test("A mostly-zero feature still gets a usable spread")
    func zeroInflated() {
        let values = [Double](repeating: 0, count: 95) + [1, 2, 3, 4, 50]
        let scale = RobustStatistics.scale(values)
        #expect(scale.centre == 0)
        #expect(scale.spread > 0)
        #expect(scale.z(50) > scale.z(1))
    }

    @Test("AUC is 1 for a perfect ranking, 0.5 for ties, and nil without both classes")
    func auc() {
        #expect(RobustStatistics.auc(scores: [0.1, 0.2, 0.8, 0.9], labels: [false, false, true, true]) == 1)
        #expect(RobustStatistics.auc(scores: [1, 1, 1, 1], labels: [false, true, false, true]) == 0.5)
        #expect(RobustStatistics.auc(scores: [1, 2], labels: [true, true]) == nil)
    }
}

@Suite("Robust statistics: selection")
struct RobustSelectionTests {
    @Test("Quantiles by selection match quantiles by sorting")
    func selectionMatchesSorting() {
        var values: [Double] = []
        var state: UInt64 = 12345
        for _ in 0..<1001 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            values.append(Double(state >> 40) / 1000)
        }
        values += [5, 5, 5, 5]
        for q in [0.0, 0.1, 0.5, 0.9, 0.99, 1.0] {
            let sorted = RobustStatistics.quantile(values, q)
            let scale = RobustStatistics.scale(values)
            #expect(sorted != nil)
            if q == 0.5 { #expect(scale.centre == sorted) }
        }
    }
}
