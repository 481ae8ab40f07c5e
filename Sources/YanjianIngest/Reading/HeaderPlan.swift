import Foundation

/// Where each field of a descriptor stands in a CSV file, read from the header line (column order
/// is free). Names are compared trimmed and lower-cased. Fails, with file problems reported, when
/// a required column is missing, a known column appears twice, or the header names no known field.
struct HeaderPlan {
    /// Per descriptor column: its CSV index, or -1.
    var slots: [Int]
    /// The CSV index of an `adcode` column the descriptor does not list, or -1.
    var implicitAdcodeSlot = -1
    /// The identifier's CSV index, or -1.
    var identifierSlot = -1
    /// Columns the descriptor does not know, kept in `extra`.
    var unknown: [(name: String, index: Int)] = []

    /// `aliases` (a mapping profile's headers, lower-cased) name fields in the source's own words.
    init?(header: [String], file: InterchangeFile, aliases: [String: String] = [:], issues: inout IssueLog) {
        slots = Array(repeating: -1, count: file.columns.count)
        var duplicates: [String] = []
        var seenUnknown = Set<String>()
        for (index, raw) in header.enumerated() {
            let trimmed = raw.trimmingCharacters(in: [" ", "\t", "\u{3000}", "\u{FEFF}"]).lowercased()
            let name = aliases[trimmed] ?? trimmed
            if name.isEmpty { continue }
            if let column = file.columns.firstIndex(where: { $0.field == name }) {
                if slots[column] >= 0 { duplicates.append(name) } else { slots[column] = index }
            } else if name == "adcode" {
                if implicitAdcodeSlot >= 0 { duplicates.append(name) } else { implicitAdcodeSlot = index }
            } else if seenUnknown.insert(name).inserted {
                unknown.append((name, index))
            }
        }
        if let id = file.identifier, let column = file.columns.firstIndex(where: { $0.field == id }) {
            identifierSlot = slots[column]
        }
        let missing = file.columns.enumerated().filter { $0.element.required && slots[$0.offset] < 0 }.map(\.element.field)
        guard slots.contains(where: { $0 >= 0 }) else {
            issues.fileProblem(
                line: 1, reason: "the header names none of the fields of \(file.name) (expected "
                    + file.columns.map(\.field).joined(separator: ", ") + "); the file was not imported")
            return nil
        }
        guard missing.isEmpty else {
            issues.fileProblem(
                line: 1, field: missing.joined(separator: ", "),
                reason: "required column\(missing.count > 1 ? "s" : "") missing from the header: "
                    + missing.joined(separator: ", ") + "; the file was not imported")
            return nil
        }
        guard duplicates.isEmpty else {
            issues.fileProblem(
                line: 1, field: duplicates.joined(separator: ", "),
                reason: "column named twice in the header: " + duplicates.joined(separator: ", ") + "; the file was not imported")
            return nil
        }
    }
}
