/// A resident identity card number 居民身份证号码 (GB 11643-1999) in canonical 18-character form.
///
/// The only way in is ``init(validating:)``, which folds full-width digits, drops spaces, accepts a
/// lower-case `x`, upgrades a legacy 15-digit number and checks province, birth date and check
/// character. A masked export form (`3707**********3418`) is rejected with ``Invalid/masked``; model
/// it as a masked observation instead of repairing it.
public struct ResidentID: Hashable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// Why a string is not a valid resident ID number.
    public enum Invalid: Error, Equatable, Sendable {
        /// Nothing but whitespace.
        case empty
        /// Contains mask characters (`*`): a display form, not a number.
        case masked
        /// Neither 18 nor 15 characters after normalising; carries the length found.
        case wrongLength(Int)
        /// A character other than a digit (or a final `X` on an 18-character number).
        case badCharacter
        /// The birth date is not a real calendar date in 1900…2100.
        case badDate
        /// The check character does not match; carries the expected one.
        case badChecksum(expected: Character)
        /// The first two digits are not a province-level code.
        case badProvince
    }

    /// The canonical 18-character number, check character upper-case.
    public let value: String
    /// Whether the input was a legacy 15-digit number upgraded to 18 characters.
    public let wasUpgradedFromLegacy: Bool

    /// Weights of positions 1–17 for the check character.
    @usableFromInline static let weights: [Int] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    /// Check character by weighted sum mod 11 (`10X98765432`), as ASCII bytes.
    @usableFromInline static let checkMap: [UInt8] = Array("10X98765432".utf8)

    /// Validates and normalises `raw`.
    /// - Throws: ``Invalid`` naming the first problem found.
    public init(validating raw: some StringProtocol) throws(Invalid) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(18)
        var sawMask = false
        var sawBad = false
        for scalar in raw.unicodeScalars {
            let v = ScalarFolding.halfWidth(scalar.value)
            if ScalarFolding.isSpace(v) { continue }
            if v == 0x2A { sawMask = true; continue }
            if v < 0x80 {
                bytes.append(UInt8(v == 0x78 ? 0x58 : v))
            } else {
                sawBad = true
                bytes.append(0x3F)
            }
        }
        if sawMask { throw .masked }
        if bytes.isEmpty { throw .empty }
        if bytes.count != 18 && bytes.count != 15 { throw .wrongLength(bytes.count) }
        if sawBad { throw .badCharacter }
        let isLegacy = bytes.count == 15
        for i in 0..<(isLegacy ? 15 : 17) where !(bytes[i] >= 0x30 && bytes[i] <= 0x39) {
            throw .badCharacter
        }
        if !isLegacy {
            let last = bytes[17]
            if !((last >= 0x30 && last <= 0x39) || last == 0x58) { throw .badCharacter }
        }
        let province = Int(bytes[0] &- 0x30) * 10 + Int(bytes[1] &- 0x30)
        guard Self.isProvinceCode(province) else { throw .badProvince }
        if isLegacy {
            bytes.insert(contentsOf: [0x31, 0x39], at: 6)
        }
        let year = Self.number(bytes, 6, 4)
        let month = Self.number(bytes, 10, 2)
        let day = Self.number(bytes, 12, 2)
        guard year >= 1900 && year <= 2100, CivilCalendar.isValidDate(year: year, month: month, day: day) else {
            throw .badDate
        }
        let check = Self.checkByte(bytes)
        if isLegacy {
            bytes.append(check)
        } else if bytes[17] != check {
            throw .badChecksum(expected: Character(Unicode.Scalar(check)))
        }
        value = ScalarFolding.string(ascii: bytes)
        wasUpgradedFromLegacy = isLegacy
    }

    /// Creates a value from a string, or nil when it does not validate.
    public init?(_ description: String) {
        guard let id = try? ResidentID(validating: description) else { return nil }
        self = id
    }

    /// The check character for the first 17 digits, or nil when `forFirst17` is not 17 ASCII digits.
    public static func checkCharacter(forFirst17 first17: some StringProtocol) -> Character? {
        let bytes = Array(first17.utf8)
        guard bytes.count == 17, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Character(Unicode.Scalar(checkByte(bytes)))
    }

    /// Whether a two-digit number is a province-level code that ID numbers use.
    public static func isProvinceCode(_ code: Int) -> Bool {
        switch code {
        case 11...15, 21...23, 31...37, 41...46, 50...54, 61...65, 71, 81, 82: return true
        default: return false
        }
    }

    /// Check byte over the first 17 bytes (ASCII digits).
    @usableFromInline
    static func checkByte(_ bytes: [UInt8]) -> UInt8 {
        var sum = 0
        for i in 0..<17 { sum &+= Int(bytes[i] &- 0x30) &* weights[i] }
        return checkMap[sum % 11]
    }

    @inline(__always)
    static func number(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int {
        var n = 0
        for i in start..<(start + count) { n = n * 10 + Int(bytes[i] &- 0x30) }
        return n
    }

    private func digits(_ start: Int, _ count: Int) -> Int {
        var n = 0
        var i = 0
        for b in value.utf8 {
            if i >= start + count { break }
            if i >= start { n = n * 10 + Int(b &- 0x30) }
            i += 1
        }
        return n
    }

    /// The birth date encoded in positions 7–14.
    public var birthDate: (year: Int, month: Int, day: Int) {
        (digits(6, 4), digits(10, 2), digits(12, 2))
    }

    /// The birth date as days since 1970-01-01.
    public var birthDays: Int {
        let d = birthDate
        return CivilCalendar.daysFromCivil(year: d.year, month: d.month, day: d.day)
    }

    /// Whether the birth date is on or before `today` (days since 1970-01-01, e.g. from
    /// `Timestamp.local(now).days`): a future birth date is a data-quality problem. The reference
    /// day is passed in so that validation never reads the clock.
    public func isBorn(onOrBefore today: Int) -> Bool { birthDays <= today }

    /// Whether the sequence code (position 17) is odd, meaning male.
    public var isMale: Bool { digits(16, 1) % 2 == 1 }

    /// The six-digit address code (positions 1–6); it may be an abolished adcode.
    public var addressCode: String { String(decoding: value.utf8.prefix(6), as: UTF8.self) }

    /// The three-digit sequence code (positions 15–17).
    public var sequenceCode: String { String(decoding: value.utf8.dropFirst(14).prefix(3), as: UTF8.self) }

    /// The canonical value.
    public var description: String { value }

    public static func == (lhs: ResidentID, rhs: ResidentID) -> Bool { lhs.value == rhs.value }

    public func hash(into hasher: inout Hasher) { hasher.combine(value) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        do {
            self = try ResidentID(validating: raw)
        } catch {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "invalid resident ID number: \(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
