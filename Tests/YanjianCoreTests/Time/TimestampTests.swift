import Testing
import YanjianCore

@Suite("Timestamp")
struct TimestampTests {
    /// 2026-03-01T21:15:00+08:00 = 2026-03-01T13:15:00Z.
    static let reference: Int64 = 1_772_370_900

    @Test(
        "Every accepted spelling of 2026-03-01 21:15:00 in Shanghai gives the same instant",
        arguments: [
            "2026-03-01T21:15:00+08:00", "2026-03-01T13:15:00Z", "2026-03-01T13:15:00z", "2026-03-01T21:15:00+0800",
            "2026-03-01T21:15:00+08", "2026-03-01T21:15:00.000+08:00", "2026-03-01T21:15:00.999999+08:00",
            "2026-03-01T21:15:00,5+08:00", "2026-03-01 21:15:00", "2026-03-01T21:15:00", "2026/03/01 21:15:00",
            "2026/03/01 21:15", "2026/3/1 21:15", "2026-3-1 21:15:00", "20260301211500", " 2026-03-01 21:15:00 ",
            "2026-03-01T21:15", "2026-03-01T06:15:00-07:00", "2026-03-01T18:45:00+05:30", "2026-03-01 21:15:00 +08:00",
            "2026-03-01  21:15:00", "2026.03.01 21:15:00", "2026.3.1 21:15", "2026年03月01日 21:15:00", "2026年3月1日21:15",
            "2026年3月1日21时15分00秒", "2026年3月1日 21时15分", "2026年3月1号 21点15分",
        ])
    func spellings(_ text: String) {
        #expect(Timestamp.parse(text) == Self.reference)
        #expect(Timestamp.parse(Array(text.utf8)) == Self.reference)
    }

    @Test("Single-digit hours parse in slash form")
    func singleDigitHour() {
        #expect(Timestamp.parse("2026/3/1 9:05") == Timestamp.make(year: 2026, month: 3, day: 1, hour: 9, minute: 5))
    }

    @Test(
        "Impossible or malformed timestamps are rejected",
        arguments: [
            "", "2026-02-30 10:00:00", "2025-02-29 10:00:00", "2026-13-01 10:00:00", "2026-00-10 10:00:00",
            "2026-03-00 10:00:00", "2026-03-01 24:00:00", "2026-03-01 23:60:00", "2026-03-01 23:59:60",
            "2026-03-01", "2026-03-01T", "2026-03-01 21:15:00+25:00", "2026-03-01 21:15:00+08:60",
            "2026-03-01 21:15:00 GMT", "2026-03-01x21:15:00", "2026-03/01 21:15:00", "2026-03-01 21:15:0",
            "202603012115", "202602300000000", "20260230101010", "2026-03-01 21:15:00.", "abcd-ef-gh 21:15:00",
            "2026-03-01 21:15:00+08:00x", "2026-03-01 21:5:00", "2026.03-01 21:15:00", "2026年3月1日 21时",
            "2026年3月1日 晚上9点15分", "2026年13月1日 21:15", "2026年3月1日", "２０２６年3月1日 21:15", "2026年3月",
        ])
    func rejects(_ text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test("Leap days are accepted in leap years only")
    func leapDays() {
        #expect(Timestamp.parse("2024-02-29 00:00:00") != nil)
        #expect(Timestamp.parse("2000-02-29 00:00:00") != nil)
        #expect(Timestamp.parse("1900-02-29 00:00:00") == nil)
    }

    @Test("Formatting writes Shanghai time with its offset")
    func formatting() {
        #expect(Timestamp.format(Self.reference) == "2026-03-01T21:15:00+08:00")
        #expect(Timestamp.format(0) == "1970-01-01T08:00:00+08:00")
        #expect(Timestamp.format(-1) == "1970-01-01T07:59:59+08:00")
        #expect(Timestamp.formatDate(Self.reference) == "2026-03-01")
        #expect(Timestamp.formatDate(Int64(16 * 3600)) == "1970-01-02")
        #expect(Timestamp.formatDate(days: 0) == "1970-01-01")
        #expect(Timestamp.formatDate(days: -1) == "1969-12-31")
        #expect(Timestamp.localHour(Self.reference) == 21)
        let local = Timestamp.local(Self.reference)
        #expect(local.year == 2026 && local.month == 3 && local.day == 1 && local.hour == 21 && local.minute == 15)
        #expect(local.weekday == 7)  // 2026-03-01 is a Sunday.
    }

    @Test("Dates parse in three spellings and reject impossible days")
    func dates() throws {
        for text in ["2026-03-01", "2026/03/01", "2026/3/1", "20260301", " 2026-03-01 ", "2026.03.01", "2026.3.1", "2026年3月1日",
                     "2026年03月01日", "2026年3月1号"] {
            let date = try #require(Timestamp.parseDate(text), "\(text)")
            #expect(date.year == 2026 && date.month == 3 && date.day == 1)
            #expect(Timestamp.parseDays(text) == 20_513)
        }
        for text in ["2026-02-30", "20260230", "2026-3", "2026-03-01 10:00", "", "2026-13-01", "2026年2月30日", "2026.03/01",
                     "2026年3月", "2026年3月1日下午"] {
            #expect(Timestamp.parseDate(text) == nil, "\(text)")
        }
    }

    @Test("parse(format(x)) == x for 5,000 seeded random instants, and formatting is stable")
    func roundTrip() throws {
        var rng = SplitMix64(seed: 20_260_301)
        let low: Int64 = -2_208_988_800  // 1900-01-01Z
        let span: UInt64 = 6_311_390_400  // through 2099
        for _ in 0..<5_000 {
            let x = low + Int64(rng.next() % span)
            let text = Timestamp.format(x)
            #expect(Timestamp.parse(text) == x, "seed 20260301 x=\(x) text=\(text)")
            let days = Int((x + Timestamp.shanghaiOffsetSeconds) >= 0 ? (x + 28_800) / 86_400 : (x + 28_800 - 86_399) / 86_400)
            #expect(Timestamp.parseDays(Timestamp.formatDate(days: days)) == days)
        }
    }

    @Test("Civil-calendar conversion agrees with a naive day count")
    func civil() {
        var days = CivilCalendar.daysFromCivil(year: 1899, month: 12, day: 31)
        for year in 1900...2100 {
            for month in 1...12 {
                for day in 1...CivilCalendar.daysInMonth(year: year, month: month) {
                    days += 1
                    #expect(CivilCalendar.daysFromCivil(year: year, month: month, day: day) == days)
                }
            }
        }
        #expect(CivilCalendar.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
        let back = CivilCalendar.civilFromDays(20_513)
        #expect(back.year == 2026 && back.month == 3 && back.day == 1)
    }
}
