import Foundation

/// Entity resolution of people across files that share no key: a police person file, a retailer's
/// owner and a business's legal person are compared on name, ID number, birth date (from the ID),
/// phones, addresses and accounts with ``FellegiSunter`` (weights estimated by EM on this data's own
/// pairs; a documented prior when there are too few pairs to estimate anything). A match says the two
/// files are one person: link analysis ties them in the projection and makes them one actor.
///
/// Guards, because a wrong identity merge does more harm than a missed one: the names must agree at
/// least closely (two files with different names are two people, even at one address — a family, a
/// shop and its landlord); a blocking key shared by more than `maximumBlockPairs` pairs (a very
/// common name) is skipped and reported; an analyst's split always wins.
public struct PersonFileResolver: Sendable {
    /// Posterior probability from which two files are one person.
    public var minimumProbability = 0.95
    /// Largest block compared (pairs).
    public var maximumBlockPairs = 20_000

    public init() {}

    /// A pair of files judged to be one person.
    public struct Match: Sendable {
        public var a: Int32
        public var b: Int32
        public var probability: Double
        public var weight: Double
        public var evidence: [FellegiSunter.FieldEvidence]
        /// Whether the two already share an ID number, phone or account (the graph joins them anyway;
        /// the match only confirms it).
        public var sharesKey: Bool
    }

    /// What a run found.
    public struct Result: Sendable {
        public var matches: [Match]
        public var files: Int
        public var candidates: Int
        public var skipped: [FellegiSunter.SkippedBlock]
        /// Whether the weights were estimated from the data (else the prior was used).
        public var estimated: Bool
    }

    static let fields: [FellegiSunter.Field] = [
        .init("name", .text(similar: 0.80, close: 0.90)), .init("id_no", .code), .init("birth_date", .code),
        .init("phone", .code), .init("address", .keyed(separator: "|")), .init("account", .exact),
    ]
    /// Joins several values of a field (address keys contain `|`).
    static let separator = "\u{1E}"
    static let name = 0, idNo = 1, birth = 2, phone = 3, address = 4, account = 5

    /// The prior: what a name, an ID number… agreeing says about two files in general. Used when the
    /// data gives fewer than `FellegiSunter.minimumPairsForEM` pairs, and when EM ends in a model
    /// that contradicts it in sign (agreeing on an ID number counting against).
    static let prior = FellegiSunter.Model(
        matchShare: 0.05,
        m: [[0.02, 0.03, 0.15, 0.80], [0.03, 0.07, 0.90], [0.05, 0.05, 0.90], [0.40, 0.05, 0.55], [0.30, 0.10, 0.10, 0.50], [0.60, 0.40]],
        u: [[0.90, 0.06, 0.03, 0.01], [0.998, 0.0019, 0.0001], [0.97, 0.027, 0.003], [0.998, 0.0019, 0.0001],
            [0.95, 0.03, 0.015, 0.005], [0.9999, 0.0001]])

    /// Finds the files that are one person.
    public func resolve(_ graph: EntityGraph, constraints: IdentityConstraints = IdentityConstraints()) -> Result {
        let facts = graph.facts
        var nodes: [Int32] = []
        var records: FellegiSunter.Records = []
        func add(_ node: Int32, _ nameID: Int32) {
            guard let name = facts.name(nameID)?.filter({ !$0.isWhitespace }), !name.isEmpty else { return }
            var row = [String](repeating: "", count: Self.fields.count)
            row[Self.name] = name
            var ids: [String] = [], births: [String] = [], phones: [String] = [], addresses: [String] = [], accounts: [String] = []
            for slot in graph.slots(node) {
                let e = Int(graph.slotEdges[slot])
                guard graph.edgeSource[e] == node else { continue }
                switch EdgeKind(rawValue: graph.edgeKinds[e]) {
                case .personHas?, .retailerHas?, .companyHas?: break
                default: continue
                }
                let other = graph.neighbours[slot]
                let value = graph.value(other)
                switch graph.kind(other) {
                case .idNo:
                    ids.append(value)
                    if value.count == 18 { births.append(String(value.dropFirst(6).prefix(8))) }
                case .phone: phones.append(value)
                case .address: addresses.append(value)
                case .account: accounts.append(value)
                default: break
                }
            }
            row[Self.idNo] = ids.joined(separator: Self.separator)
            row[Self.birth] = births.joined(separator: Self.separator)
            row[Self.phone] = phones.joined(separator: Self.separator)
            row[Self.address] = addresses.joined(separator: Self.separator)
            row[Self.account] = accounts.joined(separator: Self.separator)
            nodes.append(node)
            records.append(row)
        }
        for (node, name) in zip(facts.personNode, facts.personName) { add(node, name) }
        for (node, name) in zip(facts.retailerNode, facts.retailerOwnerName) { add(node, name) }
        for (node, name) in zip(facts.companyNode, facts.companyLegalName) { add(node, name) }

        var linker = FellegiSunter(fields: Self.fields, blocking: [
            .init([Self.idNo]), .init([Self.phone]), .init([Self.account]), .init([Self.name, Self.birth]), .init([Self.name, Self.address]),
            .init([Self.name]),
        ])
        linker.valueSeparator = Character(Self.separator)
        linker.maximumBlockPairs = maximumBlockPairs
        linker.prior = Self.prior
        var run = linker.deduplicate(records)
        var estimated = run.candidates >= linker.minimumPairsForEM
        if estimated && !Self.agreesInSign(run.model) {
            // EM found some other structure in the pairs (a name shared by a family, say): the prior decides.
            linker.minimumPairsForEM = Int.max
            run = linker.deduplicate(records)
            estimated = false
        }
        var matches: [Match] = []
        for pair in run.matches where pair.probability >= minimumProbability {
            let nameLevel = pair.levels[Self.name]
            guard nameLevel != FellegiSunter.missing, nameLevel >= 2 else { continue }
            let a = nodes[Int(pair.a)], b = nodes[Int(pair.b)]
            guard !constraints.isSplit(a, b) else { continue }
            let top: (Int) -> Bool = { f in pair.levels[f] == UInt8(Self.fields[f].comparison.levelCount - 1) }
            matches.append(Match(
                a: a, b: b, probability: pair.probability, weight: pair.weight, evidence: linker.explain(pair, model: run.model),
                sharesKey: top(Self.idNo) || top(Self.phone) || top(Self.account)))
        }
        return Result(matches: matches, files: records.count, candidates: run.candidates, skipped: run.skipped, estimated: estimated)
    }

    /// Whether agreeing counts for and disagreeing against on the ID number and the birth date, as the
    /// prior says. (The name is not checked: every blocking pass but three shares it, so among the
    /// compared pairs a shared name says little and EM rightly gives it a weight near 0 — the name is a
    /// guard on the decision instead.)
    static func agreesInSign(_ model: FellegiSunter.Model) -> Bool {
        [idNo, birth].allSatisfy { f in model.weight(field: f, level: 2) > 0 && model.weight(field: f, level: 0) < 0 }
    }
}
