/// Parsing and formatting of instants as Unix seconds (UTC), without `DateFormatter`: this sits in
/// the import hot path.
///
/// Accepted spellings (a missing offset means Asia/Shanghai, UTC+08:00 all year, no DST):
/// - ISO 8601 `2026-03-01T21:15:00+08:00`, `…Z`, `…+0800`, `…+08`, fractional seconds `21:15:00.250`
///   (dropped), seconds optional;
/// - `2026-03-01 21:15:00`, `2026/03/01 21:15[:00]`, single-digit month, day and hour (`2026/3/1 9:05`);
/// - `20260301211500` (14 digits);
/// - dots between the date's parts (`2026.03.01 21:15`), and the Chinese form `2026年3月1日 21:15:00`,
///   `2026年3月1日21时15分00秒` (also `点`, and `号` for `日`).
/// Impossible values (`2026-02-30`, hour 24, minute 60) give nil.
public enum Timestamp {
    /// Asia/Shanghai's offset from UTC in seconds.
    public static let shanghaiOffsetSeconds: Int64 = 8 * 3600

    /// Parses UTF-8 bytes; nil when they are not a supported timestamp.
    @inlinable
    public static func parse(_ bytes: some Collection<UInt8>) -> Int64? {
        if let result = bytes.withContiguousStorageIfAvailable({ parse(buffer: $0) }) { return result }
        return Array(bytes).withUnsafeBufferPointer { parse(buffer: $0) }
    }

    /// Parses a string; nil when it is not a supported timestamp.
    @inlinable
    public static func parse(_ text: some StringProtocol) -> Int64? {
        if let result = text.utf8.withContiguousStorageIfAvailable({ parse(buffer: $0) }) { return result }
        return parse(Array(text.utf8))
    }

    /// The parser proper, over a contiguous buffer.
    @inlinable
    public static func parse(buffer b: UnsafeBufferPointer<UInt8>) -> Int64? {
        if let seconds = parseASCII(buffer: b) { return seconds }
        return withASCIIForm(b) { parseASCII(buffer: $0) } ?? nil
    }

    /// Runs `body` over `b` with the Chinese date and time characters replaced by the ASCII
    /// separators they stand for (`年` `月` → `-`, `日` `号` → space, `时` `点` `分` → `:`, `秒` dropped,
    /// a trailing `:` dropped); nil when `b` holds none of them, or other non-ASCII text.
    @usableFromInline
    static func withASCIIForm<R>(_ b: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard b.contains(where: { $0 >= 0x80 }), b.count <= 64 else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: b.count) { out -> R? in
            var n = 0
            var i = 0
            while i < b.count {
                let byte = b[i]
                if byte < 0x80 {
                    out[n] = byte
                    n += 1
                    i += 1
                    continue
                }
                guard i + 2 < b.count else { return nil }
                let scalar = UInt32(byte) << 16 | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2])
                let replacement: UInt8?
                switch scalar {
                case 0xE5B9B4, 0xE69C88: replacement = 0x2D  // 年 月
                case 0xE697A5, 0xE58FB7: replacement = 0x20  // 日 号
                case 0xE697B6, 0xE782B9, 0xE58886: replacement = 0x3A  // 时 点 分
                case 0xE7A792: replacement = nil  // 秒
                default: return nil
                }
                if let replacement {
                    out[n] = replacement
                    n += 1
                }
                i += 3
            }
            while n > 0 && (out[n - 1] == 0x3A || out[n - 1] == 0x20) { n -= 1 }
            return body(UnsafeBufferPointer(rebasing: out[0..<n]))
        }
    }

    /// ``parse(buffer:)`` of ASCII text.
    @inlinable
    static func parseASCII(buffer b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        var end = b.count
        while i < end && b[i] == 0x20 { i += 1 }
        while end > i && (b[end - 1] == 0x20 || b[end - 1] == 0x0D) { end -= 1 }
        guard end - i >= 12 else { return nil }
        guard let year = fixedDigits(b, i, 4) else { return nil }
        i += 4
        let month: Int, day: Int, hour: Int, minute: Int
        var second = 0
        if isDigit(b[i]) {
            // YYYYMMDDHHMMSS
            guard end - i == 10, let mo = fixedDigits(b, i, 2), let d = fixedDigits(b, i + 2, 2),
                let h = fixedDigits(b, i + 4, 2), let mi = fixedDigits(b, i + 6, 2), let s = fixedDigits(b, i + 8, 2)
            else { return nil }
            month = mo; day = d; hour = h; minute = mi; second = s
            i = end
            return assemble(year, month, day, hour, minute, second, offset: shanghaiOffsetSeconds)
        }
        let separator = b[i]
        guard separator == 0x2D || separator == 0x2F || separator == 0x2E else { return nil }
        i += 1
        guard let mo = shortDigits(b, &i, end) else { return nil }
        guard i < end, b[i] == separator else { return nil }
        i += 1
        guard let d = shortDigits(b, &i, end) else { return nil }
        guard i < end, b[i] == 0x54 || b[i] == 0x74 || b[i] == 0x20 else { return nil }
        i += 1
        while i < end && b[i] == 0x20 { i += 1 }
        guard let h = shortDigits(b, &i, end) else { return nil }
        guard i + 3 <= end, b[i] == 0x3A, let mi = fixedDigits(b, i + 1, 2) else { return nil }
        i += 3
        month = mo; day = d; hour = h; minute = mi
        if i < end && b[i] == 0x3A {
            guard i + 3 <= end, let s = fixedDigits(b, i + 1, 2) else { return nil }
            second = s
            i += 3
            if i < end && (b[i] == 0x2E || b[i] == 0x2C) {
                i += 1
                let start = i
                while i < end && isDigit(b[i]) { i += 1 }
                guard i > start else { return nil }
            }
        }
        while i < end && b[i] == 0x20 { i += 1 }
        var offset = shanghaiOffsetSeconds
        if i < end {
            let sign = b[i]
            if sign == 0x5A || sign == 0x7A {
                offset = 0
                i += 1
            } else if sign == 0x2B || sign == 0x2D {
                i += 1
                guard let oh = fixedDigits(b, i, 2), oh <= 18 else { return nil }
                i += 2
                var om = 0
                if i < end {
                    if b[i] == 0x3A { i += 1 }
                    guard let m = fixedDigits(b, i, 2), m < 60 else { return nil }
                    om = m
                    i += 2
                }
                let magnitude = Int64(oh * 3600 + om * 60)
                offset = sign == 0x2D ? -magnitude : magnitude
            } else {
                return nil
            }
            guard i == end else { return nil }
        }
        return assemble(year, month, day, hour, minute, second, offset: offset)
    }

    @inlinable @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    /// Exactly `count` digits at `at`, or nil.
    @inlinable @inline(__always)
    static func fixedDigits(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ count: Int) -> Int? {
        guard at + count <= b.count else { return nil }
        var n = 0
        for k in at..<(at + count) {
            let d = b[k] &- 0x30
            guard d < 10 else { return nil }
            n = n &* 10 &+ Int(d)
        }
        return n
    }

    /// One or two digits at `i`, advancing `i`.
    @inlinable @inline(__always)
    static func shortDigits(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int) -> Int? {
        guard i < end else { return nil }
        let d0 = b[i] &- 0x30
        guard d0 < 10 else { return nil }
        i += 1
        if i < end {
            let d1 = b[i] &- 0x30
            if d1 < 10 {
                i += 1
                return Int(d0) * 10 + Int(d1)
            }
        }
        return Int(d0)
    }

    @inlinable
    static func assemble(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int, offset: Int64) -> Int64? {
        guard month >= 1 && month <= 12, day >= 1, day <= CivilCalendar.daysInMonth(year: year, month: month),
            hour < 24, minute < 60, second < 60
        else { return nil }
        let days = Int64(CivilCalendar.daysFromCivil(year: year, month: month, day: day))
        return days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - offset
    }

    /// Unix seconds for a wall-clock time in Asia/Shanghai, or nil for an impossible one.
    public static func make(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Int64? {
        guard hour >= 0, minute >= 0, second >= 0 else { return nil }
        return assemble(year, month, day, hour, minute, second, offset: shanghaiOffsetSeconds)
    }
}
