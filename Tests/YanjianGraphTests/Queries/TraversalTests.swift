import Testing
import YanjianCore
@testable import YanjianGraph

@Suite("Traversal")
struct TraversalTests {
    /// A random waybill graph: phones sending to phones.
    static func randomGraph(seed: UInt64, waybills: Int = 400, phones: Int = 120) -> EntityGraph {
        var rng = SplitMix64(seed: seed)
        var fixture = GraphFixture()
        for i in 0..<waybills {
            let a = 13_800_000_000 + Int(rng.next() % UInt64(phones))
            let b = 13_800_000_000 + Int(rng.next() % UInt64(phones))
            fixture.waybill(from: String(a), to: String(b), time: 1_700_000_000 + Int64(i) * 3_600)
        }
        return fixture.build()
    }

    /// Naive breadth-first distances over all edges.
    static func naiveDistances(_ graph: EntityGraph, from seed: Int32, window: ClosedRange<Int64>? = nil) -> [Int32: Int] {
        var distance: [Int32: Int] = [seed: 0]
        var frontier = [seed]
        var depth = 0
        while !frontier.isEmpty {
            depth += 1
            var next: [Int32] = []
            for v in frontier {
                for e in 0..<graph.edgeCount where graph.edgeSource[e] == v || graph.edgeTarget[e] == v {
                    if let window, !window.contains(graph.edgeTimes[e]) { continue }
                    let u = graph.edgeSource[e] == v ? graph.edgeTarget[e] : graph.edgeSource[e]
                    if distance[u] == nil {
                        distance[u] = depth
                        next.append(u)
                    }
                }
            }
            frontier = next
        }
        return distance
    }

    @Test("k-hop neighbourhoods equal a naive search, with and without a time window", arguments: [UInt64(1), 2, 3])
    func neighbourhoodMatchesNaive(seed: UInt64) throws {
        let graph = Self.randomGraph(seed: seed)
        var scratch = TraversalScratch(nodeCount: graph.nodeCount)
        let window: ClosedRange<Int64> = 1_700_000_000...1_700_000_000 + 200 * 3_600
        for seedNode in stride(from: Int32(0), to: Int32(graph.nodeCount), by: 17) {
            for filterWindow in [nil, window] {
                let naive = Self.naiveDistances(graph, from: seedNode, window: filterWindow)
                for hops in 1...4 {
                    let result = graph.neighborhood(of: seedNode, hops: hops, filter: TraversalFilter(window: filterWindow), scratch: &scratch)
                    let expected = Set(naive.filter { $0.value <= hops }.keys)
                    #expect(Set(result.nodes) == expected)
                    for (node, hop) in zip(result.nodes, result.hops) { #expect(naive[node] == Int(hop)) }
                    #expect(graph.neighborhoodCount(of: seedNode, hops: hops, filter: TraversalFilter(window: filterWindow), scratch: &scratch) == expected.count)
                }
            }
        }
    }

    @Test("The unrestricted walk (no per-link checks) reaches what the checked walk reaches, hub limits included", arguments: [UInt64(6), 7])
    func unrestrictedWalkMatchesChecked(seed: UInt64) {
        let graph = Self.randomGraph(seed: seed)
        var scratch = TraversalScratch(nodeCount: graph.nodeCount)
        // A window covering every time forces the checked walk while letting every link through.
        let everything: ClosedRange<Int64> = Int64.min...Int64.max
        for limit in [1, 12, Int.max] {
            for noExpand: Set<EntityKind> in [[], [.phone]] {
                let fast = TraversalFilter(expandLimit: limit, noExpand: noExpand)
                let checked = TraversalFilter(window: everything, expandLimit: limit, noExpand: noExpand)
                #expect(fast.admitsEverything && !checked.admitsEverything)
                for seedNode in stride(from: Int32(0), to: Int32(graph.nodeCount), by: 19) {
                    for hops in 1...3 {
                        let a = graph.neighborhood(of: seedNode, hops: hops, filter: fast, scratch: &scratch)
                        let b = graph.neighborhood(of: seedNode, hops: hops, filter: checked, scratch: &scratch)
                        #expect(a == b, "seed \(seedNode), \(hops) hops, limit \(limit), not expanded \(noExpand)")
                    }
                }
            }
        }
    }

    @Test("Shortest paths have the breadth-first length and every step is a real edge", arguments: [UInt64(4), 5])
    func shortestPaths(seed: UInt64) throws {
        let graph = Self.randomGraph(seed: seed)
        for a in stride(from: Int32(0), to: Int32(graph.nodeCount), by: 23) {
            let naive = Self.naiveDistances(graph, from: a)
            for b in stride(from: Int32(1), to: Int32(graph.nodeCount), by: 29) {
                let path = graph.shortestPath(from: a, to: b, maxHops: 20)
                guard let expected = naive[b] else {
                    #expect(path == nil)
                    continue
                }
                let found = try #require(path)
                #expect(found.edges.count == expected)
                #expect(found.nodes.first == a && found.nodes.last == b)
                for (i, e) in found.edges.enumerated() {
                    let ends = Set([graph.edgeSource[Int(e)], graph.edgeTarget[Int(e)]])
                    #expect(ends == Set([found.nodes[i], found.nodes[i + 1]]))
                }
            }
        }
    }

    @Test("Edge-kind and node-kind filters restrict what is followed and entered")
    func filters() throws {
        var fixture = GraphFixture()
        fixture.waybill(from: "13800000001", at: "陕西省西安市雁塔区长安南路88号3号楼2单元501室", to: "13900000001")
        let graph = fixture.build()
        let phone = try #require(graph.node(.phone, "13800000001"))
        var scratch = TraversalScratch(nodeCount: graph.nodeCount)
        let all = graph.neighborhood(of: phone, hops: 2, scratch: &scratch)
        #expect(all.nodes.count == 4)  // phone, waybill, address, receiver
        let phonesOnly = graph.neighborhood(
            of: phone, hops: 2, filter: TraversalFilter(edgeKinds: EdgeKindSet([.sentBy, .receivedBy])), scratch: &scratch)
        #expect(phonesOnly.nodes.count == 3)
        let noWaybills = graph.neighborhood(of: phone, hops: 2, filter: TraversalFilter(nodeKinds: [.phone, .address]), scratch: &scratch)
        #expect(noWaybills.nodes == [phone])
    }

    @Test("Every edge of a path is explained with its record and time")
    func evidence() throws {
        var fixture = GraphFixture()
        fixture.waybill(from: "13800000001", to: "13900000001", time: 1_760_000_000, seized: true)
        fixture.payment(from: "6222000000000001", "张三", to: "6222000000000002", "李四", fen: 123_456)
        let graph = fixture.build()
        let a = try #require(graph.node(.phone, "13800000001"))
        let b = try #require(graph.node(.phone, "13900000001"))
        let path = try #require(graph.shortestPath(from: a, to: b))
        let lines = path.edges.map { graph.evidence($0) }
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.record.hasPrefix("waybill_no:") && $0.time == "2025-10-09T16:53:20+08:00" })
        #expect(lines[0].text.contains("已查获"))
        let payer = try #require(graph.node(.account, "6222000000000001"))
        let payee = try #require(graph.node(.account, "6222000000000002"))
        let transfer = try #require(graph.shortestPath(from: payer, to: payee))
        #expect(graph.evidence(transfer.edges[0]).text.contains("1234.56元"))
    }
}
