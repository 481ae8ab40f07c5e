import Testing
import YanjianCore
@testable import YanjianGraph

@Suite("Weighted graph construction")
struct WeightedGraphTests {
    @Test("Parallel edges are summed, both directions stored, self-loops once, each row ascending — as a dictionary built by hand says")
    func matchesNaive() {
        var rng = SplitMix64(seed: 11)
        for (nodes, edges) in [(1, 3), (7, 40), (60, 2_000), (500, 3_000)] {
            var sources: [Int32] = []
            var targets: [Int32] = []
            var weights: [Double] = []
            for _ in 0..<edges {
                // Few distinct endpoints per row so rows run past the insertion-sort length too.
                let a = Int32(rng.next() % UInt64(nodes))
                let b = rng.next() % 4 == 0 ? a : Int32(rng.next() % UInt64(min(nodes, 40)))
                sources.append(a)
                targets.append(b)
                weights.append(Double(rng.next() % 5) + 0.5)
            }
            let graph = WeightedGraph(nodeCount: nodes, sources: sources, targets: targets, weights: weights)
            var expected = [[Int32: Double]](repeating: [:], count: nodes)
            for i in 0..<edges {
                let a = sources[i], b = targets[i]
                expected[Int(a)][b, default: 0] += weights[i]
                if a != b { expected[Int(b)][a, default: 0] += weights[i] }
            }
            for v in 0..<nodes {
                let slots = graph.offsets[v]..<graph.offsets[v + 1]
                let row = slots.map { graph.targets[$0] }
                #expect(row == expected[v].keys.sorted(), "row \(v) of \(nodes) nodes")
                for slot in slots { #expect(abs(graph.weights[slot] - (expected[v][graph.targets[slot]] ?? -1)) < 1e-9) }
            }
        }
    }
}
