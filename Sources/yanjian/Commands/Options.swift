import ArgumentParser
import Foundation
import Logging
import YanjianStore

/// `--db` and `--audit-key`, shared by every command that opens the store.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A SQLite file path or a postgres:// URL (add ?sslmode=require for TLS).",
        discussion: "Default: $YANJIAN_DB, else ./yanjian.db.", valueName: "path-or-url"))
    var db: String?

    @Option(name: .customLong("audit-key"), help: ArgumentHelp(
        "File holding the audit-chain key (created with mode 0600 if missing).",
        discussion: "Default: $YANJIAN_AUDIT_KEY (the key itself), else $YANJIAN_AUDIT_KEY_FILE, else yanjian-audit.key beside a SQLite database or in the current folder for PostgreSQL.",
        valueName: "file"))
    var auditKey: String?

    var location: StoreLocation { StoreLocation.resolve(option: db, environment: ProcessInfo.processInfo.environment) }

    /// Opens the store and checks its schema: a new database is created, an older one must be migrated
    /// with `yanjian migrate`, a newer one is refused.
    func openStore(logger: Logger = CLI.logger, migrateIfEmpty: Bool = true, check: Bool = true) async throws -> Store {
        let store = try Store.open(location, logger: logger)
        if check {
            do {
                try await store.checkSchema(migrateIfEmpty: migrateIfEmpty)
            } catch {
                await store.close()
                throw error
            }
        }
        return store
    }

    /// Opens the store, runs `body`, and closes the store whether or not `body` throws.
    func withStore<T>(migrateIfEmpty: Bool = true, check: Bool = true, _ body: (Store) async throws -> T) async throws -> T {
        let store = try await openStore(migrateIfEmpty: migrateIfEmpty, check: check)
        do {
            let result = try await body(store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }

    /// The audit log of a store, with the key from the option, the environment or the default file.
    func auditLog(_ store: Store, create: Bool = true) throws -> AuditLog {
        let environment = ProcessInfo.processInfo.environment
        let file = auditKey ?? environment["YANJIAN_AUDIT_KEY_FILE"] ?? defaultKeyFile
        return AuditLog(store: store, key: try AuditKey.load(environment: environment, file: file, create: create))
    }

    var defaultKeyFile: String {
        switch location {
        case .sqlite(let path):
            return URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("yanjian-audit.key").path
        case .postgres:
            return "yanjian-audit.key"
        }
    }
}

/// Where the entity graph's snapshot is kept between runs (`--graph-snapshot`), for the commands that
/// build the graph: a run after an import then reads only the new batches' waybills and transfers.
struct GraphSnapshotOptions: ParsableArguments {
    @Option(name: .customLong("graph-snapshot"), help: ArgumentHelp(
        "File that keeps the entity graph's waybills and transfers between runs, or 'none'.",
        discussion: """
            A later run reads only what imports added since, when nothing else changed (a rolled-back or \
            replacing import, rows written outside an import, another yanjian build: then it reads \
            everything and writes the file anew). Default: $YANJIAN_GRAPH_SNAPSHOT, else <database>.graph \
            beside a SQLite database, none for PostgreSQL. About 0.3 KB per waybill.
            """,
        valueName: "file"))
    var graphSnapshot: String?

    /// The snapshot file for `database`, or nil for none.
    func path(_ database: DatabaseOptions) -> String? {
        let chosen = graphSnapshot ?? ProcessInfo.processInfo.environment["YANJIAN_GRAPH_SNAPSHOT"]
        if let chosen { return chosen.isEmpty || chosen == "none" ? nil : chosen }
        if case .sqlite(let path) = database.location { return path + ".graph" }
        return nil
    }
}

/// Process-wide CLI helpers: logging and messages on standard error.
enum CLI {
    static let logger: Logger = {
        var logger = Logger(label: "yanjian")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        return logger
    }()

    /// Writes a line to standard error (progress, warnings), keeping standard output for results.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Whether standard error is a terminal (progress bars only then).
    static var isInteractive: Bool { isatty(2) == 1 && ProcessInfo.processInfo.environment["CI"] == nil }
}

/// A one-line, human error for the terminal: store and auth errors already say what and where.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
