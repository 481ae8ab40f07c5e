import ArgumentParser
import Foundation
import YanjianModels
import YanjianStore
import YanjianWorkflow

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
          yanjian risk models --db ./yanjian.db      # the model registry: versions, candidates, metrics
          yanjian risk shadow --flag-level 3.0       # score a candidate without warnings, compare, backtest
          yanjian risk promote 3 --reviewer zhang.san --note "回测命中率更高"
          yanjian risk reject 3 --reviewer zhang.san --note "误报增加"
        """,
        subcommands: [Score.self, Top.self, Models.self, Shadow.self, Promote.self, Reject.self],
        defaultSubcommand: Score.self
    )

    /// `yanjian risk score`.
    struct Score: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "score", abstract: "Score all retailers and store one retailer_risk finding each.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var model: ModelOptions

        func validate() throws { try model.validate() }

        func run() async throws {
            let parameters = model.parameters
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

    /// Candidate parameters; without any, the active version's parameters are used.
    struct ModelOptions: ParsableArguments {
        @Option(help: "Random seed of the models (default: the active version's).") var seed: UInt64?
        @Option(help: "Evidence (robust-z units) at which a pattern counts as present (default: the active version's, else \(RiskParameters().flagLevel)).")
        var flagLevel: Double?

        func validate() throws {
            if let flagLevel, !(flagLevel > 0) { throw ValidationError("--flag-level must be positive") }
        }

        var parameters: RiskParameters? {
            guard seed != nil || flagLevel != nil else { return nil }
            var parameters = RiskParameters()
            if let seed { parameters.seed = seed }
            if let flagLevel { parameters.flagLevel = flagLevel }
            return parameters
        }
    }

    /// `yanjian risk shadow`: a candidate scored without warnings, compared with the active version.
    struct Shadow: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "shadow",
            abstract: "Score a candidate model in shadow mode (no warnings), compare it with the active one, and backtest the warning rules on it.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var model: ModelOptions
        @Option(help: "The backtest window in days (1–366).") var days = 30

        func validate() throws {
            try model.validate()
            guard (1...366).contains(days) else { throw ValidationError("--days must be 1 to 366") }
        }

        func run() async throws {
            try await database.withStore { store in
                let (summary, candidate) = try await RetailerRiskAnalysis.shadow(store: store, logger: CLI.logger, parameters: model.parameters)
                try await database.auditLog(store).append(actor: "cli", action: "model.shadow",
                                                          details: ["candidate": candidate.map { String($0.id) } ?? "active"])
                guard let candidate else {
                    print("the candidate is the active model v\(summary.modelVersion) itself (same parameters and labels): nothing to compare")
                    return
                }
                let comparison = try await RiskShadowComparison.compute(store: store, pointInTime: true, candidate: model.parameters)
                let live = try await WarningBacktest.run(store: store, rules: .standard, days: days)
                let trial = try await WarningBacktest.run(store: store, rules: .standard, days: days,
                                                          reading: [FindingKind.retailerRisk: RetailerRiskAnalysis.shadowKind])
                print("candidate #\(candidate.id) (\(candidate.parameters)): \(summary.retailers) retailers, \(summary.flagged) flagged")
                print("flagged: active \(comparison.activeFlagged), candidate \(comparison.candidateFlagged); both \(comparison.both), "
                      + "only active \(comparison.onlyActive), only candidate \(comparison.onlyCandidate); top \(comparison.top) shared \(comparison.topShared)")
                print("month     cases(all)  active: cases confirmed dismissed   candidate: cases confirmed dismissed")
                for month in comparison.months {
                    print(String(format: "%@  %6d        %5d %9d %9d              %5d %9d %9d", month.month, month.casesTotal,
                                 month.active.cases, month.active.confirmed, month.active.dismissed,
                                 month.candidate.cases, month.candidate.confirmed, month.candidate.dismissed))
                }
                print("as of each month's first day (both re-scored on the data of then), what the month found among the flagged:")
                print("month     flagged: active candidate   cases(all)  active: cases confirmed   candidate: cases confirmed")
                for month in comparison.pointInTime ?? [] {
                    print(String(format: "%@           %7d %9d   %10d          %5d %9d              %5d %9d", month.month,
                                 month.activeFlagged ?? 0, month.candidateFlagged ?? 0, month.casesTotal,
                                 month.active.cases, month.active.confirmed, month.candidate.cases, month.candidate.confirmed))
                }
                print("standard warning rules, active model:")
                WarningsCommand.show(live)
                print("standard warning rules, candidate:")
                WarningsCommand.show(trial)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                let review = String(decoding: try encoder.encode(CandidateReview(comparison: comparison, activeBacktest: live, candidateBacktest: trial)),
                                    as: UTF8.self)
                try await store.setCandidateReview(id: candidate.id, review: review)
                print("promote it with `yanjian risk promote \(candidate.id) --reviewer NAME`, or `yanjian risk reject \(candidate.id) --reviewer NAME --note WHY`")
            }
        }
    }

    /// What a reviewer reads about a candidate (kept with it; served by the API).
    struct CandidateReview: Encodable {
        var comparison: RiskShadowComparison
        var activeBacktest: WarningBacktest.Report
        var candidateBacktest: WarningBacktest.Report

        enum CodingKeys: String, CodingKey {
            case comparison
            case activeBacktest = "active_backtest"
            case candidateBacktest = "candidate_backtest"
        }
    }

    /// `yanjian risk promote`: the candidate becomes the active version; its scores go live.
    struct Promote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "promote", abstract: "Make a shadow candidate the active model; its scores replace the live ranking.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The candidate's number (from `yanjian risk shadow` or `yanjian risk models`).") var id: Int64
        @Option(help: "Who decides (recorded).") var reviewer: String
        @Option(help: "Why (recorded).") var note: String?

        func run() async throws {
            let version = try await database.withStore { store in
                let version = try await store.promoteCandidate(id: id, shadowKind: RetailerRiskAnalysis.shadowKind, liveKind: FindingKind.retailerRisk,
                                                               actor: reviewer, note: note)
                try await database.auditLog(store).append(actor: reviewer, action: "model.promote", target: "model_candidate/\(id)",
                                                          details: ["version": String(version.version), "via": "cli"])
                let warnings = try await WarningGeneration.run(store: store, actor: reviewer, logger: CLI.logger)
                print(WarningsCommand.render(warnings))
                return version
            }
            print("candidate #\(id) is now \(version.model) v\(version.version); warnings were generated from its scores")
        }
    }

    /// `yanjian risk reject`: the candidate is turned down; its shadow scores are dropped.
    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reject", abstract: "Turn a shadow candidate down (with a note).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The candidate's number.") var id: Int64
        @Option(help: "Who decides (recorded).") var reviewer: String
        @Option(help: "Why (required).") var note: String

        func run() async throws {
            try await database.withStore { store in
                _ = try await store.rejectCandidate(id: id, shadowKind: RetailerRiskAnalysis.shadowKind, actor: reviewer, note: note)
                try await database.auditLog(store).append(actor: reviewer, action: "model.reject", target: "model_candidate/\(id)", details: ["via": "cli"])
            }
            print("candidate #\(id) rejected")
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
            let candidates = try await database.withStore { store in try await store.modelCandidates(RetailerRiskAnalysis.modelName) }
            for candidate in candidates {
                let when = Date(timeIntervalSince1970: TimeInterval(candidate.trainedAt)).formatted(.iso8601)
                print("candidate #\(candidate.id)  \(candidate.status)  \(when)  parameters \(candidate.parameters)  metrics \(candidate.metrics)"
                      + (candidate.decidedBy.map { "  decided by \($0)" } ?? "") + (candidate.note.map { ": \($0)" } ?? ""))
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
