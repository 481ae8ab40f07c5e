import Testing
@testable import YanjianIngest
import YanjianStore

/// Runs `body` over the UTF-8 bytes of `text`.
func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    Array(text.utf8).withUnsafeBufferPointer(body)
}

/// The stored value when `text` converts to a valid value, else nil.
func stored(_ text: String, _ conversion: FieldConversion, entityKind: String? = nil) -> SQLValue? {
    switch withBytes(text, { FieldConverter.convert(FieldParsers.trimmed($0), conversion, entityKind: entityKind) }) {
    case .valid(let value, _), .validWithWarning(let value, _): value
    case .empty, .kept, .rejected: nil
    }
}

/// The reject reason, or nil when the value is not rejected.
func rejection(_ text: String, _ conversion: FieldConversion) -> String? {
    if case .rejected(let reason) = withBytes(text, { FieldConverter.convert(FieldParsers.trimmed($0), conversion, entityKind: nil) }) {
        return reason
    }
    return nil
}

@Suite("Field conversions of the importer")
struct FieldConverterTests {
    @Test("Yuan become exact integer fen", arguments: [
        ("12", 1200), ("12.5", 1250), ("12.50", 1250), ("0.29", 29), (".5", 50), ("+3.10", 310), ("0.070", 7),
        ("1234567.89", 123_456_789),
    ] as [(String, Int64)])
    func money(text: String, fen: Int64) {
        #expect(stored(text, .money) == .int(fen))
    }

    @Test("Amounts with a currency mark or thousands separators are the same amounts, counted as normalised", arguments: [
        ("¥12.50", 1250), ("￥12", 1200), ("12.50元", 1250), ("12.5 元", 1250), ("RMB 12.5", 1250), ("cny12", 1200),
        ("1,234.50", 123_450), ("￥1,000", 100_000), ("1,234,567.89元", 123_456_789), ("¥ 0.29", 29),
    ] as [(String, Int64)])
    func markedMoney(text: String, fen: Int64) {
        let result = withBytes(text) { FieldConverter.convert($0, .money, entityKind: nil) }
        guard case .valid(let value, let normalised) = result else {
            Issue.record("\(text): \(result)")
            return
        }
        #expect(value == .int(fen), "\(text)")
        #expect(normalised, "\(text)")
    }

    @Test("Bad amounts are rejected with a reason", arguments: [
        "-1", "12.345", "1,00", "12,50", "1.234,50", "1,2345", ",123", "123,", "¥", "元", "¥-3", "$12", "¥12.345", "abc", ".",
        "99999999999999999999", "12元5",
    ])
    func badMoney(text: String) {
        #expect(rejection(text, .money) != nil)
    }

    @Test("Dates are checked against the calendar and written YYYY-MM-DD")
    func dates() {
        #expect(stored("2026-03-01", .date) == .text("2026-03-01"))
        #expect(stored("2026/3/1", .date) == .text("2026-03-01"))
        #expect(stored("2024-02-29", .date) == .text("2024-02-29"))
        #expect(rejection("2026-02-30", .date)?.contains("calendar") == true)
        #expect(rejection("2025-02-29", .date) != nil)
        #expect(rejection("1800-01-01", .date) != nil)
        #expect(rejection("01/03/2026", .date) != nil)
    }

    @Test("Times without an offset are Asia/Shanghai; with one they are taken as written")
    func timestamps() {
        #expect(stored("2026-03-01 21:15:00", .timestamp) == .int(1_772_370_900))
        #expect(stored("2026-03-01T21:15:00+08:00", .timestamp) == .int(1_772_370_900))
        #expect(stored("2026-03-01T13:15:00Z", .timestamp) == .int(1_772_370_900))
        #expect(rejection("2026-03-01 24:00:00", .timestamp) != nil)
        #expect(rejection("yesterday", .timestamp) != nil)
    }

    @Test("Whole numbers respect their minimum")
    func integers() {
        #expect(stored("12", .integer(minimum: 0)) == .int(12))
        #expect(rejection("-5", .integer(minimum: 0))?.contains("negative") == true)
        #expect(rejection("1.5", .integer(minimum: 0)) != nil)
        #expect(stored("-5", .integer(minimum: nil)) == .int(-5))
    }

    @Test("Flags accept 1/0 and common spellings")
    func flags() {
        #expect(stored("1", .flag) == .int(1))
        #expect(stored("0", .flag) == .int(0))
        #expect(stored("true", .flag) == .int(1))
        #expect(stored("否", .flag) == .int(0))
        #expect(rejection("2", .flag) != nil)
    }

    @Test("Coordinates and confidences are range-checked")
    func reals() {
        #expect(stored("34.25", .real(-90...90)) == .double(34.25))
        #expect(rejection("91", .real(-90...90))?.contains("range") == true)
        #expect(rejection("1.5", .real(0...1)) != nil)
        #expect(rejection("NaN", .real(0...1)) != nil)
    }

    @Test("Codes come from their closed set; aliases map to the code; unknown codes are rejected")
    func codes() {
        #expect(stored("便利店", .code(.businessType)) == .text("便利店"))
        #expect(stored("顺丰速运", .code(.courier)) == .text("顺丰"))
        #expect(stored("police", .code(.department)) == .text("公安"))
        #expect(rejection("小卖部", .code(.businessType))?.contains("便利店") == true)
    }

    @Test("Phones are reduced to digits; masked and unreadable ones are kept as written")
    func phones() {
        #expect(stored("+86 138-1234-5678", .phone) == .text("13812345678"))
        #expect(stored("008613812345678", .phone) == .text("13812345678"))
        #expect(stored("(0536)1234567", .phone) == .text("05361234567"))
        #expect(stored("138****5678", .phone) == .text("138****5678"))
        let unreadable = withBytes("call me", { FieldConverter.convert($0, .phone, entityKind: nil) })
        guard case .kept(let value, let reason) = unreadable else {
            Issue.record("an unreadable phone should be kept")
            return
        }
        #expect(value == .text("call me"))
        #expect(!reason.contains("call me"))
    }

    @Test("ID numbers: a legacy 15-digit number is upgraded, a masked one kept, an invalid one kept with a warning")
    func residentIDs() {
        #expect(stored("610502680224062", .residentID) == .text("610502196802240622"))
        #expect(stored("61011320010815128x", .residentID) == .text("61011320010815128X"))
        #expect(stored("3707**********3418", .residentID) == .text("3707**********3418"))
        if case .kept = withBytes("370702198503123419", { FieldConverter.convert($0, .residentID, entityKind: nil) }) {
        } else {
            Issue.record("a bad check digit should be kept with a warning")
        }
    }

    @Test("Plates are upper-cased without separators; case link values follow their kind")
    func plates() {
        #expect(stored("陕a·12345", .plate) == .text("陕A12345"))
        #expect(stored("粤Ｂ　Ｄ１２３４５", .plate) == .text("粤BD12345"))
        #expect(stored("陕A·12345 | 陕E 11111", .plateList) == .text("陕A12345|陕E11111"))
        #expect(stored("+86 138 1234 5678", .entityValue, entityKind: "phone") == .text("13812345678"))
        #expect(stored("sf 1234-5678-9012", .entityValue, entityKind: "waybill_no") == .text("SF123456789012"))
        #expect(stored("某地址", .entityValue, entityKind: "address") == .text("某地址"))
    }

    @Test("Dates in other spellings, and dates exported with a time, are stored as YYYY-MM-DD", arguments: [
        ("2026-03-01", "2026-03-01"), ("2026.03.01", "2026-03-01"), ("2026年3月1日", "2026-03-01"), ("2026/3/1", "2026-03-01"),
        ("2026-03-01 00:00:00", "2026-03-01"), ("2026-03-01T23:30:00+08:00", "2026-03-01"), ("2026-03-01T23:30:00Z", "2026-03-02"),
    ] as [(String, String)])
    func dates(text: String, date: String) {
        #expect(stored(text, .date) == .text(date), "\(text)")
    }

    @Test("Text that is neither a date nor a date and time is refused as a date", arguments: [
        "2026年3月1日 9时", "03/01/2026", "2026-02-30 00:00:00", "1764548890", "2026年3月",
    ])
    func badDates(text: String) {
        #expect(rejection(text, .date) != nil)
    }

    @Test("A plate that does not validate is kept cleaned, so spellings of one misread agree")
    func misreadPlates() {
        for spelling in ["陕D0W4324", "陕D 0W4324", "陕d·0w4324", "陕Ｄ０Ｗ４３２４"] {
            let result = withBytes(spelling) { FieldConverter.convert($0, .plate, entityKind: nil) }
            guard case .kept(let value, let warning) = result else {
                Issue.record("\(spelling): \(result)")
                continue
            }
            #expect(value == .text("陕D0W4324"), "\(spelling)")
            #expect(warning.contains("not a valid plate"))
        }
        // Nothing left after cleaning: kept as written.
        if case .kept(let value, let warning) = withBytes("··", { FieldConverter.convert($0, .plate, entityKind: nil) }) {
            #expect(value == .text("··"))
            #expect(warning.hasSuffix("kept as written"))
        } else {
            Issue.record("·· was not kept")
        }
    }

    @Test("An adcode must be six digits; an unknown one is kept with a warning")
    func adcodes() {
        #expect(stored("610113", .adcode) == .text("610113"))
        #expect(rejection("61011", .adcode) != nil)
        if case .validWithWarning = withBytes("619999", { FieldConverter.convert($0, .adcode, entityKind: nil) }) {
        } else {
            Issue.record("an unknown adcode should be kept with a warning")
        }
    }

    @Test("Trimming removes ASCII and ideographic spaces; NUL characters are dropped")
    func trimming() {
        #expect(stored("\u{3000} 中华 \t", .text) == .text("中华"))
        #expect(withBytes("   ", { FieldParsers.trimmed($0).count }) == 0)
        #expect(stored("a\u{0}b", .text) == .text("ab"))
    }
}
