import YanjianCore

/// Deterministic entity keys: the one spelling under which two records mention "the same" phone, ID
/// number, account, plate, licence, address or outlet. The importer already stores canonical phones,
/// ID numbers and plates; these functions add the last safety rules (masked values never join,
/// blanks and placeholders are not keys) and key addresses through Core's `AddressNormalizer`.
///
/// Every function returns nil when the value must not be used to link records.
public enum EntityKeys {
    /// A phone key: the stored digits when they form a full number (7–15 ASCII digits). Masked forms
    /// (`138****5678`), text the importer kept as written and service-length numbers are not keys.
    public static func phone(_ raw: String) -> String? {
        var digits = 0
        for byte in raw.utf8 {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            digits += 1
        }
        return digits >= 7 && digits <= 15 ? raw : nil
    }

    /// Whether a stored phone field holds a masked number (a value that must never join).
    public static func isMaskedPhone(_ raw: String) -> Bool {
        raw.utf8.contains { $0 == 0x2A } || raw.contains("•") || raw.contains("●")
    }

    /// An ID number key: upper-case, no spaces; nil when masked or too short to identify anyone.
    public static func idNumber(_ raw: String) -> String? {
        compact(raw, minimum: 15)
    }

    /// An account key (bank card, WeChat or Alipay id): half-width, no spaces; nil when masked or
    /// shorter than 6 characters.
    public static func account(_ raw: String) -> String? {
        guard let value = compact(raw, minimum: 6, upperCase: false) else { return nil }
        return value
    }

    /// A plate key (the importer stores plates normalised); nil when masked or shorter than 6.
    public static func plate(_ raw: String) -> String? {
        compact(raw, minimum: 6)
    }

    /// A licence, credit-code or waybill key.
    public static func code(_ raw: String) -> String? {
        compact(raw, minimum: 6)
    }

    /// A record identifier key (case number, person id): any non-empty identifier.
    public static func identifier(_ raw: String) -> String? {
        compact(raw, minimum: 1)
    }

    /// An outlet key: the outlet name without spaces.
    public static func outlet(_ raw: String) -> String? {
        compact(raw, minimum: 2, upperCase: false)
    }

    /// A name for resolution: trimmed, spaces removed; nil when empty, masked (`张*`) or a placeholder.
    public static func name(_ raw: String) -> String? {
        guard let value = compact(raw, minimum: 1, upperCase: false) else { return nil }
        if placeholderNames.contains(value) { return nil }
        return value
    }

    /// Names that say nobody in particular.
    static let placeholderNames: Set<String> = ["无", "未知", "不详", "先生", "女士", "小姐", "收件人", "寄件人", "客户", "NULL", "null", "-"]

    /// An address key from Core's normaliser (`adcode|rest`); nil when nothing specific is left after
    /// the administrative divisions (an address that names only a district is not a place to meet).
    public static func address(_ raw: String, divisions: AdminDivisions = .shared) -> String? {
        let trimmed = trim(raw)
        guard !trimmed.isEmpty, !trimmed.contains("*") else { return nil }
        let normalized = AddressNormalizer.normalize(trimmed, divisions: divisions)
        guard normalized.rest.unicodeScalars.count >= 2 else { return nil }
        return normalized.key
    }

    /// Splits a `|`-joined list field (`phones`, `accounts`…) into its items.
    public static func items(_ raw: String?) -> [String] {
        guard let raw, !raw.isEmpty else { return [] }
        return raw.split(separator: "|").map { trim(String($0)) }.filter { !$0.isEmpty }
    }

    /// Removes white space, folds full-width ASCII, optionally upper-cases; nil when masked or shorter
    /// than `minimum` characters.
    static func compact(_ raw: String, minimum: Int, upperCase: Bool = true) -> String? {
        var out = String.UnicodeScalarView()
        var count = 0
        for scalar in raw.unicodeScalars {
            var value = scalar.value
            if value == 0x3000 || value == 0x20 || value == 0x09 || value == 0x0A || value == 0x0D { continue }
            if value >= 0xFF01 && value <= 0xFF5E { value -= 0xFEE0 }
            if value == 0x2A { return nil }
            if upperCase && value >= 0x61 && value <= 0x7A { value -= 0x20 }
            guard let folded = Unicode.Scalar(value) else { continue }
            out.append(folded)
            count += 1
        }
        guard count >= minimum else { return nil }
        return String(out)
    }

    /// `raw` without leading and trailing ASCII or ideographic white space.
    static func trim(_ raw: String) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{3000}" }
        guard let first = raw.firstIndex(where: { !isSpace($0) }), let last = raw.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(raw[first...last])
    }
}
