/// A six-digit administrative division code (GB/T 2260) `PPCCDD`.
///
/// Validation is format only (six ASCII digits after folding full-width digits and trimming):
/// codes change over time, so a code missing from the bundled table is a warning (``isKnown``),
/// never a rejection.
public struct Adcode: Hashable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible, Comparable {
    /// Why a string is not an adcode.
    public enum Invalid: Error, Equatable, Sendable {
        /// Nothing but whitespace.
        case empty
        /// Not six characters; carries the length found.
        case wrongLength(Int)
        /// A non-digit character.
        case badCharacter
    }

    /// The six digits.
    public let value: String

    /// Validates `raw`.
    public init(validating raw: some StringProtocol) throws(Invalid) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(6)
        var bad = false
        for scalar in raw.unicodeScalars {
            let v = ScalarFolding.halfWidth(scalar.value)
            if ScalarFolding.isSpace(v) { continue }
            if ScalarFolding.isDigit(v) { bytes.append(UInt8(v)) } else { bad = true; bytes.append(0x3F) }
        }
        if bytes.isEmpty { throw .empty }
        if bytes.count != 6 { throw .wrongLength(bytes.count) }
        if bad { throw .badCharacter }
        value = ScalarFolding.string(ascii: bytes)
    }

    /// Creates a value from a string, or nil when it is not six digits.
    public init?(_ description: String) {
        guard let code = try? Adcode(validating: description) else { return nil }
        self = code
    }

    /// Whether `s` is exactly six ASCII digits (no folding).
    public static func isSixDigits(_ s: some StringProtocol) -> Bool {
        var count = 0
        for b in s.utf8 {
            guard b >= 0x30 && b <= 0x39 else { return false }
            count += 1
        }
        return count == 6
    }

    /// The level implied by the code's shape: `PP0000` province, `PPCC00` city, otherwise district.
    public var level: AdminDivision.Level {
        if value.hasSuffix("0000") { return .province }
        if value.hasSuffix("00") { return .city }
        return .district
    }

    /// The two-digit province prefix (`61`).
    public var provincePrefix: String { String(value.prefix(2)) }

    /// The four-digit prefecture prefix (`6101`).
    public var cityPrefix: String { String(value.prefix(4)) }

    /// The province's code (`610000`).
    public var provinceCode: Adcode { Adcode(unchecked: provincePrefix + "0000") }

    /// The prefecture's code (`610100`); for a province code, itself.
    public var cityCode: Adcode { level == .province ? self : Adcode(unchecked: cityPrefix + "00") }

    /// Whether `PP90DD`: a county-level unit directly under the province (济源 419001, 仙桃 429004).
    public var isDirectlyUnderProvince: Bool { value.dropFirst(2).hasPrefix("90") && level == .district }

    /// Whether the bundled division table has this code.
    public func isKnown(in divisions: AdminDivisions = .shared) -> Bool { divisions[adcode: value] != nil }

    /// Whether the bundled division table has this code.
    public var isKnown: Bool { isKnown() }

    /// Whether this code is `other` or lies inside it by prefix (a district inside its city and
    /// province). Uses the code's shape only.
    public func isWithin(_ other: Adcode) -> Bool {
        switch other.level {
        case .province: value.hasPrefix(other.provincePrefix)
        case .city: value.hasPrefix(other.cityPrefix)
        case .district: value == other.value
        }
    }

    init(unchecked value: String) { self.value = value }

    /// The six digits.
    public var description: String { value }

    public static func < (lhs: Adcode, rhs: Adcode) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        do {
            self = try Adcode(validating: raw)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid adcode: \(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
