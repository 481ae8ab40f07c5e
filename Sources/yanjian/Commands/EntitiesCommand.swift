import ArgumentParser
import Foundation
import YanjianCore
import YanjianGraph
import YanjianStore

/// `yanjian entities merge|split|decisions|revoke`: analysts' corrections to entity resolution.
struct EntitiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities",
        abstract: "Correct entity resolution: say two entities are one party (merge) or never one (split).",
        discussion: """
        Link analysis joins phones, ID numbers, accounts, plates and files into people by the evidence;
        an analyst who knows better records a decision, with a reason. Every `yanjian analyze` run
        applies the decisions in force over any evidence (a split even over a file listing both), and
        each affected gang member shows the decision among its reasons. Decisions are never edited:
        revoke one (also with a reason) and the next run is as if it had not been made; the history
        stays. Entities: \(Store.identityKinds.sorted().map { "\($0):…" }.joined(separator: ", ")).

        Examples:
          yanjian entities merge phone:13900000201 account:wxid_seller0 --by zhang.san --reason "微信实名与机主一致"
          yanjian entities split phone:13900000100 id_no:610113198001011234 --by zhang.san --reason "号码已转让"
          yanjian entities decisions --all
          yanjian entities revoke 3 --by li.si --reason "复核不成立"
          yanjian analyze links        (applies them)
          yanjian entities matches     (files the last run judged to be one person, with each field's weight)
        """,
        subcommands: [Merge.self, Split.self, Decisions.self, Revoke.self, Matches.self],
        defaultSubcommand: Decisions.self
    )

    /// Arguments of merge and split.
    struct Pair: ParsableArguments {
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The first entity, kind:value.") var first: String
        @Argument(help: "The second entity, kind:value.") var second: String
        @Option(help: "Who decides (recorded).") var by: String
        @Option(help: "Why (recorded; required).") var reason: String

        func record(_ action: IdentityAction) async throws {
            let decision = try await database.withStore { store in
                let decision = try await store.recordIdentityDecision(action: action, entityA: first, entityB: second, reason: reason, actor: by)
                try await database.auditLog(store).append(
                    actor: by, action: "entity.\(action.rawValue)", target: "identity-decision/\(decision.id)",
                    details: ["via": "cli", "reason": reason])
                return decision
            }
            print(EntitiesCommand.line(decision))
            print("applied from the next `yanjian analyze links`; undo with `yanjian entities revoke \(decision.id) --by … --reason …`")
        }
    }

    struct Merge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record that two entities are one party.")
        @OptionGroup var pair: Pair
        func run() async throws { try await pair.record(.merge) }
    }

    struct Split: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record that two entities are never one party.")
        @OptionGroup var pair: Pair
        func run() async throws { try await pair.record(.split) }
    }

    struct Decisions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the decisions in force, newest first (--all: revoked ones too).")
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Include revoked decisions.") var all = false

        func run() async throws {
            let decisions = try await database.withStore { try await $0.identityDecisions(includeRevoked: all) }
            if decisions.isEmpty { print(all ? "no decisions recorded" : "no decisions in force (--all shows revoked ones)") }
            for decision in decisions { print(EntitiesCommand.line(decision)) }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a decision; the next analysis runs without it.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The decision's number (#3 → 3).") var id: Int64
        @Option(help: "Who revokes (recorded).") var by: String
        @Option(help: "Why (recorded; required).") var reason: String

        func run() async throws {
            let decision = try await database.withStore { store in
                let decision = try await store.revokeIdentityDecision(id: id, reason: reason, actor: by)
                try await database.auditLog(store).append(
                    actor: by, action: "entity.revoke", target: "identity-decision/\(id)", details: ["via": "cli", "reason": reason])
                return decision
            }
            print(EntitiesCommand.line(decision))
        }
    }

    struct Matches: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the files sharing no key that the last link analysis judged to be one person, with each field's evidence.",
            discussion: """
            Record linkage (Fellegi–Sunter, weights estimated from the data) compares person files, retailer
            owners and legal persons on name, ID number, birth date, phones, addresses and accounts. Each
            field's weight is in bits: positive for, negative against. Disagree with one? Split the two:
              yanjian entities split person:P000012 licence_no:610102100001 --by … --reason …
            Personal values are masked unless --unmasked is given (the access is written to the audit log).
            """)
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Show values in clear.") var unmasked = false
        @Option(help: "How many pairs to print.") var limit = 50

        func run() async throws {
            let found = try await database.withStore { store in
                let found = try await store.findings(kind: LinkFindingKind.personMatch, scope: .system)
                if unmasked { try await database.auditLog(store).append(actor: "cli", action: "person_match.unmask") }
                return found
            }
            let decoder = JSONDecoder()
            var printed = 0
            for finding in found.sorted(by: { ($0.score, $1.subject) > ($1.score, $0.subject) }) {
                let shown = unmasked ? finding : FindingMasking.mask(finding)
                guard let details = try? decoder.decode(PersonMatchFindingDetails.self, from: Data(shown.details.utf8)),
                      printed < limit else { continue }
                printed += 1
                print(String(format: "%@  p=%.3f  %+.1f bits%@", shown.subject, details.probability, details.weight,
                             details.sharesKey ? "  (confirms a shared key)" : ""))
                let fields = details.fields.map { field in
                    field.level == nil ? "\(field.field) 缺失" : String(format: "%@ %@ %+.1f", field.field, field.label, field.weight)
                }
                print("      " + fields.joined(separator: " · "))
            }
            if printed == 0 { print("no person matches stored (files sharing an ID number, phone or account are joined by it and not listed); run `yanjian analyze links` first") }
        }
    }

    static func line(_ d: IdentityDecision) -> String {
        var text = "#\(d.id)  \(d.action.rawValue)  \(d.entityA)  \(d.entityB)  by \(d.decidedBy) on \(Timestamp.formatDate(d.decidedAt)): \(d.reason)"
        if let at = d.revokedAt {
            text += "\n      revoked by \(d.revokedBy ?? "?") on \(Timestamp.formatDate(at)): \(d.revokeReason ?? "")"
        }
        return text
    }
}
