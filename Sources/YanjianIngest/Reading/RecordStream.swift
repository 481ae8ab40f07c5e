import YanjianCore

/// A file's records one at a time, with record-level problems (broken quoting, a wrong field count,
/// a line that is not JSON) already reported and skipped, and file-level problems ending the stream.
protocol RecordStream {
    associatedtype Fields: RecordFields
    /// Records read so far, good or bad (the header is not a record).
    var recordsRead: Int { get }
    /// Bytes of the file read so far (for the progress line's estimate of the time left).
    var bytesRead: Int { get }
    /// The next usable record and its first physical line, or nil at the end of the file.
    mutating func next(issues: inout IssueLog) -> (fields: Fields, line: Int)?
}

/// The records of a CSV file after its header.
struct CSVRecordStream: RecordStream {
    private var reader: CSVReader
    var bytesRead: Int { reader.bytesRead }
    private let headerCount: Int
    private let unknown: [(name: String, index: Int)]
    private let identifierSlot: Int
    private(set) var recordsRead = 0

    init(reader: CSVReader, headerCount: Int, unknown: [(name: String, index: Int)], identifierSlot: Int) {
        self.reader = reader
        self.headerCount = headerCount
        self.unknown = unknown
        self.identifierSlot = identifierSlot
    }

    mutating func next(issues: inout IssueLog) -> (fields: CSVFields, line: Int)? {
        while true {
            let record: CSVRecord
            do {
                guard let next = try reader.next() else { return nil }
                record = next
            } catch let error as CSVError where error.isRecordLevel {
                recordsRead += 1
                let line = error.line ?? 0
                if case .unterminatedQuote = error {
                    issues.reject(
                        line: line, id: nil, field: "",
                        reason: "a quoted field opened on this line is not closed before the end of the file; the rest of the file could not be read")
                } else {
                    issues.reject(line: line, id: nil, field: "", reason: error.description)
                }
                continue
            } catch {
                issues.fileProblem(reason: "reading stopped: \(error)")
                return nil
            }
            recordsRead += 1
            let line = record.firstLine
            if record.count != headerCount {
                issues.reject(
                    line: line, id: identifier(record), field: "",
                    reason: "expected \(headerCount) fields as in the header, found \(record.count)"
                        + (record.lastLine > record.firstLine ? " (the record spans lines \(record.firstLine)–\(record.lastLine): check the quoting)" : ""))
                continue
            }
            if record.warnings.contains(.textAfterClosingQuote) {
                issues.reject(
                    line: line, id: identifier(record), field: "",
                    reason: "broken quoting: text after a closing quote (write a quote inside a quoted field as \"\")")
                continue
            }
            if record.warnings.contains(.bareQuote) {
                issues.warn(
                    line: line, id: identifier(record), field: "",
                    reason: "a quote inside an unquoted field was kept as a character")
            }
            return (CSVFields(record: record, unknown: unknown), line)
        }
    }

    private func identifier(_ record: CSVRecord) -> String? {
        guard identifierSlot >= 0, identifierSlot < record.count else { return nil }
        let text = record.withField(identifierSlot) { raw -> String in
            let value = FieldParsers.trimmed(raw)
            return FieldConverter.string(UnsafeBufferPointer(rebasing: value[..<min(value.count, 64)]))
        }
        return text.isEmpty ? nil : text
    }
}

/// The records of a JSON Lines file.
struct JSONLinesRecordStream: RecordStream {
    private var reader: JSONLinesReader
    var bytesRead: Int { reader.bytesRead }
    private var scanner: JSONObjectScanner
    private(set) var recordsRead = 0

    init(reader: JSONLinesReader, keys: [String]) {
        self.reader = reader
        self.scanner = JSONObjectScanner(keys: keys)
    }

    mutating func next(issues: inout IssueLog) -> (fields: JSONObjectScanner, line: Int)? {
        while true {
            let line: JSONLine
            do {
                guard let next = try reader.next() else { return nil }
                line = next
            } catch let error as CSVError where error.isRecordLevel {
                recordsRead += 1
                issues.reject(line: error.line ?? 0, id: nil, field: "", reason: error.description)
                continue
            } catch {
                issues.fileProblem(reason: "reading stopped: \(error)")
                return nil
            }
            recordsRead += 1
            do {
                try line.withBytes { bytes throws(JSONObjectScanner.Problem) in try scanner.scan(bytes) }
            } catch {
                issues.reject(line: line.number, id: nil, field: "", reason: error.reason)
                continue
            }
            if let slot = scanner.nested.firstIndex(of: true) {
                issues.reject(
                    line: line.number, id: nil, field: String(decoding: scanner.keys[slot], as: UTF8.self),
                    reason: "expected a plain value, found an object or array")
                continue
            }
            return (scanner, line.number)
        }
    }
}

/// A stream whose records pass through a mapping profile's value maps.
struct MappedRecordStream<Base: RecordStream>: RecordStream {
    var base: Base
    let maps: [Int: [String: [UInt8]]]
    var recordsRead: Int { base.recordsRead }
    var bytesRead: Int { base.bytesRead }

    /// `maps` per descriptor column index; `slots` turns them into the stream's slots.
    init(_ base: Base, maps: [Int: [String: String]], slots: [Int]) {
        self.base = base
        var bySlot: [Int: [String: [UInt8]]] = [:]
        for (column, map) in maps where column < slots.count && slots[column] >= 0 {
            bySlot[slots[column]] = map.mapValues { Array($0.utf8) }
        }
        self.maps = bySlot
    }

    mutating func next(issues: inout IssueLog) -> (fields: MappedFields<Base.Fields>, line: Int)? {
        guard let (fields, line) = base.next(issues: &issues) else { return nil }
        return (MappedFields(base: fields, maps: maps), line)
    }
}
