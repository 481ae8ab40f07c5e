import Foundation

/// A tiny RFC 4180 reader for tests: quoted fields with doubled quotes and embedded line breaks, a
/// bare quote inside an unquoted field taken literally (so a row with broken quoting still has its
/// fields), `\r\n` or `\n` line ends, an optional UTF-8 BOM.
struct CSVTable: Sendable {
    enum Failure: Error { case undecodable(String), notAnObject }

    /// One record and the physical line it starts on (the header is line 1).
    struct Row: Sendable {
        let line: Int
        let fields: [String]
    }

    let header: [String]
    let rows: [Row]
    /// Rows as dictionaries keyed by header.
    let records: [[String: String]]

    init(url: URL, gb18030: Bool = false) throws {
        let data = try Data(contentsOf: url)
        let text: String
        if gb18030 {
            guard let decoded = String(data: data, encoding: String.Encoding(rawValue: 0x8000_0632)) else {
                throw Failure.undecodable(url.lastPathComponent)
            }
            text = decoded
        } else {
            text = String(decoding: data, as: UTF8.self)
        }
        self.init(text: text)
    }

    init(text: String) {
        var all = CSVTable.parse(text)
        let first = all.isEmpty ? Row(line: 1, fields: []) : all.removeFirst()
        header = first.fields
        rows = all
        let names = first.fields
        records = all.map { row in
            var record: [String: String] = [:]
            record.reserveCapacity(names.count)
            for (index, name) in names.enumerated() where index < row.fields.count { record[name] = row.fields[index] }
            return record
        }
    }

    static func parse(_ input: String) -> [Row] {
        var bytes = Array(input.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var rows: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var rowLine = 1
        var inQuotes = false
        var fieldStart = true
        var index = 0
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        while index < bytes.count {
            let c = bytes[index]
            if inQuotes {
                if c == quote {
                    if index + 1 < bytes.count && bytes[index + 1] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == lf { line += 1 }
                    field.append(c)
                }
            } else if c == quote && fieldStart {
                inQuotes = true
                fieldStart = false
            } else if c == comma {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                fieldStart = true
            } else if c == cr && index + 1 < bytes.count && bytes[index + 1] == lf {
                // the line feed ends the row
            } else if c == lf {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                fieldStart = true
                rows.append(Row(line: rowLine, fields: fields))
                fields = []
                line += 1
                rowLine = line
            } else {
                field.append(c)
                fieldStart = false
            }
            index += 1
        }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(String(decoding: field, as: UTF8.self))
            rows.append(Row(line: rowLine, fields: fields))
        }
        return rows
    }

    /// The index of a column.
    func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// Values of a column (empty string when a row is short).
    func values(_ name: String) -> [String] {
        guard let index = column(name) else { return [] }
        return rows.map { index < $0.fields.count ? $0.fields[index] : "" }
    }
}
