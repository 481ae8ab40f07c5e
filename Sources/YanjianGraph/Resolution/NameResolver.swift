import Foundation

/// A link between a payment account and a phone or another account, inferred from names: accounts
/// carry holder names, waybills carry sender and receiver names, and the same person shows up under
/// the same name on both sides.
public struct NameLink: Sendable, Equatable {
    /// How the link was inferred.
    public enum Basis: UInt8, Sendable {
        /// The account's holder name is the name a phone consistently uses on waybills.
        case holderName
        /// The people the account pays or is paid by are the people the phone ships to or receives
        /// from (微信收款, 快递发货): several specific names in common.
        case counterparties
        /// Two accounts with the same uncommon holder name.
        case sameHolder
    }

    /// The account node.
    public var account: Int32
    /// The phone or account node it is linked to.
    public var other: Int32
    /// Strength in `0…3`, used as a projection weight.
    public var weight: Double
    /// How it was inferred.
    public var basis: Basis
    /// The names that matched (ids in `facts.names`), at most five.
    public var names: [Int32]
    /// For `holderName` and `sameHolder`: the phones that consistently use the name, so that the link
    /// can be accepted only where they all turn out to be one person.
    public var bearers: [Int32] = []
}

/// Entity resolution of payment accounts by names (accounts have no other key in common with
/// waybills). Three rules, each judged by how specific the names are in this data set:
///
/// - **Holder name**: account A held by N; phone P uses N as its own name on at least
///   `minimumNameShare` of its waybills; no more than `maximumBearers` phones use N that way, and the
///   link carries them all so that gang resolution accepts it only where they are one person.
/// - **Counterparties**: the names that pay A are names P ships to, and the names A pays are names P
///   receives from (money flows against goods): at least `minimumSharedNames` names and at least
///   `minimumSharedFraction` of A's counterparty names in common, each name used by at most
///   `maximumNamePhones` phones; weighted by their inverse document frequency.
/// - **Same holder**: accounts held by the same name when at most `maximumCandidates` accounts and at
///   most `maximumBearers` phones carry it; the phones travel with the link so that gang resolution
///   accepts it only where they all belong to the same person.
public struct NameResolver: Sendable {
    public var minimumNameShare: Double = 0.3
    public var maximumCandidates: Int = 3
    public var minimumSharedNames: Int = 2
    public var maximumNamePhones: Int = 50
    /// Accounts with more distinct counterparties than this are services, not people: skipped.
    public var maximumCounterparties: Int = 200
    /// Least share of an account's counterparty names (in one direction) a phone must share: a
    /// merchant paid by a crowd shares a few names with everybody, a person's account most of its names
    /// with that person's phones.
    public var minimumSharedFraction: Double = 0.25
    /// Most phones consistently using a name for a same-holder link.
    public var maximumBearers: Int = 10

    /// Creates a resolver with the default rules.
    public init() {}

    /// Infers the links for the whole graph.
    public func links(_ graph: EntityGraph) -> [NameLink] {
        let facts = graph.facts
        let nameCount = facts.names.count
        guard nameCount > 0 else { return [] }

        // (phone, name) usage as the phone's own name.
        var own: [UInt64] = []
        own.reserveCapacity(facts.waybillCount * 2)
        // (name, phone) as a counterparty name, by direction: names a phone ships to, and names it
        // receives from. Money flows against goods, so the names paying an account are matched with
        // the names a phone ships to, and the names an account pays with those it receives from.
        var shippedTo: [UInt64] = []
        var receivedFrom: [UInt64] = []
        shippedTo.reserveCapacity(facts.waybillCount)
        receivedFrom.reserveCapacity(facts.waybillCount)
        for w in 0..<facts.waybillCount {
            let sp = facts.senderPhone[w], rp = facts.receiverPhone[w]
            let sn = facts.senderName[w], rn = facts.receiverName[w]
            if sp >= 0 && sn >= 0 { own.append(pack(sp, sn)) }
            if rp >= 0 && rn >= 0 { own.append(pack(rp, rn)) }
            if sp >= 0 && rn >= 0 { shippedTo.append(pack(rn, sp)) }
            if rp >= 0 && sn >= 0 { receivedFrom.append(pack(sn, rp)) }
        }
        own.radixSort()

        // Consistent users per name.
        var consistent: [UInt64] = []  // (name, phone) with share ≥ minimumNameShare
        var i = 0
        while i < own.count {
            let phone = high(own[i])
            var j = i
            var total = 0
            while j < own.count && high(own[j]) == phone { j += 1 }
            total = j - i
            var k = i
            while k < j {
                let name = low(own[k])
                var l = k
                while l < j && low(own[l]) == name { l += 1 }
                if Double(l - k) / Double(total) >= minimumNameShare { consistent.append(pack(name, phone)) }
                k = l
            }
            i = j
        }
        consistent.radixSort()
        let consistentRanges = ranges(consistent, keyCount: nameCount)

        let shippedToIndex = NameIndex(pairs: consume shippedTo, keyCount: nameCount)
        let receivedFromIndex = NameIndex(pairs: consume receivedFrom, keyCount: nameCount)
        // Distinct phones, counted on the sorted pairs (a set of millions of phones was the largest
        // allocation of this step).
        var phones = 0
        for index in own.indices where index == 0 || high(own[index]) != high(own[index - 1]) { phones += 1 }
        let phoneTotal = max(2.0, Double(phones))

        // Accounts: holder names and counterparty names.
        var holder: [UInt64] = []  // (account, name)
        var paidBy: [UInt64] = []  // (account, name of a payer)
        var pays: [UInt64] = []  // (account, name of a payee)
        for p in 0..<facts.paymentCount {
            let payer = facts.payer[p], payee = facts.payee[p]
            let payerName = facts.payerName[p], payeeName = facts.payeeName[p]
            if payerName >= 0 { holder.append(pack(payer, payerName)) }
            if payeeName >= 0 { holder.append(pack(payee, payeeName)) }
            if payeeName >= 0 { pays.append(pack(payer, payeeName)) }
            if payerName >= 0 { paidBy.append(pack(payee, payerName)) }
        }
        holder.radixSort()
        var holderOf: [(account: Int32, name: Int32)] = []
        i = 0
        while i < holder.count {
            let account = high(holder[i])
            var best: Int32 = -1
            var bestCount = 0
            var k = i
            while k < holder.count && high(holder[k]) == account {
                var l = k
                while l < holder.count && holder[l] == holder[k] { l += 1 }
                if l - k > bestCount {
                    bestCount = l - k
                    best = low(holder[k])
                }
                k = l
            }
            holderOf.append((account, best))
            i = k
        }
        var accountsPerName = [Int32](repeating: 0, count: nameCount)
        for entry in holderOf where entry.name >= 0 { accountsPerName[Int(entry.name)] += 1 }
        var consistentPhones = [Int32](repeating: 0, count: nameCount)
        for pair in consistent { consistentPhones[Int(high(pair))] += 1 }

        var links: [NameLink] = []
        // Holder name → consistent phones (all of them travel with each link).
        for entry in holderOf where entry.name >= 0 {
            guard let range = consistentRanges[entry.name], range.count <= maximumBearers else { continue }
            let bearers = range.map { low(consistent[$0]) }
            for phone in bearers {
                links.append(NameLink(
                    account: entry.account, other: phone, weight: 1 / Double(range.count),
                    basis: .holderName, names: [entry.name], bearers: bearers))
            }
        }
        // Same holder name between accounts, when the name is rare: few accounts and few phones carry it.
        var byName: [Int32: [Int32]] = [:]
        for entry in holderOf where entry.name >= 0 && accountsPerName[Int(entry.name)] >= 2 {
            guard Int(accountsPerName[Int(entry.name)]) <= maximumCandidates,
                Int(consistentPhones[Int(entry.name)]) <= maximumBearers
            else { continue }
            byName[entry.name, default: []].append(entry.account)
        }
        for (name, accounts) in byName.sorted(by: { $0.key < $1.key }) {
            let weight = 1 / Double(accounts.count - 1)
            let bearers = consistentRanges[name].map { $0.map { low(consistent[$0]) } } ?? []
            for a in 0..<accounts.count {
                for b in (a + 1)..<accounts.count {
                    links.append(NameLink(
                        account: accounts[a], other: accounts[b], weight: weight, basis: .sameHolder, names: [name],
                        bearers: bearers))
                }
            }
        }
        // Counterparties in common, in the direction money pays for goods.
        let paidByIndex = NameIndex(pairs: consume paidBy, keyCount: 0)
        let paysIndex = NameIndex(pairs: consume pays, keyCount: 0)
        var scores: [Int32: (score: Double, names: [Int32])] = [:]
        var accounts = facts.payer + facts.payee
        accounts.sort()
        var lastAccount: Int32 = -1
        for account in accounts where account != lastAccount {
            lastAccount = account
            scores.removeAll(keepingCapacity: true)
            let directions = [(paidByIndex.names(of: account), shippedToIndex), (paysIndex.names(of: account), receivedFromIndex)]
            let total = directions.reduce(0) { $0 + $1.0.count }
            guard total >= minimumSharedNames, total <= maximumCounterparties else { continue }
            var sharedCount: [Int32: Int] = [:]
            // Names that appear on waybills in the matching role at all (a platform's name never does).
            var matchable = 0
            for (names, phones) in directions {
                for name in names {
                    let range = phones.range(name)
                    guard !range.isEmpty else { continue }
                    matchable += 1
                    guard range.count <= maximumNamePhones else { continue }
                    let idf = log(phoneTotal / Double(range.count))
                    for slot in range {
                        let phone = phones.value(slot)
                        sharedCount[phone, default: 0] += 1
                        var entry = scores[phone] ?? (0, [])
                        entry.score += idf
                        if entry.names.count < 5 { entry.names.append(name) }
                        scores[phone] = entry
                    }
                }
            }
            for (phone, entry) in scores where entry.names.count >= minimumSharedNames
                && Double(sharedCount[phone, default: 0]) >= minimumSharedFraction * Double(matchable) {
                links.append(NameLink(
                    account: account, other: phone, weight: min(3, entry.score / log(phoneTotal)),
                    basis: .counterparties, names: entry.names))
            }
        }
        // Exact weights in canonical order: sums over the links and the order gang resolution tries them
        // in must not follow storage order (see ``CanonicalOrder``).
        var ends: [Int32] = []
        ends.reserveCapacity(2 * links.count)
        for link in links {
            ends.append(link.account)
            ends.append(link.other)
        }
        let rank = CanonicalOrder.ranks(ends, in: graph)
        for i in links.indices {
            links[i].weight = CanonicalOrder.exact(links[i].weight)
            // Two accounts of one holder name: the one first in canonical order is `account`.
            let (account, other) = (links[i].account, links[i].other)
            if links[i].basis == .sameHolder && rank[other, default: 0] < rank[account, default: 0] {
                (links[i].account, links[i].other) = (other, account)
            }
        }
        links.sort {
            (rank[$0.account, default: 0], rank[$0.other, default: 0], $0.basis.rawValue)
                < (rank[$1.account, default: 0], rank[$1.other, default: 0], $1.basis.rawValue)
        }
        return links
    }

    @inline(__always) private func pack(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(a)) << 32 | UInt64(UInt32(b)) }
    @inline(__always) private func high(_ x: UInt64) -> Int32 { Int32(truncatingIfNeeded: x >> 32) }
    @inline(__always) private func low(_ x: UInt64) -> Int32 { Int32(truncatingIfNeeded: x & 0xFFFF_FFFF) }

    /// CSR offsets of a sorted array by its high halves (`0..<keyCount`).
    private func ranges(_ sorted: [UInt64], keyCount: Int) -> Ranges {
        var offsets = [Int](repeating: 0, count: keyCount + 1)
        for x in sorted { offsets[Int(high(x)) + 1] += 1 }
        for k in 0..<keyCount { offsets[k + 1] += offsets[k] }
        return Ranges(offsets: offsets)
    }

    /// Slot ranges per key.
    struct Ranges {
        let offsets: [Int]
        subscript(_ key: Int32) -> Range<Int>? {
            let range = offsets[Int(key)]..<offsets[Int(key) + 1]
            return range.isEmpty ? nil : range
        }
    }
}

/// Distinct `(key, value)` pairs grouped by key: a CSR over keys when `keyCount > 0`, otherwise a
/// binary search over the sorted pairs (for sparse keys such as account nodes).
struct NameIndex {
    private let pairs: [UInt64]
    private let offsets: [Int]

    /// Sorts and deduplicates `raw` in place (the caller hands it over: these arrays hold millions of
    /// pairs at the link analysis's memory peak).
    init(pairs raw: consuming [UInt64], keyCount: Int) {
        var distinct = raw
        distinct.sortAndRemoveDuplicates()
        pairs = distinct
        if keyCount > 0 {
            var offsets = [Int](repeating: 0, count: keyCount + 1)
            for x in distinct { offsets[Int(x >> 32) + 1] += 1 }
            for k in 0..<keyCount { offsets[k + 1] += offsets[k] }
            self.offsets = offsets
        } else {
            offsets = []
        }
    }

    /// The slots of `key`.
    func range(_ key: Int32) -> Range<Int> {
        if !offsets.isEmpty { return offsets[Int(key)]..<offsets[Int(key) + 1] }
        let low = lowerBound(UInt64(UInt32(key)) << 32)
        let high = lowerBound((UInt64(UInt32(key)) + 1) << 32)
        return low..<high
    }

    /// The value at a slot.
    func value(_ slot: Int) -> Int32 { Int32(truncatingIfNeeded: pairs[slot] & 0xFFFF_FFFF) }

    /// The distinct values of `key`.
    func names(of key: Int32) -> [Int32] { range(key).map(value) }

    private func lowerBound(_ target: UInt64) -> Int {
        var low = 0
        var high = pairs.count
        while low < high {
            let mid = (low + high) / 2
            if pairs[mid] < target { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
