import Foundation
import GRDB

/// The embedded engine: a SQLite file in WAL mode through GRDB's `DatabasePool`, so the server reads
/// on several connections while one writer writes.
public final class SQLiteDatabase: SQLDatabase {
    /// The pool; the bulk loader uses its writer directly.
    let pool: DatabasePool
    /// Where the file is.
    public let path: String

    public var dialect: SQLDialect { .sqlite }

    /// Opens (creating if needed) the database file at `path`.
    public init(path: String, readers: Int = 4) throws {
        self.path = path
        var config = Configuration()
        config.maximumReaderCount = max(1, readers)
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
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
        return try await pool.read { db in try Self.fetch(db, sql, arguments) }
    }

    public func transaction(_ statements: [SQLStatement]) async throws {
        try await pool.write { db in
            for statement in statements {
                try db.execute(sql: statement.sql, arguments: Self.arguments(statement.arguments))
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

    static func fetch(_ db: Database, _ sql: String, _ values: [SQLValue]) throws -> [SQLRow] {
        let statement = try db.cachedStatement(sql: sql)
        let columns = statement.columnNames
        var result: [SQLRow] = []
        let cursor = try Row.fetchCursor(statement, arguments: arguments(values))
        while let row = try cursor.next() {
            var values: [SQLValue] = []
            values.reserveCapacity(columns.count)
            for dbValue in row.databaseValues {
                switch dbValue.storage {
                case .null: values.append(.null)
                case .int64(let v): values.append(.int(v))
                case .double(let v): values.append(.double(v))
                case .string(let v): values.append(.text(v))
                case .blob(let v): values.append(.blob([UInt8](v)))
                }
            }
            result.append(SQLRow(columns: columns, values: values))
        }
        return result
    }
}
