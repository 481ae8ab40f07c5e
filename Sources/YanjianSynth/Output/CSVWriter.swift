import Foundation

/// A fast streaming CSV writer: RFC 4180 quoting, UTF-8, `\n` line ends (unless the file's style says
/// otherwise), one buffered write per megabyte.
///
/// A row is written field by field and closed with ``endRow()``, which returns the physical line the
/// row started on (the header is line 1), so that the defect log can point at it.
final class CSVWriter {
    /// The file name inside the world folder (`orders.csv`).
    let name: String
    let columnCount: Int
    private let sink: FileSink
    private let newline: [UInt8]
    /// The physical line the next row starts on.
    private(set) var line = 2
    /// Rows written, header excluded.
    private(set) var rows = 0
    private var fieldIndex = 0
    private var rowStart = 0
    private var compositeStart = 0
    private var rowNewlines = 0

    static let comma = UInt8(ascii: ",")
    static let quote = UInt8(ascii: "\"")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")

    /// Creates the file and writes the header.
    init(directory: URL, name: String, header: [String], style: FileStyle = FileStyle()) throws {
        self.name = name
        columnCount = header.count
        sink = try FileSink(url: directory.appendingPathComponent(name), style: style)
        newline = style.crlf ? [CSVWriter.carriageReturn, CSVWriter.lineFeed] : [CSVWriter.lineFeed]
        for column in header { field(column) }
        sink.buffer.append(contentsOf: newline)
        fieldIndex = 0
        rowStart = sink.buffer.count
    }

    @inline(__always)
    private func separator() {
        if fieldIndex > 0 { sink.buffer.append(CSVWriter.comma) }
        fieldIndex += 1
    }

    @inline(__always)
    static func needsQuoting(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte == comma || byte == quote || byte == lineFeed || byte == carriageReturn {
            return true
        }
        return false
    }

    private func appendQuoted(_ bytes: UnsafeBufferPointer<UInt8>) {
        sink.buffer.append(CSVWriter.quote)
        for byte in bytes {
            if byte == CSVWriter.quote { sink.buffer.append(CSVWriter.quote) }
            if byte == CSVWriter.lineFeed { rowNewlines += 1 }
            sink.buffer.append(byte)
        }
        sink.buffer.append(CSVWriter.quote)
    }

    @inline(__always)
    private func appendChecked(_ bytes: UnsafeBufferPointer<UInt8>) {
        if CSVWriter.needsQuoting(bytes) {
            appendQuoted(bytes)
        } else {
            sink.buffer.append(contentsOf: bytes)
        }
    }

    /// Writes a text field, quoting it when it holds a comma, quote or line break.
    func field(_ text: String) {
        separator()
        var text = text
        text.withUTF8 { appendChecked($0) }
    }

    /// Writes a text field given as UTF-8 bytes, quoting it when needed.
    @inline(__always)
    func field(bytes: [UInt8]) {
        separator()
        bytes.withUnsafeBufferPointer { appendChecked($0) }
    }

    /// Writes a text field that the caller knows needs no quoting (digits, codes, table entries).
    @inline(__always)
    func field(trusted bytes: [UInt8]) {
        separator()
        sink.buffer.append(contentsOf: bytes)
    }

    /// Writes text exactly as given, without quoting even when it would need it: used to plant
    /// broken quoting in messy worlds.
    func field(raw text: String) {
        separator()
        sink.buffer.append(contentsOf: Array(text.utf8))
    }

    /// Writes an optional text field (empty when nil).
    func field(_ text: String?) {
        if let text { field(text) } else { emptyField() }
    }

    /// Writes an integer.
    @inline(__always)
    func field(int value: Int) {
        separator()
        ByteFormat.appendInt(value, to: &sink.buffer)
    }

    /// Writes `value / 10^fractionDigits` with exactly that many decimals (money in fen → yuan).
    @inline(__always)
    func field(fixed value: Int64, fractionDigits: Int) {
        separator()
        ByteFormat.appendFixed(value, fractionDigits: fractionDigits, to: &sink.buffer)
    }

    /// Writes an ISO 8601 timestamp with the `+08:00` offset from local seconds.
    @inline(__always)
    func field(timestamp localSeconds: Int64) {
        separator()
        ByteFormat.appendTimestamp(local: localSeconds, to: &sink.buffer)
    }

    /// Writes a `YYYY-MM-DD` date from a day number.
    @inline(__always)
    func field(date day: Int) {
        separator()
        ByteFormat.appendDate(day: day, to: &sink.buffer)
    }

    /// Writes an empty field.
    @inline(__always)
    func emptyField() {
        separator()
    }

    /// Starts a field composed in place with ``append(_:)``; ``endField()`` quotes it if needed.
    @inline(__always)
    func beginField() {
        separator()
        compositeStart = sink.buffer.count
    }

    /// Appends bytes to the field begun with ``beginField()``.
    @inline(__always)
    func append(_ bytes: [UInt8]) {
        sink.buffer.append(contentsOf: bytes)
    }

    /// Appends a decimal integer to the field begun with ``beginField()``.
    @inline(__always)
    func append(int value: Int) {
        ByteFormat.appendInt(value, to: &sink.buffer)
    }

    /// Starts a field and gives direct access to the output buffer to write it; the caller must
    /// write bytes that need no quoting and then call ``fieldCompleted()``.
    @inline(__always)
    func withBuffer<R>(_ body: (inout [UInt8]) -> R) -> R {
        separator()
        return body(&sink.buffer)
    }

    /// Marks the end of a field written through ``withBuffer(_:)`` (kept for symmetry and checks).
    @inline(__always)
    func fieldCompleted() {}

    /// Closes a composed field, quoting it when its bytes need it.
    @inline(__always)
    func endField() {
        let start = compositeStart
        let needs = sink.buffer.withUnsafeBufferPointer { all in
            CSVWriter.needsQuoting(UnsafeBufferPointer(rebasing: all[start...]))
        }
        if needs {
            let content = Array(sink.buffer[start...])
            sink.buffer.removeSubrange(start...)
            content.withUnsafeBufferPointer { appendQuoted($0) }
        }
    }

    /// Ends the row and returns the physical line it started on.
    @discardableResult
    func endRow() throws -> Int {
        sink.buffer.append(contentsOf: newline)
        let started = line
        line += 1 + rowNewlines
        rowNewlines = 0
        fieldIndex = 0
        rows += 1
        try sink.flushIfFull()
        rowStart = sink.buffer.count
        return started
    }

    /// The bytes of the row being written (before ``endRow()``), to repeat it later.
    func currentRowBytes() -> [UInt8] {
        Array(sink.buffer[rowStart...])
    }

    /// Writes a complete row given as bytes (without line end); returns the line it starts on.
    @discardableResult
    func writeRawRow(_ bytes: [UInt8]) throws -> Int {
        precondition(fieldIndex == 0, "writeRawRow inside a row")
        sink.buffer.append(contentsOf: bytes)
        var inQuotes = false
        for byte in bytes {
            if byte == CSVWriter.quote { inQuotes.toggle() }
            if byte == CSVWriter.lineFeed && inQuotes { rowNewlines += 1 }
        }
        return try endRow()
    }

    /// Flushes and closes the file; returns the number of rows written.
    @discardableResult
    func close() throws -> Int {
        try sink.close()
        return rows
    }
}
