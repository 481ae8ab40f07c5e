import Foundation

/// How one output file is laid out on disk: byte-order mark, line ends and encoding. Clean worlds use
/// the defaults (UTF-8, `\n`, no BOM); a messy world changes one file each.
struct FileStyle: Sendable, Equatable {
    /// Text encodings a file can be written in.
    enum Encoding: Sendable, Equatable {
        case utf8
        case gb18030
    }

    var byteOrderMark = false
    var crlf = false
    var encoding: Encoding = .utf8
}

/// A buffered, append-only output file. Callers append bytes to ``buffer`` and call
/// ``flushIfFull()`` at record boundaries, so a flushed chunk never splits a character (the GB18030
/// conversion depends on that).
final class FileSink {
    /// Bytes not yet written.
    // 2026-11-23: `@exclusivity(unchecked)` because the row loops append to this buffer millions of
    // times and the dynamic exclusivity checks cost about 8 % of a large world. Invariant: one
    // writer owns its sink and appends from one thread, never while another access is in progress.
    @exclusivity(unchecked) var buffer: [UInt8]
    let url: URL
    let style: FileStyle
    private let handle: FileHandle
    private(set) var bytesWritten = 0
    private static let capacity = 1 << 20

    /// Creates (or truncates) the file.
    init(url: URL, style: FileStyle) throws {
        self.url = url
        self.style = style
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw SynthError.cannotWrite(path: url.path, reason: "could not create the file")
        }
        do {
            handle = try FileHandle(forWritingTo: url)
        } catch {
            throw SynthError.cannotWrite(path: url.path, reason: "\(error)")
        }
        buffer = []
        buffer.reserveCapacity(FileSink.capacity + 4096)
        if style.byteOrderMark && style.encoding == .utf8 {
            buffer.append(contentsOf: [0xEF, 0xBB, 0xBF])
        }
    }

    /// Writes the buffer out once it holds about a megabyte.
    @inline(__always)
    func flushIfFull() throws {
        if buffer.count >= FileSink.capacity { try flush() }
    }

    /// Writes whatever is buffered.
    func flush() throws {
        if buffer.isEmpty { return }
        var bytes = buffer
        if style.encoding == .gb18030 {
            guard let converted = GB18030Encoder.encode(buffer) else {
                throw SynthError.cannotWrite(path: url.path, reason: "no GB18030 encoder is available")
            }
            bytes = converted
        }
        do {
            try handle.write(contentsOf: bytes)
        } catch {
            throw SynthError.cannotWrite(path: url.path, reason: "\(error)")
        }
        bytesWritten += bytes.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file.
    func close() throws {
        try flush()
        do {
            try handle.close()
        } catch {
            throw SynthError.cannotWrite(path: url.path, reason: "\(error)")
        }
    }
}
