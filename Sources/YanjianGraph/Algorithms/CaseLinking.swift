/// Case linking (串并组网): cases that name the same entity belong together, transitively, so a chain
/// of shared phones, addresses, accounts… joins cases opened years apart in different places.
///
/// An entity counts as shared when two cases name it directly, or when one hop through a record that
/// states identity reaches it: a waybill a case names brings in the waybill's phones and addresses; an
/// identifier a person, retailer or business file lists brings in the file's other identifiers. Hubs
/// (entities shared by crowds) never link cases. Each group keeps the spanning links that joined it,
/// with the shared entity and the record it was reached through.
public enum CaseLinking {
    /// Two cases joined through one entity.
    public struct Link: Sendable, Equatable {
        /// Case nodes.
        public var first: Int32
        public var second: Int32
        /// The shared entity.
        public var entity: Int32
        /// The record each case reached the entity through, or -1 when the case names it directly.
        public var viaFirst: Int32
        public var viaSecond: Int32
    }

    /// A group of linked cases.
    public struct Group: Sendable, Equatable {
        /// Case nodes, ordered by case number.
        public var cases: [Int32]
        /// The links of a spanning tree of the group.
        public var links: [Link]
    }

    /// Links every case of `graph`; `isHub` flags nodes that must not link anything.
    public static func groups(_ graph: EntityGraph, isHub: [Bool]) -> [Group] {
        let facts = graph.facts
        let caseCount = facts.caseNode.count
        guard caseCount > 1 else { return [] }
        // (entity, case ordinal, via) triples.
        var reach: [(entity: Int32, caseOrdinal: Int32, via: Int32)] = []
        func add(_ entity: Int32, _ c: Int32, _ via: Int32) {
            guard entity >= 0, !isHub[Int(entity)] else { return }
            reach.append((entity, c, via))
        }
        for link in 0..<facts.linkCase.count {
            let c = facts.linkCase[link]
            let entity = facts.linkEntity[link]
            add(entity, c, -1)
            let ordinal = graph.recordOrdinal[Int(entity)]
            if graph.kind(entity) == .waybill {
                if ordinal >= 0 {
                    let w = Int(ordinal)
                    for party in [facts.senderPhone[w], facts.receiverPhone[w], facts.senderAddress[w], facts.receiverAddress[w]] {
                        add(party, c, entity)
                    }
                }
                continue
            }
            // Identity files listing this entity.
            for slot in graph.slots(entity) {
                let e = Int(graph.slotEdges[slot])
                switch EdgeKind(rawValue: graph.edgeKinds[e]) {
                case .personHas?, .retailerHas?, .companyHas?:
                    let record = graph.neighbours[slot]
                    guard graph.kind(record) == .person || graph.kind(record) == .licence || graph.kind(record) == .company,
                        !isHub[Int(record)]
                    else { continue }
                    add(record, c, entity)
                    for other in graph.slots(record) {
                        let f = Int(graph.slotEdges[other])
                        guard graph.edgeSource[f] == record, graph.edgeKinds[f] == graph.edgeKinds[e] else { continue }
                        add(graph.neighbours[other], c, record)
                    }
                default: continue
                }
            }
        }
        // In canonical order (entities, cases and records by their keys, not node numbers), so that the
        // spanning links kept as each group's reasons do not follow storage order.
        var seen: [Int32] = []
        seen.reserveCapacity(3 * reach.count)
        for r in reach {
            seen.append(r.entity)
            seen.append(facts.caseNode[Int(r.caseOrdinal)])
            if r.via >= 0 { seen.append(r.via) }
        }
        let rank = CanonicalOrder.ranks(seen, in: graph)
        func key(_ r: (entity: Int32, caseOrdinal: Int32, via: Int32)) -> (Int32, Int32, Int32) {
            (rank[r.entity, default: -1], rank[facts.caseNode[Int(r.caseOrdinal)], default: -1], r.via < 0 ? -1 : rank[r.via, default: -1])
        }
        reach.sort { key($0) < key($1) }
        var sets = UnionFind(count: caseCount)
        var links: [Link] = []
        var i = 0
        while i < reach.count {
            let entity = reach[i].entity
            let first = reach[i]
            var j = i + 1
            while j < reach.count && reach[j].entity == entity {
                let other = reach[j]
                if other.caseOrdinal != first.caseOrdinal && sets.union(first.caseOrdinal, other.caseOrdinal) {
                    links.append(Link(
                        first: facts.caseNode[Int(first.caseOrdinal)], second: facts.caseNode[Int(other.caseOrdinal)],
                        entity: entity, viaFirst: first.via, viaSecond: other.via))
                }
                j += 1
            }
            i = j
        }
        var members: [Int32: [Int32]] = [:]
        for c in 0..<Int32(caseCount) { members[sets.find(c), default: []].append(facts.caseNode[Int(c)]) }
        var groupOf: [Int32: Int] = [:]
        var groups: [Group] = []
        for (_, list) in members where list.count > 1 {
            let sorted = list.sorted { graph.value($0) < graph.value($1) }
            for node in sorted { groupOf[node] = groups.count }
            groups.append(Group(cases: sorted, links: []))
        }
        for link in links {
            if let g = groupOf[link.first] { groups[g].links.append(link) }
        }
        groups.sort { graph.value($0.cases[0]) < graph.value($1.cases[0]) }
        return groups
    }
}
