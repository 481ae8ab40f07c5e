/// A closed domain set whose values are written as codes in data files: the spec's Chinese code
/// (`便利店`) or, for some sets, an English code (`waybill_no`). Conforming enums use the code as
/// their raw value, so `Codable` writes the code; ``init(code:)`` also accepts surrounding
/// whitespace and the English case name.
public protocol DomainCode: CaseIterable, Sendable, Hashable, Codable, RawRepresentable where RawValue == String {
    /// Parses a code: trimmed, then the code itself or the English case name.
    init?(code: some StringProtocol)
    /// The code as written in data files.
    var code: String { get }
}

extension DomainCode {
    /// The raw value, which is the code.
    public var code: String { rawValue }

    /// The English case name (`convenienceStore`), for logs and English UI keys.
    public var name: String { String(describing: self) }

    /// Default parser: trims whitespace, then matches the code or the English case name.
    public init?(code raw: some StringProtocol) {
        guard let value = Self.matchCode(raw) else { return nil }
        self = value
    }

    /// The shared matching logic, for conformers that add their own aliases.
    public static func matchCode(_ raw: some StringProtocol) -> Self? {
        let trimmed = DomainCodeText.trimmed(raw)
        if let value = Self(rawValue: trimmed) { return value }
        for value in allCases where value.code == trimmed || String(describing: value) == trimmed {
            return value
        }
        return nil
    }

    /// Decodes a code through ``init(code:)``, for conformers' `init(from:)`.
    public static func decodeCode(from decoder: any Decoder) throws -> Self {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let value = Self(code: raw) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "unknown \(Self.self) code \(raw)")
        }
        return value
    }
}

/// Whitespace trimming for codes without Foundation.
enum DomainCodeText {
    static func trimmed(_ raw: some StringProtocol) -> String {
        let scalars = raw.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, ScalarFolding.isSpace(scalars[start].value) || scalars[start].value == 0xFEFF {
            start = scalars.index(after: start)
        }
        while end > start, ScalarFolding.isSpace(scalars[scalars.index(before: end)].value) {
            end = scalars.index(before: end)
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return String(view)
    }
}
