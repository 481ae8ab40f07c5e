import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads an Excel workbook (.xlsx: a ZIP of XML parts) into CSV text, so the importer's CSV path —
/// header check, cleaning, rejects with line and field — applies unchanged. One worksheet is read:
/// the one named like the interchange file (`waybills`, `运单` …) if there is one, else the first.
/// Shared and inline strings are resolved; numbers are written as Excel stored them; cells formatted
/// as dates or times are written as `yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss` (Excel's 1900 date system,
/// wall-clock time as entered). Line numbers in the report are worksheet row numbers.
enum XLSXConverter {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Converts `url` and writes the CSV to `output`; returns the sheet read and its row count.
    static func convert(_ url: URL, to output: URL, preferredSheets: [String]) throws -> (sheet: String, rows: Int) {
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw Failure(description: "not an Excel .xlsx workbook (not a ZIP archive)")
        }
        func part(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            var data = Data()
            _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            return data
        }
        guard let workbook = try part("xl/workbook.xml") else { throw Failure(description: "the workbook has no xl/workbook.xml") }
        let sheets = XMLCollector.collect(workbook, element: "sheet", attributes: ["name", "r:id"])
        let relations = try part("xl/_rels/workbook.xml.rels").map { XMLCollector.collect($0, element: "Relationship", attributes: ["Id", "Target"]) } ?? []
        guard !sheets.isEmpty else { throw Failure(description: "the workbook has no worksheet") }
        let wanted = preferredSheets.map { $0.lowercased() }
        let chosen = sheets.first { wanted.contains(($0["name"] ?? "").lowercased()) } ?? sheets[0]
        let target = relations.first { $0["Id"] == chosen["r:id"] }?["Target"] ?? "worksheets/sheet1.xml"
        let sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        guard let sheet = try part(sheetPath) else { throw Failure(description: "worksheet \(chosen["name"] ?? "?") is missing (\(sheetPath))") }

        let shared = try part("xl/sharedStrings.xml").map(SharedStrings.parse) ?? []
        let dateStyles = try part("xl/styles.xml").map(DateStyles.parse) ?? []
        let rows = SheetReader.read(sheet, shared: shared, dateStyles: dateStyles)
        var text = ""
        for row in rows {
            text += row.map(Self.csvField).joined(separator: ",") + "\n"
        }
        try Data(text.utf8).write(to: output)
        return (chosen["name"] ?? "?", rows.count)
    }

    static func csvField(_ value: String) -> String {
        value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }

    /// An Excel serial day number as a date (and time when it has a fraction), 1900 date system.
    static func excelDate(_ serial: Double) -> String? {
        guard serial.isFinite, serial >= 1, serial < 2_958_466 else { return nil }
        let seconds = Int64((serial * 86_400).rounded())
        let days = seconds / 86_400
        let rest = seconds % 86_400
        // Serial 25569 is 1970-01-01 (Excel counts the fictitious 1900-02-29, so dates after it line up).
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let date = Date(timeIntervalSince1970: TimeInterval((days - 25_569) * 86_400))
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let day = String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
        return rest == 0 ? day : day + String(format: " %02d:%02d:%02d", rest / 3600, rest % 3600 / 60, rest % 60)
    }
}

/// Runs an XML parser over `data` with `reader` as its delegate and returns the reader.
func parseXML<Reader: NSObject & XMLParserDelegate>(_ data: Data, with reader: Reader) -> Reader {
    let parser = XMLParser(data: data)
    parser.delegate = reader
    _ = parser.parse()
    return reader
}

/// Collects the attributes of every element with a given name.
final class XMLCollector: NSObject, XMLParserDelegate {
    let element: String
    let attributes: [String]
    var found: [[String: String]] = []

    init(element: String, attributes: [String]) {
        self.element = element
        self.attributes = attributes
    }

    static func collect(_ data: Data, element: String, attributes: [String]) -> [[String: String]] {
        parseXML(data, with: XMLCollector(element: element, attributes: attributes)).found
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        guard name == element || qualifiedName == element else { return }
        var row: [String: String] = [:]
        for key in self.attributes { if let value = attributes[key] { row[key] = value } }
        found.append(row)
    }
}

/// The shared-string table: each `<si>`'s text, rich-text runs joined.
final class SharedStrings: NSObject, XMLParserDelegate {
    var strings: [String] = []
    var current = ""
    var inItem = false
    var inText = false

    static func parse(_ data: Data) -> [String] {
        parseXML(data, with: SharedStrings()).strings
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        if name == "si" { inItem = true; current = "" }
        if name == "t", inItem { inText = true }
        // Phonetic guides (<rPh>) are not part of the value.
        if name == "rPh" { inItem = false }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "t" { inText = false }
        if name == "rPh" { inItem = true }
        if name == "si" { strings.append(current); inItem = false }
    }
}

/// Which cell styles (`cellXfs` indexes) format numbers as dates or times.
final class DateStyles: NSObject, XMLParserDelegate {
    var customDates = Set<Int>()
    var styles: [Bool] = []
    var inCellFormats = false

    static func parse(_ data: Data) -> [Bool] {
        parseXML(data, with: DateStyles()).styles
    }

    /// A format code shows a date or time if, outside quoted text and [brackets], it has d, m, y, h or s.
    static func isDateFormat(_ code: String) -> Bool {
        var quoted = false, bracket = false
        for character in code.lowercased() {
            switch character {
            case "\"": quoted.toggle()
            case "[": bracket = true
            case "]": bracket = false
            case "d", "m", "y", "h", "s": if !quoted && !bracket { return true }
            default: break
            }
        }
        return false
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), Self.isDateFormat(attributes["formatCode"] ?? "") { customDates.insert(id) }
        case "cellXfs":
            inCellFormats = true
        case "xf" where inCellFormats:
            let id = attributes["numFmtId"].flatMap(Int.init) ?? 0
            styles.append((14...22).contains(id) || (45...47).contains(id) || customDates.contains(id))
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "cellXfs" { inCellFormats = false }
    }
}

/// The cells of one worksheet, row by row, as text (blank rows keep their place so line numbers match).
final class SheetReader: NSObject, XMLParserDelegate {
    let shared: [String]
    let dateStyles: [Bool]
    var rows: [[String]] = []
    var row: [String] = []
    var rowNumber = 0
    var column = 0
    var type = ""
    var style = 0
    var value = ""
    var inValue = false

    init(shared: [String], dateStyles: [Bool]) {
        self.shared = shared
        self.dateStyles = dateStyles
    }

    static func read(_ data: Data, shared: [String], dateStyles: [Bool]) -> [[String]] {
        let reader = parseXML(data, with: SheetReader(shared: shared, dateStyles: dateStyles))
        // Trailing empty rows are dropped; a row whose last cells are empty (Excel omits them) is padded
        // to the header's width so it still has every field.
        while let last = reader.rows.last, last.allSatisfy(\.isEmpty) { reader.rows.removeLast() }
        let width = reader.rows.first?.count ?? 0
        return reader.rows.map { row in row.isEmpty || row.count >= width ? row : row + Array(repeating: "", count: width - row.count) }
    }

    /// `B7` → 1 (zero-based column).
    static func columnIndex(_ reference: String) -> Int? {
        var index = 0
        var letters = 0
        for scalar in reference.unicodeScalars {
            guard (65...90).contains(scalar.value) else { break }
            index = index * 26 + Int(scalar.value - 64)
            letters += 1
        }
        return letters > 0 ? index - 1 : nil
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        switch name {
        case "row":
            let number = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            while rowNumber + 1 < number { rows.append([]); rowNumber += 1 }
            rowNumber = number
            row = []
        case "c":
            column = attributes["r"].flatMap(Self.columnIndex) ?? row.count
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap(Int.init) ?? 0
            value = ""
        case "v", "t":
            inValue = true
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inValue { value += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t":
            inValue = false
        case "c":
            var text = value
            switch type {
            case "s": text = Int(value).flatMap { $0 >= 0 && $0 < shared.count ? shared[$0] : nil } ?? ""
            case "b": text = value == "1" ? "true" : "false"
            case "e": text = ""
            case "n":
                if style < dateStyles.count, dateStyles[style], let serial = Double(value), let date = XLSXConverter.excelDate(serial) {
                    text = date
                } else if value.contains("E") || value.contains("e"), let number = Double(value), number == number.rounded(), abs(number) < 1e18 {
                    text = String(format: "%.0f", number)
                }
            default:
                break
            }
            while row.count < column { row.append("") }
            if row.count == column { row.append(text) } else if column < row.count { row[column] = text }
        case "row":
            rows.append(row)
        default:
            break
        }
    }
}
