import Foundation

/// Why a bundled reference table could not be loaded.
public enum ReferenceDataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The resource is not in the module bundle.
    case resourceMissing(file: String)
    /// The resource exists but could not be read.
    case unreadable(file: String, reason: String)
    /// A row is malformed.
    case badRow(file: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .resourceMissing(let file): "reference table \(file) is missing from the bundle"
        case .unreadable(let file, let reason): "reference table \(file) could not be read: \(reason)"
        case .badRow(let file, let line, let reason): "\(file):\(line): \(reason)"
        }
    }
}

/// A minimal RFC 4180 reader for the small reference tables (quoted fields, doubled quotes,
/// `\n` or `\r\n` line ends). Returns rows with their 1-based line numbers; blank lines are skipped.
enum ReferenceCSV {
    static func rows(_ bytes: [UInt8]) -> [(line: Int, fields: [String])] {
        var rows: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var line = 1
        var rowLine = 1
        var i = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRow() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append((rowLine, fields)) }
            fields.removeAll(keepingCapacity: true)
        }
        // Skip a UTF-8 byte-order mark.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == 0x22 {
                    if i + 1 < bytes.count && bytes[i + 1] == 0x22 {
                        field.append(0x22)
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if b == 0x0A { line += 1 }
                    field.append(b)
                }
            } else {
                switch b {
                case 0x22 where field.isEmpty: inQuotes = true
                case 0x2C: endField()
                case 0x0D: break
                case 0x0A:
                    endRow()
                    line += 1
                    rowLine = line
                default: field.append(b)
                }
            }
            i += 1
        }
        if !field.isEmpty || !fields.isEmpty { endRow() }
        return rows
    }

    /// Reads a CSV resource of this module.
    static func load(resource: String) throws(ReferenceDataError) -> [UInt8] {
        let file = resource + ".csv"
        guard let url = Bundle.module.url(forResource: resource, withExtension: "csv") else {
            throw .resourceMissing(file: file)
        }
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch {
            throw .unreadable(file: file, reason: String(describing: error))
        }
    }
}
