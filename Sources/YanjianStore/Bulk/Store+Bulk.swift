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
        return try await bulkInsert(table: table, columns: columns, rows: BulkRows(rows, width: columns.count), onConflict: onConflict)
    }

    /// `bulkInsert` of packed rows, in their reading order (see `BulkRows.sort(byColumns:)`).
    @discardableResult
    public func bulkInsert(table: String, columns: [String], rows: BulkRows, onConflict: BulkConflict = .fail) async throws -> Int {
        guard !rows.isEmpty else { return 0 }
        guard Self.isIdentifier(table), columns.allSatisfy(Self.isIdentifier) else {
            throw StoreError.internalInconsistency("bulk insert into a non-identifier table or column")
        }
        guard rows.width == columns.count else {
            throw StoreError.internalInconsistency("bulk rows have \(rows.width) values for \(columns.count) columns")
        }
        switch db {
        case let sqlite as SQLiteDatabase:
            return try await sqlite.bulkInsert(table: table, columns: columns, rows: rows, onConflict: onConflict)
        case let postgres as PostgresDatabase:
            return try await postgres.bulkInsert(table: table, columns: columns, rows: rows, onConflict: onConflict)
        default:
            let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
            let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))"
            try await db.transaction(rows.arrays.map { SQLStatement(sql, $0) })
            return rows.count
        }
    }

    static func isIdentifier(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }
}

/// SQL shared by the engines' bulk paths.
enum BulkSQL {
    /// ` ON CONFLICT (keys) DO UPDATE SET c = excluded.c, … WHERE (data columns) IS NOT (excluded …)`:
    /// lineage columns (`batch_id`, `source_file`, `source_line`) follow the data but do not make a
    /// difference on their own. Shared by both engines (PostgreSQL spells the comparison `IS DISTINCT FROM`).
    static func upsertClause(table: String, columns: [String], keys: [String], excluded: String, distinct: String) -> String {
        let keys = keys.filter(columns.contains)
        let updated = columns.filter { !keys.contains($0) }
        guard !keys.isEmpty, !updated.isEmpty else { return " ON CONFLICT DO NOTHING" }
        let data = updated.filter { !["batch_id", "source_file", "source_line"].contains($0) }
        let assignments = updated.map { "\($0) = \(excluded).\($0)" }.joined(separator: ", ")
        let guardClause = data.isEmpty ? "" : " WHERE (\(data.map { "\(table).\($0)" }.joined(separator: ", ")))"
            + " \(distinct) (\(data.map { "\(excluded).\($0)" }.joined(separator: ", ")))"
        // A one-column row value is just a value, which both engines compare the same way.
        return " ON CONFLICT (\(keys.joined(separator: ", "))) DO UPDATE SET \(assignments)\(guardClause)"
    }
}
