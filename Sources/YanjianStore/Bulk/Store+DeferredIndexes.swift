import Foundation
import Logging

/// A secondary index as the database catalogue describes it.
public struct IndexDefinition: Sendable, Equatable {
    public var name: String
    public var table: String
    /// The statement that builds it (`CREATE INDEX name ON table(…)`).
    public var sql: String
}

extension Store {
    /// The non-unique secondary indexes of `table` — never its primary key or a unique constraint,
    /// which guard the data and stay in place during any load.
    public func secondaryIndexes(of table: String) async throws -> [IndexDefinition] {
        let rows: [SQLRow]
        switch dialect {
        case .sqlite:
            rows = try await db.query(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name", [.text(table)])
        case .postgres:
            rows = try await db.query(
                "SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ? ORDER BY indexname",
                [.text(table)])
        }
        return rows.compactMap { row in
            guard let name = row["name"].text, let sql = row["sql"].text, !sql.uppercased().hasPrefix("CREATE UNIQUE") else { return nil }
            return IndexDefinition(name: name, table: table, sql: sql)
        }
    }

    /// Runs `body` — a large load into `table` — with the table's secondary indexes dropped, then
    /// builds them again in one sorted pass each, also when `body` throws. Random inserts into several
    /// B-trees cost more than the load itself once the indexes outgrow the page cache; a build after
    /// the load reads the table once per index. A process killed inside `body` leaves the indexes
    /// missing until the next `checkSchema()`, which builds every index the migrations define that
    /// is absent.
    public func withDeferredIndexes<T>(on table: String, logger: Logger? = nil, _ body: () async throws -> T) async throws -> T {
        let indexes = try await secondaryIndexes(of: table)
        guard !indexes.isEmpty else { return try await body() }
        try await db.executeScript(indexes.map { "DROP INDEX IF EXISTS \($0.name)" })
        logger?.info("secondary indexes deferred", metadata: ["store.table": "\(table)", "store.indexes": "\(indexes.count)"])
        let result: T
        do {
            result = try await body()
        } catch {
            try? await createIndexes(indexes)
            throw error
        }
        let started = ContinuousClock.now
        try await createIndexes(indexes)
        logger?.info("secondary indexes rebuilt", metadata: [
            "store.table": "\(table)", "store.seconds": "\(ContinuousClock.now - started)",
        ])
        return result
    }

    /// Builds every index the migrations define that the database lacks (a load killed with its
    /// indexes deferred); returns their names.
    @discardableResult
    public func restoreMissingIndexes() async throws -> [String] {
        var missing: [IndexDefinition] = []
        var present: [String: Set<String>] = [:]
        for index in Migrations.indexes {
            if present[index.table] == nil {
                present[index.table] = Set(try await secondaryIndexes(of: index.table).map(\.name))
            }
            if present[index.table]?.contains(index.name) != true { missing.append(index) }
        }
        try await createIndexes(missing)
        return missing.map(\.name)
    }

    private func createIndexes(_ indexes: [IndexDefinition]) async throws {
        guard !indexes.isEmpty else { return }
        if dialect == .sqlite {
            // The build sorts the whole table in runs of about the page cache's size, merged after.
            // Small runs that fit the CPU caches sort faster than one huge run: 10M plate reads,
            // `CREATE INDEX … (plate, ts)` took 18.1 s with a 256 MiB cache, 9.0 s with 2 MiB and
            // 7.8 s with 16 MiB and a second sorter thread (`PRAGMA threads`), from the sqlite3 shell.
            try await db.executeScript(["PRAGMA cache_size = -16384", "PRAGMA threads = 2"])
        }
        try await db.executeScript(indexes.map { Self.ifNotExists($0.sql) })
    }

    /// `CREATE INDEX name ON …` → `CREATE INDEX IF NOT EXISTS name ON …`, so that a concurrent
    /// restore and a finishing load cannot trip over each other.
    static func ifNotExists(_ sql: String) -> String {
        let prefix = "CREATE INDEX "
        guard sql.uppercased().hasPrefix(prefix), !sql.uppercased().hasPrefix(prefix + "IF NOT EXISTS") else { return sql }
        return prefix + "IF NOT EXISTS " + sql.dropFirst(prefix.count)
    }
}

extension Migrations {
    /// Every `CREATE INDEX` of every migration, as `(name, table, sql)`.
    static let indexes: [IndexDefinition] = all.flatMap(\.statements).compactMap { statement in
        let words = statement.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == "\n" })
        guard words.count >= 5, words[0].uppercased() == "CREATE", words[1].uppercased() == "INDEX", words[3].uppercased() == "ON" else {
            return nil
        }
        return IndexDefinition(name: String(words[2]), table: String(words[4]), sql: statement)
    }
}
