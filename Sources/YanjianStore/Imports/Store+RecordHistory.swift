import Foundation
import Logging

/// One earlier version of an imported record, kept when an import replaced it.
public struct RecordVersion: Sendable, Equatable {
    public var id: Int64
    /// The batch that had written this version (nil for a record written outside an import).
    public var batchID: Int64?
    public var sourceFile: String?
    public var sourceLine: Int64?
    /// When it was replaced (Unix seconds) and by which batch.
    public var replacedAt: Int64
    public var replacedBy: Int64?
    /// The whole row as it was, as a JSON object (column → value).
    public var data: String
}

/// Record history and the undo of an import batch.
///
/// Every imported table carries an update trigger (`<table>_history`): when an import replaces a row
/// written by another batch (or by hand), the old row goes to `record_versions` — the whole row as
/// JSON, its lineage, and `replaced_by`, the batch that replaced it. The bulk path only updates rows
/// whose data differ (`BulkConflict.replace`), so importing the same delivery twice adds no version.
///
/// A batch can therefore be undone exactly: its versions are put back and the rows it added are
/// deleted, in one transaction. The importer does that when it fails; a batch left `running` by a
/// killed process (`kill -9`) is undone by the next `checkSchema()` or import (`recoverInterruptedImports`).
extension Store {
    /// Creates (or re-creates, after a column was added) the history trigger of every imported
    /// table, from the columns and primary key the database has now. `migrate()` calls it.
    public func installRecordHistory() async throws {
        var statements: [String] = []
        if dialect == .postgres {
            statements.append(Self.postgresHistoryFunction)
        }
        for table in DomainTable.all.map(\.name) {
            let (columns, keys) = try await tableShape(table)
            guard !columns.isEmpty, !keys.isEmpty, columns.contains("batch_id") else { continue }
            statements.append("DROP TRIGGER IF EXISTS \(table)_history" + (dialect == .postgres ? " ON \(table)" : ""))
            switch dialect {
            case .sqlite:
                let record = keys.map { "coalesce(CAST(OLD.\($0) AS TEXT), '')" }.joined(separator: " || '|' || ")
                let data = columns.map { "'\($0)', OLD.\($0)" }.joined(separator: ", ")
                statements.append("""
                    CREATE TRIGGER \(table)_history BEFORE UPDATE ON \(table)
                    WHEN NEW.batch_id IS NOT OLD.batch_id
                    BEGIN
                        INSERT INTO record_versions (table_name, record_id, batch_id, source_file, source_line, replaced_at, data, replaced_by)
                        VALUES ('\(table)', \(record), OLD.batch_id, OLD.source_file, OLD.source_line, CAST(strftime('%s', 'now') AS INTEGER),
                                json_object(\(data)), NEW.batch_id);
                    END
                    """)
            case .postgres:
                let arguments = keys.map { "'\($0)'" }.joined(separator: ", ")
                statements.append("""
                    CREATE TRIGGER \(table)_history BEFORE UPDATE ON \(table) FOR EACH ROW
                    WHEN (NEW.batch_id IS DISTINCT FROM OLD.batch_id) EXECUTE FUNCTION yanjian_keep_version(\(arguments))
                    """)
            }
        }
        try await db.executeScript(statements)
    }

    /// PL/pgSQL: the old row as JSON into `record_versions`; the key columns come as trigger arguments.
    static let postgresHistoryFunction = """
        CREATE OR REPLACE FUNCTION yanjian_keep_version() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            old_row jsonb := to_jsonb(OLD);
            record text := NULL;
            k text;
        BEGIN
            FOREACH k IN ARRAY TG_ARGV LOOP
                record := CASE WHEN record IS NULL THEN '' ELSE record || '|' END || coalesce(old_row ->> k, '');
            END LOOP;
            INSERT INTO record_versions (table_name, record_id, batch_id, source_file, source_line, replaced_at, data, replaced_by)
            VALUES (TG_TABLE_NAME, record, OLD.batch_id, OLD.source_file, OLD.source_line,
                    extract(epoch FROM clock_timestamp())::bigint, old_row::text, NEW.batch_id);
            RETURN NEW;
        END
        $$
        """

    /// Every column of `table` in order and its primary-key columns, from the catalogue.
    func tableShape(_ table: String) async throws -> (columns: [String], keys: [String]) {
        switch dialect {
        case .sqlite:
            let rows = try await db.query("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", [.text(table)])
            let keys = rows.filter { ($0["pk"].int ?? 0) > 0 }.sorted { ($0["pk"].int ?? 0) < ($1["pk"].int ?? 0) }
            return (rows.compactMap { $0["name"].text }, keys.compactMap { $0["name"].text })
        case .postgres:
            let columns = try await db.query(
                "SELECT column_name::text AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
                [.text(table)])
            let keys = try await db.query(
                """
                SELECT a.attname::text AS name FROM pg_index i
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                WHERE i.indrelid = (current_schema() || '.' || ?)::regclass AND i.indisprimary
                ORDER BY array_position(i.indkey::int2[], a.attnum)
                """,
                [.text(table)])
            return (columns.compactMap { $0["name"].text }, keys.compactMap { $0["name"].text })
        }
    }

    /// The earlier versions of one record, newest first. `id` is the key (composite keys joined by `|`).
    public func recordHistory(table: String, id: String, limit: Int = 100) async throws -> [RecordVersion] {
        let rows = try await db.query(
            """
            SELECT id, batch_id, source_file, source_line, replaced_at, replaced_by, data FROM record_versions
            WHERE table_name = ? AND record_id = ? ORDER BY id DESC LIMIT ?
            """,
            [.text(table), .text(id), .int(Int64(max(1, min(limit, 1_000))))])
        return rows.map { row in
            RecordVersion(
                id: row["id"].int ?? 0, batchID: row["batch_id"].int, sourceFile: row["source_file"].text,
                sourceLine: row["source_line"].int, replacedAt: row["replaced_at"].int ?? 0, replacedBy: row["replaced_by"].int,
                data: row["data"].text ?? "{}")
        }
    }

    /// Undoes import batch `id` in one transaction: every row it replaced is put back as it was, every
    /// row it added is deleted, its versions are removed, and the batch is marked `rolled_back`.
    /// Returns the rows deleted and restored.
    @discardableResult
    public func rollBackImport(id: Int64) async throws -> (deleted: Int, restored: Int) {
        var statements: [SQLStatement] = []
        var deleted = 0
        var restored = 0
        for table in DomainTable.all.map(\.name) {
            let (columns, _) = try await tableShape(table)
            guard columns.contains("batch_id") else { continue }
            deleted += Int(try await db.scalarInt("SELECT COUNT(*) FROM \(table) WHERE batch_id = ?", [.int(id)]))
            restored += Int(try await db.scalarInt(
                "SELECT COUNT(*) FROM record_versions WHERE table_name = ? AND replaced_by = ?", [.text(table), .int(id)]))
            // Rows the batch wrote (added or replaced) go; the replaced ones come back from their versions.
            statements.append(SQLStatement("DELETE FROM \(table) WHERE batch_id = ?", [.int(id)]))
            let columnList = columns.joined(separator: ", ")
            switch dialect {
            case .sqlite:
                let values = columns.map { "json_extract(data, '$.\($0)')" }.joined(separator: ", ")
                statements.append(SQLStatement(
                    "INSERT INTO \(table) (\(columnList)) SELECT \(values) FROM record_versions WHERE table_name = ? AND replaced_by = ? ORDER BY id",
                    [.text(table), .int(id)]))
            case .postgres:
                statements.append(SQLStatement(
                    """
                    INSERT INTO \(table) (\(columnList)) SELECT (jsonb_populate_record(NULL::\(table), data::jsonb)).*
                    FROM record_versions WHERE table_name = ? AND replaced_by = ? ORDER BY id
                    """,
                    [.text(table), .int(id)]))
            }
        }
        statements.append(SQLStatement("DELETE FROM record_versions WHERE replaced_by = ?", [.int(id)]))
        statements.append(SQLStatement(
            "UPDATE import_batches SET status = 'rolled_back', finished_at = ? WHERE id = ?", [.int(now), .int(id)]))
        try await db.transaction(statements)
        logger.warning("import batch rolled back", metadata: [
            "import.batch": "\(id)", "import.deleted": "\(deleted - restored)", "import.restored": "\(restored)",
        ])
        return (deleted - restored, restored)
    }

    /// Undoes every batch left `running` by a process that is gone: on this host, one whose process
    /// no longer exists; from another host, one whose heartbeat is older than `staleAfter` seconds.
    /// Returns the batches undone.
    @discardableResult
    public func recoverInterruptedImports(staleAfter: Int64 = 1_800) async throws -> [Int64] {
        let rows = try await db.query("SELECT id, pid, host, started_at, heartbeat_at FROM import_batches WHERE status = 'running' ORDER BY id")
        var undone: [Int64] = []
        let here = ProcessInfo.processInfo.hostName
        for row in rows {
            guard let id = row["id"].int else { continue }
            let beat = row["heartbeat_at"].int ?? row["started_at"].int ?? 0
            let gone: Bool
            if let pid = row["pid"].int, row["host"].text == here {
                gone = pid != Int64(getpid()) && kill(pid_t(truncatingIfNeeded: pid), 0) != 0 && errno == ESRCH
            } else {
                gone = now - beat > staleAfter
            }
            guard gone else { continue }
            try await rollBackImport(id: id)
            undone.append(id)
        }
        return undone
    }

    /// Marks batch `id` alive (the importer calls it after each bulk write).
    public func importHeartbeat(id: Int64) async throws {
        try await db.execute("UPDATE import_batches SET heartbeat_at = ? WHERE id = ?", [.int(now), .int(id)])
    }
}

/// An earlier version of a record as a caller may see it: the columns of its table, masked.
public struct VisibleRecordVersion: Sendable {
    public var version: RecordVersion
    /// Values in `DomainTable.columns` order, personal fields masked unless the caller may see them.
    public var values: [SQLValue]
}

extension Store {
    /// The history of one record for a caller: nil when the record is not in their jurisdiction (or
    /// does not exist), else its earlier versions, newest first, masked like the record itself.
    public func recordHistory(_ table: DomainTable, key: String, scope: AccessScope) async throws -> [VisibleRecordVersion]? {
        guard try await record(table, key: key, scope: scope) != nil else { return nil }
        return try await recordHistory(table: table.name, id: key).map { version in
            let object = (try? JSONSerialization.jsonObject(with: Data(version.data.utf8))) as? [String: Any] ?? [:]
            let values = table.columns.map { column -> SQLValue in
                switch object[column.name] {
                case let number as NSNumber:
                    switch column.type {
                    case .int: return .int(number.int64Value)
                    case .real: return .double(number.doubleValue)
                    case .text: return .text(number.stringValue)
                    }
                case let text as String:
                    switch column.type {
                    case .int: return .int(Int64(text))
                    case .real: return .double(Double(text))
                    case .text: return .text(text)
                    }
                default: return .null
                }
            }
            return VisibleRecordVersion(version: version, values: scope.unmasked ? values : Self.mask(values, columns: table.columns))
        }
    }
}
