/// A tobacco monopoly retail licence number 烟草专卖零售许可证号.
///
/// Validation is deliberately soft (domain facts §7): NFKC, upper-case, strip spaces and dashes, then
/// any non-empty run of ASCII letters and digits is accepted. ``looksStandard`` says whether it has
/// the usual shape (12–14 digits, starting with the issuing county's adcode).
public struct LicenceNo: Hashable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// Why a string is not a licence number.
    public enum Invalid: Error, Equatable, Sendable {
        /// Nothing but separators.
        case empty
        /// More than 40 characters; carries the length found.
        case tooLong(Int)
        /// A character other than an ASCII letter or digit.
        case badCharacter
    }

    /// The normalised number.
    public let value: String

    /// Validates and normalises `raw`.
    public init(validating raw: some StringProtocol) throws(Invalid) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(14)
        var bad = false
        for v in ScalarFolding.nfkcScalars(raw) {
            if ScalarFolding.isSpace(v) || v == 0x2D { continue }
            let u = ScalarFolding.upper(v)
            if (u >= 0x30 && u <= 0x39) || (u >= 0x41 && u <= 0x5A) { bytes.append(UInt8(u)) } else { bad = true; bytes.append(0x3F) }
        }
        if bytes.isEmpty { throw .empty }
        if bytes.count > 40 { throw .tooLong(bytes.count) }
        if bad { throw .badCharacter }
        value = ScalarFolding.string(ascii: bytes)
    }

    /// Creates a value from a string, or nil when it does not validate.
    public init?(_ description: String) {
        guard let number = try? LicenceNo(validating: description) else { return nil }
        self = number
    }

    /// Whether the number is 12–14 digits (the usual shape; anything else is a soft warning).
    public var looksStandard: Bool {
        let count = value.utf8.count
        return count >= 12 && count <= 14 && value.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// The leading six digits when the number looks standard: usually the issuing county's adcode.
    public var adcodePrefix: String? { looksStandard ? String(value.prefix(6)) : nil }

    /// The normalised value.
    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        do {
            self = try LicenceNo(validating: raw)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid licence number: \(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
