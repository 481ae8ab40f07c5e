/// A mainland China phone number in canonical form: digits only, no country code.
///
/// Mobile numbers are the bare 11 digits (`13812345678`); landlines are area code plus local
/// number (`05361234567`); service numbers (`4001234567`, `95588`, `12345`) keep their digits.
/// ``init(validating:)`` accepts the spellings sources send: `+86`/`0086`/`86-` prefixes, dashes,
/// spaces, parentheses, full-width digits, `+86 536 1234567`, and an extension written `-801`,
/// `转801`, `分机801` or `ext 801`, which is kept apart in ``extension``. Masked forms are not phone
/// numbers: see ``PhoneObservation``. Equality and hashing use ``digits`` only.
public struct PhoneNumber: Hashable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// Why a string is not a valid phone number.
    public enum Invalid: Error, Equatable, Sendable {
        /// No digits.
        case empty
        /// Contains mask characters (`*`, `x`): a display form, not a number.
        case masked
        /// A character that cannot be part of a phone number.
        case badCharacter
        /// The digit count fits no known form; carries the count after removing a country code.
        case wrongLength(Int)
        /// The digits start in a way no mainland number does (e.g. `12…` with 11 digits, a foreign
        /// country code, a local number starting `0`/`1`).
        case unknownPrefix
        /// A 7–8 digit local number without its area code.
        case missingAreaCode
    }

    /// What kind of line a number is.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// 11-digit mobile number `1[3-9]…`.
        case mobile
        /// Area code plus local number.
        case landline
        /// Service numbers (`400`/`800`, `95xxx`, short codes such as `12345`); not personal lines.
        case service
    }

    /// Canonical digits.
    public let digits: String
    /// The kind of line.
    public let kind: Kind
    /// Extension digits written after the number (`-801`, `转801`), if any.
    public let `extension`: String?

    /// The canonical digits (same as ``digits``).
    public var value: String { digits }

    /// Validates and normalises `raw`.
    /// - Throws: ``Invalid`` naming the first problem found.
    public init(validating raw: some StringProtocol) throws(Invalid) {
        // Fast path for the canonical mobile form, the most common input by far.
        if raw.utf8.count == 11, Self.isCanonicalMobile(raw.utf8) {
            digits = String(raw)
            kind = .mobile
            self.extension = nil
            return
        }
        let scan = PhoneScan(raw)
        if scan.bad { throw .badCharacter }
        if scan.maskCount > 0 { throw .masked }
        let parsed = try Self.resolve(scan)
        digits = parsed.digits
        kind = parsed.kind
        self.extension = parsed.extension
    }

    @inline(__always)
    static func isCanonicalMobile(_ utf8: some Collection<UInt8>) -> Bool {
        var index = 0
        for b in utf8 {
            switch index {
            case 0: if b != 0x31 { return false }
            case 1: if b < 0x33 || b > 0x39 { return false }
            default: if b < 0x30 || b > 0x39 { return false }
            }
            index += 1
        }
        return index == 11
    }

    /// Creates a value from a string, or nil when it does not validate.
    public init?(_ description: String) {
        guard let phone = try? PhoneNumber(validating: description) else { return nil }
        self = phone
    }

    /// The canonical digits.
    public var description: String { digits }

    /// Whether this is a mobile number in a virtual-operator range (170, 171, 162, 165, 167): a
    /// risk feature, never a rejection reason.
    public var isVirtualOperator: Bool {
        kind == .mobile && Self.virtualPrefixes.contains(String(decoding: digits.utf8.prefix(3), as: UTF8.self))
    }

    /// The carrier that originally held this mobile prefix (a hint only: numbers can be ported).
    public var carrierHint: String? {
        guard kind == .mobile else { return nil }
        let prefix = String(decoding: digits.utf8.prefix(3), as: UTF8.self)
        if Self.virtualPrefixes.contains(prefix) { return Self.virtualCarrier }
        return Self.carrierPrefixes.first { $0.prefixes.contains(prefix) }?.carrier
    }

    /// For a landline, the area code (`0536`); nil otherwise.
    public var areaCode: String? {
        guard kind == .landline else { return nil }
        let bytes = Array(digits.utf8)
        let length = Self.areaCodeLength(bytes[...])
        return String(decoding: bytes.prefix(length), as: UTF8.self)
    }

    public static func == (lhs: PhoneNumber, rhs: PhoneNumber) -> Bool { lhs.digits == rhs.digits }

    public func hash(into hasher: inout Hasher) { hasher.combine(digits) }

    /// Decodes through ``init(validating:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        do {
            self = try PhoneNumber(validating: raw)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid phone number: \(error)")
        }
    }

    /// Encodes the digits, followed by `转` and the extension when there is one.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let ext = self.extension {
            try container.encode(digits + "转" + ext)
        } else {
            try container.encode(digits)
        }
    }
}

// MARK: - Resolution

extension PhoneNumber {
    struct Parsed {
        var digits: String
        var kind: Kind
        var `extension`: String?
    }

    static func resolve(_ scan: PhoneScan) throws(Invalid) -> Parsed {
        if scan.digits.isEmpty { throw .empty }
        if let ext = scan.explicitExtension {
            let (digits, kind) = try canonical(scan.digits[...], plus: scan.plus)
            return Parsed(digits: digits, kind: kind, extension: ext.isEmpty ? nil : ext)
        }
        // An extension written after a dash: `0536-1234567-801`. Prefer it whenever the groups
        // before the last form a valid number; otherwise fall back to the whole digit string, and
        // as a last resort take the last group as an extension whatever separated it.
        let groupCount = scan.groupStarts.count
        var lastGroupStart = 0
        var lastGroupLength = 0
        if groupCount >= 2, let last = scan.groupStarts.last {
            lastGroupStart = last
            lastGroupLength = scan.digits.count - last
        }
        let canSplit = groupCount >= 2 && lastGroupLength >= 1 && lastGroupLength <= 6
        if canSplit && scan.lastSeparatorIsDash,
            let head = try? canonical(scan.digits[..<lastGroupStart], plus: scan.plus), head.1 == .landline
        {
            return Parsed(digits: head.0, kind: head.1, extension: ext(scan.digits[lastGroupStart...]))
        }
        do {
            let (digits, kind) = try canonical(scan.digits[...], plus: scan.plus)
            return Parsed(digits: digits, kind: kind, extension: nil)
        } catch {
            if canSplit, let head = try? canonical(scan.digits[..<lastGroupStart], plus: scan.plus),
                head.1 != .service
            {
                return Parsed(digits: head.0, kind: head.1, extension: ext(scan.digits[lastGroupStart...]))
            }
            throw error
        }
    }

    private static func ext(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Removes a country code: `+86`, `0086`, or a bare `86` followed by a mobile or landline.
    static func stripCountryCode(_ input: ArraySlice<UInt8>, plus: Bool) throws(Invalid) -> (ArraySlice<UInt8>, international: Bool) {
        var s = input
        if plus {
            guard s.starts(with: [0x38, 0x36]) else { throw .unknownPrefix }
            return (s.dropFirst(2), true)
        }
        if s.starts(with: [0x30, 0x30, 0x38, 0x36]) { return (s.dropFirst(4), true) }
        if s.starts(with: [0x30, 0x30]) { throw .unknownPrefix }
        if s.starts(with: [0x38, 0x36]) && s.count >= 12 {
            let rest = s.dropFirst(2)
            if rest.count == 11 && rest.first == 0x31 { return (rest, true) }
            if rest.first == 0x30, landlineLocalValid(rest) { return (rest, true) }
        }
        s = input
        return (s, false)
    }

    /// Canonical digits and kind for a digit string (no separators).
    static func canonical(_ input: ArraySlice<UInt8>, plus: Bool) throws(Invalid) -> (String, Kind) {
        let (stripped, international) = try stripCountryCode(input, plus: plus)
        var s = Array(stripped)
        if s.isEmpty { throw .empty }
        if s.count > 20 { throw .wrongLength(s.count) }
        if isServiceNumber(s[...]) { return (ScalarFolding.string(ascii: s), .service) }
        // After a country code a landline drops its leading 0: `+86 536 1234567`, `+86 10 6234 5678`.
        if international && (s[0] != 0x30 && s[0] != 0x31 || (s.count >= 2 && s[0] == 0x31 && s[1] == 0x30)) {
            s.insert(0x30, at: 0)
        }
        switch s[0] {
        case 0x31:
            guard s.count == 11 else { throw .wrongLength(s.count) }
            guard s[1] >= 0x33 && s[1] <= 0x39 else { throw .unknownPrefix }
            return (ScalarFolding.string(ascii: s), .mobile)
        case 0x30:
            if s.count >= 2 && s[1] == 0x30 { throw .unknownPrefix }
            if s.count < 10 || s.count > 12 { throw .wrongLength(s.count) }
            guard landlineLocalValid(s[...]) else { throw .unknownPrefix }
            return (ScalarFolding.string(ascii: s), .landline)
        default:
            if s.count == 7 || s.count == 8 { throw .missingAreaCode }
            throw .wrongLength(s.count)
        }
    }

    /// Area-code length: 3 for `010` and `02X`, 4 otherwise.
    static func areaCodeLength(_ s: ArraySlice<UInt8>) -> Int {
        guard s.count >= 2 else { return 4 }
        let second = s[s.startIndex + 1]
        return (second == 0x31 || second == 0x32) ? 3 : 4
    }

    /// Whether `s` (starting with 0) is a valid area code plus a 7–8 digit local number not starting 0.
    static func landlineLocalValid(_ s: ArraySlice<UInt8>) -> Bool {
        guard s.count >= 10, s.count <= 12, s.first == 0x30 else { return false }
        let start = s.startIndex
        if s[start + 1] == 0x30 { return false }
        if s[start + 1] == 0x31 && s[start + 2] != 0x30 { return false }
        let areaLength = areaCodeLength(s)
        let localLength = s.count - areaLength
        guard localLength == 7 || localLength == 8 else { return false }
        // GB rules say a local number starts 2–9, but the spec's own examples (`0536-1234567`)
        // and test data start with 1, so only a leading 0 is refused.
        let firstLocal = s[start + areaLength]
        return firstLocal >= 0x31 && firstLocal <= 0x39
    }

    /// `400`/`800` + 7 digits, `95xxx` (5–8 digits), or a 3–5 digit short code starting `1`.
    static func isServiceNumber(_ s: ArraySlice<UInt8>) -> Bool {
        if s.count == 10 && (s.starts(with: [0x34, 0x30, 0x30]) || s.starts(with: [0x38, 0x30, 0x30])) { return true }
        if s.count >= 5 && s.count <= 8 && s.starts(with: [0x39, 0x35]) { return true }
        if s.count >= 3 && s.count <= 5 && s.first == 0x31 { return true }
        return false
    }
}

// MARK: - Carrier prefixes

extension PhoneNumber {
    /// Name used for virtual operators in ``carrierPrefixes`` lookups.
    public static let virtualCarrier = "虚拟运营商"

    /// Mobile 3-digit prefixes by original carrier (domain facts §3), for generators and hints.
    /// The China Mobile `134` range is really 1340–1348 (1349 was a satellite range).
    public static let carrierPrefixes: [(carrier: String, prefixes: [String])] = [
        ("中国移动", [
            "134", "135", "136", "137", "138", "139", "147", "150", "151", "152", "157", "158", "159",
            "172", "178", "182", "183", "184", "187", "188", "195", "197", "198",
        ]),
        ("中国联通", ["130", "131", "132", "145", "155", "156", "166", "175", "176", "185", "186", "196"]),
        ("中国电信", ["133", "149", "153", "173", "177", "180", "181", "189", "190", "191", "193", "199"]),
        ("中国广电", ["192"]),
    ]

    /// Virtual-operator prefixes (170, 171, 162, 165, 167): throw-away numbers are common there.
    public static let virtualPrefixes: [String] = ["170", "171", "162", "165", "167"]

    /// Every 3-digit mobile prefix: the carriers' then the virtual operators'.
    public static let mobilePrefixes: [String] = carrierPrefixes.flatMap(\.prefixes) + virtualPrefixes

    /// Area codes named in domain facts §3, with their city, for generators.
    public static let knownAreaCodes: [(areaCode: String, city: String)] = [
        ("010", "北京市"), ("020", "广州市"), ("021", "上海市"), ("022", "天津市"), ("023", "重庆市"),
        ("024", "沈阳市"), ("025", "南京市"), ("027", "武汉市"), ("028", "成都市"), ("029", "西安市"),
        ("0531", "济南市"), ("0532", "青岛市"), ("0535", "烟台市"), ("0536", "潍坊市"), ("0913", "渭南市"),
        ("0917", "宝鸡市"), ("0916", "汉中市"), ("0915", "安康市"), ("0914", "商洛市"), ("0911", "延安市"),
        ("0912", "榆林市"), ("0919", "铜川市"),
    ]
}
