import ArgumentParser
import Foundation
import YanjianStore

/// `yanjian audit verify|checkpoint|export`.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify and export the tamper-evident audit log.",
        discussion: """
        Every login, personal-data read, import and change is an entry chained with HMAC-SHA256 under a
        key kept outside the database. Signed checkpoints (Ed25519) let an outside party prove later that
        nothing before them was removed.

        Examples:
          yanjian audit verify --db ./yanjian.db
          yanjian audit export --out checkpoints.json      keep this file somewhere else
          yanjian audit verify --checkpoints checkpoints.json
        """,
        subcommands: [Verify.self, Checkpoint.self, Export.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Walk the whole chain; exit 1 when any entry was edited, deleted or cut off.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Exported checkpoints to check against as well.") var checkpoints: String?

        func run() async throws {
            let external: [AuditCheckpoint]
            if let checkpoints {
                guard let data = FileManager.default.contents(atPath: checkpoints) else { throw CLIError("cannot read \(checkpoints)") }
                do { external = try JSONDecoder().decode([AuditCheckpoint].self, from: data) } catch {
                    throw CLIError("\(checkpoints) is not an exported checkpoint file: \(error)")
                }
            } else {
                external = []
            }
            let result = try await database.withStore { store in
                try await database.auditLog(store, create: false).verify(externalCheckpoints: external)
            }
            print("entries: \(result.entries), checkpoints: \(result.checkpoints)")
            if result.ok {
                print("audit chain OK")
            } else {
                for problem in result.problems { print("PROBLEM: \(problem)") }
                throw ExitCode(1)
            }
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sign the current head of the chain now.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await database.withStore { store in
                if let point = try await database.auditLog(store, create: false).checkpoint() {
                    print("checkpoint at entry \(point.seq)")
                } else {
                    print("nothing new to sign")
                }
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write all signed checkpoints as JSON, to keep outside the database.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Output file.") var out: String

        func run() async throws {
            let points = try await database.withStore { store in
                let log = try database.auditLog(store, create: false)
                try await log.checkpoint()
                return try await log.checkpoints()
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(points).write(to: URL(fileURLWithPath: out))
            print("wrote \(points.count) checkpoints to \(out)")
        }
    }
}
