import ArgumentParser
import Foundation
import YanjianCore
import YanjianStore

/// `yanjian analyze`: runs every analysis that exists and stores its findings.
struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Run every installed analysis over a database and store the findings.",
        discussion: """
        Analyses read the store and write findings back to it; `yanjian export findings` collects them.
        Installed in this version: none yet. Link analysis (gangs), retailer risk and vehicle perception
        arrive with their own subcommands; until then this command records the run and exits 0, so the
        pipeline import → analyze → export → eval already runs end to end.

        Example:
          yanjian analyze --db ./yanjian.db
        """
    )

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await database.withStore { store in
            try await database.auditLog(store).append(actor: "cli", action: "analysis.run", details: ["analyses": "none"])
        }
        print("no analyses are installed in this version yet; nothing to compute")
    }
}

/// `yanjian export findings`.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export results.",
        subcommands: [FindingsExport.self]
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
