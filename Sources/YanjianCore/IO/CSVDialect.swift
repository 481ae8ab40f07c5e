/// The delimiter of a CSV file (the quote is always `"`, as RFC 4180 has it).
///
/// Exports from Chinese office software and police systems also use tab, semicolon or `|`;
/// `detect(headerLine:)` picks the one a header line uses.
public struct CSVDialect: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The byte between fields: an ASCII character other than `"`, CR and LF.
    public let delimiter: UInt8
    /// The quote byte, `"`.
    public let quote: UInt8 = UInt8(ascii: "\"")

    /// Comma-separated values (the default).
    public static let comma = CSVDialect(unchecked: UInt8(ascii: ","))
    /// Tab-separated values.
    public static let tab = CSVDialect(unchecked: 0x09)
    /// Semicolon-separated values (spreadsheets in locales with a decimal comma).
    public static let semicolon = CSVDialect(unchecked: UInt8(ascii: ";"))
    /// Pipe-separated values.
    public static let pipe = CSVDialect(unchecked: UInt8(ascii: "|"))

    /// The delimiters `detect(headerLine:)` chooses from, in order of preference on a tie.
    public static let candidates: [CSVDialect] = [.comma, .tab, .semicolon, .pipe]

    /// A dialect with `delimiter`, or nil when it is not a usable ASCII delimiter.
    public init?(delimiter: UInt8) {
        guard delimiter < 0x80, delimiter != UInt8(ascii: "\""), delimiter != 0x0A, delimiter != 0x0D else {
            return nil
        }
        self.delimiter = delimiter
    }

    private init(unchecked delimiter: UInt8) {
        self.delimiter = delimiter
    }

    /// Picks the candidate delimiter that occurs most often outside quotes in `headerLine` (the
    /// file's first line, already UTF-8). A line with none of them is read as comma-separated.
    public static func detect(headerLine: some Sequence<UInt8>) -> CSVDialect {
        var counts = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        for b in headerLine {
            if b == 0x0A || (b == 0x0D && !inQuotes) { break }
            if b == UInt8(ascii: "\"") {
                inQuotes.toggle()
                continue
            }
            if inQuotes { continue }
            for (k, candidate) in candidates.enumerated() where candidate.delimiter == b {
                counts[k] += 1
            }
        }
        var best = 0
        for k in counts.indices where counts[k] > counts[best] { best = k }
        return candidates[best]
    }

    public var description: String {
        switch delimiter {
        case 0x09: "tab"
        case UInt8(ascii: ","): "comma"
        case UInt8(ascii: ";"): "semicolon"
        case UInt8(ascii: "|"): "pipe"
        default: "delimiter 0x\(String(delimiter, radix: 16))"
        }
    }
}
