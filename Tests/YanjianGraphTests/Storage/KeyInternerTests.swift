import Testing
import YanjianCore
@testable import YanjianGraph

@Suite("KeyInterner")
struct KeyInternerTests {
    @Test("Equal bytes get the same dense id and different bytes different ids, across growth")
    func denseIDs() {
        var interner = KeyInterner(capacity: 4)
        var ids: [Int32] = []
        for i in 0..<50_000 { ids.append(interner.intern("key-\(i)")) }
        #expect(ids == (0..<Int32(50_000)).map { $0 })
        for i in stride(from: 0, to: 50_000, by: 997) {
            #expect(interner.intern("key-\(i)") == Int32(i))
            #expect(interner.find("key-\(i)") == Int32(i))
            #expect(interner.string(Int32(i)) == "key-\(i)")
        }
        #expect(interner.find("missing") == nil)
        #expect(interner.count == 50_000)
    }

    @Test("Prefetch hints, for any hash at any stage, change no answer; lookups with a precomputed hash agree")
    func prefetchIsOnlyAHint() {
        var interner = KeyInterner(capacity: 8, bytes: 64)
        var rng = SplitMix64(seed: 9)
        var ids: [Int32] = []
        for i in 0..<20_000 {
            for stage in 0..<3 {
                interner.prefetch(UInt32(truncatingIfNeeded: rng.next()), stage: stage)
                "key-\(i)".utf8.withContiguousStorageIfAvailable { interner.prefetch(KeyInterner.hash($0), stage: stage) }
            }
            let id = Array("key-\(i)".utf8).withUnsafeBufferPointer { interner.intern($0, hash: KeyInterner.hash($0)) }
            ids.append(id)
        }
        #expect(ids == (0..<Int32(20_000)).map { $0 })
        for i in stride(from: 0, to: 20_000, by: 331) {
            let key = Array("key-\(i)".utf8)
            #expect(key.withUnsafeBufferPointer { interner.find($0, hash: KeyInterner.hash($0)) } == Int32(i))
            #expect(interner.find("key-\(i)") == Int32(i))
        }
        #expect(Array("absent".utf8).withUnsafeBufferPointer { interner.find($0, hash: KeyInterner.hash($0)) } == nil)
        // A wrong hash finds nothing rather than the wrong key.
        #expect(Array("key-5".utf8).withUnsafeBufferPointer { interner.find($0, hash: KeyInterner.hash($0) &+ 1) } == nil)
    }

    @Test("UTF-8 keys round-trip byte for byte")
    func unicodeKeys() {
        var interner = KeyInterner()
        let a = interner.intern("陕西省西安市雁塔区")
        let b = interner.intern("陕西省西安市碑林区")
        #expect(a != b)
        #expect(interner.string(a) == "陕西省西安市雁塔区")
        #expect(interner.intern("陕西省西安市雁塔区") == a)
    }
}

@Suite("EntityGraphBuilder")
struct EntityGraphBuilderTests {
    @Test("The CSR holds exactly both directions of every edge, for random graphs", arguments: [UInt64(1), 2, 3, 4, 5])
    func csrMatchesEdges(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var builder = EntityGraphBuilder(nodes: 8, edges: 8)
        let n = 200
        var nodes: [Int32] = []
        for i in 0..<n { nodes.append(builder.node(.phone, "1380000\(1000 + i)")) }
        var expected = [[Int32]](repeating: [], count: n)
        for _ in 0..<1_000 {
            let a = Int(rng.next() % UInt64(n)), b = Int(rng.next() % UInt64(n))
            builder.edge(nodes[a], nodes[b], .paid, time: Int64(rng.next() % 1000))
            expected[a].append(nodes[b])
            expected[b].append(nodes[a])
        }
        let graph = builder.build()
        #expect(graph.nodeCount == n)
        #expect(graph.edgeCount == 1_000)
        for v in 0..<n {
            let got = graph.slots(Int32(v)).map { graph.neighbours[$0] }.sorted()
            #expect(got == expected[v].sorted())
            for slot in graph.slots(Int32(v)) {
                let e = Int(graph.slotEdges[slot])
                #expect(graph.edgeSource[e] == Int32(v) || graph.edgeTarget[e] == Int32(v))
            }
        }
    }
}
