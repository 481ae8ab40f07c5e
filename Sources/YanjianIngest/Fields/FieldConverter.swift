import Foundation
import YanjianCore
import YanjianStore

/// What became of one field.
enum FieldResult {
    /// Absent or blank.
    case empty
    /// A valid value; `normalised` when stored in a spelling other than the source's.
    case valid(SQLValue, normalised: Bool)
    /// A valid value worth a warning (an adcode missing from the bundled table).
    case validWithWarning(SQLValue, String)
    /// Not valid, but kept as written (phones, ID numbers, plates…) with a warning.
    case kept(SQLValue, String)
    /// Not acceptable: the record is rejected with this reason.
    case rejected(String)
}

/// Turns one trimmed field into a stored value according to its `FieldConversion`.
///
/// Reasons never repeat personal values (phones, ID numbers): the report names the file, line and
/// record identifier instead.
enum FieldConverter {
    static func convert(_ bytes: UnsafeBufferPointer<UInt8>, _ conversion: FieldConversion, entityKind: String?) -> FieldResult {
        guard bytes.count > 0 else { return .empty }
        switch conversion {
        case .text:
            return .valid(.text(string(bytes)), normalised: false)
        case .phone:
            return phone(bytes)
        case .phoneList:
            return list(bytes, phone)
        case .residentID:
            return residentID(bytes)
        case .creditCode:
            return creditCode(bytes)
        case .licenceNo:
            return licenceNo(bytes)
        case .waybillNo:
            return waybillNo(bytes)
        case .plate:
            return plate(bytes)
        case .plateList:
            return list(bytes, plate)
        case .adcode:
            return adcode(bytes)
        case .integer(let minimum):
            guard let value = FieldParsers.integer(bytes) else { return .rejected("not a whole number: \(quoted(bytes))") }
            if let minimum, value < minimum {
                return .rejected(minimum == 0 ? "must not be negative: \(value)" : "must be at least \(minimum): \(value)")
            }
            return .valid(.int(value), normalised: false)
        case .money:
            var amount = FieldParsers.fen(bytes)
            var normalised = false
            if case .failure(.notANumber) = amount, let plain = FieldParsers.plainAmount(bytes) {
                // `¥1,234.50`, `12.50元`: the same amount without its currency mark and separators.
                amount = plain.withUnsafeBufferPointer { FieldParsers.fen($0) }
                normalised = true
            }
            switch amount {
            case .success(let fen): return .valid(.int(fen), normalised: normalised)
            case .failure(.negative): return .rejected("must not be negative: \(quoted(bytes))")
            case .failure(.fractionOfFen): return .rejected("more than two decimals (fractions of a fen): \(quoted(bytes))")
            case .failure(.tooLarge): return .rejected("amount too large: \(quoted(bytes))")
            case .failure(.notANumber): return .rejected("not an amount in yuan (digits and a decimal point): \(quoted(bytes))")
            }
        case .timestamp:
            guard let seconds = Timestamp.parse(buffer: bytes) else {
                return .rejected("not a valid time (expected 2026-03-01T21:15:00+08:00 or 2026-03-01 21:15:00): \(quoted(bytes))")
            }
            return .valid(.int(seconds), normalised: false)
        case .date:
            guard let (text, normalised) = FieldParsers.date(bytes) else {
                return .rejected("not a real calendar date (expected YYYY-MM-DD): \(quoted(bytes))")
            }
            return .valid(.text(text), normalised: normalised)
        case .flag:
            guard let (value, normalised) = FieldParsers.flag(bytes) else { return .rejected("expected 1 or 0: \(quoted(bytes))") }
            return .valid(.int(value), normalised: normalised)
        case .code(let table):
            guard let (code, normalised) = table.match(bytes) else {
                return .rejected("unknown \(table.name) \(quoted(bytes)): expected \(table.allowedText)")
            }
            return .valid(.text(code), normalised: normalised)
        case .softCode(let table):
            guard let (code, normalised) = table.match(bytes) else {
                return .kept(.text(string(bytes)), "unknown \(table.name) \(quoted(bytes)) kept as written; expected \(table.allowedText)")
            }
            return .valid(.text(code), normalised: normalised)
        case .real(let range):
            guard let value = FieldParsers.real(bytes) else { return .rejected("not a number: \(quoted(bytes))") }
            guard range.contains(value) else {
                return .rejected("out of range \(format(range.lowerBound))…\(format(range.upperBound)): \(quoted(bytes))")
            }
            return .valid(.double(value), normalised: false)
        case .entityValue:
            switch entityKind {
            case CaseEntityKind.phone.code: return phone(bytes)
            case CaseEntityKind.idNo.code: return residentID(bytes)
            case CaseEntityKind.plate.code: return plate(bytes)
            case CaseEntityKind.waybillNo.code: return waybillNo(bytes)
            case CaseEntityKind.licenceNo.code: return licenceNo(bytes)
            default: return .valid(.text(string(bytes)), normalised: false)
            }
        }
    }

    // MARK: Identifiers

    static func phone(_ bytes: UnsafeBufferPointer<UInt8>) -> FieldResult {
        // Fast path: already the canonical 11-digit mobile form.
        if bytes.count == 11, bytes[0] == 0x31, bytes[1] >= 0x33, bytes[1] <= 0x39, bytes.allSatisfy({ $0 &- 0x30 < 10 }) {
            return .valid(.text(string(bytes)), normalised: false)
        }
        let source = string(bytes)
        switch PhoneObservation.parse(source) {
        case .full(let number):
            return .valid(.text(number.digits), normalised: number.digits != source)
        case .masked:
            return .valid(.text(source), normalised: false)
        case nil:
            return .kept(.text(source), "not a phone number; kept as written")
        }
    }

    static func residentID(_ bytes: UnsafeBufferPointer<UInt8>) -> FieldResult {
        let source = string(bytes)
        do {
            let id = try ResidentID(validating: source)
            return .valid(.text(id.value), normalised: id.value != source)
        } catch .masked {
            return .valid(.text(source), normalised: false)
        } catch {
            return .kept(.text(source), "not a valid resident ID number (\(error)); kept as written")
        }
    }

    static func creditCode(_ bytes: UnsafeBufferPointer<UInt8>) -> FieldResult {
        let source = string(bytes)
        do {
            let code = try CreditCode(validating: source)
            return .valid(.text(code.value), normalised: code.value != source)
        } catch {
            return .kept(.text(source), "not a valid unified social credit code (\(error)); kept as written")
        }
    }

    static func licenceNo(_ bytes: UnsafeBufferPointer<UInt8>) -> FieldResult {
        if bytes.count <= 40, bytes.allSatisfy(isUpperAlphanumeric) { return .valid(.text(string(bytes)), normalised: false) }
        let source = string(bytes)
        do {
            let licence = try LicenceNo(validating: source)
            return .valid(.text(licence.value), normalised: licence.value != source)
        } catch {
            return .kept(.text(source), "not a valid licence number (\(error)); kept as written")
        }
    }

    static func waybillNo(_ bytes: UnsafeBufferPointer<UInt8>) -> FieldResult {
        if bytes.count >= 6, bytes.count <= 32, bytes.allSatisfy(isUpperAlphanumeric) {
            return .valid(.text(string(bytes)), normalised: false)
        }
        let source = string(bytes)
        do {
            let number = try WaybillNo(validating: source)
            return .valid(.text(number.value), normalised: number.value != source)
        } catch {
            return .kept(.text(source), "not a valid waybill number (\(error)); kept as written")
        }
    }

    static func plate(_ bytes: UnsafeBufferPointer<UInt8>) -> FieldResult {
        let source = string(bytes)
        do {
            let plate = try Plate(validating: source)
            return .valid(.text(plate.value), normalised: plate.value != source)
        } catch {
            // Kept cleaned as a valid plate is (full-width folded, upper case, no separators), so that
            // two spellings of one misread agree.
            let cleaned = Plate.cleaned(source)
            guard !cleaned.isEmpty, cleaned != source else {
                return .kept(.text(source), "not a valid plate (\(error)); kept as written")
            }
            return .kept(.text(cleaned), "not a valid plate (\(error)); kept as \(cleaned)")
        }
    }

    static func adcode(_ bytes: UnsafeBufferPointer<UInt8>) -> FieldResult {
        let source = string(bytes)
        guard let code = try? Adcode(validating: source) else { return .rejected("not a 6-digit adcode: \(quoted(bytes))") }
        guard code.isKnown else {
            return .validWithWarning(.text(code.value), "adcode \(code.value) is not in the bundled division table (kept)")
        }
        return .valid(.text(code.value), normalised: code.value != source)
    }

    /// `|`-joined values, each converted by `element`; empty elements are dropped. Valid when every
    /// element is; otherwise kept with the first element's warning.
    static func list(_ bytes: UnsafeBufferPointer<UInt8>, _ element: (UnsafeBufferPointer<UInt8>) -> FieldResult) -> FieldResult {
        var parts: [String] = []
        var normalised = false
        var warning: String?
        var start = 0
        var i = 0
        while i <= bytes.count {
            if i == bytes.count || bytes[i] == 0x7C {
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<i])
                let item = FieldParsers.trimmed(raw)
                if item.count != raw.count { normalised = true }
                switch element(item) {
                case .empty: normalised = true
                case .valid(let value, let changed):
                    parts.append(value.text ?? "")
                    normalised = normalised || changed
                case .validWithWarning(let value, let reason), .kept(let value, let reason):
                    parts.append(value.text ?? "")
                    if warning == nil { warning = "item \(parts.count): \(reason)" }
                case .rejected(let reason):
                    if warning == nil { warning = "item \(parts.count + 1): \(reason)" }
                }
                start = i + 1
            }
            i += 1
        }
        let joined = parts.joined(separator: "|")
        if parts.isEmpty { return .empty }
        if let warning { return .kept(.text(joined), warning) }
        return .valid(.text(joined), normalised: normalised)
    }

    // MARK: Helpers

    /// The bytes as a `String`: invalid UTF-8 becomes U+FFFD, and NUL characters (which PostgreSQL
    /// refuses in text) are dropped.
    @inline(__always)
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if let base = bytes.baseAddress, memchr(base, 0, bytes.count) != nil {
            return String(decoding: bytes.filter { $0 != 0 }, as: UTF8.self)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @inline(__always)
    static func isUpperAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A)
    }

    /// The value in quotes, cut to 40 characters, for reasons.
    static func quoted(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let text = string(bytes)
        return text.count > 40 ? "'\(text.prefix(40))…'" : "'\(text)'"
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
