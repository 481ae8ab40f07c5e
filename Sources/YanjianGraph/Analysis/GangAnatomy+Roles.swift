extension GangAnatomy {
    /// Roles from the directions of goods and money inside the group:
    ///
    /// - a **supplier** is a shipper whose parcels go mostly to people in the group who ship onward;
    ///   a supplier that is itself supplied by a supplier, or pays someone in the group, is a
    ///   **distributor**, otherwise a **source**;
    /// - a **seller** ships mostly to people who ship nothing (or out of the group) and is supplied by
    ///   a supplier or pays one; without any supplier in the group, every such shipper is a seller;
    /// - someone who ships nothing is a **seller** when supplied mostly by suppliers (selling locally)
    ///   and a **customer** when supplied only by sellers;
    /// - with no goods at all, money decides for people who trade mostly inside the group, because
    ///   money flows up the tiers: paying a source makes a
    ///   distributor, paying a distributor a seller, paying a seller a customer, and the reverse for
    ///   receiving;
    /// - anyone else is an **associate** (kept only when a case or money ties them to suppliers).
    static func assignRoles(
        count n: Int, sent: [Int], sentOutside: [Int], goods: [Int: [Int: Int]], money: [Int: [Int: Int]], tradesInside: [Bool]
    ) -> [GangRole] {
        var roles = [GangRole](repeating: .associate, count: n)
        let shipper = sent.map { $0 > 0 }
        var inbound = [[(from: Int, count: Int)]](repeating: [], count: n)
        for (from, targets) in goods {
            for (to, count) in targets { inbound[to].append((from, count)) }
        }
        var paysTo = [[(to: Int, count: Int)]](repeating: [], count: n)
        var paidBy = [[(from: Int, count: Int)]](repeating: [], count: n)
        for (from, targets) in money {
            for (to, count) in targets {
                paysTo[from].append((to, count))
                paidBy[to].append((from, count))
            }
        }
        var supplier = [Bool](repeating: false, count: n)
        for a in 0..<n where shipper[a] {
            var toResellers = 0
            for (to, count) in goods[a] ?? [:] where shipper[to] { toResellers += count }
            supplier[a] = 2 * toResellers > sent[a]
        }
        let hasSuppliers = supplier.contains(true)
        for a in 0..<n where supplier[a] {
            let supplied = inbound[a].contains { supplier[$0.from] && $0.from != a }
            roles[a] = supplied || !paysTo[a].isEmpty ? .distributor : .source
        }
        for a in 0..<n where shipper[a] && !supplier[a] {
            let supplied = inbound[a].contains { supplier[$0.from] } || paysTo[a].contains { supplier[$0.to] }
            if supplied || !hasSuppliers { roles[a] = .seller }
        }
        for b in 0..<n where !shipper[b] {
            var fromUpper = 0
            var fromSellers = 0
            for (from, count) in inbound[b] {
                switch roles[from] {
                case .source, .distributor: fromUpper += count
                case .seller: fromSellers += count
                case .associate, .customer: break
                }
            }
            if fromUpper > 0 || fromSellers > 0 {
                roles[b] = fromUpper > fromSellers ? .seller : .customer
                continue
            }
            guard tradesInside[b] else { continue }
            var votes: [GangRole: Int] = [:]
            for (to, count) in paysTo[b] {
                switch roles[to] {
                case .source: votes[.distributor, default: 0] += count
                case .distributor: votes[.seller, default: 0] += count
                case .seller: votes[.customer, default: 0] += count
                case .associate, .customer: break
                }
            }
            // Being paid says little unless several people pay (rent, a single debt): count it only
            // from two payers up.
            for (from, count) in paidBy[b] where paidBy[b].count >= 2 {
                switch roles[from] {
                case .distributor: votes[.source, default: 0] += count
                case .seller: votes[.distributor, default: 0] += count
                case .customer: votes[.seller, default: 0] += count
                case .source, .associate: break
                }
            }
            if let best = votes.max(by: { ($0.value, $1.key.rawValue) < ($1.value, $0.key.rawValue) }) {
                roles[b] = best.key
            }
        }
        return roles
    }
}
