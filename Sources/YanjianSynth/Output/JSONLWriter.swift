import Foundation

/// A streaming JSON Lines writer: one object per line, keys in the order written, strings escaped per
/// RFC 8259, non-ASCII characters kept as UTF-8.
final class JSONLWriter {
    /// The file name inside the world folder (`tips.jsonl`).
    let name: String
    private let sink: FileSink
    private var memberCount = 0
    /// The line the next object goes on (JSON Lines have no header, so the first record is line 1).
    private(set) var line = 1
    /// Objects written.
    private(set) var rows = 0

    /// Creates (or truncates) the file.
    init(directory: URL, name: String, style: FileStyle = FileStyle()) throws {
        self.name = name
        sink = try FileSink(url: directory.appendingPathComponent(name), style: style)
    }

    /// Starts an object.
    func beginObject() {
        sink.buffer.append(UInt8(ascii: "{"))
        memberCount = 0
    }

    private func key(_ key: String) {
        if memberCount > 0 { sink.buffer.append(UInt8(ascii: ",")) }
        memberCount += 1
        JSONLWriter.appendString(key, to: &sink.buffer)
        sink.buffer.append(UInt8(ascii: ":"))
    }

    /// Writes a string member.
    func string(_ name: String, _ value: String) {
        key(name)
        JSONLWriter.appendString(value, to: &sink.buffer)
    }

    /// Writes a string member when the value is present.
    func string(_ name: String, _ value: String?) {
        if let value { string(name, value) }
    }

    /// Writes an integer member.
    func int(_ name: String, _ value: Int) {
        key(name)
        ByteFormat.appendInt(value, to: &sink.buffer)
    }

    /// Writes a fixed-point member (`value / 10^fractionDigits`).
    func fixed(_ name: String, _ value: Int64, fractionDigits: Int) {
        key(name)
        ByteFormat.appendFixed(value, fractionDigits: fractionDigits, to: &sink.buffer)
    }

    /// Writes a timestamp member as an ISO 8601 string with `+08:00`.
    func timestamp(_ name: String, localSeconds: Int64) {
        key(name)
        sink.buffer.append(UInt8(ascii: "\""))
        ByteFormat.appendTimestamp(local: localSeconds, to: &sink.buffer)
        sink.buffer.append(UInt8(ascii: "\""))
    }

    /// Ends the object and its line; returns the line it is on.
    @discardableResult
    func endObject() throws -> Int {
        sink.buffer.append(contentsOf: [UInt8(ascii: "}"), UInt8(ascii: "\n")])
        let written = line
        line += 1
        rows += 1
        try sink.flushIfFull()
        return written
    }

    /// Flushes and closes the file; returns the number of objects written.
    @discardableResult
    func close() throws -> Int {
        try sink.close()
        return rows
    }

    static func appendString(_ text: String, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): buffer.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): buffer.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: buffer.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: buffer.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: buffer.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                buffer.append(contentsOf: Array("\\u00".utf8))
                let hex = Array("0123456789abcdef".utf8)
                buffer.append(hex[Int(byte >> 4)])
                buffer.append(hex[Int(byte & 0xF)])
            default: buffer.append(byte)
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }
}
