import Foundation

/// What to do when a bulk row's key already exists.
public enum BulkConflict: Sendable {
    /// Fail the batch (the default: keys are expected to be new).
    case fail
    /// Keep the existing row.
    case ignore
    /// Replace the existing row with the new one (an update: last wins). Within one call, a key given
    /// twice ends with the later row. SQLite: `INSERT OR REPLACE`; PostgreSQL: `ON CONFLICT (primary
    /// key) DO UPDATE` from a staging table.
    case replace
}

extension Store {
    /// Inserts many rows into `table` in one transaction through the fastest path of the engine:
    /// a prepared statement with raw binds on SQLite, `COPY … FROM STDIN` on PostgreSQL. Callers pass
    /// batches of 10k–50k rows; each call is all-or-nothing.
    ///
    /// `table` and `columns` must come from fixed descriptors, never from input: they are spliced into SQL.
    @discardableResult
    public func bulkInsert(table: String, columns: [String], rows: [[SQLValue]], onConflict: BulkConflict = .fail) async throws -> Int {
        guard !rows.isEmpty else { return 0 }
        guard Self.isIdentifier(table), columns.allSatisfy(Self.isIdentifier) else {
            throw StoreError.internalInconsistency("bulk insert into a non-identifier table or column")
        }
        switch db {
        case let sqlite as SQLiteDatabase:
            return try await sqlite.bulkInsert(table: table, columns: columns, rows: rows, onConflict: onConflict)
        case let postgres as PostgresDatabase:
            return try await postgres.bulkInsert(table: table, columns: columns, rows: rows, onConflict: onConflict)
        default:
            let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
            let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))"
            try await db.transaction(rows.map { SQLStatement(sql, $0) })
            return rows.count
        }
    }

    static func isIdentifier(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }
}
