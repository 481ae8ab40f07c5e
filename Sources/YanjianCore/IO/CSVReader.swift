import Foundation

/// A streaming, byte-level RFC 4180 reader: the one every importer uses.
///
/// It reads a file with `read(2)` in chunks (4 MiB by default) and hands out one `CSVRecord` per
/// `next()`, so memory stays constant whatever the file's size. It accepts quoted fields with
/// embedded delimiters, doubled quotes and line breaks; CRLF, LF or CR record ends; a UTF-8 BOM;
/// GB18030 files (transcoded to UTF-8 with `iconv` while reading). The first record is the header
/// (line 1); the reader does not treat it specially, and returns records whose field count differs
/// from the header's as they are, for the caller to report. Empty lines are skipped (they still
/// count as lines). Line numbers count LF, CRLF and a lone CR as one line break each, inside
/// quoted fields too, which matches Python's `csv` `line_num` and what editors show.
///
/// Limits keep memory constant on hostile input: a field over `maxFieldBytes` or a record over
/// `maxRecordBytes` stops being stored, the reader keeps parsing (tracking quotes) to the end of
/// that record, and then throws; the next call starts at the following record. A quote left open
/// at the end of the file is reported as `.unterminatedQuote` with the line it opened on.
///
/// ```swift
/// var reader = try CSVReader(path: "waybills.csv")
/// while true {
///     do {
///         guard let record = try reader.next() else { break }
///         record.withField(0) { bytes in /* … */ }
///     } catch let error as CSVError where error.isRecordLevel {
///         // report error.line, then go on with the next record
///     }
/// }
/// ```
///
/// A copy of a reader shares its input with the original, so use one reader per file and do not copy it.
public struct CSVReader {
    /// How a `CSVReader` reads its input.
    public struct Options: Sendable {
        /// The delimiter, unless `detectDialect` is set.
        public var dialect: CSVDialect = .comma
        /// Choose the delimiter from the first line (comma, tab, semicolon or `|`).
        public var detectDialect = false
        /// The input's encoding, or nil to detect it from the first 64 KiB.
        public var encoding: TextEncoding?
        /// The longest field, in bytes; a longer one makes the record fail with `.fieldTooLarge`.
        public var maxFieldBytes = 1 << 20
        /// The longest record (field bytes plus one per field); a longer one fails with `.recordTooLarge`.
        public var maxRecordBytes = 8 << 20
        /// The size of each `read(2)`; small values are for tests of chunk boundaries.
        public var chunkSize = 4 << 20

        public init() {}
    }

    enum State {
        case recordStart
        case fieldStart
        case unquoted
        case quoted
        case quoteInQuoted
    }

    private let input: ChunkedInput
    private let maxFieldBytes: Int
    private let maxRecordBytes: Int
    private var storage: RowStorage
    private var chunk: UnsafePointer<UInt8>?
    private var chunkPosition = 0
    private var chunkEnd = 0
    private var line = 1
    private var swallowLF = false
    private var carry: UInt8 = 0
    private var finished = false

    /// The delimiter in use (given or detected).
    public let dialect: CSVDialect
    /// The encoding the input was read as.
    public var encoding: TextEncoding { input.encoding }
    /// Bytes of the input read so far (for progress; up to one chunk ahead of the records returned).
    public var bytesRead: Int { input.bytesConsumed }
    /// How many invalid GB18030 sequences were replaced with U+FFFD so far.
    public var replacedSequenceCount: Int { input.replacementCount }

    /// Opens the file at `path`. Throws `CSVError.io` when it cannot be read and `.notText` when it
    /// is not text.
    public init(path: String, options: Options = Options()) throws {
        try self.init(input: ChunkedInput(path: path, chunkSize: options.chunkSize, encoding: options.encoding),
                      options: options)
    }

    /// Reads CSV held in memory (tests, uploads).
    public init(bytes: [UInt8], options: Options = Options()) throws {
        try self.init(input: ChunkedInput(bytes: bytes, chunkSize: options.chunkSize, encoding: options.encoding),
                      options: options)
    }

    /// Reads CSV held in memory (tests, uploads).
    public init(data: Data, options: Options = Options()) throws {
        try self.init(bytes: [UInt8](data), options: options)
    }

    private init(input: ChunkedInput, options: Options) {
        self.input = input
        let dialect = options.detectDialect ? CSVDialect.detect(headerLine: input.firstLine()) : options.dialect
        self.dialect = dialect
        self.maxFieldBytes = max(1, options.maxFieldBytes)
        self.maxRecordBytes = max(1, options.maxRecordBytes)
        self.storage = RowStorage(byteCapacity: 4096, endCapacity: 32)
    }

    /// The capacity of the row buffer, for tests that memory stays bounded.
    var rowBufferCapacity: Int { storage.byteCapacity }

    /// The next record, or nil at the end of the input.
    ///
    /// A record-level error (`CSVError.isRecordLevel`) is thrown after the reader has moved past the
    /// bad record, so calling `next()` again reads the record after it. After a file-level error
    /// (`.io`) or at the end, `next()` returns nil.
    public mutating func next() throws -> CSVRecord? {
        guard !finished else { return nil }
        if !isKnownUniquelyReferenced(&storage) { storage = storage.fresh() }
        var builder = RecordBuilder(storage: storage, maxFieldBytes: maxFieldBytes, maxRecordBytes: maxRecordBytes)
        var base = chunk
        var position = chunkPosition
        var end = chunkEnd
        var line = self.line
        var swallowLF = self.swallowLF
        var carry = self.carry
        var state = State.recordStart
        var warnings = CSVRecordWarnings()
        let delimiter = dialect.delimiter
        let quote = dialect.quote
        let delimiterPattern = ByteScan.pattern(delimiter)
        let quotePattern = ByteScan.pattern(quote)
        defer {
            self.chunk = base
            self.chunkPosition = position
            self.chunkEnd = end
            self.line = line
            self.swallowLF = swallowLF
            self.carry = carry
        }

        while true {
            if position == end {
                if let previous = base, end > 0 { carry = previous[end &- 1] }
                let next: UnsafeBufferPointer<UInt8>
                do {
                    next = try input.nextChunk()
                } catch {
                    finished = true
                    throw error
                }
                guard let nextBase = next.baseAddress, next.count > 0 else {
                    // End of input.
                    switch state {
                    case .recordStart:
                        finished = true
                        return nil
                    case .quoted:
                        finished = true
                        throw CSVError.unterminatedQuote(line: builder.firstLine)
                    case .fieldStart, .unquoted, .quoteInQuoted:
                        finished = true
                        endField(&builder)
                        return try finish(builder, lastLine: line, warnings: warnings)
                    }
                }
                base = nextBase
                position = 0
                end = next.count
            }
            // `base` is non-nil here: it was set when the chunk was loaded.
            guard let bytes = base else { continue }

            switch state {
            case .recordStart:
                let c = bytes[position]
                if swallowLF {
                    swallowLF = false
                    if c == 0x0A {
                        position &+= 1
                        continue
                    }
                }
                if c == 0x0A {
                    line &+= 1
                    position &+= 1
                    continue
                }
                if c == 0x0D {
                    line &+= 1
                    position &+= 1
                    swallowLF = true
                    continue
                }
                builder.firstLine = line
                state = .fieldStart

            case .fieldStart:
                if bytes[position] == quote {
                    position &+= 1
                    state = .quoted
                } else {
                    state = .unquoted
                }

            case .unquoted:
                // Runs through consecutive unquoted fields without going back through the switch.
                while true {
                    let i = ByteScan.first(delimiterPattern, quotePattern, ByteScan.crPattern, ByteScan.lfPattern,
                                           in: bytes, from: position, to: end)
                    append(&builder, bytes + position, i &- position)
                    position = i
                    if i == end { break }
                    let c = bytes[i]
                    position = i &+ 1
                    if c == delimiter {
                        endField(&builder)
                        if position < end && bytes[position] != quote { continue }
                        state = .fieldStart
                        break
                    } else if c == 0x0A || c == 0x0D {
                        endField(&builder)
                        let last = line
                        line &+= 1
                        swallowLF = c == 0x0D
                        return try finish(builder, lastLine: last, warnings: warnings)
                    } else {
                        warnings.insert(.bareQuote)
                        appendByte(&builder, c)
                    }
                }

            case .quoted:
                // Line breaks inside the field count as lines: CR, LF, or CRLF (counted once, at
                // the CR; the byte before a chunk's first byte is `carry`).
                var i = position
                while true {
                    i = ByteScan.first(quotePattern, ByteScan.crPattern, ByteScan.lfPattern, ByteScan.lfPattern,
                                       in: bytes, from: i, to: end)
                    if i == end { break }
                    let c = bytes[i]
                    if c == quote { break }
                    if c == 0x0D || (i > 0 ? bytes[i &- 1] : carry) != 0x0D { line &+= 1 }
                    i &+= 1
                }
                append(&builder, bytes + position, i &- position)
                if i == end {
                    position = i
                    continue
                }
                position = i &+ 1
                state = .quoteInQuoted

            case .quoteInQuoted:
                let c = bytes[position]
                if c == quote {
                    appendByte(&builder, quote)
                    position &+= 1
                    state = .quoted
                } else if c == delimiter {
                    position &+= 1
                    endField(&builder)
                    state = .fieldStart
                } else if c == 0x0A || c == 0x0D {
                    position &+= 1
                    endField(&builder)
                    let last = line
                    line &+= 1
                    swallowLF = c == 0x0D
                    return try finish(builder, lastLine: last, warnings: warnings)
                } else {
                    warnings.insert(.textAfterClosingQuote)
                    state = .unquoted
                }
            }
        }
    }

    @inline(__always)
    private mutating func append(_ builder: inout RecordBuilder, _ source: UnsafePointer<UInt8>, _ count: Int) {
        if !builder.append(source, count) {
            grow(&builder, minimumBytes: builder.byteCount + count)
            _ = builder.append(source, count)
        }
    }

    @inline(__always)
    private mutating func appendByte(_ builder: inout RecordBuilder, _ byte: UInt8) {
        if !builder.appendByte(byte) {
            grow(&builder, minimumBytes: builder.byteCount + 1)
            _ = builder.appendByte(byte)
        }
    }

    @inline(__always)
    private mutating func endField(_ builder: inout RecordBuilder) {
        if !builder.endField() {
            grow(&builder, minimumBytes: builder.byteCount)
            _ = builder.endField()
        }
    }

    /// Moves the record so far into a larger storage (rare: the first long records of a file).
    @inline(never)
    private mutating func grow(_ builder: inout RecordBuilder, minimumBytes: Int) {
        storage = storage.grown(
            minimumBytes: minimumBytes, minimumEnds: builder.fieldCount + 1, byteCount: builder.byteCount,
            fieldCount: builder.fieldCount)
        builder.rebind(to: storage)
    }

    private func finish(_ builder: RecordBuilder, lastLine: Int, warnings: CSVRecordWarnings) throws -> CSVRecord {
        if let error = builder.error { throw error }
        return CSVRecord(
            storage: storage, count: builder.fieldCount, firstLine: builder.firstLine, lastLine: lastLine,
            warnings: warnings)
    }
}

/// Finds the first of up to four byte values eight bytes at a time (SWAR): each byte of a word
/// equal to the target becomes zero after an XOR, and the classic has-zero-byte test flags it.
/// The test can also flag bytes above a real match (a borrow), never below it, so the lowest flag
/// is exact.
enum ByteScan {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080
    static let crPattern = pattern(0x0D)
    static let lfPattern = pattern(0x0A)

    /// `byte` repeated in all eight bytes of a word.
    @inline(__always)
    static func pattern(_ byte: UInt8) -> UInt64 {
        UInt64(byte) &* ones
    }

    @inline(__always)
    static func zeroBytes(_ v: UInt64) -> UInt64 {
        (v &- ones) & ~v & highBits
    }

    /// The index of the first byte in `from..<end` equal to one of the patterns' bytes, or `end`.
    @inline(__always)
    static func first(
        _ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64, in bytes: UnsafePointer<UInt8>, from: Int, to end: Int
    ) -> Int {
        var i = from
        while i &+ 8 <= end {
            let word = UInt64(littleEndian: UnsafeRawPointer(bytes + i).loadUnaligned(as: UInt64.self))
            let found = zeroBytes(word ^ a) | zeroBytes(word ^ b) | zeroBytes(word ^ c) | zeroBytes(word ^ d)
            if found != 0 { return i &+ (found.trailingZeroBitCount &>> 3) }
            i &+= 8
        }
        let (ba, bb, bc, bd) = (UInt8(truncatingIfNeeded: a), UInt8(truncatingIfNeeded: b),
                                UInt8(truncatingIfNeeded: c), UInt8(truncatingIfNeeded: d))
        while i < end {
            let x = bytes[i]
            if x == ba || x == bb || x == bc || x == bd { return i }
            i &+= 1
        }
        return end
    }
}

/// The record being assembled by one `CSVReader.next()` call, kept in a local so that the
/// optimiser holds it in registers (it is a trivial type: pointers and integers). Once a limit is
/// exceeded it stops storing bytes; the reader keeps parsing to the end of the record, so it
/// resynchronises at the right boundary, and then throws `error`. `append` and `endField` return
/// false when the storage is full; the reader then grows it and calls them again.
struct RecordBuilder {
    enum Failure: UInt8 {
        case none
        case fieldTooLarge
        case recordTooLarge
    }

    var bytes: UnsafeMutablePointer<UInt8>
    var byteCapacity: Int
    var ends: UnsafeMutablePointer<Int>
    var endCapacity: Int
    var byteCount = 0
    var fieldCount = 0
    var fieldStart = 0
    var firstLine = 0
    var failure = Failure.none
    let maxFieldBytes: Int
    let maxRecordBytes: Int

    init(storage: RowStorage, maxFieldBytes: Int, maxRecordBytes: Int) {
        bytes = storage.bytes
        byteCapacity = storage.byteCapacity
        ends = storage.ends
        endCapacity = storage.endCapacity
        self.maxFieldBytes = maxFieldBytes
        self.maxRecordBytes = maxRecordBytes
    }

    mutating func rebind(to storage: RowStorage) {
        bytes = storage.bytes
        byteCapacity = storage.byteCapacity
        ends = storage.ends
        endCapacity = storage.endCapacity
    }

    @inline(__always)
    mutating func append(_ source: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        if failure != .none || count == 0 { return true }
        if byteCount &- fieldStart &+ count > maxFieldBytes {
            failure = .fieldTooLarge
            return true
        }
        if byteCount &+ count > byteCapacity { return false }
        (bytes + byteCount).update(from: source, count: count)
        byteCount &+= count
        return true
    }

    @inline(__always)
    mutating func appendByte(_ byte: UInt8) -> Bool {
        if failure != .none { return true }
        if byteCount &- fieldStart &+ 1 > maxFieldBytes {
            failure = .fieldTooLarge
            return true
        }
        if byteCount == byteCapacity { return false }
        bytes[byteCount] = byte
        byteCount &+= 1
        return true
    }

    @inline(__always)
    mutating func endField() -> Bool {
        if failure != .none { return true }
        if fieldCount == endCapacity { return false }
        ends[fieldCount] = byteCount
        fieldCount &+= 1
        fieldStart = byteCount
        if byteCount &+ fieldCount > maxRecordBytes { failure = .recordTooLarge }
        return true
    }

    var error: CSVError? {
        switch failure {
        case .none: nil
        case .fieldTooLarge: .fieldTooLarge(line: firstLine, limit: maxFieldBytes)
        case .recordTooLarge: .recordTooLarge(line: firstLine, limit: maxRecordBytes)
        }
    }
}
