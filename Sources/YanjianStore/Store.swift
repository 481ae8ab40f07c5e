import Foundation
import Logging

/// Where a database lives: a SQLite file path or a `postgres://` URL. Read from `--db`, else the
/// `YANJIAN_DB` environment variable, else `./yanjian.db`.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// The default when neither `--db` nor `YANJIAN_DB` is given.
    public static let defaultPath = "./yanjian.db"

    /// Reads a location; a `postgres://` or `postgresql://` prefix selects PostgreSQL.
    public init(_ text: String) {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else {
            self = .sqlite(path: text)
        }
    }

    /// The location from an explicit option, else the environment, else the default.
    public static func resolve(option: String?, environment: [String: String]) -> StoreLocation {
        StoreLocation(option ?? environment["YANJIAN_DB"] ?? defaultPath)
    }

    /// Safe to print: a PostgreSQL password is hidden.
    public var description: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "postgres://…" }
            if components.password != nil { components.password = "****" }
            return components.string ?? "postgres://…"
        }
    }
}

/// The store: one database behind the portable executor, with the migrations and the repositories
/// (users, sessions, audit, records, imports) as extensions in their own files.
public struct Store: Sendable {
    /// The engine-specific executor.
    public let db: any SQLDatabase
    /// Logger for store operations (never personal data).
    public let logger: Logger
    /// The clock, injected so that tests control time.
    public let clock: @Sendable () -> Date

    /// Wraps an opened database.
    public init(db: any SQLDatabase, logger: Logger, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.db = db
        self.logger = logger
        self.clock = clock
    }

    /// Opens the database at `location` without touching its schema.
    public static func open(
        _ location: StoreLocation, logger: Logger, clock: @escaping @Sendable () -> Date = { Date() }
    ) throws -> Store {
        switch location {
        case .sqlite(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return Store(db: try SQLiteDatabase(path: path), logger: logger, clock: clock)
        case .postgres(let url):
            return Store(db: try PostgresDatabase(url: url, logger: logger), logger: logger, clock: clock)
        }
    }

    /// The engine.
    public var dialect: SQLDialect { db.dialect }

    /// Now, in Unix seconds, from the injected clock.
    public var now: Int64 { Int64(clock().timeIntervalSince1970.rounded(.down)) }

    /// Closes the database.
    public func close() async { await db.close() }
}
