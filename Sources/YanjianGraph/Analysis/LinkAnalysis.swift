import Foundation
import Logging
import YanjianCore

/// A gang the analysis concluded on: its people with tiers, its evidence and its reach.
public struct Gang: Sendable {
    /// Stable id derived from the gang's entities (`GANG-1A2B3C4D`).
    public var id: String
    /// Capped sum of evidence surprisals.
    public var score: Double
    /// Evidence families.
    public var evidence: [EvidenceItem]
    /// Members, most central first.
    public var members: [GangActor]
    /// End buyers reached.
    public var customerCount: Int
    /// Waybill ordinals of the gang's parcels (sent or received by members).
    public var waybills: [Int32]
    /// Provinces (`PP0000`) the gang's receivers live in.
    public var provinces: [String]
    /// Cases naming the gang's entities (case nodes).
    public var cases: [Int32]
    /// The prefecture (`PPCC00`) where most distributors (else members) are, when one holds a majority.
    public var centre: String?
}

/// What one run of link analysis found.
public struct LinkAnalysisResult: Sendable {
    public var graph: EntityGraph
    public var projection: Projection
    public var nameLinks: [NameLink]
    public var communityCount: Int
    public var modularity: Double
    public var gangs: [Gang]
    public var caseGroups: [CaseLinking.Group]
    /// The analysts' decisions this run applied.
    public var constraints = IdentityConstraints()
    /// Files judged to be one person by record linkage.
    public var persons = PersonFileResolver.Result(matches: [], files: 0, candidates: 0, skipped: [], estimated: false)
    /// Seconds per stage (`load`, `names`, `persons`, `projection`, `communities`, `gangs`, `cases`).
    public var timings: [String: Double]
}

/// Link analysis (issue 6): entity graph → name resolution → weighted projection with hubs cut →
/// communities → communities joined by smuggling-like flows → gang evidence → actors, tiers and key
/// suspects → case linking.
public struct LinkAnalysis: Sendable {
    /// Tunables; the defaults follow the domain facts, thresholds are judged against the data.
    public struct Options: Sendable {
        public var profile = ParcelProfile.standard
        public var names = NameResolver()
        public var persons = PersonFileResolver()
        public var projection = Projection.Options()
        public var communities = CommunityDetection()
        public var assembly = GangAssembly()
        /// Fewest member actors a gang has.
        public var minimumMembers = 2
        /// Communities of more entities than this are split by detecting communities inside them
        /// (``CommunityDetection/refine(_:_:limit:)``). Gangs are tens to hundreds of entities; a
        /// community of thousands is a city's ordinary traffic with, at most, a gang hidden in it.
        public var refineAbove = 2_000
        /// Two parts of a community, each with accounts and phones or addresses and at least this many
        /// entities, that touch only through name links are two communities (``NameBridges``).
        public var nameBridgePart = 10
        /// A file that keeps the waybills and transfers between runs, so a run after an import reads
        /// only the new batches (``EntityGraphLoader/load(from:logger:snapshot:)``); nil reads everything.
        public var snapshot: String?
        public init() {}
    }

    public var options: Options

    /// Creates an analysis.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// Analyses a snapshot, applying the analysts' merge and split decisions over the evidence.
    public func analyze(_ graph: EntityGraph, constraints: IdentityConstraints = IdentityConstraints(), logger: Logger? = nil) -> LinkAnalysisResult {
        var timings: [String: Double] = [:]
        var clock = ContinuousClock.now
        func lap(_ name: String) {
            let now = ContinuousClock.now
            let d = now - clock
            timings[name] = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            clock = now
            logger?.debug("link analysis stage done", metadata: ["stage": "\(name)", "rss_mb": "\(HeapTrim.residentMegabytes() ?? -1)"])
        }
        let nameLinks = options.names.links(graph).filter { !constraints.isSplit($0.account, $0.other) }
        lap("names")
        let persons = options.persons.resolve(graph, constraints: constraints)
        let personLinks = persons.matches.filter { !$0.sharesKey }.map { ($0.a, $0.b) }
        lap("persons")
        let projection = Projection.build(
            graph, nameLinks: nameLinks, manual: constraints.merges.map { ($0.a, $0.b) } + personLinks, options: options.projection)
        lap("projection")
        HeapTrim.release()
        let detected = NameBridges.split(
            projection, options.communities.refine(projection.graph, options.communities.run(projection.graph), limit: options.refineAbove),
            nameLinks: nameLinks, graph: graph, minimumPart: options.nameBridgePart)
        let modularity = options.communities.modularity(projection.graph, detected.labels)
        lap("communities")
        HeapTrim.release()
        let base = GangEvidence.Base(graph: graph, projection: projection)
        let first = GangEvidence.compute(base, graph: graph, projection: projection, labels: detected.labels, communityCount: detected.count)
        let partition = options.assembly.merge(
            graph: graph, projection: projection, labels: detected.labels, count: detected.count, evidence: first)
        let evidence = partition.count == detected.count
            ? first : GangEvidence.compute(base, graph: graph, projection: projection, labels: partition.labels, communityCount: partition.count)
        let entitiesOf = GroupedValues(groupCount: partition.count, groups: partition.labels, values: projection.nodes)
        let anatomy = GangAnatomy(
            graph: graph, projection: projection, nameLinks: nameLinks, constraints: constraints, personLinks: personLinks)
        var gangs: [Gang] = []
        for c in 0..<partition.count where evidence.isCandidate(c) {
            // Parcels in the order of their numbers' hashes, not of storage: resolution tries unions in it.
            let waybills = CanonicalOrder.sorted(evidence.waybills[c], by: { graph.facts.waybillNode[Int($0)] }, in: graph)
            let resolution = anatomy.resolve(entities: entitiesOf[c], waybills: waybills)
            var items = evidence.items[c]
            if resolution.paidForGoods > 0 {
                // Not a rate against a baseline: present when goods are paid for on two tiers.
                let chained = resolution.chainLinks > 0
                items.append(EvidenceItem(
                    family: .moneyChain, count: resolution.paidForGoods, outOf: resolution.members.count, baseline: 0,
                    surprisal: chained ? GangEvidence.presence + log10(Double(resolution.paidForGoods)) : 1,
                    text: "\(resolution.paidForGoods) pairs of people pay the person who ships to them; "
                        + "\(resolution.chainLinks) are paid by those they supply and pay their own supplier"))
            }
            let tiered = resolution.members.filter { $0.role.tier != nil }
            guard GangEvidence.qualifies(items), tiered.count >= options.minimumMembers else { continue }
            gangs.append(makeGang(graph, members: resolution.members, customers: resolution.customers, evidence: items,
                                  score: GangEvidence.score(items), waybills: waybills, entities: entitiesOf[c]))
        }
        gangs.sort { ($0.score, $1.id) > ($1.score, $0.id) }
        lap("gangs")
        let caseGroups = CaseLinking.groups(graph, isHub: projection.isHub)
        lap("cases")
        logger?.info("link analysis done", metadata: [
            "graph.communities": "\(partition.count)", "graph.gangs": "\(gangs.count)", "graph.hubs": "\(projection.hubs.count)",
            "graph.case_groups": "\(caseGroups.count)",
        ])
        return LinkAnalysisResult(
            graph: graph, projection: projection, nameLinks: nameLinks, communityCount: partition.count,
            modularity: modularity, gangs: gangs, caseGroups: caseGroups, constraints: constraints, persons: persons, timings: timings)
    }

    func makeGang(
        _ graph: EntityGraph, members: [GangActor], customers: [GangActor], evidence: [EvidenceItem], score: Double,
        waybills: [Int32], entities: [Int32]
    ) -> Gang {
        let facts = graph.facts
        var memberNodes = Set<Int32>()
        for actor in members { memberNodes.formUnion(actor.entities) }
        var gangWaybills: [Int32] = []
        var provinces = Set<String>()
        for w32 in waybills {
            let w = Int(w32)
            let parties = [facts.senderPhone[w], facts.senderAddress[w], facts.receiverPhone[w], facts.receiverAddress[w]]
            guard parties.contains(where: { $0 >= 0 && memberNodes.contains($0) }) else { continue }
            gangWaybills.append(w32)
            if let code = facts.adcode(facts.receiverPlace[w]) { provinces.insert(String(code.prefix(2)) + "0000") }
        }
        var cases = Set<Int32>()
        for node in entities where graph.kind(node) == .caseFile { cases.insert(node) }
        for node in memberNodes {
            for slot in graph.slots(node) where graph.edgeKinds[Int(graph.slotEdges[slot])] == EdgeKind.caseNames.rawValue {
                cases.insert(graph.neighbours[slot])
            }
        }
        // The id: a hash of the smallest member label, stable while the gang keeps that entity.
        let labels = memberNodes.map { graph.label($0) }.sorted()
        var hash: UInt32 = 0x811C_9DC5
        for byte in (labels.first ?? "").utf8 {
            hash ^= UInt32(byte)
            hash &*= 0x0100_0193
        }
        let hex = String(hash, radix: 16, uppercase: true)
        let id = "GANG-" + String(repeating: "0", count: 8 - hex.count) + hex
        return Gang(
            id: id, score: score, evidence: evidence.filter { $0.surprisal > 0 }.sorted { $0.surprisal > $1.surprisal },
            members: members, customerCount: customers.count, waybills: gangWaybills, provinces: provinces.sorted(),
            cases: cases.sorted { graph.value($0) < graph.value($1) }, centre: centre(of: members))
    }

    /// The prefecture holding a strict majority of the distributors' homes (else of all members').
    func centre(of members: [GangActor]) -> String? {
        for pool in [members.filter { $0.role == .distributor }, members] {
            let homes = pool.compactMap(\.home).map { String($0.prefix(4)) + "00" }
            guard !homes.isEmpty else { continue }
            var counts: [String: Int] = [:]
            for home in homes { counts[home, default: 0] += 1 }
            if let best = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }), 2 * best.value > homes.count {
                return best.key
            }
        }
        return nil
    }
}
