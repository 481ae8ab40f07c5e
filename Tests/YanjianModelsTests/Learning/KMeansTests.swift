import Testing
import YanjianCore
import YanjianModels

@Suite("k-means")
struct KMeansTests {
    @Test("Planted blobs are recovered, one cluster each")
    func blobs() async throws {
        let centres: [[Float]] = [[0, 0, 0], [10, 0, 0], [0, 10, 0], [0, 0, 10]]
        let (matrix, blob) = SyntheticData.blobs(centres: centres, perBlob: 250, spread: 1, seed: 11)
        let model = try await KMeans.fit(matrix, parameters: .init(clusters: 4, seed: 1))
        // Each blob maps to exactly one cluster and the clusters are distinct.
        var clusterOf: [Int: Int32] = [:]
        for (row, b) in blob.enumerated() {
            if let known = clusterOf[b] {
                #expect(known == model.assignments[row])
            } else {
                clusterOf[b] = model.assignments[row]
            }
        }
        #expect(Set(clusterOf.values).count == 4)
        // Centres land near the planted ones.
        for (b, cluster) in clusterOf {
            for feature in 0..<3 {
                #expect(abs(model.centres[Int(cluster) * 3 + feature] - centres[b][feature]) < 0.3)
            }
        }
        #expect(try model.predict(matrix) == model.assignments)
    }

    @Test("The same seed gives the same clustering whatever the parallelism")
    func deterministic() async throws {
        let (matrix, _) = SyntheticData.blobs(centres: [[0, 0], [3, 3], [6, 0]], perBlob: 5000, spread: 1.5, seed: 2)
        let a = try await KMeans.fit(matrix, parameters: .init(clusters: 5, seed: 4, parallelism: 1))
        let b = try await KMeans.fit(matrix, parameters: .init(clusters: 5, seed: 4, parallelism: 2))
        #expect(a.centres == b.centres)
        #expect(a.assignments == b.assignments)
    }

    @Test("Elkan's bounds give the plain Lloyd result (one group of eight centres, and two with padding lanes)", arguments: [4, 11])
    func matchesLloyd(clusters: Int) async throws {
        let (matrix, _) = SyntheticData.blobs(centres: [[0, 0], [2, 2], [4, 0], [1, 5]], perBlob: 400, spread: 1.2, seed: 6)
        let model = try await KMeans.fit(matrix, parameters: .init(clusters: clusters, tolerance: 0, seed: 3))
        // At convergence every sample sits with its nearest centre, and each centre is its cluster's mean.
        let nearest = try model.predict(matrix)
        #expect(nearest == model.assignments)
        var sums = [Double](repeating: 0, count: 2 * clusters)
        var counts = [Double](repeating: 0, count: clusters)
        for row in 0..<matrix.rows {
            let c = Int(model.assignments[row])
            counts[c] += 1
            sums[c * 2] += Double(matrix[row, 0])
            sums[c * 2 + 1] += Double(matrix[row, 1])
        }
        for c in 0..<clusters where counts[c] > 0 {
            #expect(abs(sums[c * 2] / counts[c] - Double(model.centres[c * 2])) < 1e-3)
            #expect(abs(sums[c * 2 + 1] / counts[c] - Double(model.centres[c * 2 + 1])) < 1e-3)
        }
    }

    @Test("More clusters than samples is refused")
    func tooManyClusters() async throws {
        let matrix = try FeatureMatrix([[0], [1]])
        await #expect(throws: ModelError.self) { _ = try await KMeans.fit(matrix, parameters: .init(clusters: 3)) }
    }
}
