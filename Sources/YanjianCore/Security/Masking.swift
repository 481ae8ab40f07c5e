/// Hides the middle of personal data for display (脱敏), the same way on every screen, export and log.
///
/// The shapes follow common practice in Chinese public-sector systems: a phone keeps its first three
/// and last four digits (`138****5678`), an ID number its first six and last four
/// (`610102********1234`), a name its first character (`张*`).
public enum Masking {
    /// `13812345678` → `138****5678`; a landline keeps its area code and last four digits.
    public static func phone(_ value: String) -> String {
        let chars = Array(value)
        guard chars.count >= 7 else { return String(repeating: "*", count: chars.count) }
        let keepHead = chars.first == "0" ? min(4, chars.count - 4) : 3
        return String(chars[..<keepHead]) + String(repeating: "*", count: chars.count - keepHead - 4)
            + String(chars[(chars.count - 4)...])
    }

    /// `610102199001011234` → `610102********1234`.
    public static func idNumber(_ value: String) -> String {
        let chars = Array(value)
        guard chars.count > 10 else { return String(repeating: "*", count: chars.count) }
        return String(chars[..<6]) + String(repeating: "*", count: chars.count - 10) + String(chars[(chars.count - 4)...])
    }

    /// `张三` → `张*`, `欧阳娜娜` → `欧***`; a one-character name becomes `*`.
    public static func name(_ value: String) -> String {
        guard let first = value.first else { return "" }
        if value.count == 1 { return "*" }
        return String(first) + String(repeating: "*", count: value.count - 1)
    }

    /// A bank card or payment account: keeps the last four characters.
    public static func account(_ value: String) -> String {
        let chars = Array(value)
        guard chars.count > 4 else { return String(repeating: "*", count: chars.count) }
        return String(repeating: "*", count: chars.count - 4) + String(chars[(chars.count - 4)...])
    }

    /// An address keeps its first eight characters (province, city, district) and hides the rest.
    public static func address(_ value: String) -> String {
        guard value.count > 8 else { return value }
        return String(value.prefix(8)) + "****"
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
