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
        masked(value) { count, first in
            guard count >= 7 else { return nil }
            return (first == UInt8(ascii: "0") ? min(4, count - 4) : 3, 4)
        }
    }

    /// `610102199001011234` → `610102********1234`.
    public static func idNumber(_ value: String) -> String {
        masked(value) { count, _ in count > 10 ? (6, 4) : nil }
    }

    /// `张三` → `张*`, `欧阳娜娜` → `欧***`; a one-character name becomes `*`.
    public static func name(_ value: String) -> String {
        masked(value) { count, _ in count > 1 ? (1, 0) : nil }
    }

    /// A bank card or payment account: keeps the last four characters.
    public static func account(_ value: String) -> String {
        masked(value) { count, _ in count > 4 ? (0, 4) : nil }
    }

    /// An address keeps its first eight characters (province, city, district) and hides the rest.
    public static func address(_ value: String) -> String {
        var value = value
        return value.withUTF8 { bytes in
            var scalars = 0
            for (offset, byte) in bytes.enumerated() where byte & 0xC0 != 0x80 {
                if scalars == 8 {
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<offset]), as: UTF8.self) + "****"
                }
                scalars += 1
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Keeps the first `head` and last `tail` scalars that `rule(scalarCount, firstByte)` names and
    /// puts one `*` per hidden scalar between; a nil rule hides everything. One pass to count the
    /// scalars, the cut points found by walking from either end, the result written straight into
    /// the new string (a masked phone or name is short enough to need no allocation at all).
    static func masked(_ value: String, rule: (Int, UInt8?) -> (head: Int, tail: Int)?) -> String {
        var value = value
        return value.withUTF8 { bytes in
            var count = 0
            for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
            guard let (head, tail) = rule(count, bytes.first), head + tail <= count else {
                return String(repeating: "*", count: count)
            }
            // The byte offset where scalar `head` starts, and where the last `tail` scalars start.
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
            let stars = count - head - tail
            let length = headEnd + stars + (bytes.count - tailStart)
            return String(unsafeUninitializedCapacity: length) { out in
                var o = 0
                for i in 0..<headEnd { out[o] = bytes[i]; o += 1 }
                for _ in 0..<stars { out[o] = UInt8(ascii: "*"); o += 1 }
                for i in tailStart..<bytes.count { out[o] = bytes[i]; o += 1 }
                return o
            }
        }
    }
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
}
