import Testing
import YanjianCore
@testable import YanjianGraph

@Suite("CommunityDetection")
struct CommunityDetectionTests {
    /// `k` cliques of `size` nodes, consecutive cliques joined by one edge.
    static func ringOfCliques(k: Int, size: Int) -> WeightedGraph {
        var s: [Int32] = [], t: [Int32] = [], w: [Double] = []
        for c in 0..<k {
            let base = c * size
            for i in 0..<size {
                for j in (i + 1)..<size {
                    s.append(Int32(base + i))
                    t.append(Int32(base + j))
                    w.append(1)
                }
            }
            s.append(Int32(base))
            t.append(Int32(((c + 1) % k) * size + 1))
            w.append(1)
        }
        return WeightedGraph(nodeCount: k * size, sources: s, targets: t, weights: w)
    }

    @Test("A ring of cliques splits into its cliques")
    func ringOfCliques() {
        let graph = Self.ringOfCliques(k: 12, size: 6)
        let partition = CommunityDetection().run(graph)
        #expect(partition.count == 12)
        for c in 0..<12 {
            let labels = Set((0..<6).map { partition.labels[c * 6 + $0] })
            #expect(labels.count == 1)
        }
        #expect(CommunityDetection().modularity(graph, partition.labels) > 0.75)
    }

    @Test("Refining splits what the resolution limit merged and leaves small communities alone")
    func refineUndoesTheResolutionLimit() {
        // 300 triangles in a ring: classic modularity merges neighbouring triangles (the gain of joining
        // two grows as the graph grows), although each triangle is the obvious community.
        let k = 300
        let graph = Self.ringOfCliques(k: k, size: 3)
        let detection = CommunityDetection()
        let plain = detection.run(graph)
        #expect(plain.count < k, "the ring should show the resolution limit")
        let refined = detection.refine(graph, plain, limit: 3)
        #expect(refined.count == k)
        for c in 0..<k {
            #expect(Set((0..<3).map { refined.labels[c * 3 + $0] }).count == 1)
        }
        #expect(Set(refined.labels).count == refined.count && refined.labels.allSatisfy { $0 >= 0 && Int($0) < refined.count })
        // Communities at or under the limit keep their labels; nothing changes when none is over it.
        for v in 0..<graph.nodeCount where (plain.labels.filter { $0 == plain.labels[v] }.count) <= 3 {
            #expect(refined.labels[v] == plain.labels[v])
        }
        #expect(detection.refine(graph, plain, limit: graph.nodeCount) == plain)
    }

    @Test("Every community is connected and the result repeats for a seed", arguments: [UInt64(1), 2, 3])
    func connectedAndDeterministic(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var s: [Int32] = [], t: [Int32] = [], w: [Double] = []
        let n = 400
        for _ in 0..<1_200 {
            let a = Int32(rng.next() % UInt64(n)), b = Int32(rng.next() % UInt64(n))
            s.append(a)
            t.append(b)
            w.append(Double(rng.next() % 5 + 1))
        }
        let graph = WeightedGraph(nodeCount: n, sources: s, targets: t, weights: w)
        let detector = CommunityDetection(seed: seed)
        let first = detector.run(graph)
        #expect(detector.run(graph) == first)
        // Connectedness: splitting by connectivity inside communities changes nothing.
        let split = detector.splitDisconnected(graph, first.labels)
        #expect(split.count == first.count)
        #expect(detector.modularity(graph, first.labels) > 0.2)
    }
}
