/// A vehicle licence plate (GA 36-2018) in normalised form: upper case, no separators (`陕A12345`).
///
/// ``init(validating:)`` applies the normaliser of domain facts §4 in order: NFKC (full-width to
/// half-width), upper-case, strip ` ·•・.-_`, check the province character (or `使`, `WJ`, a military
/// two-letter prefix) and the issuing letter, then replace `O`→`0` and `I`→`1` in serial positions
/// (never issued there), recording each ``Fix``. Other recognition confusions (`8/B`, `0/D`…) are not
/// corrected; use ``confusableKey`` for fuzzy candidate search. Equality uses ``value`` only.
public struct Plate: Hashable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// Plate classes that the characters alone can tell apart. Small and large ordinary plates differ
    /// only by colour, so both are ``ordinary``.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// 7 characters `P L xxxxx`: small car (blue) or large vehicle (yellow).
        case ordinary
        /// 8 characters `P L [DF] x dddd` (gradient green).
        case newEnergySmall
        /// 8 characters `P L ddddd [DF]` (yellow-green).
        case newEnergyLarge
        /// `P L xxxx 警`.
        case police
        /// `P L xxxx 学`.
        case coach
        /// `P L xxxx 挂`.
        case trailer
        /// `P L dddd 领`.
        case consulate
        /// `粤Z xxxx [港澳]`.
        case hongKongMacau
        /// `使 dddddd`.
        case embassy
        /// Military, armed police (`WJ`), test `试`, oversize `超`, emergency `应急`: kept, not classified further.
        case special
    }

    /// One automatic correction made while normalising.
    public struct Fix: Hashable, Sendable, Codable {
        /// Zero-based position in ``Plate/value``.
        public let position: Int
        /// The character read (`O` or `I`).
        public let from: Character
        /// The character written (`0` or `1`).
        public let to: Character

        public init(position: Int, from: Character, to: Character) {
            self.position = position
            self.from = from
            self.to = to
        }

        enum CodingKeys: String, CodingKey { case position, from, to }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            position = try c.decode(Int.self, forKey: .position)
            let fromText = try c.decode(String.self, forKey: .from)
            let toText = try c.decode(String.self, forKey: .to)
            guard let f = fromText.first, let t = toText.first, fromText.count == 1, toText.count == 1 else {
                throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "fix characters"))
            }
            from = f
            to = t
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(position, forKey: .position)
            try c.encode(String(from), forKey: .from)
            try c.encode(String(to), forKey: .to)
        }
    }

    /// Why a string is not a plate.
    public enum Invalid: Error, Equatable, Sendable {
        /// Nothing but separators.
        case empty
        /// Not 7–9 characters after normalising; carries the length found.
        case wrongLength(Int)
        /// The first character is not a province character, `使`, `WJ` or a military prefix.
        case badProvince
        /// The second character is not an issuing-authority letter.
        case badIssuingLetter
        /// The serial part fits no plate pattern.
        case badSerial
    }

    /// Normalised plate, e.g. `陕A12345`, `粤BD12345`.
    public let value: String
    /// Class by pattern.
    public let kind: Kind
    /// `O`→`0` / `I`→`1` corrections made in serial positions.
    public let fixes: [Fix]

    /// Validates and normalises `raw`.
    /// - Throws: ``Invalid`` naming the first problem found.
    public init(validating raw: some StringProtocol) throws(Invalid) {
        var s: [UInt32] = []
        s.reserveCapacity(10)
        for v in ScalarFolding.nfkcScalars(raw) {
            if Self.isSeparator(v) { continue }
            s.append(ScalarFolding.upper(v))
        }
        if s.isEmpty { throw .empty }
        if s.count < 7 || s.count > 9 { throw .wrongLength(s.count) }
        var fixes: [Fix] = []
        let kind = try Self.classify(&s, fixes: &fixes)
        var text = String.UnicodeScalarView()
        for v in s { if let scalar = Unicode.Scalar(v) { text.append(scalar) } }
        value = String(text)
        self.kind = kind
        self.fixes = fixes
    }

    /// Steps 1 and 2 of the normaliser alone: NFKC, upper case, spaces and separators removed. For
    /// text that does not validate but is kept (a misread), so that two spellings of one misread —
    /// `陕D 0W4324`, `陕d·0w4324` — still agree.
    public static func cleaned(_ raw: some StringProtocol) -> String {
        var text = String.UnicodeScalarView()
        for v in ScalarFolding.nfkcScalars(raw) where !isSeparator(v) {
            if let scalar = Unicode.Scalar(ScalarFolding.upper(v)) { text.append(scalar) }
        }
        return String(text)
    }

    /// Creates a value from a string, or nil when it does not validate.
    public init?(_ description: String) {
        guard let plate = try? Plate(validating: description) else { return nil }
        self = plate
    }

    /// The province character, or nil for embassy, military and armed-police plates.
    public var province: Character? {
        guard let first = value.first, PlatePrefixes.provinceCodes[first] != nil else { return nil }
        return first
    }

    /// The first two characters: province character and issuing letter (`陕A`) for civil plates.
    public var prefix: String { String(value.prefix(2)) }

    /// Everything after ``prefix``.
    public var serial: String { String(value.dropFirst(2)) }

    /// The city this plate's prefix was issued in, from the bundled prefix table.
    public func issuingPlace(in table: PlatePrefixes = .shared) -> PlatePrefix? {
        province == nil ? nil : table.bestMatch(prefix: prefix)
    }

    /// A key for fuzzy matching of plate reads: the prefix unchanged, and in the serial part
    /// `B`→`8`, `D`→`0`, `Q`→`0`, `Z`→`2`, `S`→`5`, `G`→`6`. Use only for candidate search.
    public var confusableKey: String {
        var out = String.UnicodeScalarView()
        for (i, scalar) in value.unicodeScalars.enumerated() {
            guard i >= 2 else { out.append(scalar); continue }
            switch scalar {
            case "B": out.append("8")
            case "D", "Q": out.append("0")
            case "Z": out.append("2")
            case "S": out.append("5")
            case "G": out.append("6")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// The normalised value.
    public var description: String { value }

    public static func == (lhs: Plate, rhs: Plate) -> Bool { lhs.value == rhs.value }

    public func hash(into hasher: inout Hasher) { hasher.combine(value) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        do {
            self = try Plate(validating: raw)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid plate: \(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

// MARK: - Classification

extension Plate {
    static let scalarPolice: UInt32 = 0x8B66  // 警
    static let scalarCoach: UInt32 = 0x5B66  // 学
    static let scalarTrailer: UInt32 = 0x6302  // 挂
    static let scalarConsulate: UInt32 = 0x9886  // 领
    static let scalarHongKong: UInt32 = 0x6E2F  // 港
    static let scalarMacau: UInt32 = 0x6FB3  // 澳
    static let scalarEmbassy: UInt32 = 0x4F7F  // 使
    static let scalarTest: UInt32 = 0x8BD5  // 试
    static let scalarOversize: UInt32 = 0x8D85  // 超
    static let scalarYing: UInt32 = 0x5E94  // 应
    static let scalarJi: UInt32 = 0x6025  // 急
    static let scalarGuangdong: UInt32 = 0x7CA4  // 粤

    @inline(__always)
    static func isSeparator(_ v: UInt32) -> Bool {
        switch v {
        case 0x20, 0x09, 0xA0, 0x3000, 0x00B7, 0x2022, 0x30FB, 0x2E, 0x2D, 0x5F, 0x2027, 0x2219, 0x22C5: true
        default: false
        }
    }

    @inline(__always) static func isDigit(_ v: UInt32) -> Bool { v >= 0x30 && v <= 0x39 }
    @inline(__always) static func isLetter(_ v: UInt32) -> Bool { v >= 0x41 && v <= 0x5A }
    /// Digit or letter other than I and O.
    @inline(__always) static func isSerialChar(_ v: UInt32) -> Bool {
        isDigit(v) || (isLetter(v) && v != 0x49 && v != 0x4F)
    }

    /// Replaces `O`/`I` by `0`/`1` at `range` positions of `s`.
    static func fixSerial(_ s: inout [UInt32], _ range: Range<Int>, _ fixes: inout [Fix]) {
        for i in range where i < s.count {
            if s[i] == 0x4F {
                s[i] = 0x30
                fixes.append(Fix(position: i, from: "O", to: "0"))
            } else if s[i] == 0x49 {
                s[i] = 0x31
                fixes.append(Fix(position: i, from: "I", to: "1"))
            }
        }
    }

    static func classify(_ s: inout [UInt32], fixes: inout [Fix]) throws(Invalid) -> Kind {
        let n = s.count
        // Embassy: 使 + 6 digits.
        if s[0] == scalarEmbassy {
            fixSerial(&s, 1..<n, &fixes)
            guard n == 7, s[1...].allSatisfy(isDigit) else { throw .badSerial }
            return .embassy
        }
        // Armed police: WJ + province character or digits, then serial.
        if s[0] == 0x57 && s[1] == 0x4A {
            guard s[2...].allSatisfy({ isDigit($0) || isLetter($0) || PlatePrefixes.provinceScalars.contains($0) }) else {
                throw .badSerial
            }
            return .special
        }
        // Military: two letters + 5 digits, no province character.
        if isLetter(s[0]) {
            guard n == 7, isLetter(s[1]), s[2...].allSatisfy(isDigit) else { throw .badProvince }
            return .special
        }
        guard PlatePrefixes.provinceScalars.contains(s[0]) else { throw .badProvince }
        guard isLetter(s[1]), s[1] != 0x49 else { throw .badIssuingLetter }
        // Trailing markers decide the class; the serial characters before them are fixed first.
        let last = s[n - 1]
        if n == 8 && s[6] == scalarYing && last == scalarJi {
            fixSerial(&s, 2..<6, &fixes)
            guard s[2..<6].allSatisfy(isSerialChar) else { throw .badSerial }
            return .special
        }
        if !isDigit(last) && !isLetter(last) {
            guard n == 7 else { throw .wrongLength(n) }
            fixSerial(&s, 2..<6, &fixes)
            let body = s[2..<6]
            switch last {
            case scalarPolice:
                guard body.allSatisfy(isSerialChar) else { throw .badSerial }
                return .police
            case scalarCoach:
                guard body.allSatisfy(isSerialChar) else { throw .badSerial }
                return .coach
            case scalarTrailer:
                guard body.allSatisfy(isSerialChar) else { throw .badSerial }
                return .trailer
            case scalarConsulate:
                guard body.allSatisfy(isDigit) else { throw .badSerial }
                return .consulate
            case scalarHongKong, scalarMacau:
                guard s[0] == scalarGuangdong, s[1] == 0x5A, body.allSatisfy(isSerialChar) else { throw .badSerial }
                return .hongKongMacau
            case scalarTest, scalarOversize:
                guard body.allSatisfy(isSerialChar) else { throw .badSerial }
                return .special
            default:
                throw .badSerial
            }
        }
        fixSerial(&s, 2..<n, &fixes)
        switch n {
        case 7:
            guard s[2...].allSatisfy(isSerialChar) else { throw .badSerial }
            return .ordinary
        case 8:
            let isDF: (UInt32) -> Bool = { $0 == 0x44 || $0 == 0x46 }
            if isDF(s[2]) && isSerialChar(s[3]) && s[4..<8].allSatisfy(isDigit) { return .newEnergySmall }
            if s[2..<7].allSatisfy(isDigit) && isDF(s[7]) { return .newEnergyLarge }
            throw .badSerial
        default:
            throw .wrongLength(n)
        }
    }
}
