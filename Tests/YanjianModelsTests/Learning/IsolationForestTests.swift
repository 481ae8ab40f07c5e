import Testing
import YanjianCore
import YanjianModels

@Suite("Isolation forest")
struct IsolationForestTests {
    @Test("An obvious outlier scores highest")
    func outlier() async throws {
        var (matrix, _) = SyntheticData.blobs(centres: [[0, 0, 0]], perBlob: 500, spread: 1, seed: 3)
        matrix.values.append(contentsOf: [8, -7, 9])
        let data = try FeatureMatrix(rows: 501, columns: 3, values: matrix.values)
        let forest = try await IsolationForest.fit(data, parameters: .init(trees: 100, seed: 1))
        let scores = try await forest.score(data)
        let top = try #require(scores.indices.max { scores[$0] < scores[$1] })
        #expect(top == 500)
        #expect(scores[500] > 0.7)
        let sortedScores = scores.sorted()
        #expect(sortedScores[250] < 0.55)
    }

    @Test("The same seed gives the same scores whatever the parallelism")
    func deterministic() async throws {
        let (matrix, _) = SyntheticData.blobs(centres: [[0, 0], [5, 5]], perBlob: 300, spread: 1, seed: 4)
        let a = try await IsolationForest.fit(matrix, parameters: .init(trees: 20, seed: 2, parallelism: 1))
        let b = try await IsolationForest.fit(matrix, parameters: .init(trees: 20, seed: 2, parallelism: 2))
        #expect(a.trees == b.trees)
        #expect(try await a.score(matrix, parallelism: 1) == b.score(matrix, parallelism: 2))
    }

    @Test("c(n) matches the paper's values")
    func averagePathLength() {
        #expect(IsolationForest.averagePathLength(1) == 0)
        #expect(IsolationForest.averagePathLength(2) == 1)
        #expect(abs(IsolationForest.averagePathLength(256) - 10.244) < 0.01)
    }
}
