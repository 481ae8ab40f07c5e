/// Hides the middle of personal data for display (脱敏), the same way on every screen, export and log.
///
/// The shapes follow common practice in Chinese public-sector systems: a phone keeps its first three
/// and last four digits (`138****5678`), an ID number its first six and last four
/// (`610102********1234`), a name its first character (`张*`).
public enum Masking {
    // Byte-level on UTF-8, counting Unicode scalars (every value here is digits, letters or CJK, one
    // scalar per character): Character-based slicing cost more than the query on a masked 50-row page.

    /// `13812345678` → `138****5678`; a landline keeps its area code and last four digits.
    public static func phone(_ value: String) -> String {
        masked(value, rule: phoneRule)
    }

    /// `610102199001011234` → `610102********1234`.
    public static func idNumber(_ value: String) -> String {
        masked(value, rule: idNumberRule)
    }

    /// `张三` → `张*`, `欧阳娜娜` → `欧***`; a one-character name becomes `*`.
    public static func name(_ value: String) -> String {
        masked(value, rule: nameRule)
    }

    /// A bank card or payment account: keeps the last four characters.
    public static func account(_ value: String) -> String {
        masked(value, rule: accountRule)
    }

    /// An address keeps its first eight characters (province, city, district) and hides the rest.
    public static func address(_ value: String) -> String {
        var value = value
        return value.withUTF8 { bytes in
            let end = addressKept(bytes)
            guard end < bytes.count else { return String(decoding: bytes, as: UTF8.self) }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<end]), as: UTF8.self) + "****"
        }
    }

    /// The bytes of an address's first eight characters (all of it when shorter).
    static func addressKept(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var scalars = 0
        for (offset, byte) in bytes.enumerated() where byte & 0xC0 != 0x80 {
            if scalars == 8 { return offset }
            scalars += 1
        }
        return bytes.count
    }

    /// Where `rule(scalarCount, firstByte)` cuts `bytes`: the bytes kept in front (`..<headEnd`), the
    /// number of `*` between and the bytes kept at the end (`tailStart...`). A nil rule, or one asking
    /// for more than there is, hides everything. One pass to count the scalars, the cut points found
    /// by walking from either end.
    static func cut(_ bytes: UnsafeBufferPointer<UInt8>, rule: (Int, UInt8?) -> (head: Int, tail: Int)?)
        -> (headEnd: Int, stars: Int, tailStart: Int) {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
        guard let (head, tail) = rule(count, bytes.first), head + tail <= count else { return (0, count, bytes.count) }
        var headEnd = 0
        var seen = 0
        while headEnd < bytes.count {
            if bytes[headEnd] & 0xC0 != 0x80 {
                if seen == head { break }
                seen += 1
            }
            headEnd += 1
        }
        var tailStart = bytes.count
        var kept = 0
        while kept < tail && tailStart > 0 {
            tailStart -= 1
            if bytes[tailStart] & 0xC0 != 0x80 { kept += 1 }
        }
        return (headEnd, count - head - tail, tailStart)
    }

    /// Keeps the first `head` and last `tail` scalars that `rule` names, one `*` per hidden scalar
    /// between, written straight into the new string (a masked phone or name is short enough to need
    /// no allocation at all).
    static func masked(_ value: String, rule: (Int, UInt8?) -> (head: Int, tail: Int)?) -> String {
        var value = value
        return value.withUTF8 { bytes in
            let (headEnd, stars, tailStart) = cut(bytes, rule: rule)
            return String(unsafeUninitializedCapacity: headEnd + stars + bytes.count - tailStart) { out in
                var o = 0
                for i in 0..<headEnd { out[o] = bytes[i]; o += 1 }
                for _ in 0..<stars { out[o] = UInt8(ascii: "*"); o += 1 }
                for i in tailStart..<bytes.count { out[o] = bytes[i]; o += 1 }
                return o
            }
        }
    }

    /// The same as ``masked(_:rule:)``, appended to `out` as UTF-8.
    static func appendMasked(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], rule: (Int, UInt8?) -> (head: Int, tail: Int)?) {
        let (headEnd, stars, tailStart) = cut(bytes, rule: rule)
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[..<headEnd]))
        out.append(contentsOf: repeatElement(UInt8(ascii: "*"), count: stars))
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[tailStart...]))
    }

    /// The phone rule: first three and last four digits; a landline (leading 0) keeps its area code.
    static func phoneRule(_ count: Int, _ first: UInt8?) -> (head: Int, tail: Int)? {
        guard count >= 7 else { return nil }
        return (first == UInt8(ascii: "0") ? min(4, count - 4) : 3, 4)
    }

    static func idNumberRule(_ count: Int, _ first: UInt8?) -> (head: Int, tail: Int)? { count > 10 ? (6, 4) : nil }
    static func nameRule(_ count: Int, _ first: UInt8?) -> (head: Int, tail: Int)? { count > 1 ? (1, 0) : nil }
    static func accountRule(_ count: Int, _ first: UInt8?) -> (head: Int, tail: Int)? { count > 4 ? (0, 4) : nil }
}

/// The kinds of personal data that are masked, so that a column or API field names how it is masked.
public enum PersonalField: String, Sendable, CaseIterable, Codable {
    case phone, idNumber = "id_no", name, account, address

    /// Applies this field's mask.
    public func mask(_ value: String) -> String {
        switch self {
        case .phone: Masking.phone(value)
        case .idNumber: Masking.idNumber(value)
        case .name: Masking.name(value)
        case .account: Masking.account(value)
        case .address: Masking.address(value)
        }
    }

    /// Appends the masked form of the UTF-8 `bytes` to `out`; a `|`-separated list (a person's phones)
    /// is masked item by item.
    public func mask(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "|") {
            if start > 0 { out.append(UInt8(ascii: "|")) }
            maskItem(UnsafeBufferPointer(rebasing: bytes[start..<index]), into: &out)
            start = index + 1
        }
    }

    private func maskItem(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        switch self {
        case .phone: Masking.appendMasked(bytes, to: &out, rule: Masking.phoneRule)
        case .idNumber: Masking.appendMasked(bytes, to: &out, rule: Masking.idNumberRule)
        case .name: Masking.appendMasked(bytes, to: &out, rule: Masking.nameRule)
        case .account: Masking.appendMasked(bytes, to: &out, rule: Masking.accountRule)
        case .address:
            let end = Masking.addressKept(bytes)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[..<end]))
            if end < bytes.count { out.append(contentsOf: "****".utf8) }
        }
    }
}
