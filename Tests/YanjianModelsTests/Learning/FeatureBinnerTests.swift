import Testing
import YanjianModels

@Suite("Feature binner")
struct FeatureBinnerTests {
    @Test("Few distinct values get one bin each, split at midpoints")
    func distinct() throws {
        let matrix = try FeatureMatrix([[1], [2], [2], [4], [.nan]])
        let binner = FeatureBinner(fitting: matrix)
        #expect(binner.edges[0] == [1.5, 3])
        #expect(binner.transform(matrix) == [0, 1, 1, 2, 0])
        #expect(binner.bin(3.5, feature: 0) == 2)
        #expect(binner.bin(3, feature: 0) == 1)
    }

    @Test("Many distinct values are cut at quantiles into at most maxBins bins")
    func quantiles() throws {
        let matrix = try FeatureMatrix((0..<10_000).map { [Float($0)] })
        let binner = FeatureBinner(fitting: matrix, maxBins: 16)
        #expect(binner.binCount(0) == 16)
        let bins = binner.transform(matrix)
        var counts = [Int](repeating: 0, count: 16)
        for b in bins { counts[Int(b)] += 1 }
        #expect(counts.allSatisfy { $0 == 625 })
    }
}
