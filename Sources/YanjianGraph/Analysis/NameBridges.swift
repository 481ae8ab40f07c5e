/// Communities held together only by a name.
///
/// A name link (an account's holder name matched to a phone's or another account's, ``NameResolver``)
/// is how a payments network is tied to a parcel network when people and goods are kept apart, so it
/// must be able to join a community. But two groups that each already have both — accounts paying one
/// another and phones shipping to one another — and that touch only through a name are two gangs with
/// a homonym between them (two sellers called 孙亮军 in a city are not one person): modularity, on a
/// graph of millions of links, merges any two small groups joined by one strong link.
///
/// ``split(_:_:nameLinks:graph:minimumPart:)`` takes each community apart along its non-name links; when
/// two or more of the parts are whole (accounts and phones or addresses, at least `minimumPart`
/// entities each), each becomes a community of its own, and every other part joins the whole part it
/// is most strongly name-linked to (else the largest).
enum NameBridges {
    static func split(
        _ projection: Projection, _ partition: CommunityDetection.Partition, nameLinks: [NameLink], graph: EntityGraph,
        minimumPart: Int
    ) -> CommunityDetection.Partition {
        var named: [UInt64: Double] = [:]
        for link in nameLinks {
            let a = projection.index[Int(link.account)], b = projection.index[Int(link.other)]
            guard a >= 0, b >= 0, a != b else { continue }
            named[pairKey(a, b), default: 0] += link.weight
        }
        guard !named.isEmpty else { return partition }
        var members = [[Int32]](repeating: [], count: partition.count)
        for (v, c) in partition.labels.enumerated() { members[Int(c)].append(Int32(v)) }
        var labels = partition.labels
        var count = partition.count
        var part = [Int32](repeating: -1, count: projection.graph.nodeCount)
        let weighted = projection.graph
        for community in members.indices where members[community].count >= 2 * minimumPart {
            let nodes = members[community]
            // Parts along the non-name links inside the community.
            var parts: [[Int32]] = []
            for start in nodes where part[Int(start)] < 0 {
                let id = Int32(parts.count)
                var queue = [start]
                part[Int(start)] = id
                var head = 0
                while head < queue.count {
                    let u = queue[head]
                    head += 1
                    weighted.forEachWeightedNeighbor(of: u) { v, _ in
                        guard part[Int(v)] < 0, labels[Int(v)] == Int32(community), named[pairKey(u, v)] == nil else { return }
                        part[Int(v)] = id
                        queue.append(v)
                    }
                }
                parts.append(queue)
            }
            defer { for v in nodes { part[Int(v)] = -1 } }
            let whole = parts.indices.filter { parts[$0].count >= minimumPart && isWhole(parts[$0], projection, graph) }
            guard whole.count >= 2 else { continue }
            // Each whole part a community (the largest keeps the label); the rest join the whole part
            // they are most name-linked to.
            let ordered = whole.sorted { parts[$0].count > parts[$1].count }
            var labelOfPart = [Int32](repeating: -1, count: parts.count)
            for (rank, p) in ordered.enumerated() {
                labelOfPart[p] = rank == 0 ? Int32(community) : Int32(count)
                if rank > 0 { count += 1 }
            }
            for p in parts.indices where labelOfPart[p] < 0 {
                var pull = [Double](repeating: 0, count: parts.count)
                for u in parts[p] {
                    weighted.forEachWeightedNeighbor(of: u) { v, _ in
                        let q = part[Int(v)]
                        guard q >= 0, labels[Int(v)] == Int32(community), let w = named[pairKey(u, v)] else { return }
                        pull[Int(q)] += w
                    }
                }
                let target = ordered.max { pull[$0] < pull[$1] } ?? ordered[0]
                labelOfPart[p] = labelOfPart[pull[target] > 0 ? target : ordered[0]]
            }
            for p in parts.indices {
                for v in parts[p] { labels[Int(v)] = labelOfPart[p] }
            }
        }
        return CommunityDetection.Partition(labels: labels, count: count)
    }

    /// Whether a part holds both sides of a trade: a payment account and a phone or address.
    static func isWhole(_ nodes: [Int32], _ projection: Projection, _ graph: EntityGraph) -> Bool {
        var money = false, goods = false
        for v in nodes {
            switch graph.kind(projection.nodes[Int(v)]) {
            case .account: money = true
            case .phone, .address: goods = true
            default: break
            }
            if money && goods { return true }
        }
        return false
    }

    @inline(__always) static func pairKey(_ a: Int32, _ b: Int32) -> UInt64 {
        let (low, high) = a < b ? (a, b) : (b, a)
        return UInt64(UInt32(low)) << 32 | UInt64(UInt32(high))
    }
}
