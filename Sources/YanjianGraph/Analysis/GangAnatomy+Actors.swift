import Foundation

extension GangAnatomy {
    /// Members with centrality, key-suspect flags and reasons; customers apart. An associate (no role
    /// from flows) is kept only when it exchanged money or parcels with a member or shares a case
    /// with one, since the community alone is not evidence.
    func buildActors(
        roles: [GangRole], entities: [[Int32]], goods: [Int: [Int: Int]], money: [Int: [Int: Int]], sent: [Int],
        received: [Int], transfersOut: [Int], transfersIn: [Int], notes: [[String]]
    ) -> (members: [GangActor], customers: [GangActor]) {
        let n = roles.count
        // Associates stay only when money ties them to a supplier or a case to any member.
        var linkedToMember = [Bool](repeating: false, count: n)
        let isSupplier: (Int) -> Bool = { roles[$0] == .source || roles[$0] == .distributor }
        for (from, targets) in money {
            for to in targets.keys {
                if isSupplier(to) { linkedToMember[from] = true }
                if isSupplier(from) { linkedToMember[to] = true }
            }
        }
        for a in 0..<n where roles[a] == .associate && !linkedToMember[a] {
            linkedToMember[a] = sharesCaseWithMember(entities[a], roles: roles, entities: entities)
        }
        var memberIndex = [Int](repeating: -1, count: n)
        var members: [Int] = []
        for a in 0..<n where roles[a] != .customer && (roles[a] != .associate || linkedToMember[a]) {
            memberIndex[a] = members.count
            members.append(a)
        }
        // Dependency edges: receiver → supplier, payer → payee, in actor order (not the dictionaries'
        // order, which changes from run to run): PageRank's sums are then the same in every run.
        var ps: [Int32] = [], pt: [Int32] = [], pw: [Double] = []
        var undirected: [(Int32, Int32)] = []
        for (flows, upstream) in [(goods, false), (money, true)] {
            for from in flows.keys.sorted() where memberIndex[from] >= 0 {
                for (to, count) in (flows[from] ?? [:]).sorted(by: { $0.key < $1.key }) where memberIndex[to] >= 0 {
                    let (a, b) = (Int32(memberIndex[from]), Int32(memberIndex[to]))
                    ps.append(upstream ? a : b)
                    pt.append(upstream ? b : a)
                    pw.append(Double(count))
                    undirected.append((a, b))
                }
            }
        }
        let m = members.count
        let pageRank = Centrality.pageRank(nodeCount: m, sources: ps, targets: pt, weights: pw)
        let betweenness = Centrality.betweenness(nodeCount: m, edges: undirected)
        let maxRank = pageRank.max() ?? 0
        let maxBetween = betweenness.max() ?? 0
        var combined = [Double](repeating: 0, count: m)
        for i in 0..<m {
            let r = maxRank > 0 ? pageRank[i] / maxRank : 0
            let b = maxBetween > 0 ? betweenness[i] / maxBetween : 0
            combined[i] = maxBetween > 0 ? 0.5 * r + 0.5 * b : r
        }
        let order = (0..<m).sorted { (combined[$0], -$0) > (combined[$1], -$1) }
        let keyCount = m == 0 ? 0 : max(1, Int((Double(m) / 4).rounded(.up)))
        var isKey = [Bool](repeating: false, count: m)
        for i in order.prefix(keyCount) { isKey[i] = true }
        var rankOf = [Int](repeating: 0, count: m)
        for (position, i) in order.enumerated() { rankOf[i] = position + 1 }

        var result: [GangActor] = []
        for (i, a) in members.enumerated() {
            let toMembers = (goods[a] ?? [:]).reduce(0) { $0 + (memberIndex[$1.key] >= 0 ? $1.value : 0) }
            let downstream = (goods[a] ?? [:]).keys.filter { memberIndex[$0] >= 0 }.count
            let buyers = (goods[a] ?? [:]).keys.filter { memberIndex[$0] < 0 }.count
            var reasons: [String] = []
            switch roles[a] {
            case .source:
                reasons.append("向组内\(downstream)名下线发货\(toMembers)件，未从组内收货")
            case .distributor:
                reasons.append("从上线收货\(received[a])件，向\(downstream)名下线发货\(toMembers)件")
            case .seller:
                if sent[a] > 0 {
                    reasons.append("从上线收货\(received[a])件，向\(buyers)名买家及组外发货\(sent[a] - toMembers)件")
                } else {
                    reasons.append("从上线收货\(received[a])件，未见寄出（本地销售）")
                }
            case .associate:
                reasons.append("与团伙成员同案或有资金、寄递往来，流向不足以定层级")
            case .customer: break
            }
            if transfersOut[a] > 0 { reasons.append("向组内转账\(transfersOut[a])笔") }
            if transfersIn[a] > 0 { reasons.append("收到组内转账\(transfersIn[a])笔") }
            reasons.append(String(format: "PageRank %.3f，中介中心度 %.3f，综合排名第%d/%d", pageRank[i], betweenness[i], rankOf[i], m))
            reasons += notes[a]
            result.append(GangActor(
                entities: entities[a], role: roles[a], pageRank: pageRank[i], betweenness: betweenness[i],
                centrality: combined[i], keySuspect: isKey[i], parcelsSent: sent[a], parcelsToMembers: toMembers,
                parcelsReceived: received[a], transfersOut: transfersOut[a], transfersIn: transfersIn[a],
                home: home(of: entities[a]), reasons: reasons))
        }
        // Most central first; ties in the actors' (canonical) order.
        result = order.map { result[$0] }
        let customers = (0..<n).filter { roles[$0] == .customer }.map { a in
            GangActor(
                entities: entities[a], role: .customer, pageRank: 0, betweenness: 0, centrality: 0, keySuspect: false,
                parcelsSent: sent[a], parcelsToMembers: 0, parcelsReceived: received[a], transfersOut: transfersOut[a],
                transfersIn: transfersIn[a], home: home(of: entities[a]), reasons: [])
        }
        return (result, customers)
    }

    /// Whether a case names one of these entities and an entity of a member actor.
    func sharesCaseWithMember(_ nodes: [Int32], roles: [GangRole], entities: [[Int32]]) -> Bool {
        var memberNodes = Set<Int32>()
        for (a, list) in entities.enumerated() where roles[a] != .associate && roles[a] != .customer {
            memberNodes.formUnion(list)
        }
        for node in nodes {
            for slot in graph.slots(node) where graph.edgeKinds[Int(graph.slotEdges[slot])] == EdgeKind.caseNames.rawValue {
                let caseNode = graph.neighbours[slot]
                for other in graph.slots(caseNode) where memberNodes.contains(graph.neighbours[other]) { return true }
            }
        }
        return false
    }

    /// The most frequent place among the entities' places, preferring county-level codes.
    func home(of nodes: [Int32]) -> String? {
        var counts: [Int32: Int] = [:]
        for node in nodes {
            for i in Int(graph.placeOffsets[Int(node)])..<Int(graph.placeOffsets[Int(node) + 1]) {
                counts[graph.places[i], default: 0] += 1
            }
        }
        // A tie goes to the code first in text order (place ids follow storage order).
        let codes = graph.facts.adcodes
        guard let best = counts.max(by: { $0.value != $1.value ? $0.value < $1.value : CanonicalOrder.precedes($1.key, $0.key, in: codes) })
        else { return nil }
        return graph.facts.adcodes.string(best.key)
    }
}
