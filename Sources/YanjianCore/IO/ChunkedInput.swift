#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The byte stream under `CSVReader` and `JSONLinesReader`: a file read with `read(2)` or a buffer
/// in memory, handed out as UTF-8 in chunks of at most `chunkSize` bytes, with a BOM skipped and
/// GB18030 transcoded on the way.
///
/// It reads the first `EncodingDetector.windowSize` bytes when opened to decide the encoding, then
/// replays them. Memory stays constant: one raw buffer, one output buffer when transcoding, and that
/// prefix. A chunk it returns is valid until the next call.
final class ChunkedInput {
    private enum Origin {
        case file(Int32)
        case memory([UInt8])
    }

    private static let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]
    private static let gb18030BOM: [UInt8] = [0x84, 0x31, 0x95, 0x33]

    /// The file's path or "<memory>", for messages.
    let name: String
    /// The encoding the input was read as.
    let encoding: TextEncoding
    let chunkSize: Int
    /// How many invalid or truncated sequences transcoding replaced with U+FFFD.
    private(set) var replacementCount = 0
    /// Bytes taken from the file (or buffer) so far, BOM and detection window included: a progress
    /// measure, running up to one chunk ahead of the records handed out.
    private(set) var bytesConsumed = 0

    private let origin: Origin
    private var memoryOffset = 0
    private var isClosed = false
    private let prefix: [UInt8]
    private var prefixOffset: Int
    private let raw: UnsafeMutablePointer<UInt8>
    private let rawCapacity: Int
    private var rawStart = 0
    private var rawEnd = 0
    private var rawExhausted = false
    private let decoder: IconvDecoder?
    private let decoded: UnsafeMutablePointer<UInt8>?
    private let decodedCapacity: Int
    private var decodedStart = 0
    private var decodedEnd = 0
    private var needsMoreInput = false

    /// Opens `path` for reading. Throws `.io` when it cannot be opened or read and `.notText` when
    /// its first bytes are not text (or `encoding` is `.binary`).
    convenience init(path: String, chunkSize: Int, encoding: TextEncoding?) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CSVError.io("cannot open \(path): \(Self.systemError())") }
        #if os(Linux)
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
        let prefix: [UInt8]
        do {
            prefix = try Self.readPrefix(fd: fd, path: path)
        } catch {
            close(fd)
            throw error
        }
        do {
            try self.init(origin: .file(fd), name: path, prefix: prefix, chunkSize: chunkSize, encoding: encoding)
        } catch {
            close(fd)
            throw error
        }
    }

    /// Reads from a copy of `bytes`, exactly as it would read them from a file.
    convenience init(bytes: [UInt8], chunkSize: Int, encoding: TextEncoding?) throws {
        let window = min(bytes.count, EncodingDetector.windowSize)
        var rest = [UInt8]()
        if bytes.count > window { rest = Array(bytes[window...]) }
        try self.init(
            origin: .memory(rest), name: "<memory>", prefix: Array(bytes[..<window]), chunkSize: chunkSize,
            encoding: encoding)
    }

    private init(origin: Origin, name: String, prefix: [UInt8], chunkSize: Int, encoding: TextEncoding?) throws {
        let chosen: TextEncoding
        if let encoding {
            chosen = encoding
        } else {
            let classified = prefix.withUnsafeBufferPointer { EncodingDetector.classify($0) }
            if classified.encoding == .binary {
                throw CSVError.notText(reason: "\(name): \(classified.reason ?? "not text")")
            }
            chosen = classified.encoding
        }
        var decoder: IconvDecoder?
        var skip = 0
        switch chosen {
        case .utf8, .utf8BOM:
            if prefix.starts(with: Self.utf8BOM) { skip = 3 }
        case .gb18030:
            guard let converter = IconvDecoder(sourceEncoding: "GB18030") else {
                throw CSVError.io("\(name): this system's iconv cannot convert GB18030")
            }
            decoder = converter
            if prefix.starts(with: Self.gb18030BOM) { skip = 4 }
        case .binary:
            throw CSVError.notText(reason: "\(name): the file was declared binary")
        }
        let size = max(1, chunkSize)
        self.origin = origin
        self.name = name
        self.prefix = prefix
        self.prefixOffset = skip
        self.encoding = chosen
        self.chunkSize = size
        self.decoder = decoder
        // Room for a cut-off multibyte sequence carried over in front of a full read.
        self.rawCapacity = size + 8
        self.raw = .allocate(capacity: rawCapacity)
        // UTF-8 output of GB18030 is at most 1.5 times its input; at least one whole character fits.
        self.decodedCapacity = decoder == nil ? 0 : max(size + size / 2, 32)
        self.decoded = decoder == nil ? nil : .allocate(capacity: decodedCapacity)
    }

    deinit {
        raw.deallocate()
        decoded?.deallocate()
        if case .file(let fd) = origin, !isClosed { close(fd) }
    }

    /// The next chunk of UTF-8 bytes; an empty buffer at the end of the input.
    func nextChunk() throws -> UnsafeBufferPointer<UInt8> {
        guard decoder != nil else {
            let n = try readRaw(into: raw, maximum: chunkSize)
            return UnsafeBufferPointer(start: raw, count: n)
        }
        if decodedStart == decodedEnd {
            try refillDecoded()
            if decodedEnd == 0 { return UnsafeBufferPointer(start: raw, count: 0) }
        }
        let n = min(chunkSize, decodedEnd - decodedStart)
        let chunk = UnsafeBufferPointer(start: decoded.map { $0 + decodedStart }, count: n)
        decodedStart += n
        return chunk
    }

    /// The first line of the input as UTF-8 (without its line end, at most the detection window),
    /// for `CSVDialect.detect(headerLine:)`.
    func firstLine() -> [UInt8] {
        var line = Array(prefix[prefixOffset...])
        if let lf = line.firstIndex(of: 0x0A) { line.removeSubrange(lf...) }
        guard decoder != nil, let converter = IconvDecoder(sourceEncoding: "GB18030") else { return line }
        let capacity = line.count * 2 + 16
        var output = [UInt8](repeating: 0, count: capacity)
        let produced = line.withUnsafeMutableBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out -> Int in
                guard let inBase = input.baseAddress, let outBase = out.baseAddress else { return 0 }
                return converter.convert(inBase, count: input.count, into: outBase, capacity: capacity).produced
            }
        }
        return Array(output[..<produced])
    }

    // MARK: - Raw bytes

    /// Copies up to `maximum` bytes of the underlying input (the prefix first) to `destination`.
    private func readRaw(into destination: UnsafeMutablePointer<UInt8>, maximum: Int) throws -> Int {
        let n = try readRawBytes(into: destination, maximum: maximum)
        bytesConsumed += n
        return n
    }

    private func readRawBytes(into destination: UnsafeMutablePointer<UInt8>, maximum: Int) throws -> Int {
        if prefixOffset < prefix.count {
            let n = min(maximum, prefix.count - prefixOffset)
            prefix.withUnsafeBufferPointer { source in
                if let base = source.baseAddress { destination.update(from: base + prefixOffset, count: n) }
            }
            prefixOffset += n
            return n
        }
        switch origin {
        case .memory(let bytes):
            let n = min(maximum, bytes.count - memoryOffset)
            guard n > 0 else { return 0 }
            bytes.withUnsafeBufferPointer { source in
                if let base = source.baseAddress { destination.update(from: base + memoryOffset, count: n) }
            }
            memoryOffset += n
            return n
        case .file(let fd):
            guard !isClosed else { return 0 }
            let n = try Self.readFile(fd: fd, into: destination, maximum: maximum, path: name)
            if n == 0 {
                // Close at the end rather than waiting for the reader to be released.
                close(fd)
                isClosed = true
            }
            return n
        }
    }

    private static func readFile(
        fd: Int32, into destination: UnsafeMutablePointer<UInt8>, maximum: Int, path: String
    ) throws -> Int {
        while true {
            let n = read(fd, destination, maximum)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw CSVError.io("cannot read \(path): \(systemError())")
        }
    }

    private static func readPrefix(fd: Int32, path: String) throws -> [UInt8] {
        var prefix = [UInt8](repeating: 0, count: EncodingDetector.windowSize)
        var filled = 0
        try prefix.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            while filled < buffer.count {
                let n = try readFile(fd: fd, into: base + filled, maximum: buffer.count - filled, path: path)
                if n == 0 { break }
                filled += n
            }
        }
        prefix.removeSubrange(filled...)
        return prefix
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }

    // MARK: - Transcoding

    /// Fills the output buffer with at least one byte of UTF-8, or leaves it empty at the end.
    private func refillDecoded() throws {
        guard let decoder, let decoded else { return }
        decodedStart = 0
        decodedEnd = 0
        while decodedEnd == 0 {
            if rawStart == rawEnd || needsMoreInput {
                if rawStart > 0 {
                    let carried = rawEnd - rawStart
                    if carried > 0 { raw.update(from: raw + rawStart, count: carried) }
                    rawEnd = carried
                    rawStart = 0
                }
                let n = rawExhausted ? 0 : try readRaw(into: raw + rawEnd, maximum: min(chunkSize, rawCapacity - rawEnd))
                if n == 0 {
                    rawExhausted = true
                    if rawStart == rawEnd { return }
                    // The file ends inside a multibyte sequence: one replacement character for it.
                    writeReplacement(into: decoded)
                    rawStart = rawEnd
                    needsMoreInput = false
                    return
                }
                rawEnd += n
                needsMoreInput = false
            }
            let result = decoder.convert(
                raw + rawStart, count: rawEnd - rawStart, into: decoded + decodedEnd,
                capacity: decodedCapacity - decodedEnd)
            rawStart += result.consumed
            decodedEnd += result.produced
            switch result.stop {
            case .inputConsumed, .outputFull:
                break
            case .incompleteTail:
                needsMoreInput = true
            case .invalidSequence:
                guard decodedCapacity - decodedEnd >= 3 else { return }
                writeReplacement(into: decoded)
                rawStart += 1
            }
        }
    }

    private func writeReplacement(into decoded: UnsafeMutablePointer<UInt8>) {
        decoded[decodedEnd] = 0xEF
        decoded[decodedEnd + 1] = 0xBF
        decoded[decodedEnd + 2] = 0xBD
        decodedEnd += 3
        replacementCount += 1
    }
}
