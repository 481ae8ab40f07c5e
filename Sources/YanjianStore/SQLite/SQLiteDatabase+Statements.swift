import GRDB
import GRDBSQLite

extension SQLiteDatabase {
    /// Binds each value straight into one prepared statement with `sqlite3_bind_*`, skipping GRDB's
    /// argument boxing: the stack trial measured 708k rows/s this way against 319k with arguments.
    /// Texts are bound in place from the packed rows (SQLITE_STATIC): SQLite neither allocates nor
    /// copies a cell, and the statement is reset before the next row rebinds every parameter.
    func bulkInsert(table: String, columns: [String], rows: BulkRows, onConflict: BulkConflict) async throws -> Int {
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let insert = "INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))"
        return try await pool.write { db in
            let sql: String
            switch onConflict {
            case .fail: sql = "INSERT " + insert
            case .ignore: sql = "INSERT OR IGNORE " + insert
            case .replace:
                // An update in place (so the table's history trigger sees the old row), and only when
                // the data differ: the same row again changes nothing, not even its lineage.
                let keys = try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", arguments: [table])
                    .map { $0["name"] as String }
                sql = "INSERT " + insert + BulkSQL.upsertClause(table: table, columns: columns, keys: keys, excluded: "excluded", distinct: "IS NOT")
            }
            // Bulk loads used to update index pages at random (phones, plates), and with SQLite's
            // default 2 MiB page cache nearly every row became a pread and a pwrite. Big loads now
            // defer their secondary indexes and come in key order, so the writer keeps 64 MiB of
            // pages: a 4.31M-waybill import ran as fast as with 256 MiB and peaked 200 MB lower.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            let statement = try db.makeStatement(sql: sql)
            let handle = statement.sqliteStatement
            let width = Int32(columns.count)
            return try rows.withReader { reader in
                var inserted = 0
                for row in 0..<reader.count {
                    sqlite3_reset(handle)
                    for column in 0..<width {
                        switch reader.value(row, Int(column)) {
                        case .null: sqlite3_bind_null(handle, column + 1)
                        case .int(let v): sqlite3_bind_int64(handle, column + 1, v)
                        case .double(let v): sqlite3_bind_double(handle, column + 1, v)
                        case .text(let v):
                            // An empty text must not pass a null pointer, which would bind NULL.
                            if let base = v.baseAddress, v.count > 0 {
                                sqlite3_bind_text(handle, column + 1, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self),
                                                  Int32(v.count), Self.staticBytes)
                            } else {
                                sqlite3_bind_text(handle, column + 1, "", 0, Self.transient)
                            }
                        case .blob(let v):
                            if v.count > 0 {
                                sqlite3_bind_blob(handle, column + 1, v.baseAddress, Int32(v.count), Self.staticBytes)
                            } else {
                                sqlite3_bind_zeroblob(handle, column + 1, 0)
                            }
                        }
                    }
                    guard sqlite3_step(handle) == SQLITE_DONE else {
                        let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
                        sqlite3_reset(handle)
                        throw StoreError.conflict("bulk insert into \(table) failed: \(message)")
                    }
                    inserted += Int(sqlite3_changes(db.sqliteConnection))
                }
                // The bound pointers die with the reader: no statement may keep them.
                sqlite3_reset(handle)
                sqlite3_clear_bindings(handle)
                return inserted
            }
        }
    }

    /// Binds `values` to the `?` placeholders of `handle`, in order.
    static func bind(_ values: [SQLValue], to handle: OpaquePointer?) {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case .null: sqlite3_bind_null(handle, index)
            case .int(let v): sqlite3_bind_int64(handle, index, v)
            case .double(let v): sqlite3_bind_double(handle, index, v)
            case .text(let v):
                var text = v
                text.withUTF8 { bytes in
                    _ = sqlite3_bind_text(handle, index, bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                                          Int32(bytes.count), Self.transient)
                }
            case .blob(let v):
                v.withUnsafeBytes { bytes in
                    _ = sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
                }
            }
        }
    }

    /// Runs a query on `db` reading columns straight from the statement (`sqlite3_column_*`): GRDB's
    /// `Row` and `DatabaseValue` per cell cost more than the query itself on a 50-row API page.
    static func fetch(_ db: Database, _ sql: String, _ values: [SQLValue]) throws -> [SQLRow] {
        let statement = try prepared(db, sql, values)
        let columns = statement.columnNames
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        let count = Int32(columns.count)
        var result: [SQLRow] = []
        while try step(handle, db, sql) {
            var row: [SQLValue] = []
            row.reserveCapacity(columns.count)
            for column in 0..<count {
                switch sqlite3_column_type(handle, column) {
                case SQLITE_INTEGER: row.append(.int(sqlite3_column_int64(handle, column)))
                case SQLITE_FLOAT: row.append(.double(sqlite3_column_double(handle, column)))
                case SQLITE_TEXT:
                    let bytes = Int(sqlite3_column_bytes(handle, column))
                    if let text = sqlite3_column_text(handle, column) {
                        row.append(.text(String(decoding: UnsafeBufferPointer(start: text, count: bytes), as: UTF8.self)))
                    } else {
                        row.append(.text(""))
                    }
                case SQLITE_BLOB:
                    let bytes = Int(sqlite3_column_bytes(handle, column))
                    if let blob = sqlite3_column_blob(handle, column), bytes > 0 {
                        row.append(.blob([UInt8](UnsafeRawBufferPointer(start: blob, count: bytes))))
                    } else {
                        row.append(.blob([]))
                    }
                default: row.append(.null)
                }
            }
            result.append(SQLRow(columns: columns, values: row))
        }
        return result
    }

    /// The cached statement for `sql`, reset and bound to `values` (which must match its placeholders).
    static func prepared(_ db: Database, _ sql: String, _ values: [SQLValue]) throws -> Statement {
        let statement = try db.cachedStatement(sql: sql)
        let handle = statement.sqliteStatement
        guard Int(sqlite3_bind_parameter_count(handle)) == values.count else {
            throw StoreError.internalInconsistency("\(values.count) arguments for \(sqlite3_bind_parameter_count(handle)) placeholders in \(sql)")
        }
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        bind(values, to: handle)
        return statement
    }

    /// Steps `handle`: true on a row, false when done; an error as GRDB reports it.
    static func step(_ handle: OpaquePointer?, _ db: Database, _ sql: String) throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
    }

    /// SQLITE_STATIC: the bytes stay valid and unchanged until the statement is reset or rebound.
    static let staticBytes = unsafeBitCast(OpaquePointer(bitPattern: 0), to: sqlite3_destructor_type.self)

    /// SQLITE_TRANSIENT: SQLite copies the bytes before the bind call returns.
    static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
}
