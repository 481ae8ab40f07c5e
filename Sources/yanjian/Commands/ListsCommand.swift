import ArgumentParser
import Foundation
import YanjianCore
import YanjianStore
import YanjianWorkflow

/// `yanjian lists`: the grey and black lists of key retailers.
struct ListsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lists",
        abstract: "Grey and black lists of key retailers: rule proposals, review, history.",
        discussion: """
        The rules propose (flagged by the risk model → grey; flagged with a case or a confirmed warning,
        or two cases in two years → black); a person reviews every proposal. Approved entries expire
        (grey 180 days, black 365, unless the reviewer says otherwise). See docs/RISK.md, "Lists".

        Examples:
          yanjian lists propose --db ./yanjian.db
          yanjian lists show --status proposed
          yanjian lists review 12 --approve --reviewer zhang.san --days 90
          yanjian lists review 13 --reject --reviewer zhang.san --note "核实为正常经营"
        """,
        subcommands: [Propose.self, Show.self, Review.self],
        defaultSubcommand: Show.self
    )

    struct Propose: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "propose", abstract: "Run the list rules; proposals wait for review.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let proposed = try await database.withStore { store in
                let proposed = try await ListProposals.run(store: store, actor: "cli")
                try await database.auditLog(store).append(actor: "cli", action: "list.rules", details: ["proposed": String(proposed)])
                return proposed
            }
            print("\(proposed) new proposal(s); review them with `yanjian lists show --status proposed`")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print list entries, newest first.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "grey or black.") var list: RetailerList?
        @Option(help: "proposed, active, rejected, removed or expired.") var status: ListEntryStatus?
        @Option(help: "Only this licence number.") var licence: String?
        @Option(help: "How many entries to print (at most 200).") var limit = 50

        func validate() throws {
            guard (1...PageRequest.maxPerPage).contains(limit) else { throw ValidationError("--limit must be 1 to \(PageRequest.maxPerPage)") }
        }

        func run() async throws {
            let entries = try await database.withStore { store in
                try await store.listEntries(filter: ListEntryFilter(list: list, status: status, licenceNo: licence), scope: .system,
                                            page: try PageRequest(page: 1, perPage: limit)).items
            }
            if entries.isEmpty { print("no list entries match; `yanjian lists propose` runs the rules") }
            for entry in entries {
                let expires = entry.expiresAt.map { " until \(Timestamp.formatDate($0))" } ?? ""
                print("#\(entry.id)  \(entry.licenceNo)  \(entry.list.rawValue)  \(entry.status.rawValue)\(expires)  by \(entry.proposedBy)")
                for reason in entry.reasons { print("      · \(reason)") }
            }
        }
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "review", abstract: "Approve, reject or remove a list entry.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The entry's number (#12 → 12).") var id: Int64
        @Flag(exclusivity: .exclusive, help: "The decision.") var decision: Decision
        @Option(help: "Who reviews (recorded; nobody approves their own proposal).") var reviewer: String
        @Option(help: "Why (required to reject or remove).") var note: String?
        @Option(help: "Days on the list when approving (default grey 180, black 365).") var days: Int?

        enum Decision: String, EnumerableFlag {
            case approve, reject, remove
        }

        func run() async throws {
            let entry = try await database.withStore { store in
                let entry = try await store.decideListEntry(id: id, decision: ListDecision(rawValue: decision.rawValue) ?? .approve, note: note,
                                                            expiresDays: days, actor: reviewer, scope: .system)
                try await database.auditLog(store).append(actor: reviewer, action: "list.\(decision.rawValue)", target: "list/\(id)",
                                                          details: ["licence_no": entry.licenceNo, "via": "cli"])
                return entry
            }
            print("#\(entry.id) \(entry.licenceNo) \(entry.list.rawValue): \(entry.status.rawValue)")
        }
    }
}

extension RetailerList: ExpressibleByArgument {}
extension ListEntryStatus: ExpressibleByArgument {}
