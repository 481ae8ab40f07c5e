/// Irregularities in a record that the reader tolerated, for the importer to report as warnings.
public struct CSVRecordWarnings: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// A `"` inside an unquoted field (`ab"c`); it was kept as a literal character.
    public static let bareQuote = CSVRecordWarnings(rawValue: 1 << 0)
    /// Text after a closing quote (`"ab"c`); it was appended to the field, as Python's csv does.
    public static let textAfterClosingQuote = CSVRecordWarnings(rawValue: 1 << 1)
}

/// One record from a `CSVReader`: its fields as UTF-8 bytes, unescaped, with the physical lines it
/// spans.
///
/// Fields are read without copying through `withField(_:_:)`; make a `String` with `string(_:)` only
/// where one is needed. A record stays valid and unchanged after the reader moves on (it then keeps
/// its own buffer, and the reader allocates a new one of the same size), but the fast path is to
/// be done with it before calling `next()` again; to keep values, copy them out.
/// Indices past `count` read as empty fields: compare `count` with the header's to tell a missing
/// field from an empty one.
public struct CSVRecord: @unchecked Sendable {
    // @unchecked: the storage is never written while a record references it (the reader checks
    // `isKnownUniquelyReferenced` first, as Array's copy-on-write does), so sharing it is safe.
    @usableFromInline let storage: RowStorage
    @usableFromInline let bytes: UnsafePointer<UInt8>
    @usableFromInline let ends: UnsafePointer<Int>

    /// The number of fields.
    public let count: Int
    /// The physical line the record starts on; the header is line 1.
    public let firstLine: Int
    /// The physical line the record ends on (later than `firstLine` when a quoted field spans lines).
    public let lastLine: Int
    /// What the reader tolerated in this record.
    public let warnings: CSVRecordWarnings

    init(storage: RowStorage, count: Int, firstLine: Int, lastLine: Int, warnings: CSVRecordWarnings) {
        self.storage = storage
        self.bytes = UnsafePointer(storage.bytes)
        self.ends = UnsafePointer(storage.ends)
        self.count = count
        self.firstLine = firstLine
        self.lastLine = lastLine
        self.warnings = warnings
    }

    @inlinable
    func range(_ index: Int) -> Range<Int> {
        guard index >= 0, index < count else { return 0..<0 }
        let start = index == 0 ? 0 : ends[index - 1]
        return start..<ends[index]
    }

    /// Calls `body` with the bytes of field `index` (empty when `index` is out of range). The buffer
    /// must not escape `body`.
    @inlinable
    public func withField<R, E: Error>(
        _ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R
    ) throws(E) -> R {
        let r = range(index)
        return try withExtendedLifetime(storage) { () throws(E) -> R in
            try body(UnsafeBufferPointer(start: bytes + r.lowerBound, count: r.count))
        }
    }

    /// The length in bytes of field `index` (0 when out of range).
    @inlinable
    public func fieldLength(_ index: Int) -> Int {
        range(index).count
    }

    /// Whether field `index` equals `text`'s UTF-8 bytes, without making a `String`.
    @inlinable
    public func field(_ index: Int, equals text: StaticString) -> Bool {
        let r = range(index)
        return text.withUTF8Buffer { expected in
            guard r.count == expected.count else { return false }
            guard let expectedBase = expected.baseAddress else { return true }
            return withExtendedLifetime(storage) {
                memoryEquals(bytes + r.lowerBound, expectedBase, r.count)
            }
        }
    }

    /// Field `index` as a `String` (invalid UTF-8 becomes U+FFFD; empty when out of range).
    public func string(_ index: Int) -> String {
        withField(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// A copy of the bytes of field `index`.
    public func bytes(_ index: Int) -> [UInt8] {
        withField(index) { Array($0) }
    }

    /// All fields as strings (for the header and for error reports, not for bulk rows).
    public func strings() -> [String] {
        (0..<count).map { string($0) }
    }
}

@inlinable
func memoryEquals(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    var i = 0
    while i < count {
        if a[i] != b[i] { return false }
        i &+= 1
    }
    return true
}
