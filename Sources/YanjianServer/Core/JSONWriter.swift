import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import YanjianCore
import YanjianStore

/// A minimal streaming JSON writer for hot list endpoints, where building `Codable` objects per row
/// would dominate the cost. It appends to a plain byte array (a `ByteBuffer` write per byte, with its
/// uniqueness and bounds checks, cost a fifth of a masked 50-row page) and hands over one buffer.
public struct JSONWriter {
    public private(set) var bytes: [UInt8]
    /// The document written so far.
    public var buffer: ByteBuffer { ByteBuffer(bytes: bytes) }
    /// Whether the value about to be written at the current depth follows another (needs a comma).
    private var needsComma = false
    /// The enclosing depths' ``needsComma``, innermost in the lowest bit (an array of flags, with its
    /// checks on every value, cost a few per cent of a page); depths beyond 64 spill to `deeper`.
    private var enclosing: UInt64 = 0
    private var depth = 0
    private var deeper: [Bool] = []

    public init(capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    private mutating func separator() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
    }

    /// Enters an object or array.
    private mutating func push() {
        if depth < 64 {
            enclosing = enclosing << 1 | (needsComma ? 1 : 0)
        } else {
            deeper.append(needsComma)
        }
        depth += 1
        needsComma = false
    }

    /// Leaves an object or array.
    private mutating func pop() {
        depth -= 1
        if depth < 64 {
            needsComma = enclosing & 1 != 0
            enclosing >>= 1
        } else {
            needsComma = deeper.removeLast()
        }
    }

    /// Writes `{ … }`.
    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        separator()
        bytes.append(UInt8(ascii: "{"))
        push()
        body(&self)
        pop()
        bytes.append(UInt8(ascii: "}"))
    }

    /// Writes `[ … ]`.
    public mutating func array(_ body: (inout JSONWriter) -> Void) {
        separator()
        bytes.append(UInt8(ascii: "["))
        push()
        body(&self)
        pop()
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes an object key; the next value follows without a comma.
    public mutating func key(_ name: String) {
        separator()
        writeString(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes an object key already encoded as a JSON string with its quotes (see ``encodedKey(_:)``):
    /// a page of records writes the same column names on every row.
    public mutating func key(encoded: UnsafeBufferPointer<UInt8>) {
        separator()
        bytes.append(contentsOf: encoded)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// `name` encoded as a JSON string, quotes included, for ``key(encoded:)``.
    public static func encodedKey(_ name: String) -> [UInt8] {
        var writer = JSONWriter(capacity: name.utf8.count + 8)
        writer.string(name)
        return writer.bytes
    }

    /// Writes a string value.
    public mutating func string(_ value: String?) {
        separator()
        guard let value else { append("null"); restoreAfterValue(); return }
        writeString(value)
        restoreAfterValue()
    }

    /// Writes an integer value.
    public mutating func int(_ value: Int64?) {
        separator()
        if let value { writeDigits(value) } else { append("null") }
        restoreAfterValue()
    }

    /// Writes a number value (non-finite numbers become null).
    public mutating func double(_ value: Double?) {
        separator()
        if let value, value.isFinite { bytes.append(contentsOf: String(value).utf8) } else { append("null") }
        restoreAfterValue()
    }

    /// Writes a boolean value.
    public mutating func bool(_ value: Bool) {
        separator()
        append(value ? "true" : "false")
        restoreAfterValue()
    }

    /// Writes a JSON text the store already holds (a finding's details), which must be valid JSON.
    public mutating func rawJSON(_ text: String) {
        separator()
        bytes.append(contentsOf: text.utf8)
        restoreAfterValue()
    }

    /// Writes a `"key": "value"` pair.
    public mutating func field(_ name: String, _ value: String?) { key(name); string(value) }
    /// Writes a `"key": number` pair.
    public mutating func field(_ name: String, _ value: Int64?) { key(name); int(value) }
    /// Writes a `"key": number` pair.
    public mutating func field(_ name: String, _ value: Int) { key(name); int(Int64(value)) }
    /// Writes a `"key": number` pair.
    public mutating func field(_ name: String, _ value: Double?) { key(name); double(value) }
    /// Writes a `"key": bool` pair.
    public mutating func field(_ name: String, _ value: Bool) { key(name); bool(value) }

    @inline(__always)
    private mutating func restoreAfterValue() {
        needsComma = true
    }

    /// Writes `value` in decimal, as `String(value)` would, without making the `String`.
    private mutating func writeDigits(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(truncatingIfNeeded: 0x30 &+ magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Writes a string value given as UTF-8 bytes (a cell read in place); bytes that are not valid
    /// UTF-8 are written repaired (U+FFFD), as a `String` made from them would be.
    public mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        separator()
        let mark = bytes.count
        if !writeString(utf8, validating: true) {
            bytes.removeSubrange(mark...)
            writeString(String(decoding: utf8, as: UTF8.self))
        }
        restoreAfterValue()
    }

    /// Whether `bytes` are well-formed UTF-8 (Core's check, which the encoding detector uses too).
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        EncodingDetector.isValidUTF8(bytes, allowTruncatedTail: false)
    }

    /// Writes already-encoded JSON bytes as one value (an array assembled by another writer).
    public mutating func rawJSON(bytes value: [UInt8]) {
        separator()
        bytes.append(contentsOf: value)
        restoreAfterValue()
    }

    private mutating func writeString(_ value: String) {
        var value = value
        value.withUTF8 { _ = writeString($0, validating: false) }
    }

    /// Writes `utf8` quoted and escaped in one pass; with `validating`, stops and returns false at the
    /// first byte that is not well-formed UTF-8 (the caller repairs and writes again).
    @discardableResult
    private mutating func writeString(_ utf8: UnsafeBufferPointer<UInt8>, validating: Bool) -> Bool {
        bytes.append(UInt8(ascii: "\""))
        var start = 0
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte >= 0x80 {
                if validating {
                    let length = EncodingDetector.utf8SequenceLength(utf8, at: index)
                    if length <= 0 { return false }
                    index += length
                } else {
                    index += 1
                }
                continue
            }
            guard byte < 0x20 || byte == 0x22 || byte == 0x5C else {
                index += 1
                continue
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
            switch byte {
            case 0x22: append("\\\"")
            case 0x5C: append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            default:
                let hex: StaticString = "0123456789abcdef"
                append("\\u00")
                bytes.append(hex.utf8Start[Int(byte >> 4)])
                bytes.append(hex.utf8Start[Int(byte & 0xF)])
            }
            index += 1
            start = index
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        bytes.append(UInt8(ascii: "\""))
        return true
    }
}
