import ArgumentParser
import Foundation
import YanjianModels
import YanjianStore

/// `yanjian risk`: score retailer risk, and list the ranking.
struct RiskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk",
        abstract: "Score every licensed retailer's risk (0–100) and list the ranking.",
        discussion: """
        Scores come from per-pattern rules against peers (same county and business type), an isolation
        forest, supporting facts (cases, tips, registry, licence) and, when enough retailers are linked to
        cases and it passes its out-of-bag check, a random forest. See docs/RISK.md.

        Examples:
          yanjian risk score --db ./yanjian.db
          yanjian risk top --db ./yanjian.db --limit 20 --english
          yanjian risk models --db ./yanjian.db      # the model registry: versions, labels, metrics
        """,
        subcommands: [Score.self, Top.self, Models.self],
        defaultSubcommand: Score.self
    )

    /// `yanjian risk score`.
    struct Score: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "score", abstract: "Score all retailers and store one retailer_risk finding each.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Random seed of the models.") var seed: UInt64 = RiskParameters().seed
        @Option(help: "Evidence (robust-z units) at which a pattern counts as present.") var flagLevel: Double = RiskParameters().flagLevel

        func validate() throws {
            guard flagLevel > 0 else { throw ValidationError("--flag-level must be positive") }
        }

        func run() async throws {
            var parameters = RiskParameters()
            parameters.seed = seed
            parameters.flagLevel = flagLevel
            let started = Date()
            let summary = try await database.withStore { store in
                let summary = try await RetailerRiskAnalysis.run(store: store, logger: CLI.logger, parameters: parameters)
                try await database.auditLog(store).append(
                    actor: "cli", action: "analysis.run", details: ["analyses": RetailerRiskAnalysis.name])
                return summary
            }
            let patterns = summary.flaggedByPattern.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            print("model v\(summary.modelVersion): scored \(summary.retailers) retailers in \(String(format: "%.1f", Date().timeIntervalSince(started))) s; "
                  + "flagged \(summary.flagged) (\(patterns.isEmpty ? "none" : patterns)); random forest \(summary.forestNote)")
        }
    }

    /// `yanjian risk models`: the registered versions of the retailer risk model.
    struct Models: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "models",
            abstract: "List the registered versions of the risk model (a new one whenever labels or parameters change).")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let versions = try await database.withStore { store in try await store.modelVersions(RetailerRiskAnalysis.modelName) }
            if versions.isEmpty {
                print("no model versions yet: run `yanjian risk score` first")
                return
            }
            for version in versions {
                let when = Date(timeIntervalSince1970: TimeInterval(version.trainedAt)).formatted(.iso8601)
                print("v\(version.version)  \(version.status)  \(when)  training \(version.training)  metrics \(version.metrics)")
            }
        }
    }

    /// `yanjian risk top`.
    struct Top: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "top", abstract: "Print the riskiest retailers with their reasons.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "How many retailers to print.") var limit = 20
        @Flag(help: "Print the reasons in English.") var english = false

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            let entries = try await database.withStore { store in
                try await store.findings(kind: FindingKind.retailerRisk, scope: .system, limit: limit)
            }
            if entries.isEmpty {
                print("no retailer risk scores yet: run `yanjian risk score` first")
                return
            }
            for (rank, entry) in entries.enumerated() {
                let details = (try? JSONSerialization.jsonObject(with: Data(entry.details.utf8))) as? [String: Any] ?? [:]
                let reasons = details[english ? "reasons_en" : "reasons"] as? [String] ?? []
                print(String(format: "%3d  %@  %5.1f  %@", rank + 1, entry.subject, entry.score, entry.label ?? "-"))
                for reason in reasons.prefix(4) { print("       · \(reason)") }
            }
        }
    }
}
