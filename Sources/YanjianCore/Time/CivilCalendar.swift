/// Proleptic Gregorian calendar arithmetic on plain integers (Howard Hinnant's `days_from_civil`
/// and `civil_from_days`), used by the timestamp parser, the ID-number birth date check and the
/// generators, so none of them needs `Calendar` or `DateFormatter`.
public enum CivilCalendar {
    /// Whether `year` is a Gregorian leap year.
    @inlinable
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days in `month` (1–12) of `year`; 0 for a month outside 1–12.
    @inlinable
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    /// Whether year-month-day names a real calendar date.
    @inlinable
    public static func isValidDate(year: Int, month: Int, day: Int) -> Bool {
        day >= 1 && day <= daysInMonth(year: year, month: month)
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (negative before the epoch).
    @inlinable
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day count since 1970-01-01; the inverse of ``daysFromCivil(year:month:day:)``.
    @inlinable
    public static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Day of the week for a day count since 1970-01-01: 1 = Monday … 7 = Sunday (ISO 8601).
    @inlinable
    public static func isoWeekday(days: Int) -> Int {
        // 1970-01-01 was a Thursday (4).
        let w = (days % 7 + 7 + 3) % 7
        return w + 1
    }
}
