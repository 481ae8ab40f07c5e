/// The small executor both storage engines implement. Repositories are written once on top of it in
/// portable SQL with `?` placeholders; the PostgreSQL engine rewrites them to `$n`.
///
/// Only the bulk-load path is engine-specific (see `BulkLoader`): that is where the engines differ in
/// what is fast (a prepared-statement loop against `COPY`).
public protocol SQLDatabase: Sendable {
    /// The engine.
    var dialect: SQLDialect { get }

    /// Runs one statement that changes data and returns the number of rows changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue]) async throws -> Int

    /// Runs a query and returns all its rows. `writing` routes it to the writer (for `RETURNING`).
    func query(_ sql: String, _ arguments: [SQLValue], writing: Bool) async throws -> [SQLRow]

    /// Runs statements in one transaction: all take effect, or none.
    func transaction(_ statements: [SQLStatement]) async throws

    /// Reads every row of `table` (the named columns) into `body`, one row at a time through a cursor
    /// that reads values in place. For analyses that read whole tables.
    ///
    /// The order is the engine's: SQLite streams the table in storage order in one statement (one
    /// snapshot; reading 4.31M waybills in key order instead cost a random table seek per row, 17 s
    /// against 2.5 s); other engines page through it in `key` order, `pageSize` rows per query, so
    /// rows that change during the scan may be seen in either state. `key` must be unique and selected.
    ///
    /// With `batchesAfter`, only rows whose `batch_id` (lineage) is greater: what imports added since
    /// that batch, for a reader that keeps what it read before (the entity graph's snapshot).
    func scan(table: String, columns: [String], key: [String], pageSize: Int, batchesAfter: Int64?,
              _ body: (SQLRowCursor) throws -> Void) async throws

    /// Runs a read-only query and hands each row to `body` through a cursor that reads values in
    /// place, keeping nothing (an API page written straight to JSON). For bounded queries.
    func forEachRow(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRowCursor) throws -> Void) async throws

    /// Runs a multi-statement script outside any transaction handling of the caller (migrations).
    func executeScript(_ statements: [String]) async throws

    /// Closes connections. The database must not be used afterwards.
    func close() async
}

extension SQLDatabase {
    public func forEachRow(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRowCursor) throws -> Void) async throws {
        let cursor = SQLRowCursor()
        for row in try await query(sql, arguments) {
            cursor.load(row.values)
            try body(cursor)
        }
    }

    public func scan(table: String, columns: [String], key: [String], pageSize: Int, batchesAfter: Int64?,
                     _ body: (SQLRowCursor) throws -> Void) async throws {
        try await pagedScan(table: table, columns: columns, key: key, pageSize: pageSize, batchesAfter: batchesAfter, body)
    }

    /// Every row of `table`: ``scan(table:columns:key:pageSize:batchesAfter:_:)`` without a batch filter.
    public func scan(table: String, columns: [String], key: [String], pageSize: Int,
                     _ body: (SQLRowCursor) throws -> Void) async throws {
        try await scan(table: table, columns: columns, key: key, pageSize: pageSize, batchesAfter: nil, body)
    }

    /// Runs a read-only query.
    public func query(_ sql: String, _ arguments: [SQLValue] = []) async throws -> [SQLRow] {
        try await query(sql, arguments, writing: false)
    }

    /// Runs a query and returns its first row, if any.
    public func queryOne(_ sql: String, _ arguments: [SQLValue] = [], writing: Bool = false) async throws -> SQLRow? {
        try await query(sql, arguments, writing: writing).first
    }

    /// Runs a query returning one integer (a count), or 0 when it returns nothing.
    public func scalarInt(_ sql: String, _ arguments: [SQLValue] = []) async throws -> Int64 {
        try await queryOne(sql, arguments)?.values.first?.int ?? 0
    }
}
