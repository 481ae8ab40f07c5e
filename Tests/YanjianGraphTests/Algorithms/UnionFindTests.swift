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
}
