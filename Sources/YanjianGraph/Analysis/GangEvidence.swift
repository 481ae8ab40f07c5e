import Foundation
import YanjianCore

/// One family of evidence that a group smuggles, judged against the whole data set's own rates.
public struct EvidenceItem: Sendable, Equatable, Codable {
    /// The family.
    public enum Family: String, Sendable, Codable, CaseIterable {
        /// Entities named in case files (past cases, seizures).
        case cases
        /// Waybills flagged by x-ray or seized.
        case inspection
        /// Ant moving (蚂蚁搬家): one-piece, carton-sized parcels with a disguised description.
        case antMoving = "ant_moving"
        /// People and goods separated (人货分离): one address sending with several phones, one phone
        /// sending under many names.
        case rotation
        /// Sender phones from virtual operators (170/171/162/165/167).
        case virtualPhones = "virtual_phones"
        /// Goods paid for up the chain: people paying the people who ship to them, on two tiers.
        case moneyChain = "money_chain"
    }

    public var family: Family
    /// What was counted, out of how many, and the baseline rate.
    public var count: Int
    public var outOf: Int
    public var baseline: Double
    /// `-log10` of the chance of seeing at least `count` (see ``Surprisal``).
    public var surprisal: Double
    /// A sentence for people.
    public var text: String

    /// How many times the baseline rate the group shows (infinite when the baseline is 0).
    public var lift: Double {
        guard outOf > 0 else { return 0 }
        return baseline > 0 ? Double(count) / Double(outOf) / baseline : .infinity
    }

    /// Whether this family counts as present: unlikely by chance (p < 0.001) and a real effect (at
    /// least twice the baseline rate), so that a large group is not flagged for a small excess.
    public var isPresent: Bool { surprisal >= GangEvidence.presence && lift >= GangEvidence.minimumLift }
}

/// Per-community evidence: counts over each community's waybills and entities, and baseline rates
/// over all of them. A community is a gang when at least two families are present and one of them is
/// behavioural (ant moving or rotation): a case file alone, or a heavy but consistent sender of small
/// tea parcels alone, is not a gang. The money chain is judged once the people are resolved.
public struct GangEvidence: Sendable {
    /// Surprisal from which a family counts as present: p < 0.001.
    public static let presence = 3.0
    /// Smallest ratio to the baseline rate that counts as an effect.
    public static let minimumLift = 2.0
    /// Cap per family in the total score, so one overwhelming family cannot carry a group.
    public static let cap = 10.0

    /// Evidence per community.
    public let items: [[EvidenceItem]]
    /// Waybills per community, ascending: those it sent (sender side in the community) or received.
    public let waybills: GroupedValues
    /// Baseline rates, for reports.
    public let baselines: [EvidenceItem.Family: Double]

    /// Whether community `c` is worth resolving: a behavioural family (ant moving or rotation) is
    /// present. The gang decision (``qualifies(_:)``) adds the evidence found while resolving it.
    public func isCandidate(_ c: Int) -> Bool {
        items[c].contains { $0.isPresent && ($0.family == .antMoving || $0.family == .rotation) }
    }

    /// Whether evidence `items` make a gang: a behavioural family and at least two families present.
    public static func qualifies(_ items: [EvidenceItem]) -> Bool {
        let present = items.filter(\.isPresent)
        let behavioural = present.contains { $0.family == .antMoving || $0.family == .rotation }
        return behavioural && present.count >= 2
    }

    /// The total score of evidence items: capped surprisals of the present families, summed.
    public static func score(_ items: [EvidenceItem]) -> Double {
        items.filter(\.isPresent).reduce(0) { $0 + min(GangEvidence.cap, $1.surprisal) }
    }

    /// What the evidence is judged by that does not depend on the partition: the data's own rates and
    /// which addresses and phones rotate. Link analysis computes it once and judges two partitions by
    /// it (before and after communities are joined); computing it again took 1.9 s of the gangs step's
    /// 10 on the 4.31M-waybill graph.
    public struct Base: Sendable {
        let antRate: Double
        let inspectRate: Double
        /// Sending addresses (not hubs), with whether 3 or more phones send from them.
        let addresses: [(node: Int32, rotating: Bool)]
        /// Sending phones with names, with whether they change names and whether they are virtual.
        let phones: [(node: Int32, rotating: Bool, virtual: Bool)]
        let addressRate: Double
        let nameRate: Double
        let virtualRate: Double
        /// Per graph node: named in a case file, directly or through a waybill the case names.
        let caseLinked: [Bool]
        let linkedRate: Double

        /// The rates and flags of `graph` with the hubs of `projection` cut.
        public init(graph: EntityGraph, projection: Projection) {
            let facts = graph.facts
            let antMask = RecordFacts.WaybillFlag.cartonSized | RecordFacts.WaybillFlag.disguised
            let inspectMask = RecordFacts.WaybillFlag.xray | RecordFacts.WaybillFlag.seized
            var globalAnt = 0
            var globalInspected = 0
            // Per (address, phone) sending pairs; per sender phone the names it sends under.
            var senderPairs: [UInt64] = []
            var phoneNames: [UInt64] = []
            senderPairs.reserveCapacity(facts.waybillCount)
            phoneNames.reserveCapacity(facts.waybillCount)
            for w in 0..<facts.waybillCount {
                let flags = facts.waybillFlags[w]
                if flags & antMask == antMask { globalAnt += 1 }
                if flags & inspectMask != 0 { globalInspected += 1 }
                let sp = facts.senderPhone[w], sa = facts.senderAddress[w]
                if sp >= 0 && sa >= 0 && !projection.isHub[Int(sa)] { senderPairs.append(UInt64(UInt32(sa)) << 32 | UInt64(UInt32(sp))) }
                if sp >= 0 && facts.senderName[w] >= 0 { phoneNames.append(UInt64(UInt32(sp)) << 32 | UInt64(UInt32(facts.senderName[w]))) }
            }
            let total = max(1, facts.waybillCount)
            antRate = Double(globalAnt) / Double(total)
            inspectRate = Double(globalInspected) / Double(total)

            // Rotation: addresses sending with ≥ 3 phones; phones sending under ≥ 3 names, none dominant.
            senderPairs.radixSort()
            var addresses: [(node: Int32, rotating: Bool)] = []
            var i = 0
            while i < senderPairs.count {
                let address = Int32(truncatingIfNeeded: senderPairs[i] >> 32)
                var phones = 0
                var previous = UInt64.max
                while i < senderPairs.count && Int32(truncatingIfNeeded: senderPairs[i] >> 32) == address {
                    if senderPairs[i] != previous { phones += 1 }
                    previous = senderPairs[i]
                    i += 1
                }
                addresses.append((address, phones >= 3))
            }
            senderPairs = []
            phoneNames.radixSort()
            var phones: [(node: Int32, rotating: Bool, virtual: Bool)] = []
            i = 0
            while i < phoneNames.count {
                let phone = Int32(truncatingIfNeeded: phoneNames[i] >> 32)
                var totalSent = 0
                var distinct = 0
                var topCount = 0
                while i < phoneNames.count && Int32(truncatingIfNeeded: phoneNames[i] >> 32) == phone {
                    let value = phoneNames[i]
                    var run = 0
                    while i < phoneNames.count && phoneNames[i] == value {
                        run += 1
                        i += 1
                    }
                    distinct += 1
                    totalSent += run
                    topCount = max(topCount, run)
                }
                let rotating = distinct >= 3 && Double(topCount) < 0.5 * Double(totalSent)
                let isVirtual = PhoneNumber.virtualPrefixes.contains(String(decoding: graph.keys.bytes(phone).dropFirst().prefix(3), as: UTF8.self))
                phones.append((phone, rotating, isVirtual))
            }
            self.addresses = addresses
            self.phones = phones
            addressRate = Double(addresses.lazy.filter(\.rotating).count) / Double(max(1, addresses.count))
            nameRate = Double(phones.lazy.filter(\.rotating).count) / Double(max(1, phones.count))
            virtualRate = Double(phones.lazy.filter(\.virtual).count) / Double(max(1, phones.count))

            // Case-linked entities.
            var caseLinked = [Bool](repeating: false, count: graph.nodeCount)
            for link in 0..<facts.linkCase.count {
                let entity = facts.linkEntity[link]
                caseLinked[Int(entity)] = true
                let ordinal = graph.recordOrdinal[Int(entity)]
                if graph.nodeKinds[Int(entity)] == EntityKind.waybill.rawValue, ordinal >= 0 {
                    for party in [facts.senderPhone[Int(ordinal)], facts.receiverPhone[Int(ordinal)]] where party >= 0 {
                        caseLinked[Int(party)] = true
                    }
                }
            }
            var entities = 0
            var linked = 0
            for node in projection.nodes where graph.nodeKinds[Int(node)] != EntityKind.caseFile.rawValue {
                entities += 1
                if caseLinked[Int(node)] { linked += 1 }
            }
            self.caseLinked = caseLinked
            linkedRate = Double(linked) / Double(max(1, entities))
        }
    }

    /// Computes evidence for every community of `projection` (labels per projection index), judged by
    /// `base`.
    public static func compute(_ base: Base, graph: EntityGraph, projection: Projection, labels: [Int32], communityCount: Int) -> GangEvidence {
        let facts = graph.facts
        let n = communityCount
        func community(_ node: Int32) -> Int {
            guard node >= 0 else { return -1 }
            let p = projection.index[Int(node)]
            return p >= 0 ? Int(labels[Int(p)]) : -1
        }
        var sent = [Int](repeating: 0, count: n)
        var ant = [Int](repeating: 0, count: n)
        var involved = [Int](repeating: 0, count: n)
        var inspected = [Int](repeating: 0, count: n)
        // (community, waybill) pairs, grouped after the loop.
        var groups: [Int32] = []
        var ordinals: [Int32] = []
        groups.reserveCapacity(facts.waybillCount)
        ordinals.reserveCapacity(facts.waybillCount)
        func involve(_ c: Int, _ w: Int, _ isInspected: Bool) {
            involved[c] += 1
            if isInspected { inspected[c] += 1 }
            groups.append(Int32(c))
            ordinals.append(Int32(w))
        }
        let antMask = RecordFacts.WaybillFlag.cartonSized | RecordFacts.WaybillFlag.disguised
        let inspectMask = RecordFacts.WaybillFlag.xray | RecordFacts.WaybillFlag.seized
        for w in 0..<facts.waybillCount {
            let flags = facts.waybillFlags[w]
            let isAnt = flags & antMask == antMask
            let isInspected = flags & inspectMask != 0
            let sp = facts.senderPhone[w], sa = facts.senderAddress[w]
            let cs = community(sp >= 0 ? sp : sa)
            let rp = facts.receiverPhone[w]
            let cr = community(rp >= 0 ? rp : facts.receiverAddress[w])
            if cs >= 0 {
                sent[cs] += 1
                if isAnt { ant[cs] += 1 }
            }
            // The sending community, and the receiving one when it is another.
            if cs >= 0 { involve(cs, w, isInspected) }
            if cr >= 0 && cr != cs { involve(cr, w, isInspected) }
        }
        var addresses = [Int](repeating: 0, count: n)
        var rotatingAddresses = [Int](repeating: 0, count: n)
        for (address, rotating) in base.addresses {
            let c = community(address)
            guard c >= 0 else { continue }
            addresses[c] += 1
            if rotating { rotatingAddresses[c] += 1 }
        }
        var phones = [Int](repeating: 0, count: n)
        var nameRotating = [Int](repeating: 0, count: n)
        var virtual = [Int](repeating: 0, count: n)
        for (phone, rotating, isVirtual) in base.phones {
            let c = community(phone)
            guard c >= 0 else { continue }
            phones[c] += 1
            if rotating { nameRotating[c] += 1 }
            if isVirtual { virtual[c] += 1 }
        }
        var entities = [Int](repeating: 0, count: n)
        var linked = [Int](repeating: 0, count: n)
        for (p, node) in projection.nodes.enumerated() where graph.nodeKinds[Int(node)] != EntityKind.caseFile.rawValue {
            let c = Int(labels[p])
            entities[c] += 1
            if base.caseLinked[Int(node)] { linked[c] += 1 }
        }
        let (antRate, inspectRate, linkedRate) = (base.antRate, base.inspectRate, base.linkedRate)
        let (addressRate, nameRate, virtualRate) = (base.addressRate, base.nameRate, base.virtualRate)
        var items: [[EvidenceItem]] = []
        items.reserveCapacity(n)
        for c in 0..<n {
            var list: [EvidenceItem] = []
            if linked[c] > 0 {
                let s = Surprisal.binomialTail(k: linked[c], n: entities[c], p: linkedRate)
                list.append(EvidenceItem(family: .cases, count: linked[c], outOf: entities[c], baseline: linkedRate, surprisal: s,
                                         text: "\(linked[c]) of \(entities[c]) entities are named in case files (all data: \(percent(linkedRate)))"))
            }
            if inspected[c] > 0 {
                let s = Surprisal.binomialTail(k: inspected[c], n: involved[c], p: inspectRate)
                list.append(EvidenceItem(family: .inspection, count: inspected[c], outOf: involved[c], baseline: inspectRate, surprisal: s,
                                         text: "\(inspected[c]) of \(involved[c]) waybills flagged by x-ray or seized (all data: \(percent(inspectRate)))"))
            }
            if ant[c] > 0 {
                let s = Surprisal.binomialTail(k: ant[c], n: sent[c], p: antRate)
                list.append(EvidenceItem(family: .antMoving, count: ant[c], outOf: sent[c], baseline: antRate, surprisal: s,
                                         text: "\(ant[c]) of \(sent[c]) parcels sent are single carton-sized pieces with a disguised description (all data: \(percent(antRate)))"))
            }
            let sa = Surprisal.binomialTail(k: rotatingAddresses[c], n: addresses[c], p: addressRate)
            let sn = Surprisal.binomialTail(k: nameRotating[c], n: phones[c], p: nameRate)
            if rotatingAddresses[c] > 0 || nameRotating[c] > 0 {
                let byAddress = sa >= sn
                list.append(EvidenceItem(
                    family: .rotation, count: byAddress ? rotatingAddresses[c] : nameRotating[c],
                    outOf: byAddress ? addresses[c] : phones[c], baseline: byAddress ? addressRate : nameRate, surprisal: max(sa, sn),
                    text: "\(rotatingAddresses[c]) of \(addresses[c]) sending addresses use 3 or more phones (all data: \(percent(addressRate))); "
                        + "\(nameRotating[c]) of \(phones[c]) sending phones change sender names (all data: \(percent(nameRate)))"))
            }
            if virtual[c] > 0 {
                let s = Surprisal.binomialTail(k: virtual[c], n: phones[c], p: virtualRate)
                list.append(EvidenceItem(family: .virtualPhones, count: virtual[c], outOf: phones[c], baseline: virtualRate, surprisal: s,
                                         text: "\(virtual[c]) of \(phones[c]) sending phones are virtual-operator numbers (all data: \(percent(virtualRate)))"))
            }
            items.append(list)
        }
        return GangEvidence(
            items: items, waybills: GroupedValues(groupCount: n, groups: groups, values: ordinals),
            baselines: [.cases: linkedRate, .inspection: inspectRate, .antMoving: antRate, .rotation: addressRate, .virtualPhones: virtualRate])
    }

    static func percent(_ rate: Double) -> String {
        String(format: "%.2f%%", rate * 100)
    }
}
