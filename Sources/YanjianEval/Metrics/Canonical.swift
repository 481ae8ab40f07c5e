/// The canonical spelling of a value, applied to truth and findings alike before they are compared, so
/// that `+86 138-1234-5678` in one file meets `13812345678` in the other.
///
/// A deliberately small copy of the rules in the interchange format ("Values are canonical"): the scorer
/// must not depend on the validators it judges, and it never rejects a value, it only normalises it.
enum Canonical {
    /// Entity kinds that gang scoring counts; every other member kind is informational.
    static let scoredMemberKinds: Set<String> = ["phone", "id_no", "account"]

    /// The canonical value of `raw` for an entity of `kind` (`phone`, `id_no`, `plate`, `account`…).
    static func value(kind: String, _ raw: String) -> String {
        switch kind {
        case "phone": phone(raw)
        case "id_no": idNumber(raw)
        case "plate": plate(raw)
        default: trimmed(raw)
        }
    }

    /// A key naming an entity of a kind, so that a phone and an account with the same digits stay apart.
    static func key(kind: String, _ raw: String) -> String {
        kind + "\u{1F}" + value(kind: kind, raw)
    }

    /// Digits only; a leading `86` or `0086` country code is dropped from a mainland mobile number.
    static func phone(_ raw: String) -> String {
        var digits: [UInt8] = []
        digits.reserveCapacity(16)
        for scalar in halfWidth(raw).unicodeScalars where scalar.value >= 0x30 && scalar.value <= 0x39 {
            digits.append(UInt8(scalar.value))
        }
        let eight = UInt8(ascii: "8"), six = UInt8(ascii: "6"), one = UInt8(ascii: "1"), zero = UInt8(ascii: "0")
        if digits.count == 13, digits[0] == eight, digits[1] == six, digits[2] == one {
            digits.removeFirst(2)
        } else if digits.count == 15, digits[0] == zero, digits[1] == zero, digits[2] == eight, digits[3] == six,
            digits[4] == one
        {
            digits.removeFirst(4)
        }
        return String(decoding: digits, as: UTF8.self)
    }

    /// Half-width, no spaces, upper-case (the check character `x` becomes `X`).
    static func idNumber(_ raw: String) -> String {
        String(String.UnicodeScalarView(halfWidth(raw).unicodeScalars.filter { !isSpace($0) })).uppercased()
    }

    /// Half-width, upper-case, without spaces and the separators people write (`·`, `•`, `-`, `.`).
    static func plate(_ raw: String) -> String {
        let separators: Set<UInt32> = [0x20, 0x2D, 0x2E, 0xB7, 0x2022, 0x30FB, 0x2027]
        let kept = halfWidth(raw).unicodeScalars.filter { !isSpace($0) && !separators.contains($0.value) }
        return String(String.UnicodeScalarView(kept)).uppercased()
    }

    /// Half-width and trimmed of surrounding white space.
    static func trimmed(_ raw: String) -> String {
        let scalars = Array(halfWidth(raw).unicodeScalars)
        var start = 0
        var end = scalars.count
        while start < end, isSpace(scalars[start]) { start += 1 }
        while end > start, isSpace(scalars[end - 1]) { end -= 1 }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }

    /// Maps full-width ASCII forms (U+FF01…U+FF5E) and the ideographic space to their ASCII counterparts.
    static func halfWidth(_ raw: String) -> String {
        var needsWork = false
        for scalar in raw.unicodeScalars where scalar.value == 0x3000 || (0xFF01...0xFF5E).contains(scalar.value) {
            needsWork = true
            break
        }
        guard needsWork else { return raw }
        var out = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: out.append(Unicode.Scalar(UInt8(truncatingIfNeeded: scalar.value - 0xFEE0)))
            case 0x3000: out.append(" ")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x3000, 0xFEFF, 0x2000...0x200B: true
        default: false
        }
    }
}
