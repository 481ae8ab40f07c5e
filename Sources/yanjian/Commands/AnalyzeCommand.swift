import ArgumentParser
import Foundation
import YanjianCore
import YanjianGraph
import YanjianModels
import YanjianPerception
import YanjianStore
import YanjianWorkflow

/// `yanjian analyze`: runs every analysis and stores its findings.
struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Run every analysis over a database and store the findings.",
        discussion: """
        Analyses read the store and write findings back to it; each run replaces
        the findings of its own kinds in one transaction. `yanjian export
        findings` and the web app read them. Without a subcommand all four run,
          links      gangs, their tiers and key suspects; linked cases (串并组网)
          risk       retailer risk 0–100 with reasons (= `yanjian risk score`)
          vehicles   convoys, cloned plates, night vehicles from the plate reads
          tips       tip-offs ranked by what the findings above corroborate
        and then raises graded warnings from all findings (= `yanjian warnings generate`).

        Examples:
          yanjian analyze --db ./yanjian.db
          yanjian analyze links --db ./yanjian.db
          yanjian analyze vehicles --db ./yanjian.db --window 90
        """,
        subcommands: [All.self, AnalyzeLinksCommand.self, Risk.self, AnalyzeVehiclesCommand.self, Tips.self],
        defaultSubcommand: All.self
    )

    /// `yanjian analyze risk`: the same as `yanjian risk score`.
    struct Risk: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "risk", abstract: "Score retailer risk (the same as `yanjian risk score`).")

        @OptionGroup var score: RiskCommand.Score

        func run() async throws {
            try await score.run()
        }
    }

    /// `yanjian analyze tips`: rank tip-offs by corroboration.
    struct Tips: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tips",
            abstract: "Rank public tip-offs by what link analysis and retailer risk corroborate (run those first).")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let summary = try await database.withStore { store in
                let summary = try await TipRanking.run(store: store, logger: CLI.logger)
                try await database.auditLog(store).append(
                    actor: "cli", action: "analysis.run", details: ["analyses": TipRanking.name, "tips": "\(summary.tips)"])
                return summary
            }
            print(AllAnalyses.render(summary))
        }
    }

    /// `yanjian analyze all`: the three analyses in turn.
    struct All: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "all", abstract: "Run link analysis, retailer risk, vehicle perception and tip ranking in turn, then raise warnings.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var snapshot: GraphSnapshotOptions

        func run() async throws {
            try await database.withStore { store in
                for line in try await AllAnalyses.run(store: store, audit: try database.auditLog(store), snapshot: snapshot.path(database)) {
                    print(line)
                }
            }
        }
    }
}

/// The analyses in turn, each audited; returns one summary line each. `yanjian analyze` and
/// `yanjian demo` call it.
enum AllAnalyses {
    static func run(store: Store, audit: AuditLog, snapshot: String? = nil) async throws -> [String] {
        CLI.note("link analysis …")
        var options = LinkAnalysis.Options()
        options.snapshot = snapshot
        let links = try await LinkAnalysis.run(store: store, logger: CLI.logger, options: options)
        try await audit.append(
            actor: "cli", action: "analysis.links",
            details: ["gangs": String(links.gangs), "members": String(links.gangMembers), "case_groups": String(links.caseGroups)])
        // Video first: night loading near a shop is a supporting fact for its risk score.
        CLI.note("video events …")
        let video = try await VideoLinkAnalysis.run(store: store)
        try await audit.append(actor: "cli", action: "analysis.run",
                               details: ["analyses": VideoLinkAnalysis.name, "retailers": "\(video.retailers)"])
        CLI.note("retailer risk …")
        let risk = try await RetailerRiskAnalysis.run(store: store, logger: CLI.logger)
        try await audit.append(
            actor: "cli", action: "analysis.run",
            details: ["analyses": RetailerRiskAnalysis.name, "retailers": "\(risk.retailers)", "flagged": "\(risk.flagged)"])
        CLI.note("vehicle perception …")
        let vehicles = try await PerceptionAnalysis.run(store: store) { CLI.note($0) }
        try await audit.append(
            actor: "cli", action: "analysis.run",
            details: ["analyses": PerceptionAnalysis.name, "convoys": "\(vehicles.convoys)",
                      "cloned_plates": "\(vehicles.clonedPlates)", "night_vehicles": "\(vehicles.nightVehicles)"])
        CLI.note("tips …")
        let tips = try await TipRanking.run(store: store, logger: CLI.logger)
        try await audit.append(actor: "cli", action: "analysis.run", details: ["analyses": TipRanking.name, "tips": "\(tips.tips)"])
        CLI.note("warnings …")
        let warnings = try await WarningGeneration.run(store: store, actor: "cli", logger: CLI.logger)
        try await audit.append(actor: "cli", action: "warning.generate",
                               details: ["raised": String(warnings.changes.raised), "escalated": String(warnings.escalated)])
        let requests = try await AssistanceGeneration.run(store: store, actor: "cli")
        if requests > 0 { try await audit.append(actor: "cli", action: "assistance.send", details: ["requests": String(requests)]) }
        let proposals = try await ListProposals.run(store: store, actor: "cli")
        if proposals > 0 { try await audit.append(actor: "cli", action: "list.rules", details: ["proposed": String(proposals)]) }
        return [
            "links: \(links.gangs) gangs with \(links.gangMembers) people, \(links.caseGroups) linked case groups "
                + "(\(links.nodes) entities, \(links.edges) links); list them with `yanjian gangs list`",
            risk.retailers == 0 ? "retailer risk: no retailers in the store to score (import retailers.csv and orders.csv)"
                : "retailer risk (model v\(risk.modelVersion)): \(risk.retailers) retailers scored, \(risk.flagged) flagged; list them with `yanjian risk top`",
            "vehicles: \(vehicles.convoys) convoys, \(vehicles.clonedPlates) cloned plates, \(vehicles.nightVehicles) night vehicles "
                + "from \(vehicles.reads) plate reads; list them with `yanjian convoys list`",
            "video: \(video.linkedEvents) of \(video.events) events tied to \(video.retailers) retailers (\(video.nightLoadingRetailers) with night loading), "
                + "crowd heat in \(video.crowdDistricts) districts",
            render(tips),
            WarningsCommand.render(warnings),
            "assistance: \(requests) new cross-region request(s) for gangs whose parcels reach other provinces (GET /api/v1/assistance)",
            "lists: \(proposals) new grey/black list proposal(s) waiting for review; see them with `yanjian lists show --status proposed`",
        ]
    }

    static func render(_ tips: TipRanking.Summary) -> String {
        "tips: \(tips.tips) ranked; \(tips.corroboratedByGangs) corroborated by gangs, \(tips.corroboratedByRetailers) by flagged "
            + "retailers, \(tips.specificOnly) specific but uncorroborated"
    }
}

/// `yanjian export findings`.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export results.",
        subcommands: [FindingsExport.self, GraphExportCommand.self]
    )

    struct FindingsExport: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "findings",
            abstract: "Write findings.json (the format `yanjian eval` scores).",
            discussion: """
            Sections with no installed analysis are written empty.

            Example:
              yanjian export findings --db ./yanjian.db --out findings.json
            """
        )

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Output file.") var out: String

        func run() async throws {
            let findings = try await database.withStore { store in
                try await database.auditLog(store).append(actor: "cli", action: "findings.export", target: out)
                return try await store.exportFindings(scope: .system, generatedAt: Timestamp.format(store.now))
            }
            try findings.encodedJSON().write(to: URL(fileURLWithPath: out))
            print("wrote \(out): \(findings.gangs.count) gangs, \(findings.anomalousRetailers.count) retailers ranked, "
                  + "\(findings.convoys.count) convoys, \(findings.clonedPlates.count) cloned plates, "
                  + "\(findings.nightVehicles.count) night vehicles, \(findings.tips.count) tips ranked")
        }
    }
}
