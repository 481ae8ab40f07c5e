import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One line from a `JSONLinesReader`: its bytes (without the line end) and its line number.
public struct JSONLine: @unchecked Sendable {
    // @unchecked: as for `CSVRecord`, the storage is never written while a line references it.
    @usableFromInline let storage: RowStorage
    @usableFromInline let bytes: UnsafePointer<UInt8>

    /// The line's length in bytes.
    public let count: Int
    /// The physical line number, starting at 1.
    public let number: Int

    init(storage: RowStorage, count: Int, number: Int) {
        self.storage = storage
        self.bytes = UnsafePointer(storage.bytes)
        self.count = count
        self.number = number
    }

    /// Calls `body` with the line's bytes; the buffer must not escape `body`.
    @inlinable
    public func withBytes<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        try withExtendedLifetime(storage) { () throws(E) -> R in
            try body(UnsafeBufferPointer(start: bytes, count: count))
        }
    }

    /// The line as `Data`, for `JSONDecoder`.
    public var data: Data {
        withBytes { Data($0) }
    }

    /// The line as a `String` (invalid UTF-8 becomes U+FFFD).
    public var string: String {
        withBytes { String(decoding: $0, as: UTF8.self) }
    }
}

/// A streaming reader of JSON Lines files (`video_events.jsonl`, `tips.jsonl`): one line per
/// `next()`, over the same chunked, encoding-aware input as `CSVReader`.
///
/// Lines end with LF or CRLF; lines holding only spaces and tabs are skipped (they still count).
/// The reader does not parse JSON. A copy of a reader shares its input, so do not copy it.
public struct JSONLinesReader {
    /// How a `JSONLinesReader` reads its input.
    public struct Options: Sendable {
        /// The input's encoding, or nil to detect it from the first 64 KiB.
        public var encoding: TextEncoding?
        /// The longest line, in bytes; a longer one fails with `.lineTooLong` and is skipped.
        public var maxLineBytes = 16 << 20
        /// The size of each `read(2)`; small values are for tests of chunk boundaries.
        public var chunkSize = 4 << 20

        public init() {}
    }

    private let input: ChunkedInput
    private let maxLineBytes: Int
    private var storage: RowStorage
    private var chunk: UnsafePointer<UInt8>?
    private var chunkPosition = 0
    private var chunkEnd = 0
    private var line = 0
    private var finished = false

    /// The encoding the input was read as.
    public var encoding: TextEncoding { input.encoding }
    /// Bytes of the input read so far (for progress; up to one chunk ahead of the records returned).
    public var bytesRead: Int { input.bytesConsumed }

    /// Opens the file at `path`. Throws `CSVError.io` or `.notText`.
    public init(path: String, options: Options = Options()) throws {
        input = try ChunkedInput(path: path, chunkSize: options.chunkSize, encoding: options.encoding)
        maxLineBytes = max(1, options.maxLineBytes)
        storage = RowStorage(byteCapacity: 4096, endCapacity: 1)
    }

    /// Reads JSON Lines held in memory.
    public init(bytes: [UInt8], options: Options = Options()) throws {
        input = try ChunkedInput(bytes: bytes, chunkSize: options.chunkSize, encoding: options.encoding)
        maxLineBytes = max(1, options.maxLineBytes)
        storage = RowStorage(byteCapacity: 4096, endCapacity: 1)
    }

    /// The next non-blank line, or nil at the end. A `.lineTooLong` error is thrown after the reader
    /// has skipped that line, so `next()` can be called again.
    public mutating func next() throws -> JSONLine? {
        while !finished {
            if !isKnownUniquelyReferenced(&storage) { storage = storage.fresh() }
            var count = 0
            var tooLong = false
            var atEnd = false
            line += 1
            scan: while true {
                if chunkPosition == chunkEnd {
                    let next: UnsafeBufferPointer<UInt8>
                    do {
                        next = try input.nextChunk()
                    } catch {
                        finished = true
                        throw error
                    }
                    guard let base = next.baseAddress, next.count > 0 else {
                        atEnd = true
                        break scan
                    }
                    chunk = base
                    chunkPosition = 0
                    chunkEnd = next.count
                }
                guard let base = chunk else { break scan }
                let remaining = chunkEnd - chunkPosition
                let found = memchr(base + chunkPosition, 0x0A, remaining)
                let i = found.map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? chunkEnd
                let n = i - chunkPosition
                if !tooLong {
                    if count + n > maxLineBytes {
                        tooLong = true
                    } else {
                        if count + n > storage.byteCapacity {
                            storage = storage.grown(minimumBytes: count + n, minimumEnds: 0, byteCount: count, fieldCount: 0)
                        }
                        (storage.bytes + count).update(from: base + chunkPosition, count: n)
                        count += n
                    }
                }
                if i < chunkEnd {
                    chunkPosition = i + 1
                    break scan
                }
                chunkPosition = i
            }
            if atEnd {
                finished = true
                if count == 0 && !tooLong { return nil }
            }
            if tooLong { throw CSVError.lineTooLong(line: line, limit: maxLineBytes) }
            if count > 0 && storage.bytes[count - 1] == 0x0D { count -= 1 }
            var blank = true
            for k in 0..<count where storage.bytes[k] != 0x20 && storage.bytes[k] != 0x09 {
                blank = false
                break
            }
            if !blank { return JSONLine(storage: storage, count: count, number: line) }
        }
        return nil
    }
}
