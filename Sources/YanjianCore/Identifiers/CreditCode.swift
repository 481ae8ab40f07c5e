/// A unified social credit code 统一社会信用代码 (GB 32100-2015), 18 characters, canonical upper case.
///
/// ``init(validating:)`` folds full-width characters, upper-cases, drops spaces and dashes, then
/// checks the character set, the adcode digits and the check character. The embedded organisation
/// code check (GB 11714) is only reported through ``organisationCodeValid``, never enforced, since
/// some individual-business codes are reported not to satisfy it.
public struct CreditCode: Hashable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// Why a string is not a valid credit code.
    public enum Invalid: Error, Equatable, Sendable {
        /// Nothing but whitespace and separators.
        case empty
        /// Not 18 characters after normalising; carries the length found.
        case wrongLength(Int)
        /// A character outside `0-9A-HJ-NPQRTUW-Y` (no I, O, S, V, Z), or a non-digit in positions 3–8.
        case badCharacter
        /// The check character does not match; carries the expected one.
        case badChecksum(expected: Character)
    }

    /// The canonical 18-character code.
    public let value: String

    /// The 31 characters of the code alphabet; a character's value is its index.
    public static let alphabet: [UInt8] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".utf8)
    /// Weights of positions 1–17 (3^i mod 31).
    @usableFromInline static let weights: [Int] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    /// Weights of the 8 organisation-code body characters.
    @usableFromInline static let organisationWeights: [Int] = [3, 7, 9, 10, 5, 8, 4, 2]

    /// Value of an ASCII byte in the code alphabet, or -1.
    @usableFromInline static let valueTable: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = Int8(index) }
        return table
    }()

    /// Validates and normalises `raw`.
    /// - Throws: ``Invalid`` naming the first problem found.
    public init(validating raw: some StringProtocol) throws(Invalid) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(18)
        var sawBad = false
        for scalar in raw.unicodeScalars {
            let v = ScalarFolding.upper(ScalarFolding.halfWidth(scalar.value))
            if ScalarFolding.isSpace(v) || v == 0x2D { continue }
            if v < 0x80 { bytes.append(UInt8(v)) } else { sawBad = true; bytes.append(0x3F) }
        }
        if bytes.isEmpty { throw .empty }
        if bytes.count != 18 { throw .wrongLength(bytes.count) }
        if sawBad { throw .badCharacter }
        for (i, b) in bytes.enumerated() {
            if i >= 2 && i <= 7 {
                if !(b >= 0x30 && b <= 0x39) { throw .badCharacter }
            } else if Self.valueTable[Int(b)] < 0 {
                throw .badCharacter
            }
        }
        guard let check = Self.checkByte(bytes) else { throw .badCharacter }
        if bytes[17] != check { throw .badChecksum(expected: Character(Unicode.Scalar(check))) }
        value = ScalarFolding.string(ascii: bytes)
    }

    /// Creates a value from a string, or nil when it does not validate.
    public init?(_ description: String) {
        guard let code = try? CreditCode(validating: description) else { return nil }
        self = code
    }

    /// The check character for the first 17 characters, or nil when they are not 17 characters
    /// of the code alphabet.
    public static func checkCharacter(forFirst17 first17: some StringProtocol) -> Character? {
        let bytes = Array(first17.utf8)
        guard bytes.count == 17, let check = checkByte(bytes) else { return nil }
        return Character(Unicode.Scalar(check))
    }

    /// The organisation-code (GB 11714) check character for an 8-character body (digits and A–Z),
    /// or nil when the body is not 8 such characters.
    public static func organisationCheck(forBody8 body8: some StringProtocol) -> Character? {
        let bytes = Array(body8.utf8)
        guard bytes.count == 8, let check = organisationCheckByte(bytes[...]) else { return nil }
        return Character(Unicode.Scalar(check))
    }

    @usableFromInline
    static func checkByte(_ bytes: [UInt8]) -> UInt8? {
        var sum = 0
        for i in 0..<17 {
            let b = bytes[i]
            guard b < 0x80 else { return nil }
            let v = valueTable[Int(b)]
            guard v >= 0 else { return nil }
            sum &+= Int(v) &* weights[i]
        }
        return alphabet[(31 - sum % 31) % 31]
    }

    @usableFromInline
    static func organisationCheckByte(_ body: ArraySlice<UInt8>) -> UInt8? {
        var sum = 0
        for (offset, b) in body.enumerated() {
            let v: Int
            switch b {
            case 0x30...0x39: v = Int(b - 0x30)
            case 0x41...0x5A: v = Int(b - 0x41) + 10
            default: return nil
            }
            sum &+= v &* organisationWeights[offset]
        }
        let c = 11 - sum % 11
        switch c {
        case 10: return 0x58
        case 11: return 0x30
        default: return UInt8(0x30 + c)
        }
    }

    private var bytes: [UInt8] { Array(value.utf8) }

    /// Whether the embedded organisation code (positions 9–17) passes its own check. A failure is
    /// a data-quality warning only.
    public var organisationCodeValid: Bool {
        let b = bytes
        guard let check = Self.organisationCheckByte(b[8..<16]) else { return false }
        return check == b[16]
    }

    /// Position 1: the registration authority (`9` = market regulation, `1` = staffing, `5` = civil affairs …).
    public var registrationAuthority: Character { Character(Unicode.Scalar(bytes[0])) }

    /// Position 2: the entity type within the authority (under `9`: `1` enterprise, `2` individual
    /// business, `3` farmers' cooperative).
    public var entityType: Character { Character(Unicode.Scalar(bytes[1])) }

    /// Positions 3–8: the adcode of the registering authority.
    public var adcode: String { String(decoding: value.utf8.dropFirst(2).prefix(6), as: UTF8.self) }

    /// Positions 9–17: the organisation code (8 body characters and its check character).
    public var organisationCode: String { String(decoding: value.utf8.dropFirst(8).prefix(9), as: UTF8.self) }

    /// The canonical value.
    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        do {
            self = try CreditCode(validating: raw)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid credit code: \(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
