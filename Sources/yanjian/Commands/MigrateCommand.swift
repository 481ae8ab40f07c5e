import ArgumentParser
import YanjianStore

/// `yanjian migrate`: bring a database's schema up to this version.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the database schema.",
        discussion: """
        Applies every migration this version knows and the database lacks, each in its own transaction.
        A database written by a newer yanjian is refused and left untouched.

        Examples:
          yanjian migrate --db ./yanjian.db
          yanjian migrate --db 'postgres://yanjian@127.0.0.1/yanjian?sslmode=require'
          yanjian migrate --status
        """
    )

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Only show which migrations are applied and pending.") var status = false

    func run() async throws {
        try await database.withStore(check: false) { store in try await migrate(store) }
    }

    private func migrate(_ store: Store) async throws {
        let before = try await store.schemaStatus()
        if status {
            print("database: \(database.location)")
            print("applied:  \(before.applied.joined(separator: ", "))")
            print("pending:  \(before.pending.isEmpty ? "none" : before.pending.joined(separator: ", "))")
            if !before.unknown.isEmpty { print("unknown (newer than this yanjian): \(before.unknown.joined(separator: ", "))") }
            return
        }
        let applied = try await store.migrate()
        print(applied.isEmpty ? "schema is current (\(before.version) migrations)" : "applied \(applied.count): \(applied.joined(separator: ", "))")
        try await database.auditLog(store).append(actor: "cli", action: "schema.migrate", details: ["applied": applied.joined(separator: ",")])
    }
}
