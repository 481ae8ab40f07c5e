import Testing
import YanjianCore
@testable import YanjianGraph

@Suite("UnionFind")
struct UnionFindTests {
    @Test("Components equal a naive flood fill on random unions", arguments: [UInt64(7), 8, 9])
    func matchesNaive(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let n = 500
        var sets = UnionFind(count: n)
        var adjacency = [[Int]](repeating: [], count: n)
        for _ in 0..<300 {
            let a = Int(rng.next() % UInt64(n)), b = Int(rng.next() % UInt64(n))
            sets.union(Int32(a), Int32(b))
            adjacency[a].append(b)
            adjacency[b].append(a)
        }
        var naive = [Int](repeating: -1, count: n)
        var label = 0
        for s in 0..<n where naive[s] < 0 {
            var stack = [s]
            naive[s] = label
            while let v = stack.popLast() {
                for u in adjacency[v] where naive[u] < 0 {
                    naive[u] = label
                    stack.append(u)
                }
            }
            label += 1
        }
        let (labels, count) = sets.labels()
        #expect(count == label)
        for a in 0..<n {
            for b in stride(from: a, to: n, by: 37) {
                #expect((labels[a] == labels[b]) == (naive[a] == naive[b]))
            }
        }
    }

    @Test("Unioning an edge list at once gives the same sets as pair by pair", arguments: [UInt64(3), 4])
    func edgeListEqualsPairs(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let n = 400
        let sources = (0..<250).map { _ in Int32(rng.next() % UInt64(n)) }
        let targets = (0..<250).map { _ in Int32(rng.next() % UInt64(n)) }
        var pairwise = UnionFind(count: n)
        var joinedPairwise = 0
        for e in sources.indices where pairwise.union(sources[e], targets[e]) { joinedPairwise += 1 }
        var bulk = UnionFind(count: n)
        #expect(bulk.union(sources: sources, targets: targets) == joinedPairwise)
        #expect(bulk.setCount() == pairwise.labels().count)
        #expect(bulk.setCount() == n - joinedPairwise)
        #expect(bulk.labels().labels == pairwise.labels().labels)
    }
}
