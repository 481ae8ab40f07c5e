import Foundation
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
        var trimmed = trim(raw)
        // A `*` means masked. (`utf8.contains` went byte by byte through the generic path: a fifth of
        // this function on the graph load.)
        let masked = trimmed.withUTF8 { $0.isEmpty || memchr($0.baseAddress!, 0x2A, $0.count) != nil }
        guard !masked else { return nil }
        let normalized = AddressNormalizer.normalize(trimmed, divisions: divisions)
        // At least two characters after the divisions, counted no further than two.
        var rest = normalized.rest.unicodeScalars.makeIterator()
        guard rest.next() != nil, rest.next() != nil else { return nil }
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

    /// `raw` without leading and trailing ASCII or ideographic white space (U+3000 is E3 80 80).
    static func trim(_ raw: String) -> String {
        var bytes = raw
        return bytes.withUTF8 { trim(raw, $0) }
    }

    private static func trim(_ raw: String, _ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var start = 0
        var end = bytes.count
        func spaceLength(at i: Int) -> Int {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { return 1 }
            if b == 0xE3 && i + 2 < bytes.count && bytes[i + 1] == 0x80 && bytes[i + 2] == 0x80 { return 3 }
            return 0
        }
        while start < end {
            let n = spaceLength(at: start)
            if n == 0 { break }
            start += n
        }
        while end > start {
            let b = bytes[end - 1]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                end -= 1
            } else if end - 3 >= start && bytes[end - 3] == 0xE3 && bytes[end - 2] == 0x80 && b == 0x80 {
                end -= 3
            } else {
                break
            }
        }
        if start == 0 && end == bytes.count { return raw }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}

// MARK: Keys from bytes

/// The same keys read from UTF-8 bytes in place (a row cursor's text), for loads of millions of
/// rows: ASCII values (phones, waybill numbers, licences) are keyed without a `String`; anything else
/// goes through the `String` functions above, so both forms always agree.
extension EntityKeys {
    /// ``address(_:divisions:)`` of the UTF-8 text `bytes`, appended to `out`; false (and `out` as it
    /// was) where that gives nil. Leading and trailing white space need no trimming here: the
    /// normaliser drops white space.
    static func address(
        _ bytes: UnsafeBufferPointer<UInt8>, divisions: AdminDivisions, scratch: inout AddressNormalizer.Scratch,
        into out: inout [UInt8]
    ) -> Bool {
        guard !bytes.isEmpty, memchr(bytes.baseAddress!, 0x2A, bytes.count) == nil else { return false }
        let mark = out.count
        // At least two characters after the divisions.
        if AddressNormalizer.appendKey(utf8: bytes, divisions: divisions, scratch: &scratch, to: &out) >= 2 { return true }
        out.removeSubrange(mark...)
        return false
    }

    /// Whether `bytes` form a phone key (7–15 ASCII digits); the key is the bytes themselves.
    static func isPhoneKey(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 7 && bytes.count <= 15 else { return false }
        for byte in bytes where byte < 0x30 || byte > 0x39 { return false }
        return true
    }

    /// ``isMaskedPhone(_:)`` on bytes: an asterisk, `•` (E2 80 A2) or `●` (E2 97 8F).
    static func isMaskedPhone(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x2A { return true }
            if byte == 0xE2 && index + 2 < bytes.count
                && ((bytes[index + 1] == 0x80 && bytes[index + 2] == 0xA2) || (bytes[index + 1] == 0x97 && bytes[index + 2] == 0x8F)) {
                return true
            }
            index += 1
        }
        return false
    }

    /// ``compact(_:minimum:upperCase:)`` on bytes, written into `out`; false when the value is not a key.
    static func compact(_ bytes: UnsafeBufferPointer<UInt8>, minimum: Int, upperCase: Bool = true, into out: inout [UInt8]) -> Bool {
        out.removeAll(keepingCapacity: true)
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            guard let key = compact(String(decoding: bytes, as: UTF8.self), minimum: minimum, upperCase: upperCase) else { return false }
            out.append(contentsOf: key.utf8)
            return true
        }
        for var byte in bytes {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { continue }
            if byte == 0x2A { return false }
            if upperCase && byte >= 0x61 && byte <= 0x7A { byte -= 0x20 }
            out.append(byte)
        }
        return out.count >= minimum
    }
}
