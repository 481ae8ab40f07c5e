import GRDBSQLite
import Foundation

/// One row of a ``SQLDatabase/scan(table:columns:key:pageSize:_:)``, read in place: integers, doubles
/// and the UTF-8 bytes of text without a `String` or an ``SQLValue`` per cell. An analysis that reads
/// millions of rows (the entity graph's 4.31M waybills) spent a quarter of its load building them.
///
/// The cursor is handed to the scan's body once per row and is only valid inside that call; so are
/// the buffers ``bytes(_:)`` returns. Conversions follow ``SQLValue``'s (`int` of numeric text is the
/// number, `text` of a number is its decimal form, NULL is nil).
public final class SQLRowCursor {
    enum Source {
        /// A SQLite statement positioned on a row.
        case statement(OpaquePointer)
        /// A row already read into values (the paged path of other engines).
        case values
    }

    let source: Source
    /// The current row, for `.values`.
    private var values: [SQLValue] = []
    /// The current row's text and blob bytes back to back, for `.values`; `spans[i]` locates column
    /// `i` in it (`start < 0` for a value that is not text).
    private var arena: UnsafeMutableRawBufferPointer
    private var spans: [(start: Int, count: Int)] = []
    /// What `values` holds for a text cell whose bytes are only in the arena (a streamed row): the
    /// arena is what text cells are read from in `.values` mode.
    private static let textInArena = SQLValue.text("")

    init(statement: OpaquePointer) {
        source = .statement(statement)
        arena = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    }

    init() {
        source = .values
        arena = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 8)
    }

    /// A cursor on one row of values (for tests and for callers that already hold rows).
    public convenience init(values: [SQLValue]) {
        self.init()
        load(values)
    }

    deinit {
        if case .values = source { arena.deallocate() }
    }

    /// Positions a `.values` cursor on `row`, copying its text into the arena.
    func load(_ row: [SQLValue]) {
        fillRow { fill in
            for value in row { fill.append(value) }
        }
    }

    /// A row being handed over cell by cell by an engine's streamed scan (``fillRow(_:)``): the
    /// cursor's storage lent to a value, so that appending a cell pays no exclusivity check on the
    /// cursor's properties (four per text cell were a tenth of a PostgreSQL graph load).
    struct RowFill {
        fileprivate var values: [SQLValue]
        fileprivate var spans: [(start: Int, count: Int)]
        fileprivate var arena: UnsafeMutableRawBufferPointer
        fileprivate var used = 0

        /// The next cell: a value that is not text (text and blobs are copied into the arena).
        mutating func append(_ value: SQLValue) {
            switch value {
            case .text(var text):
                text.withUTF8 { appendText(UnsafeRawBufferPointer($0)) }
            case .blob(let bytes):
                bytes.withUnsafeBytes { appendBytes($0) }
                values.append(value)
            default:
                values.append(value)
                spans.append((-1, 0))
            }
        }

        /// The next cell: text given as its UTF-8 bytes, copied.
        mutating func appendText(_ bytes: UnsafeRawBufferPointer) {
            appendBytes(bytes)
            values.append(SQLRowCursor.textInArena)
        }

        private mutating func appendBytes(_ bytes: UnsafeRawBufferPointer) {
            if used + bytes.count > arena.count {
                let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: max(used + bytes.count, arena.count * 2), alignment: 8)
                if used > 0, let old = arena.baseAddress { grown.baseAddress!.copyMemory(from: old, byteCount: used) }
                arena.deallocate()
                arena = grown
            }
            if let base = bytes.baseAddress, !bytes.isEmpty {
                (arena.baseAddress! + used).copyMemory(from: base, byteCount: bytes.count)
            }
            spans.append((used, bytes.count))
            used += bytes.count
        }
    }

    /// Positions a `.values` cursor on the row `fill` hands over cell by cell.
    func fillRow(_ fill: (inout RowFill) throws -> Void) rethrows {
        var row = RowFill(values: [], spans: [], arena: arena)
        swap(&row.values, &values)
        swap(&row.spans, &spans)
        row.values.removeAll(keepingCapacity: true)
        row.spans.removeAll(keepingCapacity: true)
        defer {
            swap(&row.values, &values)
            swap(&row.spans, &spans)
            arena = row.arena
        }
        try fill(&row)
    }

    /// Column `column` of a `.values` row as a value, text and blobs read from the arena.
    private func stored(_ column: Int) -> SQLValue {
        switch values[column] {
        case .text: .text(String(decoding: bytes(column), as: UTF8.self))
        case .blob: .blob(Array(bytes(column)))
        case let other: other
        }
    }

    /// Whether column `column` is NULL.
    public func isNull(_ column: Int) -> Bool {
        switch source {
        case .statement(let handle): sqlite3_column_type(handle, Int32(column)) == SQLITE_NULL
        case .values: values[column].isNull
        }
    }

    /// Column `column` as an integer (exact doubles and numeric text convert), or nil.
    public func int(_ column: Int) -> Int64? {
        switch source {
        case .statement(let handle):
            switch sqlite3_column_type(handle, Int32(column)) {
            case SQLITE_INTEGER: return sqlite3_column_int64(handle, Int32(column))
            case SQLITE_NULL: return nil
            default: return value(column).int
            }
        case .values: return stored(column).int
        }
    }

    /// Column `column` as a double, or nil.
    public func double(_ column: Int) -> Double? {
        switch source {
        case .statement(let handle):
            switch sqlite3_column_type(handle, Int32(column)) {
            case SQLITE_FLOAT, SQLITE_INTEGER: return sqlite3_column_double(handle, Int32(column))
            case SQLITE_NULL: return nil
            default: return value(column).double
            }
        case .values: return stored(column).double
        }
    }

    /// Column `column` as text (numbers formatted), or nil for NULL.
    public func text(_ column: Int) -> String? {
        switch source {
        case .statement(let handle):
            switch sqlite3_column_type(handle, Int32(column)) {
            case SQLITE_TEXT: return String(decoding: bytes(column), as: UTF8.self)
            case SQLITE_NULL: return nil
            default: return value(column).text
            }
        case .values: return stored(column).text
        }
    }

    /// The UTF-8 bytes of a text (or blob) column; empty for NULL and for numbers. Valid until the
    /// scan's body returns.
    public func bytes(_ column: Int) -> UnsafeBufferPointer<UInt8> {
        switch source {
        case .statement(let handle):
            let type = sqlite3_column_type(handle, Int32(column))
            guard type == SQLITE_TEXT || type == SQLITE_BLOB else { return UnsafeBufferPointer(start: nil, count: 0) }
            // column_text first, then column_bytes: the order SQLite documents for a stable length.
            let start = type == SQLITE_TEXT
                ? sqlite3_column_text(handle, Int32(column)).map(UnsafeRawPointer.init)
                : sqlite3_column_blob(handle, Int32(column))
            let count = Int(sqlite3_column_bytes(handle, Int32(column)))
            guard let start, count > 0 else { return UnsafeBufferPointer(start: nil, count: 0) }
            return UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: count)
        case .values:
            let span = spans[column]
            guard span.start >= 0, span.count > 0, let base = arena.baseAddress else { return UnsafeBufferPointer(start: nil, count: 0) }
            return UnsafeBufferPointer(start: (base + span.start).assumingMemoryBound(to: UInt8.self), count: span.count)
        }
    }

    /// Column `column` as the engine stored it, text as bytes valid until the scan's body returns.
    public func cell(_ column: Int) -> SQLCell {
        switch source {
        case .statement(let handle):
            switch sqlite3_column_type(handle, Int32(column)) {
            case SQLITE_INTEGER: return .int(sqlite3_column_int64(handle, Int32(column)))
            case SQLITE_FLOAT: return .double(sqlite3_column_double(handle, Int32(column)))
            case SQLITE_TEXT: return .text(bytes(column))
            case SQLITE_BLOB: return .blob
            default: return .null
            }
        case .values:
            switch values[column] {
            case .null: return .null
            case .int(let v): return .int(v)
            case .double(let v): return .double(v)
            case .text: return .text(bytes(column))
            case .blob: return .blob
            }
        }
    }

    /// Column `column` as a value (the slow, general form).
    public func value(_ column: Int) -> SQLValue {
        switch source {
        case .statement(let handle):
            switch sqlite3_column_type(handle, Int32(column)) {
            case SQLITE_INTEGER: return .int(sqlite3_column_int64(handle, Int32(column)))
            case SQLITE_FLOAT: return .double(sqlite3_column_double(handle, Int32(column)))
            case SQLITE_TEXT: return .text(String(decoding: bytes(column), as: UTF8.self))
            case SQLITE_BLOB: return .blob(Array(bytes(column)))
            default: return .null
            }
        case .values: return stored(column)
        }
    }
}

/// One cell read in place by ``SQLRowCursor/cell(_:)``.
public enum SQLCell {
    case null
    case int(Int64)
    case double(Double)
    /// UTF-8 bytes, valid until the body the cursor was handed to returns.
    case text(UnsafeBufferPointer<UInt8>)
    case blob
}

extension SQLDatabase {
    /// The portable scan: keyset pages of `pageSize` rows in `key` order, each page one query. Engines
    /// that can stream a table in one statement override it (SQLite).
    public func pagedScan(table: String, columns: [String], key: [String], pageSize: Int, batchesAfter: Int64? = nil,
                          _ body: (SQLRowCursor) throws -> Void) async throws {
        precondition(!key.isEmpty && key.allSatisfy(columns.contains), "the key columns must be selected")
        let keyColumns = key.joined(separator: ", ")
        let keyIndexes = key.map { columns.firstIndex(of: $0)! }
        let selectList = columns.joined(separator: ", ")
        let batch = batchesAfter.map { "batch_id > \($0)" }
        let first = "SELECT \(selectList) FROM \(table)\(batch.map { " WHERE " + $0 } ?? "") ORDER BY \(keyColumns) LIMIT ?"
        let placeholders = key.map { _ in "?" }.joined(separator: ", ")
        let after = key.count == 1 ? "\(keyColumns) > ?" : "(\(keyColumns)) > (\(placeholders))"
        let next = "SELECT \(selectList) FROM \(table) WHERE \(after)\(batch.map { " AND " + $0 } ?? "") ORDER BY \(keyColumns) LIMIT ?"
        let cursor = SQLRowCursor()
        var last: [SQLValue]? = nil
        while true {
            try Task.checkCancellation()
            let rows = if let last {
                try await query(next, last + [.int(Int64(pageSize))])
            } else {
                try await query(first, [.int(Int64(pageSize))])
            }
            for row in rows {
                cursor.load(row.values)
                try body(cursor)
            }
            guard rows.count == pageSize, let row = rows.last else { return }
            last = keyIndexes.map { row.values[$0] }
        }
    }
}
