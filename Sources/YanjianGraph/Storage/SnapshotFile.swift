import Foundation

/// What a snapshot could not do: open, write or read its file, or a file that is not a whole snapshot
/// written by this version (wrong magic, truncated, a count larger than the file, a checksum that
/// does not match).
public struct SnapshotFileError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String

    public var description: String { "\(path): \(reason)" }
}

/// Both directions of a snapshot walk the same list of columns: the writer writes each, the reader
/// replaces each with what it reads. One listing per type (``KeyInterner``, ``RecordFacts``, the
/// builder) keeps the two directions from drifting apart.
protocol SnapshotColumns {
    /// Whether columns are read (replaced) rather than written.
    var reading: Bool { get }
    mutating func column<T: BitwiseCopyable>(_ array: inout [T]) throws
    mutating func scalar(_ value: inout Int64) throws
}

/// Writes a snapshot: each column as its element count and its raw bytes, then a checksum of
/// everything before it. Written to a temporary file beside the target and renamed over it on
/// ``finish()``, so a reader never sees half a snapshot and a failed write leaves the old one.
struct SnapshotWriter: SnapshotColumns {
    let path: String
    var reading: Bool { false }
    private let temporary: String
    private var fd: Int32
    private var checksum = SnapshotChecksum()
    private(set) var bytesWritten = 0

    init(path: String) throws {
        self.path = path
        temporary = path + ".tmp-\(getpid())"
        fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SnapshotFileError(path: temporary, reason: "cannot create: \(Self.lastError())") }
    }

    mutating func column<T: BitwiseCopyable>(_ array: inout [T]) throws {
        var count = Int64(array.count)
        try scalar(&count)
        try array.withUnsafeBytes { try write($0) }
    }

    mutating func scalar(_ value: inout Int64) throws {
        var little = value.littleEndian
        try withUnsafeBytes(of: &little) { try write($0) }
    }

    /// Writes the checksum, closes the file and renames it into place.
    mutating func finish() throws {
        var sum = Int64(bitPattern: checksum.value)
        try scalar(&sum)
        // No fsync: a file cut short by a crash fails its checksum and is loaded anew; syncing 1.4 GB
        // cost the 4.31M-waybill load about 5 s.
        close(fd)
        fd = -1
        guard rename(temporary, path) == 0 else {
            let reason = Self.lastError()
            unlink(temporary)
            throw SnapshotFileError(path: path, reason: "cannot write: \(reason)")
        }
    }

    /// Closes and removes the temporary file (a write that failed or was given up).
    mutating func abandon() {
        if fd >= 0 { close(fd) }
        fd = -1
        unlink(temporary)
    }

    private mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        checksum.add(bytes)
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(fd, base + offset, min(bytes.count - offset, 1 << 26))
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw SnapshotFileError(path: temporary, reason: "cannot write: \(Self.lastError())") }
            offset += written
        }
        bytesWritten += bytes.count
    }

    static func lastError() -> String { String(cString: strerror(errno)) }
}

/// Reads a snapshot written by ``SnapshotWriter``, refusing anything that is not whole: a count larger
/// than what is left of the file, a short read, a checksum that differs, bytes after the checksum.
struct SnapshotReader: SnapshotColumns {
    let path: String
    var reading: Bool { true }
    private var fd: Int32
    private var remaining: Int
    private var checksum = SnapshotChecksum()

    init(path: String) throws {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SnapshotFileError(path: path, reason: "cannot open: \(SnapshotWriter.lastError())") }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            Foundation.close(fd)
            throw SnapshotFileError(path: path, reason: "cannot read: \(SnapshotWriter.lastError())")
        }
        remaining = Int(info.st_size)
    }

    mutating func column<T: BitwiseCopyable>(_ array: inout [T]) throws {
        var count: Int64 = 0
        try scalar(&count)
        let stride = MemoryLayout<T>.stride
        guard count >= 0, count <= Int64(remaining / max(stride, 1)) else { throw failure("a column longer than the file") }
        let elements = Int(count)
        array = try [T](unsafeUninitializedCapacity: elements) { buffer, initialized in
            try read(UnsafeMutableRawBufferPointer(buffer), bytes: elements * stride)
            initialized = elements
        }
    }

    mutating func scalar(_ value: inout Int64) throws {
        var little: Int64 = 0
        try withUnsafeMutableBytes(of: &little) { try read($0, bytes: 8) }
        value = Int64(littleEndian: little)
    }

    /// Checks the trailing checksum and that nothing follows it, then closes the file.
    mutating func finish() throws {
        let expected = checksum.value
        var stored: Int64 = 0
        defer { close() }
        try scalar(&stored)
        guard UInt64(bitPattern: stored) == expected else { throw failure("checksum mismatch") }
        guard remaining == 0 else { throw failure("bytes after the checksum") }
    }

    mutating func close() {
        if fd >= 0 { Foundation.close(fd) }
        fd = -1
    }

    func failure(_ reason: String) -> SnapshotFileError {
        SnapshotFileError(path: path, reason: "not a whole graph snapshot (\(reason))")
    }

    private mutating func read(_ buffer: UnsafeMutableRawBufferPointer, bytes: Int) throws {
        guard bytes > 0, let base = buffer.baseAddress else { return }
        guard bytes <= remaining else { throw failure("truncated") }
        var offset = 0
        while offset < bytes {
            let got = Foundation.read(fd, base + offset, min(bytes - offset, 1 << 26))
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { throw failure(got == 0 ? "truncated" : SnapshotWriter.lastError()) }
            offset += got
        }
        remaining -= bytes
        checksum.add(UnsafeRawBufferPointer(start: base, count: bytes))
    }
}

/// A 64-bit checksum of the bytes in the order written: eight bytes at a time, multiply and rotate,
/// each chunk's length mixed in. Catches a truncated or damaged file (not a forged one: whoever can
/// write the snapshot can write the database it summarises).
struct SnapshotChecksum {
    private(set) var value: UInt64 = 0x243F_6A88_85A3_08D3

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var h = value ^ (UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15)
        var offset = 0
        while offset + 8 <= bytes.count {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h = (h << 27) | (h >> 37)
            offset += 8
        }
        while offset < bytes.count {
            h = (h ^ UInt64(bytes[offset])) &* 0x94D0_49BB_1331_11EB
            offset += 1
        }
        value = h
    }
}
