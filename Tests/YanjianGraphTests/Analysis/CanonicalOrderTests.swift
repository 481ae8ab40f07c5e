import Testing
import YanjianCore
@testable import YanjianGraph

@Suite("Canonical order: what the analysis visits does not follow storage order")
struct CanonicalOrderTests {
    @Test("The radix sort orders like a stable comparison sort, repeated keys included")
    func radixSortIsStable() {
        var rng = SplitMix64(seed: 9)
        for count in [0, 1, 2, 17, 5_000, 20_000] {
            // Few distinct high bits and many repeats, so every pass and the stability both matter.
            let keys = (0..<count).map { _ in (UInt64.random(in: 0..<40, using: &rng) << 48) | UInt64.random(in: 0..<3, using: &rng) }
            let expected = (0..<Int32(count)).sorted { (keys[Int($0)], $0) < (keys[Int($1)], $1) }
            #expect(CanonicalOrder.radixSorted(keys) == expected)
        }
    }

    @Test("Exact weights sum to the same value in any order")
    func exactWeights() {
        var rng = SplitMix64(seed: 4)
        let weights = (0..<1_000).map { _ in CanonicalOrder.exact(Double.random(in: 0..<3, using: &rng)) }
        let forward = weights.reduce(0, +)
        #expect(weights.reversed().reduce(0, +) == forward)
        #expect(weights.shuffled(using: &rng).reduce(0, +) == forward)
        #expect(CanonicalOrder.exact(1.0 / 3) != 1.0 / 3)
        #expect(abs(CanonicalOrder.exact(1.0 / 3) - 1.0 / 3) <= CanonicalOrder.weightQuantum / 2)
    }

    @Test("Nodes are ordered by their keys, breadth first along links, whatever their numbers")
    func breadthFirstByKeys() {
        // Two stores of the same five phones (a chain a–b–c and a pair d–e), numbered in other orders.
        let phones = ["13900000001", "13900000002", "13900000003", "13900000004", "13900000005"]
        func order(_ storage: [Int]) -> [String] {
            var f = GraphFixture()
            for i in storage {
                switch i {
                case 0: f.waybill(from: phones[0], to: phones[1])
                case 1: f.waybill(from: phones[1], to: phones[2])
                default: f.waybill(from: phones[3], to: phones[4])
                }
            }
            let graph = f.build()
            let nodes = phones.compactMap { graph.node(.phone, $0) }
            var us: [Int32] = [], vs: [Int32] = [], ws: [Double] = []
            for (a, b) in [(0, 1), (1, 2), (3, 4)] {
                us.append(nodes[a])
                vs.append(nodes[b])
                ws.append(1)
            }
            let links = WeightedGraph(nodeCount: graph.nodeCount, sources: us, targets: vs, weights: ws)
            let ordered = CanonicalOrder.breadthFirst(nodes.reversed(), links: links, in: graph)
            #expect(Set(ordered) == Set(nodes))
            return ordered.map(graph.label)
        }
        let first = order([0, 1, 2])
        #expect(order([2, 1, 0]) == first)
        #expect(order([1, 2, 0]) == first)
        // Linked phones follow each other: the chain's three are consecutive, and so are the pair's two.
        let chain = phones.prefix(3).map { "phone:" + $0 }
        let positions = chain.compactMap { first.firstIndex(of: $0) }.sorted()
        #expect(positions.count == 3 && positions[2] - positions[0] == 2)
    }
}
