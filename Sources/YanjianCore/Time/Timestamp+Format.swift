extension Timestamp {
    /// Wall-clock fields of an instant in Asia/Shanghai.
    public struct LocalTime: Sendable, Hashable {
        public var year: Int
        public var month: Int
        public var day: Int
        public var hour: Int
        public var minute: Int
        public var second: Int
        /// Days since 1970-01-01 of the local date.
        public var days: Int
        /// ISO weekday of the local date, 1 = Monday … 7 = Sunday.
        public var weekday: Int { CivilCalendar.isoWeekday(days: days) }
        /// Seconds since local midnight.
        public var secondOfDay: Int { hour * 3600 + minute * 60 + second }

        /// Creates the fields; ``Timestamp/local(_:)`` is the usual source.
        public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, days: Int) {
            self.year = year
            self.month = month
            self.day = day
            self.hour = hour
            self.minute = minute
            self.second = second
            self.days = days
        }
    }

    /// Splits an instant into Asia/Shanghai wall-clock fields.
    @inlinable
    public static func local(_ seconds: Int64) -> LocalTime {
        let shifted = seconds + shanghaiOffsetSeconds
        let days = shifted >= 0 ? shifted / 86_400 : (shifted - 86_399) / 86_400
        let rest = Int(shifted - days * 86_400)
        let date = CivilCalendar.civilFromDays(Int(days))
        return LocalTime(
            year: date.year, month: date.month, day: date.day, hour: rest / 3600, minute: rest % 3600 / 60,
            second: rest % 60, days: Int(days))
    }

    /// Local hour (0–23) in Asia/Shanghai, for night windows.
    @inlinable
    public static func localHour(_ seconds: Int64) -> Int {
        let shifted = seconds + shanghaiOffsetSeconds
        let rest = ((shifted % 86_400) + 86_400) % 86_400
        return Int(rest / 3600)
    }

    /// Formats an instant as `2026-03-01T21:15:00+08:00` (Asia/Shanghai).
    public static func format(_ seconds: Int64) -> String {
        let t = local(seconds)
        guard t.year >= 0 && t.year <= 9999 else {
            return "\(t.year)-\(pad2(t.month))-\(pad2(t.day))T\(pad2(t.hour)):\(pad2(t.minute)):\(pad2(t.second))+08:00"
        }
        return String(unsafeUninitializedCapacity: 25) { buffer in
            var p = 0
            write4(buffer, &p, t.year)
            buffer[p] = 0x2D; p += 1
            write2(buffer, &p, t.month)
            buffer[p] = 0x2D; p += 1
            write2(buffer, &p, t.day)
            buffer[p] = 0x54; p += 1
            write2(buffer, &p, t.hour)
            buffer[p] = 0x3A; p += 1
            write2(buffer, &p, t.minute)
            buffer[p] = 0x3A; p += 1
            write2(buffer, &p, t.second)
            for byte in "+08:00".utf8 {
                buffer[p] = byte
                p += 1
            }
            return p
        }
    }

    /// Formats the Asia/Shanghai date of an instant as `2026-03-01`.
    public static func formatDate(_ seconds: Int64) -> String {
        formatDate(days: local(seconds).days)
    }

    /// Formats a day count since 1970-01-01 as `YYYY-MM-DD`.
    public static func formatDate(days: Int) -> String {
        let d = CivilCalendar.civilFromDays(days)
        guard d.year >= 0 && d.year <= 9999 else { return "\(d.year)-\(pad2(d.month))-\(pad2(d.day))" }
        return String(unsafeUninitializedCapacity: 10) { buffer in
            var p = 0
            write4(buffer, &p, d.year)
            buffer[p] = 0x2D; p += 1
            write2(buffer, &p, d.month)
            buffer[p] = 0x2D; p += 1
            write2(buffer, &p, d.day)
            return p
        }
    }

    // MARK: Dates

    /// Parses `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD` (1–2 digit month and day allowed), `YYYYMMDD` or
    /// `YYYY年M月D日`.
    @inlinable
    public static func parseDate(_ bytes: some Collection<UInt8>) -> (year: Int, month: Int, day: Int)? {
        if let result = bytes.withContiguousStorageIfAvailable({ parseDate(buffer: $0) }) { return result }
        return Array(bytes).withUnsafeBufferPointer { parseDate(buffer: $0) }
    }

    /// Parses a date string; see ``parseDate(_:)-(Collection<UInt8>)``.
    @inlinable
    public static func parseDate(_ text: some StringProtocol) -> (year: Int, month: Int, day: Int)? {
        if let result = text.utf8.withContiguousStorageIfAvailable({ parseDate(buffer: $0) }) { return result }
        return parseDate(Array(text.utf8))
    }

    /// Days since 1970-01-01 of a date string, or nil.
    @inlinable
    public static func parseDays(_ text: some StringProtocol) -> Int? {
        parseDate(text).map { CivilCalendar.daysFromCivil(year: $0.year, month: $0.month, day: $0.day) }
    }

    /// Days since 1970-01-01 of a date in UTF-8 bytes, or nil.
    @inlinable
    public static func parseDays(_ bytes: some Collection<UInt8>) -> Int? {
        parseDate(bytes).map { CivilCalendar.daysFromCivil(year: $0.year, month: $0.month, day: $0.day) }
    }

    /// The date parser proper; also `YYYY.MM.DD` and the Chinese `YYYY年M月D日`.
    @inlinable
    public static func parseDate(buffer b: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int, day: Int)? {
        if let date = parseASCIIDate(buffer: b) { return date }
        return withASCIIForm(b) { parseASCIIDate(buffer: $0) } ?? nil
    }

    /// ``parseDate(buffer:)`` of ASCII text.
    @inlinable
    static func parseASCIIDate(buffer b: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int, day: Int)? {
        var i = 0
        var end = b.count
        while i < end && b[i] == 0x20 { i += 1 }
        while end > i && (b[end - 1] == 0x20 || b[end - 1] == 0x0D) { end -= 1 }
        guard end - i >= 8, let year = fixedDigits(b, i, 4) else { return nil }
        i += 4
        let month: Int, day: Int
        if isDigit(b[i]) {
            guard end - i == 4, let m = fixedDigits(b, i, 2), let d = fixedDigits(b, i + 2, 2) else { return nil }
            month = m
            day = d
        } else {
            let separator = b[i]
            guard separator == 0x2D || separator == 0x2F || separator == 0x2E else { return nil }
            i += 1
            guard let m = shortDigits(b, &i, end), i < end, b[i] == separator else { return nil }
            i += 1
            guard let d = shortDigits(b, &i, end), i == end else { return nil }
            month = m
            day = d
        }
        guard CivilCalendar.isValidDate(year: year, month: month, day: day) else { return nil }
        return (year, month, day)
    }

    // MARK: Writing helpers

    @inline(__always)
    static func write2(_ buffer: UnsafeMutableBufferPointer<UInt8>, _ p: inout Int, _ n: Int) {
        buffer[p] = UInt8(0x30 + n / 10)
        buffer[p + 1] = UInt8(0x30 + n % 10)
        p += 2
    }

    @inline(__always)
    static func write4(_ buffer: UnsafeMutableBufferPointer<UInt8>, _ p: inout Int, _ n: Int) {
        buffer[p] = UInt8(0x30 + n / 1000)
        buffer[p + 1] = UInt8(0x30 + n / 100 % 10)
        buffer[p + 2] = UInt8(0x30 + n / 10 % 10)
        buffer[p + 3] = UInt8(0x30 + n % 10)
        p += 4
    }

    static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
