import Foundation
import Logging
import YanjianCore
import YanjianStore

/// Finding kinds this analysis writes besides the shared `FindingKind.gang` and `.gangMember`.
public enum LinkFindingKind {
    /// A group of linked cases (串并案件组); subject `CG-<first case number>`.
    public static let caseGroup = "case_group"
    /// Two files (person, retailer owner, legal person) sharing no key, judged to be one person by
    /// record linkage; subject `person:P1 ~ licence_no:…`.
    public static let personMatch = "person_match"
    /// Every kind the link analysis replaces on each run.
    public static let all = [FindingKind.gang, FindingKind.gangMember, caseGroup, personMatch]
}

/// The counts a run reports.
public struct LinkAnalysisSummary: Sendable, Codable, Equatable {
    public var nodes: Int
    public var edges: Int
    public var waybills: Int
    public var payments: Int
    public var projectionNodes: Int
    public var projectionEdges: Int
    public var hubsCut: Int
    public var nameLinks: Int
    /// Files judged one person by record linkage, and of those the ones sharing no key.
    public var personMatches: Int
    public var personMatchesWithoutKey: Int
    /// Candidate pairs of files compared, and whether their weights were estimated by EM (else the prior).
    public var personCandidates: Int
    public var personWeightsEstimated: Bool
    public var communities: Int
    public var modularity: Double
    public var gangs: Int
    public var gangMembers: Int
    public var caseGroups: Int
    public var findings: Int
    /// Analysts' merge and split decisions applied, and those naming an entity this graph lacks.
    public var decisionsApplied: Int
    public var decisionsUnresolved: Int
    public var seconds: [String: Double]
    /// Where the waybills and transfers came from (``GraphLoadOrigin``); nil for a graph given by hand.
    public var graphOrigin: String?
}

extension LinkAnalysis {
    /// Loads the entity graph from `store`, runs the analysis and replaces the stored `gang`,
    /// `gang_member` and `case_group` findings with this run's in one transaction. This is the entry
    /// point `yanjian analyze` calls.
    ///
    /// Jurisdiction: a member row carries the place of the entity (else of its person); a gang row the
    /// prefecture where most of its distributors live (so the prefecture and the levels above see it,
    /// county users see their own members), or NULL — national only — when no prefecture holds a
    /// majority; a case group the prefecture all its cases share, else NULL.
    @discardableResult
    public static func run(store: Store, logger: Logger, options: Options = Options()) async throws -> LinkAnalysisSummary {
        let run = try await store.beginAnalysis(YanjianGraphModule.analysisName)
        do {
            let start = ContinuousClock.now
            let (graph, origin) = try await EntityGraphLoader(profile: options.profile).loadReporting(
                from: store, logger: logger, snapshot: options.snapshot)
            let loaded = ContinuousClock.now - start
            HeapTrim.release()
            let constraints = IdentityConstraints(try await store.identityDecisions(), graph: graph)
            let result = LinkAnalysis(options: options).analyze(graph, constraints: constraints, logger: logger)
            let findings = try LinkAnalysis.findings(result)
            var summary = LinkAnalysis.summary(result, findings: findings.count)
            summary.seconds["load"] = Double(loaded.components.seconds) + Double(loaded.components.attoseconds) / 1e18
            summary.graphOrigin = origin.description
            let summaryText = String(decoding: try LinkAnalysis.encoder.encode(summary), as: UTF8.self)
            try await store.publishFindings(
                run: run, analysis: YanjianGraphModule.analysisName, kinds: LinkFindingKind.all, findings: findings,
                summary: summaryText)
            return summary
        } catch {
            try? await store.failAnalysis(run: run, reason: "\(error)")
            throw error
        }
    }

    /// The counts of a result.
    public static func summary(_ result: LinkAnalysisResult, findings: Int) -> LinkAnalysisSummary {
        LinkAnalysisSummary(
            nodes: result.graph.nodeCount, edges: result.graph.edgeCount, waybills: result.graph.facts.waybillCount,
            payments: result.graph.facts.paymentCount, projectionNodes: result.projection.graph.nodeCount,
            projectionEdges: result.projection.graph.slotCount / 2, hubsCut: result.projection.hubs.count,
            nameLinks: result.nameLinks.count, personMatches: result.persons.matches.count,
            personMatchesWithoutKey: result.persons.matches.filter { !$0.sharesKey }.count,
            personCandidates: result.persons.candidates, personWeightsEstimated: result.persons.estimated,
            communities: result.communityCount, modularity: result.modularity,
            gangs: result.gangs.count, gangMembers: result.gangs.reduce(0) { $0 + $1.members.count },
            caseGroups: result.caseGroups.count, findings: findings,
            decisionsApplied: result.constraints.merges.count + result.constraints.splits.count,
            decisionsUnresolved: result.constraints.unresolved.count, seconds: result.timings)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Member kinds written as findings (scored: phone, id_no, account; informational: the rest).
    static let memberKinds: Set<EntityKind> = [.phone, .idNo, .account, .address, .plate, .licence, .person, .company]

    /// The findings of a result.
    public static func findings(_ result: LinkAnalysisResult) throws -> [StoredFinding] {
        let graph = result.graph
        var findings: [StoredFinding] = []
        for gang in result.gangs {
            var keySuspects: [String] = []
            for (index, actor) in gang.members.enumerated() {
                for node in actor.entities where memberKinds.contains(graph.kind(node)) {
                    let kind = graph.kind(node).code
                    let value = graph.displayValue(node)
                    if actor.keySuspect && keySuspects.count < 50 { keySuspects.append(kind + ":" + value) }
                    let details = GangMemberFindingDetails(
                        gangID: gang.id, kind: kind, value: value, tier: actor.role.tier, keySuspect: actor.keySuspect,
                        role: actor.role.rawValue, actor: index + 1, reasons: actor.reasons)
                    findings.append(StoredFinding(
                        kind: FindingKind.gangMember, subject: kind + ":" + value,
                        score: ((0.5 + 0.5 * actor.centrality) * 1000).rounded() / 1000, label: actor.role.rawValue,
                        adcode: place(of: node, actor: actor, graph: graph),
                        details: String(decoding: try encoder.encode(details), as: UTF8.self)))
                }
            }
            let details = GangFindingDetails(
                waybills: gang.waybills.map { graph.value(graph.facts.waybillNode[Int($0)]) },
                provinces: gang.provinces, score: gang.score,
                evidence: gang.evidence, members: gang.members.count, customers: gang.customerCount,
                tiers: [1, 2, 3].map { tier in gang.members.filter { $0.role.tier == tier }.count },
                keySuspects: keySuspects, cases: gang.cases.map { graph.value($0) }, centre: gang.centre)
            findings.append(StoredFinding(
                kind: FindingKind.gang, subject: gang.id, score: (gang.score * 100).rounded() / 100,
                label: "\(gang.members.count) members", adcode: gang.centre,
                details: String(decoding: try encoder.encode(details), as: UTF8.self)))
        }
        for group in result.caseGroups {
            let places = Set(group.cases.compactMap { node -> String? in
                let ordinal = graph.recordOrdinal[Int(node)]
                guard ordinal >= 0 else { return nil }
                return graph.facts.adcode(graph.facts.casePlace[Int(ordinal)]).map { String($0.prefix(4)) + "00" }
            })
            let links = group.links.map { link in
                CaseGroupFindingDetails.Link(
                    a: graph.value(link.first), b: graph.value(link.second),
                    entity: graph.kind(link.entity).code + ":" + graph.displayValue(link.entity),
                    via: [link.viaFirst, link.viaSecond].filter { $0 >= 0 }.map { graph.label($0) })
            }
            let details = CaseGroupFindingDetails(cases: group.cases.map { graph.value($0) }, links: links)
            findings.append(StoredFinding(
                kind: LinkFindingKind.caseGroup, subject: "CG-" + graph.value(group.cases[0]), score: Double(group.cases.count),
                label: "\(group.cases.count) cases", adcode: places.count == 1 ? places.first : nil,
                details: String(decoding: try encoder.encode(details), as: UTF8.self)))
        }
        // Only the links record linkage adds: pairs sharing an ID number, phone or account are joined
        // by that key anyway (thousands of retailer owners and their own businesses).
        for match in result.persons.matches where !match.sharesKey {
            let labels = [graph.label(match.a), graph.label(match.b)].sorted()
            // The place of the file whose label sorts first (which file is `a` follows storage order).
            let first = labels[0] == graph.label(match.a) ? match.a : match.b
            let details = PersonMatchFindingDetails(
                a: labels[0], b: labels[1], probability: match.probability, weight: match.weight, sharesKey: match.sharesKey,
                fields: match.evidence.map {
                    .init(field: $0.field, level: $0.level, label: $0.label, labelEnglish: $0.labelEnglish, weight: ($0.weight * 100).rounded() / 100)
                })
            findings.append(StoredFinding(
                kind: LinkFindingKind.personMatch, subject: labels.joined(separator: " ~ "), score: (match.probability * 1000).rounded() / 1000,
                label: "record_linkage", adcode: graph.placeCodes(first).min(),
                details: String(decoding: try encoder.encode(details), as: UTF8.self)))
        }
        return findings
    }

    /// The place a member row is scoped to.
    static func place(of node: Int32, actor: GangActor, graph: EntityGraph) -> String? {
        let own = graph.placeCodes(node)
        if let home = actor.home, own.isEmpty || own.contains(home) { return home }
        // The first code in text order (the list follows place ids, which follow storage order).
        return own.min()
    }
}

/// `details` of a gang finding (`waybills` and `provinces` are what `Store.exportFindings` reads).
public struct GangFindingDetails: Codable, Sendable, Equatable {
    public var waybills: [String]
    /// Provinces (`PP0000`) the gang's receivers live in.
    public var provinces: [String]
    public var score: Double
    public var evidence: [EvidenceItem]
    public var members: Int
    public var customers: Int
    /// Members per tier 1, 2, 3.
    public var tiers: [Int]
    public var keySuspects: [String]
    public var cases: [String]
    public var centre: String?

    enum CodingKeys: String, CodingKey {
        case waybills, provinces, score, evidence, members, customers, tiers, cases, centre
        case keySuspects = "key_suspects"
    }
}

/// `details` of a gang-member finding (`gang_id`, `kind`, `value`, `tier`, `key_suspect` are what
/// `Store.exportFindings` reads).
public struct GangMemberFindingDetails: Codable, Sendable, Equatable {
    public var gangID: String
    public var kind: String
    public var value: String
    public var tier: Int?
    public var keySuspect: Bool
    public var role: String
    /// The resolved person within the gang (1, 2, …): entities with the same number are one person.
    public var actor: Int
    public var reasons: [String]

    enum CodingKeys: String, CodingKey {
        case kind, value, tier, role, actor, reasons
        case gangID = "gang_id"
        case keySuspect = "key_suspect"
    }
}

/// `details` of a person-match finding: the two files, the posterior, and each field's level and weight.
public struct PersonMatchFindingDetails: Codable, Sendable, Equatable {
    public struct Field: Codable, Sendable, Equatable {
        public var field: String
        public var level: Int?
        public var label: String
        public var labelEnglish: String
        /// Bits of evidence for (positive) or against (negative).
        public var weight: Double

        enum CodingKeys: String, CodingKey {
            case field, level, label, weight
            case labelEnglish = "label_en"
        }
    }

    public var a: String
    public var b: String
    public var probability: Double
    public var weight: Double
    public var sharesKey: Bool
    public var fields: [Field]

    enum CodingKeys: String, CodingKey {
        case a, b, probability, weight, fields
        case sharesKey = "shares_key"
    }
}

/// `details` of a case-group finding.
public struct CaseGroupFindingDetails: Codable, Sendable, Equatable {
    /// Two cases joined through a shared entity, reached directly or through the listed records.
    public struct Link: Codable, Sendable, Equatable {
        public var a: String
        public var b: String
        public var entity: String
        public var via: [String]
    }

    public var cases: [String]
    public var links: [Link]
}
