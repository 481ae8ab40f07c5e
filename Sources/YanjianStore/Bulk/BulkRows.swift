import Foundation

/// Rows for `Store.bulkInsert`, packed: the UTF-8 of every text (and the bytes of every blob) in one
/// buffer, each cell a 16-byte record of its kind and its value or its bytes' place. The engines bind
/// or escape the bytes where they lie.
///
/// The importer keeps two batches alive, the one being written and the one being read. As
/// `[[SQLValue]]` — an array and five or six heap strings a row — two 200,000-row batches of waybills
/// held about 370 MB more than two of 100,000 rows did, and a 4.31M-waybill import peaked at 1.1 GB.
public struct BulkRows: Sendable {
    /// One cell: an integer's or a double's bits, or the offset of its bytes; their length; its kind.
    struct Cell: Sendable {
        var bits: UInt64
        var length: UInt32
        var kind: Kind
    }

    enum Kind: UInt8, Sendable, Comparable {
        // In SQLite's order of storage classes, which `sort(byColumns:)` follows.
        case null, int, double, text, blob
        static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    /// Values per row.
    public let width: Int
    private var bytes: [UInt8] = []
    private var cells: [Cell] = []
    /// The rows' places in reading order once sorted; nil reads them as appended.
    private var order: [Int32]?

    /// An empty set of rows of `width` values, with room for `rows` rows and `bytes` bytes of text.
    public init(width: Int, reservingRows rows: Int = 0, bytes: Int = 0) {
        precondition(width > 0, "a bulk row has at least one value")
        self.width = width
        cells.reserveCapacity(rows * width)
        self.bytes.reserveCapacity(bytes)
    }

    /// `rows` packed; each must have `width` values.
    public init(_ rows: [[SQLValue]], width: Int) throws {
        self.init(width: width, reservingRows: rows.count)
        for row in rows {
            guard row.count == width else {
                throw StoreError.internalInconsistency("bulk row has \(row.count) values for \(width) columns")
            }
            append(row)
        }
    }

    /// The number of rows.
    public var count: Int { cells.count / width }
    public var isEmpty: Bool { cells.isEmpty }
    /// Bytes of text and blobs held, a hint for the next batch's reservation.
    public var byteCount: Int { bytes.count }

    /// Adds `row` (which must have `width` values) at the end; its place is the count before the call.
    public mutating func append(_ row: [SQLValue]) {
        precondition(row.count == width, "bulk row has \(row.count) values for \(width) columns")
        order = nil
        for value in row { cells.append(pack(value)) }
    }

    /// Replaces the row at `place` (in the order rows were appended) with `row`. Its old bytes stay
    /// in the buffer unused: a repeated key within one batch is rare.
    public mutating func replace(_ place: Int, with row: [SQLValue]) {
        precondition(row.count == width && place >= 0 && place < count, "bulk row replaced out of shape")
        for (column, value) in row.enumerated() { cells[place * width + column] = pack(value) }
    }

    /// Orders the rows by the values at `columns`, compared one after the other as SQLite and
    /// PostgreSQL's `"C"` collation do (integers and doubles by value, text and blobs bytewise).
    /// Writing a batch in its primary key's order keeps each insert near the previous one.
    public mutating func sort(byColumns columns: [Int]) {
        guard !columns.isEmpty, count > 1 else { return }
        var places = order ?? (0..<Int32(count)).map { $0 }
        let width = self.width
        cells.withUnsafeBufferPointer { cells in
            bytes.withUnsafeBufferPointer { bytes in
                places.sort { a, b in
                    for column in columns {
                        let order = Self.compare(cells[Int(a) * width + column], cells[Int(b) * width + column], bytes)
                        if order != 0 { return order < 0 }
                    }
                    return false
                }
            }
        }
        order = places
    }

    /// The value at `column` of the `row`th row in reading order, as a `SQLValue` (which allocates
    /// its text: for probes and small tables, not for every cell of a big batch).
    public func value(_ row: Int, _ column: Int) -> SQLValue {
        let cell = cells[place(row) * width + column]
        switch cell.kind {
        case .null: return .null
        case .int: return .int(Int64(bitPattern: cell.bits))
        case .double: return .double(Double(bitPattern: cell.bits))
        case .text: return .text(String(decoding: bytes[Int(cell.bits)..<Int(cell.bits) + Int(cell.length)], as: UTF8.self))
        case .blob: return .blob(Array(bytes[Int(cell.bits)..<Int(cell.bits) + Int(cell.length)]))
        }
    }

    /// The rows in reading order as arrays of values (for the generic engine path and tests).
    public var arrays: [[SQLValue]] {
        (0..<count).map { row in (0..<width).map { value(row, $0) } }
    }

    /// Calls `body` with a reader over the rows; the pointers it hands out live as long as the call.
    func withReader<R>(_ body: (Reader) throws -> R) rethrows -> R {
        try cells.withUnsafeBufferPointer { cells in
            try bytes.withUnsafeBufferPointer { bytes in
                try body(Reader(cells: cells, bytes: bytes, order: order, width: width))
            }
        }
    }

    /// Cells as the engines read them: text and blobs as pointers into the packed buffer.
    enum Value {
        case null
        case int(Int64)
        case double(Double)
        case text(UnsafeBufferPointer<UInt8>)
        case blob(UnsafeBufferPointer<UInt8>)
    }

    struct Reader {
        let cells: UnsafeBufferPointer<Cell>
        let bytes: UnsafeBufferPointer<UInt8>
        let order: [Int32]?
        let width: Int

        var count: Int { cells.count / width }

        /// The value at `column` of the `row`th row in reading order.
        @inline(__always)
        func value(_ row: Int, _ column: Int) -> Value {
            let place = order.map { Int($0[row]) } ?? row
            let cell = cells[place * width + column]
            switch cell.kind {
            case .null: return .null
            case .int: return .int(Int64(bitPattern: cell.bits))
            case .double: return .double(Double(bitPattern: cell.bits))
            case .text: return .text(UnsafeBufferPointer(rebasing: bytes[Int(cell.bits)..<Int(cell.bits) + Int(cell.length)]))
            case .blob: return .blob(UnsafeBufferPointer(rebasing: bytes[Int(cell.bits)..<Int(cell.bits) + Int(cell.length)]))
            }
        }
    }

    private func place(_ row: Int) -> Int { order.map { Int($0[row]) } ?? row }

    private mutating func pack(_ value: SQLValue) -> Cell {
        switch value {
        case .null: return Cell(bits: 0, length: 0, kind: .null)
        case .int(let v): return Cell(bits: UInt64(bitPattern: v), length: 0, kind: .int)
        case .double(let v): return Cell(bits: v.bitPattern, length: 0, kind: .double)
        case .text(var v):
            let start = bytes.count
            v.withUTF8 { bytes.append(contentsOf: $0) }
            return Cell(bits: UInt64(start), length: UInt32(bytes.count - start), kind: .text)
        case .blob(let v):
            let start = bytes.count
            bytes.append(contentsOf: v)
            return Cell(bits: UInt64(start), length: UInt32(v.count), kind: .blob)
        }
    }

    /// -1, 0 or 1 as `a` sorts before, with or after `b`.
    private static func compare(_ a: Cell, _ b: Cell, _ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        // Integers and doubles compare by value with each other, as in SQLite.
        let numeric = (a.kind == .int || a.kind == .double) && (b.kind == .int || b.kind == .double)
        if a.kind != b.kind && !numeric { return a.kind < b.kind ? -1 : 1 }
        switch a.kind {
        case .null: return 0
        case .int, .double:
            if a.kind == .int && b.kind == .int {
                let (x, y) = (Int64(bitPattern: a.bits), Int64(bitPattern: b.bits))
                return x < y ? -1 : (x > y ? 1 : 0)
            }
            let x = a.kind == .int ? Double(Int64(bitPattern: a.bits)) : Double(bitPattern: a.bits)
            let y = b.kind == .int ? Double(Int64(bitPattern: b.bits)) : Double(bitPattern: b.bits)
            return x < y ? -1 : (x > y ? 1 : 0)
        case .text, .blob:
            let common = Int(min(a.length, b.length))
            if common > 0, let base = bytes.baseAddress {
                let order = memcmp(base + Int(a.bits), base + Int(b.bits), common)
                if order != 0 { return order < 0 ? -1 : 1 }
            }
            return a.length < b.length ? -1 : (a.length > b.length ? 1 : 0)
        }
    }
}
