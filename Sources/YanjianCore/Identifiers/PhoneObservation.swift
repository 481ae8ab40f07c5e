/// A phone value as a source sent it: either a full, validated number or a masked display form
/// (`138****5678`) whose visible prefix and suffix can only narrow a search, never join records.
public enum PhoneObservation: Hashable, Sendable {
    /// A complete number.
    case full(PhoneNumber)
    /// A masked form: visible leading and trailing digits (country code removed).
    case masked(prefix: String, suffix: String)

    /// Parses `raw` as a full or masked phone; nil when it is not a phone at all.
    public static func parse(_ raw: some StringProtocol) -> PhoneObservation? {
        let scan = PhoneScan(raw)
        if scan.bad { return nil }
        if scan.maskCount == 0 {
            guard let parsed = try? PhoneNumber.resolve(scan) else { return nil }
            return .full(PhoneNumber(parsed: parsed))
        }
        guard scan.maskRuns == 1, scan.explicitExtension == nil else { return nil }
        var prefix = scan.digits[..<scan.maskStart]
        let suffix = scan.digits[scan.maskStart...]
        var total = prefix.count + scan.maskCount + suffix.count
        if scan.plus {
            guard prefix.starts(with: [0x38, 0x36]) else { return nil }
            prefix = prefix.dropFirst(2)
            total -= 2
        } else if prefix.starts(with: [0x30, 0x30, 0x38, 0x36]) {
            prefix = prefix.dropFirst(4)
            total -= 4
        } else if prefix.starts(with: [0x38, 0x36]) && total == 13 {
            prefix = prefix.dropFirst(2)
            total -= 2
        }
        guard total >= 7 && total <= 12, prefix.count + suffix.count >= 3 else { return nil }
        return .masked(prefix: String(decoding: prefix, as: UTF8.self), suffix: String(decoding: suffix, as: UTF8.self))
    }

    /// The full number, if this observation has one.
    public var number: PhoneNumber? {
        switch self {
        case .full(let phone): phone
        case .masked: nil
        }
    }

    /// Whether a full number is consistent with this observation (equal, or matching the visible
    /// prefix and suffix of a masked form).
    public func matches(_ phone: PhoneNumber) -> Bool {
        switch self {
        case .full(let own): own == phone
        case .masked(let prefix, let suffix): phone.digits.hasPrefix(prefix) && phone.digits.hasSuffix(suffix)
        }
    }
}

extension PhoneNumber {
    init(parsed: Parsed) {
        digits = parsed.digits
        kind = parsed.kind
        self.extension = parsed.extension
    }
}

/// One pass over a raw phone string: digits, group boundaries, `+`, masks and an extension marker.
struct PhoneScan {
    var digits: [UInt8] = []
    /// Index in `digits` where each digit group starts.
    var groupStarts: [Int] = []
    /// Whether the separator before the last group included a dash.
    var lastSeparatorIsDash = false
    var plus = false
    var bad = false
    var maskCount = 0
    var maskRuns = 0
    /// Index in `digits` of the first digit after the mask run.
    var maskStart = 0
    /// Digits after an explicit marker (`转`, `分机`, `ext`, `#`); nil without a marker.
    var explicitExtension: String?

    init(_ raw: some StringProtocol) {
        digits.reserveCapacity(16)
        var scalars: [UInt32] = []
        scalars.reserveCapacity(raw.utf8.count)
        for s in raw.unicodeScalars { scalars.append(ScalarFolding.halfWidth(s.value)) }
        var i = 0
        var inGroup = false
        var separatorHasDash = false
        var inMask = false
        var extDigits: [UInt8]?
        while i < scalars.count {
            let v = scalars[i]
            if var ext = extDigits {
                if ScalarFolding.isDigit(v) {
                    ext.append(UInt8(v))
                    extDigits = ext
                } else if !(ScalarFolding.isSpace(v) || v == 0x2D || v == 0x2E || v == 0x3A) {
                    bad = true
                }
                i += 1
                continue
            }
            if ScalarFolding.isDigit(v) {
                if !inGroup {
                    groupStarts.append(digits.count)
                    lastSeparatorIsDash = separatorHasDash
                    separatorHasDash = false
                    inGroup = true
                }
                if inMask { inMask = false }
                digits.append(UInt8(v))
            } else if v == 0x2A || v == 0x78 || v == 0x58 || v == 0x2022 || v == 0x25CF {
                // `*`, `x`, `X`, `•`, `●` used as mask characters.
                if !inMask {
                    maskRuns += 1
                    inMask = true
                    maskStart = digits.count
                }
                maskCount += 1
                inGroup = false
            } else if v == 0x8F6C || v == 0x23 {
                extDigits = []  // 转, #
            } else if v == 0x5206, i + 1 < scalars.count, scalars[i + 1] == 0x673A {
                extDigits = []  // 分机
                i += 1
            } else if (v == 0x65 || v == 0x45), i + 2 < scalars.count,
                ScalarFolding.upper(scalars[i + 1]) == 0x58, ScalarFolding.upper(scalars[i + 2]) == 0x54
            {
                extDigits = []  // ext
                i += 2
            } else if v == 0x2B {
                if !digits.isEmpty || plus { bad = true }
                plus = true
            } else if ScalarFolding.isSpace(v) || v == 0x28 || v == 0x29 || v == 0x2E || v == 0x2F {
                inGroup = false
            } else if v == 0x2D || v == 0x2013 || v == 0x2014 || v == 0x2212 {
                inGroup = false
                separatorHasDash = true
            } else {
                bad = true
            }
            i += 1
        }
        if let ext = extDigits { explicitExtension = String(decoding: ext, as: UTF8.self) }
        // A mask run with digits afterwards: `maskStart` already points past the run. A run at the
        // end leaves `maskStart == digits.count`, which gives an empty suffix.
        if maskRuns == 1 && maskStart > digits.count { maskStart = digits.count }
    }
}
