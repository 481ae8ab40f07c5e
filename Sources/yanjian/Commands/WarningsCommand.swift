import ArgumentParser
import Foundation
import YanjianCore
import YanjianStore
import YanjianWorkflow

/// `yanjian warnings`: raise graded warnings from the findings, list and show them, escalate, and
/// work the loop from a terminal (acknowledge, dispatch the nearest units, report from the field).
struct WarningsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warnings",
        abstract: "Raise, list and work graded warnings (预警: red, orange, yellow, blue).",
        discussion: """
        Warnings are raised from the analyses' findings by rules (docs/WORKFLOW.md): one live warning per
        target, upgraded when the evidence gets stronger, escalated one level when nobody responds in
        time (red 2 h, orange 8 h, yellow 24 h, blue 72 h). Dispatch ranks units by estimated travel time
        and proposes the nearest free unit of each department the warning is routed to.

        Examples:
          yanjian warnings generate --db ./yanjian.db
          yanjian warnings generate --rules ./my-rules.json
          yanjian warnings backtest --rules ./my-rules.json --days 30   # try a policy first
          yanjian warnings list --level red --open
          yanjian warnings show 12
          yanjian warnings dispatch 12              # send the suggested units
          yanjian warnings dispatch 12 --unit U003 --unit U017
          yanjian warnings status 12 acknowledged --note "已签收"
          yanjian warnings report 31 arrived
          yanjian warnings report 31 reported --result confirmed --note "查获 50 条"
        """,
        subcommands: [Generate.self, Backtest.self, List.self, Show.self, Status.self, Dispatch.self, Report.self, Escalate.self],
        defaultSubcommand: List.self
    )

    /// The rules in `path`, or the standard rules without one; a bad file names the rule and field.
    static func ruleSet(_ path: String?) throws -> WarningRuleSet {
        guard let path else { return .standard }
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read the rule file \(path)") }
        do {
            return try WarningRuleSet(json: data)
        } catch {
            throw CLIError("\(path): \(error.description)")
        }
    }

    static func render(_ summary: WarningGeneration.Summary) -> String {
        let levels = WarningLevel.allCases.map { "\($0.rawValue) \(summary.byLevel[$0.rawValue] ?? 0)" }.joined(separator: ", ")
        return "warnings: \(summary.targetsMatched) targets matched (\(levels)); \(summary.changes.raised) raised, "
            + "\(summary.changes.upgraded) upgraded, \(summary.changes.suppressed) suppressed, \(summary.escalated) escalated; "
            + "list them with `yanjian warnings list`"
    }

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate", abstract: "Apply the warning rules to the current findings.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "A JSON rule file instead of the standard rules (see docs/WORKFLOW.md).") var rules: String?

        func run() async throws {
            let ruleSet = try WarningsCommand.ruleSet(rules)
            let summary = try await database.withStore { store in
                let summary = try await WarningGeneration.run(store: store, rules: ruleSet, actor: "cli", logger: CLI.logger)
                try await database.auditLog(store).append(
                    actor: "cli", action: "warning.generate",
                    details: ["raised": String(summary.changes.raised), "escalated": String(summary.escalated)])
                return summary
            }
            print(WarningsCommand.render(summary))
        }
    }

    struct Backtest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backtest",
            abstract: "What a rule set would warn about now, against the cases and verdicts of the last days; stores nothing.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "A JSON rule file (default: the standard rules).") var rules: String?
        @Option(help: "The window in days (1–366).") var days = 30

        func run() async throws {
            let ruleSet = try WarningsCommand.ruleSet(rules)
            let report = try await database.withStore { store in try await WarningBacktest.run(store: store, rules: ruleSet, days: days) }
            WarningsCommand.show(report)
        }
    }

    /// Prints a backtest report.
    static func show(_ report: WarningBacktest.Report) {
        let levels = WarningLevel.allCases.map { "\($0.rawValue) \(report.wouldRaise[$0.rawValue] ?? 0)" }.joined(separator: ", ")
        print("would warn about \(report.total) targets (\(levels))")
        print("last \(report.days) days: \(report.becameCases) of them became cases, \(report.confirmed) were confirmed and \(report.dismissed) dismissed on site; hit rate \(report.hitRate.map { String(format: "%.1f%%", $0 * 100) } ?? "—")")
        print("cases the rules would miss: \(report.missedCases); new targets vs the open warnings: \(report.newTargets); open warnings they would drop: \(report.dropped)")
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List warnings, most severe and newest first.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only this level: red, orange, yellow, blue (or 红 橙 黄 蓝).") var level: String?
        @Option(help: "Only this status: \(WarningStatus.allCases.map(\.rawValue).joined(separator: ", ")).") var status: String?
        @Flag(help: "Only warnings still needing work.") var open = false
        @Option(help: "How many to print.") var limit = 50

        func run() async throws {
            var filter = WarningFilter(openOnly: open)
            if let level {
                guard let parsed = WarningLevel(code: level) else { throw ValidationError("--level must be red, orange, yellow or blue") }
                filter.level = parsed
            }
            if let status {
                guard let parsed = WarningStatus(rawValue: status) else {
                    throw ValidationError("--status must be one of \(WarningStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                filter.status = parsed
            }
            guard (1...PageRequest.maxPerPage).contains(limit) else { throw ValidationError("--limit must be 1–\(PageRequest.maxPerPage)") }
            let page = try await database.withStore { store in
                try await store.warningPage(scope: .system, filter: filter, page: PageRequest(page: 1, perPage: limit))
            }
            if page.items.isEmpty {
                print("no warnings match: run `yanjian analyze` (or `yanjian warnings generate`) first")
                return
            }
            for warning in page.items {
                print(String(format: "%5lld  %@  %-12@  %-8@ %@  %@", warning.id, warning.level.code, warning.status.rawValue,
                             warning.targetKind, warning.target, warning.reason))
            }
            if page.hasMore { print("… more: use --limit or filters") }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "One warning: evidence, timeline, dispatches and the nearest units.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The warning id.") var id: Int64

        func run() async throws {
            try await database.withStore { store in
                let warning = try await store.warning(id: id, scope: .system)
                print("warning \(warning.id)  \(warning.level.code) \(warning.level.rawValue)  \(warning.status.rawValue)  \(warning.targetKind) \(warning.target)")
                print("  reason: \(warning.reason)")
                print("  routed to: \(warning.departments.map(\.code).joined(separator: " "))  adcode \(warning.adcode ?? "—")")
                print("  evidence: \(warning.evidence)")
                print("  timeline:")
                for event in try await store.warningEvents(id: id) {
                    let date = Date(timeIntervalSince1970: TimeInterval(event.at)).formatted(.iso8601)
                    print("    \(date)  \(event.actor)  \(event.action) \(event.toStatus ?? "")  \(event.note ?? "")")
                }
                let dispatches = try await store.dispatches(warningID: id)
                if !dispatches.isEmpty { print("  dispatches:") }
                for dispatch in dispatches {
                    print("    #\(dispatch.id) \(dispatch.unitID) \(dispatch.status.rawValue) \(dispatch.result?.rawValue ?? "")")
                }
                guard let point = warning.location else {
                    print("  no place for this target: dispatch with --lat/--lon")
                    return
                }
                print("  nearest units:")
                for candidate in DispatchPlanner.rank(try await store.units(scope: .system), to: point, departments: warning.departments).prefix(8) {
                    print(String(format: "    %@  %@  %5.1f km  %3.0f min  %@", candidate.unit.unitID,
                                 candidate.unit.department?.code ?? "?", candidate.distanceKm, candidate.etaMinutes,
                                 candidate.unit.isAvailable ? "available" : "busy"))
                }
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Move a warning along its lifecycle.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The warning id.") var id: Int64
        @Argument(help: "The new status: \(WarningStatus.allCases.map(\.rawValue).joined(separator: ", ")).") var to: String
        @Option(help: "Why.") var note: String?
        @Option(help: "Who (recorded on the timeline and in the audit log).") var actor = "cli"

        func run() async throws {
            guard let target = WarningStatus(rawValue: to) else {
                throw ValidationError("status must be one of \(WarningStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let warning = try await database.withStore { store in
                let warning = try await store.transitionWarning(id: id, to: target, actor: actor, note: note, scope: .system)
                try await database.auditLog(store).append(actor: actor, action: "warning.status", target: "warning/\(id)", details: ["to": to])
                return warning
            }
            print("warning \(warning.id) is now \(warning.status.rawValue)")
        }
    }

    struct Dispatch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dispatch", abstract: "Send units to a warning (by default the suggested nearest free unit of each department).")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The warning id.") var id: Int64
        @Option(name: .customLong("unit"), help: "A unit to send (repeatable); default: the suggestion.") var units: [String] = []
        @Option(help: "Latitude of the place, for a target without one.") var lat: Double?
        @Option(help: "Longitude of the place, for a target without one.") var lon: Double?
        @Option(help: "Instructions for the units.") var note: String?
        @Option(help: "Who (recorded on the timeline and in the audit log).") var actor = "cli"

        func run() async throws {
            let sent = try await database.withStore { store in
                let warning = try await store.warning(id: id, scope: .system)
                let point = lat.flatMap { lat in lon.map { GeoPoint(lat: lat, lon: $0) } } ?? warning.location
                let all = try await store.units(scope: .system)
                var orders: [DispatchOrder]
                if units.isEmpty {
                    guard let point else { throw CLIError("warning \(id) has no place: give --lat and --lon, or --unit") }
                    orders = DispatchPlanner.suggest(all, to: point, departments: warning.departments).map {
                        DispatchOrder(unitID: $0.unit.unitID, distanceKm: $0.distanceKm, etaMinutes: $0.etaMinutes.rounded())
                    }
                    guard !orders.isEmpty else { throw CLIError("no available unit of \(warning.departments.map(\.code).joined(separator: " "))") }
                } else {
                    orders = try units.map { unitID in
                        guard let unit = all.first(where: { $0.unitID == unitID }) else { throw CLIError("no unit \(unitID)") }
                        let estimate = point.map { TravelModel().estimate(from: unit.location, to: $0) }
                        return DispatchOrder(unitID: unitID, distanceKm: estimate?.distanceKm, etaMinutes: estimate?.minutes.rounded())
                    }
                }
                let sent = try await store.dispatch(warningID: id, orders: orders, actor: actor, note: note, scope: .system)
                try await database.auditLog(store).append(actor: actor, action: "warning.dispatch", target: "warning/\(id)",
                                                          details: ["units": orders.map(\.unitID).joined(separator: ",")])
                return sent
            }
            for dispatch in sent where dispatch.status == .dispatched {
                let eta = dispatch.etaMinutes.map { String(format: ", ETA %.0f min", $0) } ?? ""
                print("dispatch #\(dispatch.id): \(dispatch.unitID) sent\(eta)")
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report", abstract: "Report a dispatch's progress: arrived, handling, reported (with --result), cancelled.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The dispatch id.") var id: Int64
        @Argument(help: "arrived, handling, reported or cancelled.") var to: String
        @Option(help: "With reported: confirmed, not_found or other.") var result: String?
        @Option(help: "What was found.") var note: String?
        @Option(help: "Who (recorded on the timeline and in the audit log).") var actor = "cli"

        func run() async throws {
            guard let target = DispatchStatus(rawValue: to) else { throw ValidationError("status must be arrived, handling, reported or cancelled") }
            var verdict: VerificationResult?
            if let result {
                guard let parsed = VerificationResult(rawValue: result) else { throw ValidationError("--result must be confirmed, not_found or other") }
                verdict = parsed
            }
            let dispatch = try await database.withStore { store in
                let dispatch = try await store.updateDispatch(id: id, to: target, result: verdict, note: note, actor: actor, scope: .system)
                try await database.auditLog(store).append(actor: actor, action: "dispatch.\(to)", target: "dispatch/\(id)")
                return dispatch
            }
            print("dispatch #\(dispatch.id) is now \(dispatch.status.rawValue)")
        }
    }

    struct Escalate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "escalate", abstract: "Escalate every warning left unanswered past its deadline (the server does this every minute).")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let count = try await database.withStore { store in try await store.escalateOverdueWarnings(actor: "cli") }
            print("escalated \(count) warning(s)")
        }
    }
}
