/// Joins communities that are one operation. Modularity may cut a gang along its tiers — a
/// distributor with its suppliers in one community, each seller with its buyers in another, even a
/// seller's receiving phone from the phones it ships with — because each part is denser inside than
/// between.
///
/// Two communities that both show behavioural evidence (candidates) are joined when they are tied at
/// least `minimumLinks` times by identity — one phone used at an address of the other (each waybill
/// counts), a file listing identifiers of both (counts twice) — or by supply: smuggling-like parcels
/// (carton-sized with a disguised description, or flagged by x-ray or seizure) sent to someone who
/// ships onward. Parcels to end buyers and transfers do not join candidates: two gangs may share a
/// customer. A community without evidence joins the one candidate it is most tied with in the same
/// ways, and never bridges two. A file's address ties nothing when another holder's file lists it too
/// (``addressesOfSeveralHolders(_:)``).
public struct GangAssembly: Sendable {
    /// Fewest ties between two communities to join them.
    public var minimumLinks: Int

    /// Creates an assembly rule.
    public init(minimumLinks: Int = 2) {
        self.minimumLinks = minimumLinks
    }

    /// New community labels (per projection index) after joining, and their count.
    public func merge(graph: EntityGraph, projection: Projection, labels: [Int32], count: Int, evidence: GangEvidence) -> CommunityDetection.Partition {
        let facts = graph.facts
        func community(_ node: Int32) -> Int32 {
            guard node >= 0 else { return -1 }
            let p = projection.index[Int(node)]
            return p >= 0 ? labels[Int(p)] : -1
        }
        let candidate = (0..<count).map { evidence.isCandidate($0) }
        // Nodes that send parcels (resellers, when they receive smuggling-like ones).
        var sends = [Bool](repeating: false, count: graph.nodeCount)
        for w in 0..<facts.waybillCount {
            if facts.senderPhone[w] >= 0 { sends[Int(facts.senderPhone[w])] = true }
            if facts.senderAddress[w] >= 0 { sends[Int(facts.senderAddress[w])] = true }
        }
        var strong: [UInt64: Int] = [:]
        func add(_ a: Int32, _ b: Int32, _ weight: Int, strongTie: Bool) {
            guard strongTie, a >= 0, b >= 0, a != b, candidate[Int(a)] || candidate[Int(b)] else { return }
            let key = UInt64(UInt32(min(a, b))) << 32 | UInt64(UInt32(max(a, b)))
            strong[key, default: 0] += weight
        }
        let antMask = RecordFacts.WaybillFlag.cartonSized | RecordFacts.WaybillFlag.disguised
        let inspectMask = RecordFacts.WaybillFlag.xray | RecordFacts.WaybillFlag.seized
        for w in 0..<facts.waybillCount {
            let sp = facts.senderPhone[w], rp = facts.receiverPhone[w]
            let sa = facts.senderAddress[w], ra = facts.receiverAddress[w]
            if sp >= 0 && sa >= 0 { add(community(sp), community(sa), 1, strongTie: true) }
            if rp >= 0 && ra >= 0 { add(community(rp), community(ra), 1, strongTie: true) }
            let flags = facts.waybillFlags[w]
            guard flags & antMask == antMask || flags & inspectMask != 0 else { continue }
            let receiver = rp >= 0 ? rp : ra
            let reseller = receiver >= 0 && sends[Int(receiver)]
            add(community(sp >= 0 ? sp : sa), community(receiver), 1, strongTie: reseller)
        }
        let sharedAddresses = Self.addressesOfSeveralHolders(graph)
        for e in 0..<graph.edgeCount {
            switch EdgeKind(rawValue: graph.edgeKinds[e]) {
            case .personHas?, .retailerHas?, .companyHas?:
                let target = graph.edgeTarget[e]
                if sharedAddresses.contains(target) { continue }
                add(community(graph.edgeSource[e]), community(target), 2, strongTie: true)
            default: continue
            }
        }
        var sets = UnionFind(count: count)
        for (key, n) in strong.sorted(by: { $0.key < $1.key }) where n >= minimumLinks {
            let a = Int32(truncatingIfNeeded: key >> 32), b = Int32(truncatingIfNeeded: key & 0xFFFF_FFFF)
            if candidate[Int(a)] && candidate[Int(b)] { sets.union(a, b) }
        }
        var bestCandidate: [Int32: (candidate: Int32, links: Int)] = [:]
        for (key, n) in strong.sorted(by: { $0.key < $1.key }) where n >= minimumLinks {
            let a = Int32(truncatingIfNeeded: key >> 32), b = Int32(truncatingIfNeeded: key & 0xFFFF_FFFF)
            switch (candidate[Int(a)], candidate[Int(b)]) {
            case (false, true): if n > bestCandidate[a]?.links ?? 0 { bestCandidate[a] = (b, n) }
            case (true, false): if n > bestCandidate[b]?.links ?? 0 { bestCandidate[b] = (a, n) }
            case (true, true), (false, false): break
            }
        }
        for (community, best) in bestCandidate.sorted(by: { $0.key < $1.key }) { sets.union(community, best.candidate) }
        let (groupOf, groups) = sets.labels()
        return CommunityDetection.Partition(labels: labels.map { groupOf[Int($0)] }, count: groups)
    }

    /// Addresses that the files of two or more holders list: two shops at one street number, a
    /// family's home, an office block. They say where people are, not who they are, so a file's
    /// address does not tie its community to the community using the address when another holder's
    /// file lists it too. Files are one holder when they list the same ID number or one lists the
    /// other (a licence and its business registration).
    static func addressesOfSeveralHolders(_ graph: EntityGraph) -> Set<Int32> {
        var fileEdges: [Int32] = []
        var compact: [Int32: Int32] = [:]
        func number(_ node: Int32) -> Int32 {
            if let known = compact[node] { return known }
            let next = Int32(compact.count)
            compact[node] = next
            return next
        }
        var pairs: [(Int32, Int32)] = []
        for e in 0..<graph.edgeCount {
            switch EdgeKind(rawValue: graph.edgeKinds[e]) {
            case .personHas?, .retailerHas?, .companyHas?:
                let target = graph.edgeTarget[e]
                switch graph.kind(target) {
                case .address: fileEdges.append(Int32(e))
                case .idNo, .company: pairs.append((number(graph.edgeSource[e]), number(target)))
                default: break
                }
            default: continue
            }
        }
        guard !fileEdges.isEmpty else { return [] }
        for e in fileEdges { _ = number(graph.edgeSource[Int(e)]) }
        var holders = UnionFind(count: compact.count)
        for (a, b) in pairs { holders.union(a, b) }
        var holderAt: [Int32: Int32] = [:]
        var shared: Set<Int32> = []
        for e in fileEdges {
            guard let file = compact[graph.edgeSource[Int(e)]] else { continue }
            let address = graph.edgeTarget[Int(e)]
            let holder = holders.find(file)
            if let seen = holderAt[address] {
                if seen != holder { shared.insert(address) }
            } else {
                holderAt[address] = holder
            }
        }
        return shared
    }
}
