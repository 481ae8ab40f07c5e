import Logging
import NIOCore
import PostgresNIO

extension PostgresDatabase {
    /// Streams rows with `COPY … FROM STDIN` (text format) in 1 MiB writes, inside one transaction.
    /// With `.ignore` or `.replace`, rows go to a temporary staging table first and are merged with
    /// `ON CONFLICT DO NOTHING` or `ON CONFLICT (primary key) DO UPDATE` — except that a `.replace`
    /// batch with distinct one-column text keys, none of which a sample finds stored, is first copied
    /// straight into its table behind a savepoint: when no key is stored yet (a first import of a big
    /// file) that does the server's work once instead of twice (COPY, then INSERT … SELECT); when one
    /// is after all, the unique violation rolls the savepoint back and the batch takes the staging
    /// path. Concurrent writers need no lock: the key's unique index decides either way. Probing every
    /// key instead of a sample cost 0.7 s per 200,000 waybills, as much as the insert it saved.
    func bulkInsert(table: String, columns: [String], rows: BulkRows, onConflict: BulkConflict) async throws -> Int {
        let columnList = columns.joined(separator: ", ")
        return try await client.withTransaction(logger: logger) { connection in
            func copy(into target: String) async throws {
                try await connection.copyFrom(table: target, columns: columns, logger: logger) { writer in
                    var buffer = ByteBuffer()
                    buffer.reserveCapacity(1 << 20)
                    var row = 0
                    while row < rows.count {
                        // The rows' pointers live only inside `withReader`, which cannot await: each
                        // megabyte is encoded inside it and written outside.
                        row = rows.withReader { reader in
                            var next = row
                            while next < reader.count && buffer.readableBytes < 1 << 20 {
                                Self.appendCopyRow(reader, next, to: &buffer)
                                next += 1
                            }
                            return next
                        }
                        try await writer.write(buffer)
                        buffer.clear()
                    }
                }
            }
            func execute(_ sql: String) async throws {
                try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            }
            if onConflict == .fail {
                try await copy(into: table)
                return rows.count
            }
            var keys: [String] = []
            var keysDistinct = false
            if onConflict == .replace {
                keys = try await Self.primaryKey(of: table, connection: connection, logger: logger)
                guard !keys.isEmpty, keys.allSatisfy(columns.contains) else {
                    throw StoreError.internalInconsistency("replace into \(table) needs its primary key among the bulk columns")
                }
                let keyIndices = keys.compactMap { columns.firstIndex(of: $0) }
                keysDistinct = Self.keysDistinct(rows, at: keyIndices)
                if keysDistinct, !rows.isEmpty,
                   try await Self.sampleUnstored(rows, table: table, keys: keys, at: keyIndices, connection: connection, logger: logger) {
                    try await execute("SAVEPOINT bulk_direct")
                    do {
                        try await copy(into: table)
                        try await execute("RELEASE SAVEPOINT bulk_direct")
                        return rows.count
                    } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
                        try await execute("ROLLBACK TO SAVEPOINT bulk_direct")
                    }
                }
            }
            let stage = "bulk_stage_\(table)"
            try await execute("CREATE TEMP TABLE IF NOT EXISTS \(stage) (LIKE \(table) INCLUDING DEFAULTS) ON COMMIT DROP")
            try await copy(into: stage)
            let merge: String
            switch onConflict {
            case .ignore, .fail:
                merge = "INSERT INTO \(table) (\(columnList)) SELECT \(columnList) FROM \(stage) ON CONFLICT DO NOTHING RETURNING 1"
            case .replace:
                merge = Self.replaceStatement(table: table, stage: stage, columns: columns, keys: keys, keysDistinct: keysDistinct)
            }
            let merged = try await connection.query(PostgresQuery(unsafeSQL: merge), logger: logger)
            var count = 0
            for try await _ in merged { count += 1 }
            return count
        }
    }

    /// Whether none of up to 64 keys spread over the batch is stored yet, so that a batch of a delivery
    /// imported again goes the staging way at once, without a failed COPY (and an error line in the
    /// server's log) per batch. False for a composite key, whose small tables keep the staging path.
    static func sampleUnstored(
        _ rows: BulkRows, table: String, keys: [String], at indices: [Int], connection: PostgresConnection, logger: Logger
    ) async throws -> Bool {
        guard keys.count == 1, let key = keys.first, let index = indices.first else { return false }
        let step = max(1, rows.count / 64)
        var sample: [String] = []
        for position in stride(from: 0, to: rows.count, by: step) {
            guard case .text(let value) = rows.value(position, index) else { return false }
            sample.append(value)
        }
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(sample)
        let stored = try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT 1 FROM \(table) WHERE \(key) = ANY($1) LIMIT 1", binds: bindings), logger: logger)
        for try await _ in stored { return false }
        return true
    }

    /// `INSERT … SELECT … ON CONFLICT (primary key) DO UPDATE` from the staging table. A key staged
    /// twice keeps its later row (`DISTINCT ON` by key, latest `ctid` first: the staging table is
    /// fresh in each transaction and filled by one `COPY`, so `ctid` follows the input order), since
    /// PostgreSQL refuses to update one row twice in a statement. When every key is staged once (the
    /// importer collapses repeats within a batch) the rows go in as staged, without that sort — which,
    /// over a 200,000-row batch of waybills, spilled to disk.
    static func replaceStatement(table: String, stage: String, columns: [String], keys: [String], keysDistinct: Bool) -> String {
        let columnList = columns.joined(separator: ", ")
        let keyList = keys.joined(separator: ", ")
        let upsert = BulkSQL.upsertClause(table: table, columns: columns, keys: keys, excluded: "EXCLUDED", distinct: "IS DISTINCT FROM")
        let source = keysDistinct
            ? stage
            : "(SELECT DISTINCT ON (\(keyList)) * FROM \(stage) ORDER BY \(keyList), ctid DESC) AS staged"
        return """
            INSERT INTO \(table) (\(columnList))
            SELECT \(columnList) FROM \(source)
            \(upsert) RETURNING 1
            """
    }

    /// The primary key's columns of `table`.
    static func primaryKey(of table: String, connection: PostgresConnection, logger: Logger) async throws -> [String] {
        let keyRows = try await connection.query(
            PostgresQuery(unsafeSQL: """
                SELECT a.attname::text FROM pg_index i
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                WHERE i.indrelid = '\(table)'::regclass AND i.indisprimary
                """),
            logger: logger)
        var keys: [String] = []
        for try await name in keyRows.decode(String.self) { keys.append(name) }
        return keys
    }

    /// Whether no two rows have the same values at `indices`.
    static func keysDistinct(_ rows: BulkRows, at indices: [Int]) -> Bool {
        if indices.count == 1, let index = indices.first {
            var seen = Set<SQLValue>(minimumCapacity: rows.count)
            return (0..<rows.count).allSatisfy { seen.insert(rows.value($0, index)).inserted }
        }
        var seen = Set<[SQLValue]>(minimumCapacity: rows.count)
        return (0..<rows.count).allSatisfy { row in seen.insert(indices.map { rows.value(row, $0) }).inserted }
    }

    /// Writes one row in COPY text format: tab-separated, `\N` for NULL, backslash escapes. Text is
    /// copied in runs between the bytes that need an escape, and integers are written digit by digit:
    /// the byte-at-a-time encoder took about 2.7 µs a waybill row, as long as the server's COPY of it,
    /// so each 50,000-row call ended with the server still working through a backlog.
    static func appendCopyRow(_ reader: BulkRows.Reader, _ row: Int, to buffer: inout ByteBuffer) {
        for index in 0..<reader.width {
            if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            switch reader.value(row, index) {
            case .null: buffer.writeStaticString("\\N")
            case .int(let v): appendDecimal(v, to: &buffer)
            case .double(let v): buffer.writeString(v.isFinite ? v.description : "NaN")
            case .text(let v): appendEscaped(v, to: &buffer)
            case .blob(let v):
                buffer.writeStaticString("\\\\x")
                let hex = Array("0123456789abcdef".utf8)
                for byte in v {
                    buffer.writeInteger(hex[Int(byte >> 4)])
                    buffer.writeInteger(hex[Int(byte & 0x0F)])
                }
            }
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    /// `value` in decimal digits, with a leading `-` when negative.
    static func appendDecimal(_ value: Int64, to buffer: inout ByteBuffer) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var magnitude = value.magnitude
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { buffer.writeInteger(UInt8(ascii: "-")) }
            buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: digits[start...])))
        }
    }

    /// `bytes` with backslash, tab, newline and carriage return escaped (COPY's text format); the runs
    /// in between are copied whole.
    static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to buffer: inout ByteBuffer) {
        var start = 0
        for index in bytes.indices {
            let byte = bytes[index]
            // Every byte that needs an escape is below 0x5D; UTF-8 continuation and lead bytes are not.
            guard byte <= UInt8(ascii: "\\") else { continue }
            let escape: StaticString
            switch byte {
            case UInt8(ascii: "\\"): escape = "\\\\"
            case UInt8(ascii: "\t"): escape = "\\t"
            case UInt8(ascii: "\n"): escape = "\\n"
            case UInt8(ascii: "\r"): escape = "\\r"
            default: continue
            }
            buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<index])))
            buffer.writeStaticString(escape)
            start = index + 1
        }
        buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start...])))
    }
}
