/// A courier waybill number 快递运单号 in normalised form (NFKC, upper case, no spaces or dashes).
///
/// Formats vary by courier and period, so validation is soft: any 6–32 ASCII letters and digits.
/// ``guessedCourier`` applies the prefix rules of domain facts §5 (`SF`, `JT`, `YT`, `JD`, UPU S10);
/// a digits-only number has no guess unless the source's `courier` column says.
public struct WaybillNo: Hashable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// Why a string is not a waybill number.
    public enum Invalid: Error, Equatable, Sendable {
        /// Nothing but separators.
        case empty
        /// Shorter than 6 or longer than 32 characters; carries the length found.
        case wrongLength(Int)
        /// A character other than an ASCII letter or digit.
        case badCharacter
    }

    /// The normalised number.
    public let value: String

    /// Validates and normalises `raw`.
    public init(validating raw: some StringProtocol) throws(Invalid) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        var bad = false
        for v in ScalarFolding.nfkcScalars(raw) {
            if ScalarFolding.isSpace(v) || v == 0x2D || v == 0x2014 || v == 0x2013 { continue }
            let u = ScalarFolding.upper(v)
            if (u >= 0x30 && u <= 0x39) || (u >= 0x41 && u <= 0x5A) { bytes.append(UInt8(u)) } else { bad = true; bytes.append(0x3F) }
        }
        if bytes.isEmpty { throw .empty }
        if bytes.count < 6 || bytes.count > 32 { throw .wrongLength(bytes.count) }
        if bad { throw .badCharacter }
        value = ScalarFolding.string(ascii: bytes)
    }

    /// Creates a value from a string, or nil when it does not validate.
    public init?(_ description: String) {
        guard let number = try? WaybillNo(validating: description) else { return nil }
        self = number
    }

    /// The S10 check digit (UPU) for 8 serial digits, or nil when `serial8` is not 8 digits.
    /// Weights `8 6 4 2 3 5 9 7`; `c = 11 − S mod 11`; 10 → 0, 11 → 5.
    public static func s10Check(serial8: some StringProtocol) -> Character? {
        let bytes = Array(serial8.utf8)
        guard bytes.count == 8, let check = s10CheckByte(bytes[...]) else { return nil }
        return Character(Unicode.Scalar(check))
    }

    static let s10Weights = [8, 6, 4, 2, 3, 5, 9, 7]

    static func s10CheckByte(_ serial: ArraySlice<UInt8>) -> UInt8? {
        var sum = 0
        for (offset, b) in serial.enumerated() {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            sum += Int(b - 0x30) * s10Weights[offset]
        }
        let c = 11 - sum % 11
        switch c {
        case 10: return 0x30
        case 11: return 0x35
        default: return UInt8(0x30 + c)
        }
    }

    /// Whether the number has the UPU S10 shape `XX#########XX` (two letters, nine digits, two letters).
    public var isS10: Bool {
        let b = Array(value.utf8)
        guard b.count == 13 else { return false }
        let letter: (UInt8) -> Bool = { $0 >= 0x41 && $0 <= 0x5A }
        let digit: (UInt8) -> Bool = { $0 >= 0x30 && $0 <= 0x39 }
        return letter(b[0]) && letter(b[1]) && b[2..<11].allSatisfy(digit) && letter(b[11]) && letter(b[12])
    }

    /// For an S10 number, whether its check digit (the 9th digit) is right; nil for other shapes.
    public var s10CheckValid: Bool? {
        guard isS10 else { return nil }
        let b = Array(value.utf8)
        return Self.s10CheckByte(b[2..<10]) == b[10]
    }

    /// The courier suggested by the number's shape (a hint, never a reason to reject): `SF` → 顺丰,
    /// `JT` → 极兔, `YT` → 圆通, `JD` → 京东, S10 → 邮政EMS; nil otherwise.
    public var guessedCourier: Courier? {
        if value.hasPrefix("SF") { return .sfExpress }
        if value.hasPrefix("JT") { return .jt }
        if value.hasPrefix("YT") { return .yto }
        if value.hasPrefix("JD") { return .jd }
        if isS10 { return .ems }
        return nil
    }

    /// Whether the number is digits only.
    public var isDigitsOnly: Bool { value.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }

    /// The normalised value.
    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        do {
            self = try WaybillNo(validating: raw)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid waybill number: \(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
