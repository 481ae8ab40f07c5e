import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import YanjianCore
import YanjianStore

/// A minimal streaming JSON writer into a `ByteBuffer`, for hot list endpoints where building
/// `Codable` objects per row would dominate the cost.
public struct JSONWriter {
    public private(set) var buffer: ByteBuffer
    private var needsComma: [Bool] = [false]

    public init(capacity: Int = 1024) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { buffer.writeInteger(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    /// Writes `{ … }`.
    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        separator()
        buffer.writeInteger(UInt8(ascii: "{"))
        needsComma.append(false)
        body(&self)
        needsComma.removeLast()
        buffer.writeInteger(UInt8(ascii: "}"))
    }

    /// Writes `[ … ]`.
    public mutating func array(_ body: (inout JSONWriter) -> Void) {
        separator()
        buffer.writeInteger(UInt8(ascii: "["))
        needsComma.append(false)
        body(&self)
        needsComma.removeLast()
        buffer.writeInteger(UInt8(ascii: "]"))
    }

    /// Writes an object key; the next value follows without a comma.
    public mutating func key(_ name: String) {
        separator()
        writeString(name)
        buffer.writeInteger(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    /// Writes a string value.
    public mutating func string(_ value: String?) {
        separator()
        guard let value else { buffer.writeStaticString("null"); restoreAfterValue(); return }
        writeString(value)
        restoreAfterValue()
    }

    /// Writes an integer value.
    public mutating func int(_ value: Int64?) {
        separator()
        if let value { buffer.writeString(String(value)) } else { buffer.writeStaticString("null") }
        restoreAfterValue()
    }

    /// Writes a number value (non-finite numbers become null).
    public mutating func double(_ value: Double?) {
        separator()
        if let value, value.isFinite { buffer.writeString(String(value)) } else { buffer.writeStaticString("null") }
        restoreAfterValue()
    }

    /// Writes a boolean value.
    public mutating func bool(_ value: Bool) {
        separator()
        buffer.writeStaticString(value ? "true" : "false")
        restoreAfterValue()
    }

    /// Writes a JSON text the store already holds (a finding's details), which must be valid JSON.
    public mutating func rawJSON(_ text: String) {
        separator()
        buffer.writeString(text)
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

    private mutating func restoreAfterValue() {
        needsComma[needsComma.count - 1] = true
    }

    private mutating func writeString(_ value: String) {
        buffer.writeInteger(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { bytes in
            var start = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start..<index]))
                switch byte {
                case 0x22: buffer.writeStaticString("\\\"")
                case 0x5C: buffer.writeStaticString("\\\\")
                case 0x0A: buffer.writeStaticString("\\n")
                case 0x0D: buffer.writeStaticString("\\r")
                case 0x09: buffer.writeStaticString("\\t")
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    buffer.writeStaticString("\\u00")
                    buffer.writeInteger(hex[Int(byte >> 4)])
                    buffer.writeInteger(hex[Int(byte & 0xF)])
                }
                start = index + 1
            }
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start...]))
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }
}
