import CSQLiteTuning
import Foundation
import GRDB
import GRDBSQLite

/// The embedded engine: a SQLite file in WAL mode through GRDB's `DatabasePool`, so the server reads
/// on several connections while one writer writes.
public final class SQLiteDatabase: SQLDatabase {
    /// The pool; the bulk loader uses its writer directly.
    let pool: DatabasePool
    /// Where the file is.
    public let path: String

    public var dialect: SQLDialect { .sqlite }

    /// SQLite in multi-thread mode without memory statistics (see `yanjian_sqlite_tune`), set once per
    /// process before the first connection opens; perf showed the connection and allocator mutexes at
    /// 7 % of a bulk load. Whether it took is logged by nobody: a SQLite already initialised simply
    /// keeps its defaults, which are correct, only slower.
    static let tuned: Bool = yanjian_sqlite_tune() == 1

    /// Opens (creating if needed) the database file at `path`.
    public init(path: String, readers: Int = 4) throws {
        _ = Self.tuned
        self.path = path
        var config = Configuration()
        config.maximumReaderCount = max(1, readers)
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // Sorts too big for the page cache (an index build, a large GROUP BY) spill their runs to
            // temporary files, which the OS caches. In memory (`temp_store = MEMORY`) those runs live in
            // a chunk list that every out-of-order read walks from its start: two index builds over 10M
            // plate reads took 40.9 s and 660 MB that way against 15.0 s and 72 MB with files.
            try db.execute(sql: "PRAGMA temp_store = FILE")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw StoreError.cannotOpen(location: path, reason: String(describing: error))
        }
    }

    @discardableResult
    public func execute(_ sql: String, _ arguments: [SQLValue]) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: sql, arguments: Self.arguments(arguments))
            return db.changesCount
        }
    }

    public func query(_ sql: String, _ arguments: [SQLValue], writing: Bool) async throws -> [SQLRow] {
        if writing {
            return try await pool.write { db in try Self.fetch(db, sql, arguments) }
        }
        // Bounded reads (a page, a one-row lookup: they carry a LIMIT) run on the calling thread;
        // unbounded ones (a count over a big table, an analysis load) hop to the reader queue so that
        // they never hold one of the few cooperative threads the server's handlers run on.
        if sql.contains(" LIMIT ") {
            return try readInline { db in try Self.fetch(db, sql, arguments) }
        }
        return try await pool.read { db in try Self.fetch(db, sql, arguments) }
    }

    /// Streams the whole table in one statement, in storage (rowid) order, on the calling thread: one
    /// snapshot, sequential pages. Cancellation is checked every 65,536 rows.
    public func scan(table: String, columns: [String], key: [String], pageSize: Int, batchesAfter: Int64?,
                     _ body: (SQLRowCursor) throws -> Void) async throws {
        try Task.checkCancellation()
        try readInline { db in
            // Not memory-mapped: mapping the file saved little (34.1 against 35.5 s loading 4.31M
            // waybills) and counted the whole mapped file in the process's resident set (3.42 GB peak
            // for link analysis instead of 2.69).
            let sql = "SELECT \(columns.joined(separator: ", ")) FROM \(table)" + (batchesAfter.map { " WHERE batch_id > \($0)" } ?? "")
            let statement = try db.makeStatement(sql: sql)
            let handle = statement.sqliteStatement
            let cursor = SQLRowCursor(statement: handle)
            var rows = 0
            while try Self.step(handle, db, sql) {
                try body(cursor)
                rows += 1
                if rows & 0xFFFF == 0 { try Task.checkCancellation() }
            }
        }
    }

    /// A bounded query on the calling thread, each row read in place from the cached statement.
    public func forEachRow(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRowCursor) throws -> Void) async throws {
        try readInline { db in
            let handle = try Self.prepared(db, sql, arguments).sqliteStatement
            defer { sqlite3_reset(handle) }
            let cursor = SQLRowCursor(statement: handle)
            while try Self.step(handle, db, sql) {
                try body(cursor)
            }
        }
    }

    /// Reads on the calling thread: GRDB's synchronous `read` takes a reader connection and runs the
    /// closure with `DispatchQueue.sync`, which stays on this thread, where the async `read` hops to
    /// the reader's queue and back — two context switches that cost more than a 50-row API query.
    /// The wait is bounded: a reader is free unless more queries run at once than the pool has
    /// readers, and only bounded queries come here. Every call is one SELECT, which SQLite runs atomically on its own, so the explicit BEGIN/COMMIT of
    /// `read` (two more statements per query) is left out.
    private func readInline<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.unsafeRead(body)
    }

    public func transaction(_ statements: [SQLStatement]) async throws {
        try await pool.write { db in
            for statement in statements {
                try db.execute(sql: statement.sql, arguments: Self.arguments(statement.arguments))
                if let reason = statement.requiredChange, db.changesCount == 0 { throw StoreError.conflict(reason) }
            }
        }
    }

    public func executeScript(_ statements: [String]) async throws {
        try await pool.write { db in
            for statement in statements {
                try db.execute(sql: statement)
            }
        }
    }

    public func close() async {
        try? pool.close()
    }

    static func arguments(_ values: [SQLValue]) -> StatementArguments {
        StatementArguments(values.map { value -> (any DatabaseValueConvertible)? in
            switch value {
            case .null: nil
            case .int(let v): v
            case .double(let v): v
            case .text(let v): v
            case .blob(let v): Data(v)
            }
        })
    }
}
