import ArgumentParser
import Foundation
import YanjianCore
import YanjianGraph
import YanjianStore

/// `yanjian analyze links`: link analysis (gangs, tiers, key suspects, case linking).
struct AnalyzeLinksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "links",
        abstract: "Link analysis: find gangs, their tiers and key suspects, and link cases (串并组网).",
        discussion: """
        Builds the entity graph from the store (waybills, transfers, person files, cases, retailers,
        businesses), resolves accounts to people by names, cuts hubs (courier stations, campuses, payment
        merchants…) with a recorded reason, finds communities, and keeps those with gang evidence judged
        against the data's own rates. Replaces the stored gang, gang_member and case_group findings.

        Example:
          yanjian analyze links --db ./yanjian.db
        """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var snapshot: GraphSnapshotOptions

    func run() async throws {
        var options = LinkAnalysis.Options()
        options.snapshot = snapshot.path(database)
        let summary = try await database.withStore { store in
            let summary = try await LinkAnalysis.run(store: store, logger: CLI.logger, options: options)
            try await database.auditLog(store).append(
                actor: "cli", action: "analysis.links",
                details: ["gangs": String(summary.gangs), "members": String(summary.gangMembers), "case_groups": String(summary.caseGroups)])
            return summary
        }
        print(AnalyzeLinksCommand.render(summary), terminator: "")
    }

    static func render(_ s: LinkAnalysisSummary) -> String {
        var out = "entity graph: \(s.nodes) nodes, \(s.edges) edges (\(s.waybills) waybills, \(s.payments) transfers"
            + (s.graphOrigin.map { "; " + $0 } ?? "") + ")\n"
        out += "projection: \(s.projectionNodes) entities, \(s.projectionEdges) links, \(s.hubsCut) hubs cut, \(s.nameLinks) name links\n"
        out += "person files matched by record linkage: \(s.personMatches) pairs of \(s.personCandidates) compared, "
            + (s.personWeightsEstimated ? "weights estimated by EM" : "prior weights (too few pairs to estimate)")
            + "; \(s.personMatchesWithoutKey) sharing no key (`yanjian entities matches`)\n"
        out += String(format: "communities: %d (modularity %.3f)\n", s.communities, s.modularity)
        out += "gangs: \(s.gangs) with \(s.gangMembers) people; linked case groups: \(s.caseGroups); findings written: \(s.findings)\n"
        if s.decisionsApplied + s.decisionsUnresolved > 0 {
            out += "analysts' merge/split decisions applied: \(s.decisionsApplied)"
                + (s.decisionsUnresolved > 0 ? " (\(s.decisionsUnresolved) naming entities not in the data yet)" : "") + "\n"
        }
        let stages = ["load", "names", "persons", "projection", "communities", "gangs", "cases"]
        out += "seconds: " + stages.compactMap { stage in s.seconds[stage].map { String(format: "%@ %.2f", stage, $0) } }.joined(separator: ", ") + "\n"
        out += "list them with `yanjian gangs list`\n"
        return out
    }
}

/// `yanjian gangs list|show`: the gangs the last link analysis stored.
struct GangsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gangs",
        abstract: "List the gangs found by link analysis, or show one with its tiers and evidence.",
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List gangs, highest evidence score first.",
            discussion: "Example:\n  yanjian gangs list --db ./yanjian.db")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let gangs = try await database.withStore { store in
                try await store.findings(kind: FindingKind.gang, scope: .system)
            }
            guard !gangs.isEmpty else {
                print("no gangs stored; run `yanjian analyze links` first")
                return
            }
            print("gang id         score  members  tiers(1/2/3)  waybills  provinces  centre")
            for gang in gangs {
                guard let details = LinkDetails.gang(gang.details) else { continue }
                let tiers = details.tiers.map(String.init).joined(separator: "/")
                print(gang.subject.padding(toLength: 16, withPad: " ", startingAt: 0)
                    + String(format: "%5.1f", gang.score) + "  " + pad(details.members, 7) + "  "
                    + tiers.padding(toLength: 12, withPad: " ", startingAt: 0) + "  " + pad(details.waybills.count, 8) + "  "
                    + pad(details.provinces.count, 9) + "  " + (gang.adcode ?? "national"))
            }
        }

        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: " ", count: max(0, width - text.count)) + text
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show one gang: evidence, people by tier, key suspects and reasons.",
            discussion: """
            Personal values are masked unless --unmasked is given (the access is written to the audit log).

            Example:
              yanjian gangs show GANG-1A2B3C4D --db ./yanjian.db
            """)

        @Argument(help: "The gang id (from `yanjian gangs list`).") var id: String
        @Flag(help: "Show phones, ID numbers, accounts and addresses in clear.") var unmasked = false
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let (gang, members) = try await database.withStore { store in
                let gangs = try await store.findings(kind: FindingKind.gang, scope: .system)
                let members = try await store.findings(kind: FindingKind.gangMember, scope: .system)
                if unmasked {
                    try await database.auditLog(store).append(actor: "cli", action: "gang.unmask", target: id)
                }
                let mine = members.compactMap { LinkDetails.member($0.details) }.filter { $0.gangID == id }
                return (gangs.first { $0.subject == id }, mine)
            }
            guard let gang, let details = LinkDetails.gang(gang.details) else {
                CLI.note("error: no gang \(id); run `yanjian gangs list` to see the stored ids")
                throw ExitCode.failure
            }
            print("\(gang.subject)  score \(String(format: "%.1f", gang.score))  centre \(gang.adcode ?? "national")")
            print("waybills \(details.waybills.count), receivers in \(details.provinces.count) provinces, customers \(details.customers)")
            if !details.cases.isEmpty { print("cases: " + details.cases.joined(separator: " ")) }
            print("evidence:")
            for item in details.evidence { print("  - [\(item.family.rawValue)] " + item.text) }
            var byActor: [Int: [GangMemberFindingDetails]] = [:]
            for member in members { byActor[member.actor, default: []].append(member) }
            for tier in [1, 2, 3, 0] {
                let actors = byActor.keys.sorted().filter { (byActor[$0]?.first?.tier ?? 0) == tier }
                guard !actors.isEmpty else { continue }
                print(tier == 0 ? "associates:" : "tier \(tier):")
                for actor in actors {
                    guard let entities = byActor[actor], let first = entities.first else { continue }
                    let values = entities.map { $0.kind + ":" + (unmasked ? $0.value : LinkDetails.mask($0.kind, $0.value)) }
                    print("  #\(actor)\(first.keySuspect ? " ★ key suspect" : "") \(first.role): " + values.joined(separator: ", "))
                    for reason in first.reasons { print("      " + reason) }
                }
            }
        }
    }
}

/// Decodes finding details written by the link analysis.
enum LinkDetails {
    static func gang(_ text: String) -> GangFindingDetails? {
        try? JSONDecoder().decode(GangFindingDetails.self, from: Data(text.utf8))
    }

    static func member(_ text: String) -> GangMemberFindingDetails? {
        try? JSONDecoder().decode(GangMemberFindingDetails.self, from: Data(text.utf8))
    }

    /// A value masked as screens mask it.
    static func mask(_ kind: String, _ value: String) -> String {
        switch EntityKind(code: kind) {
        case .phone?: Masking.phone(value)
        case .idNo?: Masking.idNumber(value)
        case .account?: Masking.account(value)
        case .address?: Masking.address(value)
        default: value
        }
    }
}
