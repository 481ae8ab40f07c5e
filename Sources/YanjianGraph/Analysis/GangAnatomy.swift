import Foundation
import YanjianStore

/// Resolves the people of one candidate gang and their roles.
///
/// 1. **Actors** (entity resolution inside the group), union-find in order of strength: analysts'
///    decisions first (a split forbids any later union that would join the two, a merge is a union);
///    a phone and an address written on the same side of a waybill (not through a hub); a person,
///    retailer or business file and what it lists; files record linkage judged one person; then accounts by names, judged per person already
///    resolved — an account joins the person whose phones share the most counterparty names with it
///    (at least twice the runner-up), or the only person whose flow-linked phones use its holder name;
///    two accounts join when exactly two accounts in the data carry their holder name. Entities known
///    only from case files join the one person the same case names in the same role family (party or
///    accomplice), so co-defendants stay apart.
/// 2. **Flows** between actors: waybills sender → receiver, transfers payer → payee.
/// 3. **Roles** from directions (see ``assignRoles(count:sent:sentOutside:goods:money:)``).
/// 4. **Centrality**: PageRank on dependency edges (receiver → supplier, payer → payee) and
///    betweenness among members; the top quarter by their mean are key suspects.
struct GangAnatomy {
    let graph: EntityGraph
    let projection: Projection
    let nameLinks: [NameLink]
    /// Name-link indices per account node.
    let linksOfAccount: [Int32: [Int]]
    /// Analysts' decisions, applied over every other rule.
    let constraints: IdentityConstraints

    /// Files record linkage judged to be one person.
    let personLinks: [(Int32, Int32)]

    init(graph: EntityGraph, projection: Projection, nameLinks: [NameLink], constraints: IdentityConstraints = IdentityConstraints(),
         personLinks: [(Int32, Int32)] = []) {
        self.graph = graph
        self.projection = projection
        self.nameLinks = nameLinks
        self.constraints = constraints
        self.personLinks = personLinks
        var index: [Int32: [Int]] = [:]
        for (i, link) in nameLinks.enumerated() { index[link.account, default: []].append(i) }
        linksOfAccount = index
    }

    /// Whether an address names a dwelling or unit (室, 单元, 栋, 层, 户) rather than a street number or
    /// compound that many may share: only such addresses tie a file to a person without a name check.
    func isPrecise(_ node: Int32) -> Bool {
        let value = graph.value(node)
        return ["室", "单元", "栋", "层", "户"].contains { value.contains($0) }
    }

    /// Accomplice markers in case-link roles (同案人, 同伙, 共犯).
    static let accompliceMarkers = ["同案", "同伙", "共犯"]

    /// The resolved people of a group.
    struct Resolution {
        var members: [GangActor]
        var customers: [GangActor]
        /// Actor pairs where the payer received goods from the payee (goods paid for).
        var paidForGoods: Int
        /// Actors both paying their supplier and paid by those they supply.
        var chainLinks: Int
    }

    /// The actors of a group: members (any role but customer) and customers.
    func resolve(entities: [Int32], waybills: [Int32]) -> Resolution {
        let facts = graph.facts
        var local: [Int32: Int32] = [:]
        for (i, node) in entities.enumerated() { local[node] = Int32(i) }
        var sets = IdentitySets(count: entities.count)
        var anchored = [Bool](repeating: false, count: entities.count)
        func loc(_ node: Int32) -> Int32? { node >= 0 ? local[node] : nil }
        for (i, node) in entities.enumerated() {
            for name in knownNames(node) { sets.addName(Int32(i), name) }
        }
        for (phone, name) in consistentNames(waybills: waybills, loc: loc) { sets.addName(phone, name) }
        // Analysts' decisions first: splits bind every later union, merges are unions of their own.
        for pair in constraints.splits {
            if let a = loc(pair.a), let b = loc(pair.b) { sets.forbid(a, b) }
        }
        for pair in constraints.merges {
            if let a = loc(pair.a), let b = loc(pair.b) { sets.union(a, b, force: true) }
        }

        // Files: a file and the identifiers it lists (addresses later, they are weaker).
        var fileAddresses: [(Int32, Int32)] = []
        for (i, node) in entities.enumerated() {
            for slot in graph.slots(node) {
                let e = Int(graph.slotEdges[slot])
                switch EdgeKind(rawValue: graph.edgeKinds[e]) {
                case .personHas?, .retailerHas?, .companyHas?:
                    anchored[i] = true
                    guard let other = loc(graph.neighbours[slot]) else { continue }
                    anchored[Int(other)] = true
                    if graph.kind(node) == .address || graph.kind(graph.neighbours[slot]) == .address {
                        fileAddresses.append((Int32(i), other))
                    } else {
                        sets.union(Int32(i), other, force: true)
                    }
                case .paid?:
                    anchored[i] = true
                default: break
                }
            }
        }
        // Same side of a waybill.
        for w32 in waybills {
            let w = Int(w32)
            let sides = [(facts.senderPhone[w], facts.senderAddress[w]), (facts.receiverPhone[w], facts.receiverAddress[w])]
            for (phone, address) in sides {
                let p = loc(phone), a = loc(address)
                if let p { anchored[Int(p)] = true }
                if let a { anchored[Int(a)] = true }
                if let p, let a, !projection.isHub[Int(address)] { sets.union(p, a) }
            }
        }
        // Files record linkage judged to be one person (names agree closely, so forced past the name check).
        for (a, b) in personLinks {
            if let x = loc(a), let y = loc(b) { sets.union(x, y, force: true) }
        }
        // Unions past the name check depend on their order: take them in the entities' (canonical) order.
        fileAddresses.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        for (a, b) in fileAddresses {
            let address = graph.kind(entities[Int(a)]) == .address ? entities[Int(a)] : entities[Int(b)]
            sets.union(a, b, force: isPrecise(address))
        }
        resolveAccounts(entities: entities, loc: loc, anchored: &anchored, sets: &sets)
        attachCaseOrphans(entities: entities, loc: loc, anchored: anchored, sets: &sets)

        // Actors: sets of non-case entities.
        var actorOfRoot: [Int32: Int] = [:]
        var actorEntities: [[Int32]] = []
        var actorOf = [Int](repeating: -1, count: entities.count)
        for (i, node) in entities.enumerated() where graph.kind(node) != .caseFile {
            let root = sets.find(Int32(i))
            let actor: Int
            if let known = actorOfRoot[root] {
                actor = known
            } else {
                actor = actorEntities.count
                actorOfRoot[root] = actor
                actorEntities.append([])
            }
            actorEntities[actor].append(node)
            actorOf[i] = actor
        }
        let n = actorEntities.count
        func actor(_ node: Int32) -> Int {
            guard let l = loc(node) else { return -1 }
            return actorOf[Int(l)]
        }

        // Flows.
        var sent = [Int](repeating: 0, count: n)
        var sentOutside = [Int](repeating: 0, count: n)
        var received = [Int](repeating: 0, count: n)
        var goods: [Int: [Int: Int]] = [:]
        for w32 in waybills {
            let w = Int(w32)
            var from = actor(facts.senderPhone[w])
            let sa = facts.senderAddress[w]
            if from < 0 && sa >= 0 && !projection.isHub[Int(sa)] { from = actor(sa) }
            var to = actor(facts.receiverPhone[w])
            let ra = facts.receiverAddress[w]
            if to < 0 && ra >= 0 && !projection.isHub[Int(ra)] { to = actor(ra) }
            if from >= 0 {
                sent[from] += 1
                if to >= 0 && to != from {
                    goods[from, default: [:]][to, default: 0] += 1
                } else if to < 0 {
                    sentOutside[from] += 1
                }
            }
            if to >= 0 && to != from { received[to] += 1 }
        }
        var money: [Int: [Int: Int]] = [:]
        var transfersOut = [Int](repeating: 0, count: n)
        var transfersIn = [Int](repeating: 0, count: n)
        var transfersAll = [Int](repeating: 0, count: n)
        for node in entities where graph.kind(node) == .account {
            let from = actor(node)
            for slot in graph.slots(node) {
                let e = Int(graph.slotEdges[slot])
                guard graph.edgeKinds[e] == EdgeKind.paid.rawValue else { continue }
                if from >= 0 { transfersAll[from] += 1 }
                guard graph.edgeSource[e] == node else { continue }
                let to = actor(graph.edgeTarget[e])
                guard to >= 0, to != from else { continue }
                money[from, default: [:]][to, default: 0] += 1
                transfersOut[from] += 1
                transfersIn[to] += 1
            }
        }
        // Money says something about a role only for people who trade mostly inside the group: a
        // shop or a landlord paid by members is not one of them.
        let tradesInside = (0..<n).map { a in 2 * (transfersOut[a] + transfersIn[a]) >= transfersAll[a] }
        let roles = GangAnatomy.assignRoles(
            count: n, sent: sent, sentOutside: sentOutside, goods: goods, money: money, tradesInside: tradesInside)
        // Goods paid for: payer received goods from payee; chains: an actor on both ends.
        var paidForGoods = 0
        var payers = Set<Int>()
        var payees = Set<Int>()
        for (from, targets) in money {
            for to in targets.keys where goods[to]?[from] != nil {
                paidForGoods += 1
                payers.insert(from)
                payees.insert(to)
            }
        }
        // The decisions each actor carries, in words.
        var notes = [[String]](repeating: [], count: n)
        for (action, pairs) in [(IdentityAction.merge, constraints.merges), (.split, constraints.splits)] {
            for pair in pairs {
                let a = actor(pair.a), b = actor(pair.b)
                if a >= 0 { notes[a].append(pair.text(action, other: graph.label(pair.b))) }
                if b >= 0 && b != a { notes[b].append(pair.text(action, other: graph.label(pair.a))) }
            }
        }
        let (members, customers) = buildActors(
            roles: roles, entities: actorEntities, goods: goods, money: money, sent: sent, received: received,
            transfersOut: transfersOut, transfersIn: transfersIn, notes: notes)
        return Resolution(
            members: members, customers: customers, paidForGoods: paidForGoods, chainLinks: payers.intersection(payees).count)
    }

    /// Joins accounts to resolved people by names (see the type's documentation): counterparties and
    /// holder names first, then pairs of accounts with the same rare holder name.
    private func resolveAccounts(entities: [Int32], loc: (Int32) -> Int32?, anchored: inout [Bool], sets: inout IdentitySets) {
        var sameHolder: [(Int32, Int32, NameLink)] = []
        // Two passes: an account joined in the first pass can unite the phones another account's
        // holder name points at.
        for pass in 0..<2 {
        for node in entities where graph.kind(node) == .account {
            guard let account = loc(node), let indices = linksOfAccount[node] else { continue }
            var counterScore: [Int32: Double] = [:]
            var holderRoots = Set<Int32>()
            for index in indices {
                let link = nameLinks[index]
                guard let other = loc(link.other) else { continue }
                switch link.basis {
                case .counterparties:
                    counterScore[sets.find(other), default: 0] += link.weight
                case .holderName:
                    // The phones of the group using the holder's name must all be one person.
                    for phone in link.bearers { if let l = loc(phone) { holderRoots.insert(sets.find(l)) } }
                case .sameHolder:
                    if link.weight >= 1 && pass == 0 { sameHolder.append((account, other, link)) }
                }
            }
            let ranked = counterScore.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            if let best = ranked.first, ranked.count == 1 || best.value >= 2 * ranked[1].value {
                // Counterparties in common on both sides of the trade outweigh a name difference (a
                // card in a relative's name, a shared warehouse with several people's records).
                anchored[Int(account)] = true
                sets.union(account, best.key, force: true)
            } else if holderRoots.count == 1, let root = holderRoots.first {
                anchored[Int(account)] = true
                sets.union(account, root)
            }
        }
        }
        // Only two accounts carry the name, and the group's phones using it are this person's.
        for (account, other, link) in sameHolder {
            let roots = Set([sets.find(account), sets.find(other)])
            let bearersHere = link.bearers.allSatisfy { phone in loc(phone).map { roots.contains(sets.find($0)) } ?? true }
            guard bearersHere else { continue }
            anchored[Int(account)] = true
            anchored[Int(other)] = true
            sets.union(account, other)
        }
    }

    /// Entities known only from case files join the one person of their role family in that case.
    private func attachCaseOrphans(entities: [Int32], loc: (Int32) -> Int32?, anchored: [Bool], sets: inout IdentitySets) {
        let facts = graph.facts
        for node in entities where graph.kind(node) == .caseFile {
            var list: [(local: Int32, accomplice: Bool)] = []
            for slot in graph.slots(node) {
                let e = Int(graph.slotEdges[slot])
                guard graph.edgeKinds[e] == EdgeKind.caseNames.rawValue, graph.edgeSource[e] == node,
                    let other = loc(graph.neighbours[slot])
                else { continue }
                let role = facts.roles.string(facts.linkRole[Int(graph.edgeRecords[e])])
                list.append((other, GangAnatomy.accompliceMarkers.contains { role.contains($0) }))
            }
            for accomplice in [false, true] {
                let family = list.filter { $0.accomplice == accomplice }
                let orphans = family.filter { !anchored[Int($0.local)] }.map(\.local)
                guard let first = orphans.first else { continue }
                for other in orphans.dropFirst() { sets.union(first, other, force: true) }
                let roots = Set(family.filter { anchored[Int($0.local)] }.map { sets.find($0.local) })
                if roots.count == 1, let root = roots.first { sets.union(first, root) }
            }
        }
    }

    /// Phones of the group that use one name on most of their waybills (at least two): that name is
    /// the person's, as far as the waybills tell.
    func consistentNames(waybills: [Int32], loc: (Int32) -> Int32?) -> [(Int32, Int32)] {
        let facts = graph.facts
        var uses: [Int32: [Int32: Int]] = [:]
        var totals: [Int32: Int] = [:]
        for w32 in waybills {
            let w = Int(w32)
            for (phone, name) in [(facts.senderPhone[w], facts.senderName[w]), (facts.receiverPhone[w], facts.receiverName[w])] {
                guard let l = loc(phone) else { continue }
                totals[l, default: 0] += 1
                if name >= 0 { uses[l, default: [:]][name, default: 0] += 1 }
            }
        }
        var result: [(Int32, Int32)] = []
        for (phone, names) in uses.sorted(by: { $0.key < $1.key }) {
            // A tie goes to the name first in text order (name ids follow storage order).
            guard let best = names.max(by: { $0.value != $1.value ? $0.value < $1.value : CanonicalOrder.precedes($1.key, $0.key, in: facts.names) }),
                best.value >= 2,
                2 * best.value > totals[phone, default: 0]
            else { continue }
            result.append((phone, best.key))
        }
        return result
    }

    /// Names a node states for its person: a file's name, an account's holder names.
    func knownNames(_ node: Int32) -> [Int32] {
        let facts = graph.facts
        let ordinal = Int(graph.recordOrdinal[Int(node)])
        switch graph.kind(node) {
        case .person: return ordinal >= 0 && facts.personName[ordinal] >= 0 ? [facts.personName[ordinal]] : []
        case .licence: return ordinal >= 0 && facts.retailerOwnerName[ordinal] >= 0 ? [facts.retailerOwnerName[ordinal]] : []
        case .company: return ordinal >= 0 && facts.companyLegalName[ordinal] >= 0 ? [facts.companyLegalName[ordinal]] : []
        case .account:
            // The first three in text order (not the first three transfers stored).
            var names = Set<Int32>()
            for slot in graph.slots(node) {
                let e = Int(graph.slotEdges[slot])
                guard graph.edgeKinds[e] == EdgeKind.paid.rawValue else { continue }
                let p = Int(graph.edgeRecords[e])
                let name = graph.edgeSource[e] == node ? facts.payerName[p] : facts.payeeName[p]
                if name >= 0 { names.insert(name) }
            }
            return Array(names.sorted { CanonicalOrder.precedes($0, $1, in: facts.names) }.prefix(3))
        default: return []
        }
    }
}

/// Union-find for identity with a name check: each set keeps the names its files and accounts state,
/// and two sets stating different names are not merged through weak evidence (a shared address: a
/// shop and a home, neighbours, a family). Files listing identifiers merge by `force`.
struct IdentitySets {
    private var sets: UnionFind
    private var names: [Int32: Set<Int32>] = [:]
    /// Pairs an analyst split: no union may put them in one set, forced or not.
    private var forbidden: [(Int32, Int32)] = []

    init(count: Int) {
        sets = UnionFind(count: count)
    }

    mutating func find(_ x: Int32) -> Int32 { sets.find(x) }

    mutating func addName(_ x: Int32, _ name: Int32) {
        names[sets.find(x), default: []].insert(name)
    }

    /// Keeps `a` and `b` apart from now on.
    mutating func forbid(_ a: Int32, _ b: Int32) {
        forbidden.append((a, b))
    }

    /// Merges unless both sets state names and none is shared (always when `force`), and never when
    /// the merge would join a forbidden pair.
    mutating func union(_ a: Int32, _ b: Int32, force: Bool = false) {
        let ra = sets.find(a), rb = sets.find(b)
        guard ra != rb else { return }
        for (x, y) in forbidden {
            let rx = sets.find(x), ry = sets.find(y)
            if (rx == ra && ry == rb) || (rx == rb && ry == ra) { return }
        }
        let na = names[ra] ?? [], nb = names[rb] ?? []
        if !force && !na.isEmpty && !nb.isEmpty && na.isDisjoint(with: nb) { return }
        sets.union(ra, rb)
        let root = sets.find(ra)
        let merged = na.union(nb)
        names[ra] = nil
        names[rb] = nil
        if !merged.isEmpty { names[root] = merged }
    }
}
