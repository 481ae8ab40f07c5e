import Foundation

/// The weighted entity projection that communities are found on: parties (phones, ID numbers,
/// accounts, plates, licences, addresses, person files, businesses, cases) linked directly, with
/// waybills and transfers folded into weights and hubs cut.
///
/// Edge strength: each waybill adds 1 between sender and receiver and 1 between each side's phone and
/// address; each transfer adds 1 between payer and payee; a person, retailer or business file adds
/// `recordWeight` between the file and each identifier it lists; a case adds `caseWeight`; name
/// resolution adds its link weight. Summed strengths `s` are damped to `1 + ln s` and multiplied by the
/// specificity (an inverse document frequency) of both ends, `ln(1 + N / d) / ln(1 + N)` for an entity
/// linked to `d` distinct others among `N`. Strengths are summed exactly and the parties are numbered
/// in ``CanonicalOrder``, so the projection is the same whatever order the records were stored in.
///
/// Hubs are cut in two steps, both judged by the data:
/// - **size**: an entity linked to more distinct entities than `max(minimumHubDegree, √(2M))` (M
///   distinct links): √(2M) is the scale below which modularity can still resolve a group, so anything
///   above it can only blur groups together;
/// - **break**: per kind, the degrees above `breakFloor` sorted from the top; where one degree is at
///   least `breakRatio` times the next (a break in the tail: platforms and payment merchants on one
///   side, people on the other), everything above the break is cut;
/// - **strangers**: an address used by at least `sharedPlaceFloor` phones, where the phones fall
///   apart into unrelated groups once the address is taken away (no group of phones linked through
///   some other entity holds half of them), is a place shared by strangers — a courier station, a
///   campus dormitory, an industrial park, an office tower — and is cut too. A gang's warehouse stays:
///   its phones are tied to each other through the same suppliers and customers.
public struct Projection: Sendable {
    /// Projection index → graph node.
    public let nodes: [Int32]
    /// Graph node → projection index, or -1 (waybills, outlets, hubs).
    public let index: [Int32]
    /// The weighted graph (indices are projection indices).
    public let graph: WeightedGraph
    /// The hubs that were cut, largest first.
    public let hubs: [HubCut]
    /// Hub flag per graph node.
    public let isHub: [Bool]

    /// Tunables.
    public struct Options: Sendable, Equatable {
        public var recordWeight: Double = 3
        public var caseWeight: Double = 2
        public var minimumHubDegree: Int = 50
        public var sharedPlaceFloor: Int = 10
        public var breakFloor: Int = 20
        public var breakRatio: Double = 3
        public init() {}
    }

    /// Builds the projection of `graph` with the name links.
    /// `manual` pairs (analysts' merges) are tied with the weight of a file listing both.
    public static func build(_ graph: EntityGraph, nameLinks: [NameLink], manual: [(Int32, Int32)] = [], options: Options = Options()) -> Projection {
        let facts = graph.facts
        var us: [Int32] = []
        var vs: [Int32] = []
        var ws: [Double] = []
        let estimate = facts.waybillCount * 3 + facts.paymentCount + graph.edgeCount / 8
        us.reserveCapacity(estimate)
        vs.reserveCapacity(estimate)
        ws.reserveCapacity(estimate)
        func add(_ a: Int32, _ b: Int32, _ w: Double) {
            guard a >= 0, b >= 0, a != b else { return }
            us.append(a)
            vs.append(b)
            ws.append(CanonicalOrder.exact(w))
        }
        for w in 0..<facts.waybillCount {
            let sp = facts.senderPhone[w], rp = facts.receiverPhone[w]
            let sa = facts.senderAddress[w], ra = facts.receiverAddress[w]
            add(sp >= 0 ? sp : sa, rp >= 0 ? rp : ra, 1)
            add(sp, sa, 1)
            add(rp, ra, 1)
        }
        for p in 0..<facts.paymentCount { add(facts.payer[p], facts.payee[p], 1) }
        for e in 0..<graph.edgeCount {
            switch EdgeKind(rawValue: graph.edgeKinds[e]) {
            case .personHas?, .retailerHas?, .companyHas?:
                add(graph.edgeSource[e], graph.edgeTarget[e], options.recordWeight)
            case .caseNames?:
                let target = graph.edgeTarget[e]
                if graph.nodeKinds[Int(target)] != EntityKind.waybill.rawValue {
                    add(graph.edgeSource[e], target, options.caseWeight)
                }
            default: break
            }
        }
        // A case naming a waybill links the waybill's parties.
        for link in 0..<facts.linkCase.count {
            let entity = facts.linkEntity[link]
            let ordinal = graph.recordOrdinal[Int(entity)]
            guard graph.nodeKinds[Int(entity)] == EntityKind.waybill.rawValue, ordinal >= 0 else { continue }
            let caseNode = facts.caseNode[Int(facts.linkCase[link])]
            for party in [facts.senderPhone[Int(ordinal)], facts.receiverPhone[Int(ordinal)]] where party >= 0 {
                add(caseNode, party, options.caseWeight)
            }
        }
        for link in nameLinks { add(link.account, link.other, link.weight) }
        for (a, b) in manual { add(a, b, options.recordWeight) }

        // Distinct degrees on the raw merged graph decide hubs.
        let (sources, targets, weights) = (us, vs, ws)
        (us, vs, ws) = ([], [], [])
        let raw = WeightedGraph(nodeCount: graph.nodeCount, sources: consume sources, targets: consume targets, weights: consume weights)
        let pairCount = raw.slotCount / 2
        let threshold = max(options.minimumHubDegree, Int(sqrt(2 * Double(pairCount)).rounded(.up)))
        var isHub = [Bool](repeating: false, count: graph.nodeCount)
        var hubs: [HubCut] = []
        for v in 0..<graph.nodeCount {
            let degree = raw.offsets[v + 1] - raw.offsets[v]
            let kind = graph.kind(Int32(v))
            if kind == .outlet {
                isHub[v] = true
                continue
            }
            guard degree > threshold else { continue }
            isHub[v] = true
            hubs.append(HubCut(
                node: Int32(v), label: graph.label(Int32(v)), degree: degree, threshold: threshold,
                reason: "\(kind.code) linked to \(degree) distinct entities, above √(2×\(pairCount) links) = \(threshold)"))
        }
        hubs.sort { ($0.degree, $1.label) > ($1.degree, $0.label) }

        var spread: [HubCut] = []
        // Breaks in each kind's degree tail.
        for kind in EntityKind.allCases where kind.isIdentifier {
            var tail: [(degree: Int, node: Int32)] = []
            for v in 0..<graph.nodeCount where !isHub[v] && graph.nodeKinds[v] == kind.rawValue {
                let degree = raw.offsets[v + 1] - raw.offsets[v]
                if degree >= options.breakFloor { tail.append((degree, Int32(v))) }
            }
            tail.sort { ($0.degree, $1.node) > ($1.degree, $0.node) }
            var cut = 0
            var best = options.breakRatio
            for i in 0..<tail.count {
                let next = i + 1 < tail.count ? tail[i + 1].degree : options.breakFloor / 2
                let ratio = Double(tail[i].degree) / Double(max(1, next))
                if ratio >= best {
                    best = ratio
                    cut = i + 1
                }
            }
            for (degree, node) in tail.prefix(cut) {
                isHub[Int(node)] = true
                let next = cut < tail.count ? tail[cut].degree : 0
                spread.append(HubCut(
                    node: node, label: graph.label(node), degree: degree, threshold: next,
                    reason: "\(kind.code) linked to \(degree) distinct entities, above a break in the \(kind.code) degrees "
                        + "(the next largest has \(next))"))
            }
        }
        for v in 0..<graph.nodeCount where !isHub[v] && graph.kind(Int32(v)) == .address {
            let degree = raw.offsets[v + 1] - raw.offsets[v]
            guard degree >= options.sharedPlaceFloor else { continue }
            let (users, largest, groups) = sharedPlaceGroups(Int32(v), raw: raw, graph: graph)
            guard users >= options.sharedPlaceFloor, 2 * largest < users else { continue }
            isHub[v] = true
            spread.append(HubCut(
                node: Int32(v), label: graph.label(Int32(v)), degree: degree, threshold: options.sharedPlaceFloor,
                reason: "address used by \(users) phones in \(groups) unrelated groups (largest \(largest)): a place shared by strangers"))
        }
        let first = weighted(graph, raw: raw, isHub: isHub)
        if !spread.isEmpty {
            hubs += spread.sorted { ($0.degree, $1.label) > ($1.degree, $0.label) }
        }
        return Projection(nodes: first.nodes, index: first.index, graph: first.graph, hubs: hubs, isHub: isHub)
    }

    /// The phones using an address, grouped by what else links them (any shared neighbour other than
    /// the address): the number of phones, the size of the largest group and the number of groups.
    static func sharedPlaceGroups(_ address: Int32, raw: WeightedGraph, graph: EntityGraph) -> (users: Int, largest: Int, groups: Int) {
        var phones: [Int32] = []
        for slot in raw.offsets[Int(address)]..<raw.offsets[Int(address) + 1] where graph.kind(raw.targets[slot]) == .phone {
            phones.append(raw.targets[slot])
        }
        guard phones.count > 1 else { return (phones.count, phones.count, phones.count) }
        var sets = UnionFind(count: phones.count)
        var owner: [Int32: Int32] = [:]
        for (i, phone) in phones.enumerated() {
            owner[phone] = Int32(i)
        }
        var seenVia: [Int32: Int32] = [:]
        for (i, phone) in phones.enumerated() {
            for slot in raw.offsets[Int(phone)]..<raw.offsets[Int(phone) + 1] {
                let other = raw.targets[slot]
                guard other != address else { continue }
                if let j = owner[other] { sets.union(Int32(i), j) }
                if let first = seenVia[other] { sets.union(Int32(i), first) } else { seenVia[other] = Int32(i) }
            }
        }
        var sizes: [Int32: Int] = [:]
        for i in 0..<phones.count { sizes[sets.find(Int32(i)), default: 0] += 1 }
        return (phones.count, sizes.values.max() ?? 0, sizes.count)
    }

    /// The damped, specificity-weighted projection of the raw link graph without hubs.
    static func weighted(_ graph: EntityGraph, raw: WeightedGraph, isHub: [Bool]) -> (nodes: [Int32], index: [Int32], graph: WeightedGraph) {
        // Keep parties that are not hubs and have at least one link, numbered in canonical order (not
        // storage order: communities, their labels and every tie after them follow these numbers).
        var kept: [Int32] = []
        for v in 0..<graph.nodeCount where !isHub[v] && raw.offsets[v + 1] > raw.offsets[v] {
            let kind = graph.kind(Int32(v))
            guard kind != .waybill && kind != .outlet else { continue }
            kept.append(Int32(v))
        }
        let nodes = CanonicalOrder.breadthFirst(kept, links: raw, in: graph)
        kept = []
        var index = [Int32](repeating: -1, count: graph.nodeCount)
        for (p, v) in nodes.enumerated() { index[Int(v)] = Int32(p) }
        let total = Double(max(1, nodes.count))
        let specificity: (Int) -> Double = { v in
            let degree = Double(max(1, raw.offsets[v + 1] - raw.offsets[v]))
            return log(1 + total / degree) / log(1 + total)
        }
        var ps: [Int32] = []
        var pt: [Int32] = []
        var pw: [Double] = []
        ps.reserveCapacity(raw.slotCount / 2)
        pt.reserveCapacity(raw.slotCount / 2)
        pw.reserveCapacity(raw.slotCount / 2)
        for v in 0..<graph.nodeCount where index[v] >= 0 {
            let sv = specificity(v)
            for slot in raw.offsets[v]..<raw.offsets[v + 1] {
                let u = Int(raw.targets[slot])
                guard u > v, index[u] >= 0 else { continue }
                let strength = raw.weights[slot]
                let damped = strength >= 1 ? 1 + log(strength) : strength
                ps.append(index[v])
                pt.append(index[u])
                // The ends' product first: the same whichever end has the smaller number.
                pw.append(damped * (sv * specificity(u)))
            }
        }
        return (nodes, index, WeightedGraph(nodeCount: nodes.count, sources: consume ps, targets: consume pt, weights: consume pw))
    }
}
