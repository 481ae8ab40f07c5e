import YanjianCore

/// Byte-level formatting of numbers, dates and times straight into an output buffer, so that the hot
/// row loops never build a `String`.
///
/// Times are "local seconds": seconds since 1970-01-01 00:00 in Asia/Shanghai wall-clock time, so a
/// local instant is formatted without any time-zone arithmetic and given the fixed `+08:00` offset.
enum ByteFormat {
    static let digitBase = UInt8(ascii: "0")

    /// Appends a signed integer in decimal.
    @inline(__always)
    static func appendInt(_ value: Int, to buffer: inout [UInt8]) {
        if value < 0 {
            buffer.append(UInt8(ascii: "-"))
            appendUnsigned(UInt64(value.magnitude), to: &buffer)
        } else {
            appendUnsigned(UInt64(value), to: &buffer)
        }
    }

    /// Appends an unsigned integer in decimal.
    @inline(__always)
    static func appendUnsigned(_ value: UInt64, to buffer: inout [UInt8]) {
        if value < 10 {
            buffer.append(digitBase &+ UInt8(value))
            return
        }
        var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                  UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var v = value
        withUnsafeMutableBytes(of: &tmp) { raw in
            while v > 0 {
                raw[19 - count] = digitBase &+ UInt8(v % 10)
                v /= 10
                count += 1
            }
            buffer.append(contentsOf: raw[(20 - count)...])
        }
    }

    /// Appends `value` zero-padded to exactly `width` digits (higher digits are dropped).
    @inline(__always)
    static func appendPadded(_ value: UInt64, width: Int, to buffer: inout [UInt8]) {
        var divisor: UInt64 = 1
        for _ in 1..<max(width, 1) { divisor &*= 10 }
        var v = value
        for _ in 0..<width {
            buffer.append(digitBase &+ UInt8((v / divisor) % 10))
            v %= divisor
            divisor /= 10
            if divisor == 0 { divisor = 1 }
        }
    }

    /// Appends a fixed-point number: `value / 10^fractionDigits` with exactly that many decimals.
    @inline(__always)
    static func appendFixed(_ value: Int64, fractionDigits: Int, to buffer: inout [UInt8]) {
        var scale: Int64 = 1
        for _ in 0..<fractionDigits { scale *= 10 }
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        let magnitude = UInt64(value.magnitude)
        appendUnsigned(magnitude / UInt64(scale), to: &buffer)
        if fractionDigits > 0 {
            buffer.append(UInt8(ascii: "."))
            appendPadded(magnitude % UInt64(scale), width: fractionDigits, to: &buffer)
        }
    }

    /// Appends the date `YYYY-MM-DD` of a day number (days since 1970-01-01).
    @inline(__always)
    static func appendDate(day: Int, to buffer: inout [UInt8]) {
        let civil = CivilCalendar.civilFromDays(day)
        appendPadded(UInt64(civil.year), width: 4, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendPadded(UInt64(civil.month), width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendPadded(UInt64(civil.day), width: 2, to: &buffer)
    }

    /// Appends an ISO 8601 local timestamp with offset: `2026-03-01T21:15:00+08:00`.
    @inline(__always)
    static func appendTimestamp(local seconds: Int64, to buffer: inout [UInt8]) {
        let day = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secondOfDay = Int(seconds - Int64(day) * 86_400)
        appendDate(day: day, to: &buffer)
        buffer.append(UInt8(ascii: "T"))
        appendClock(secondOfDay: secondOfDay, to: &buffer)
        buffer.append(contentsOf: offsetBytes)
    }

    /// Appends `HH:MM:SS`.
    @inline(__always)
    static func appendClock(secondOfDay: Int, to buffer: inout [UInt8]) {
        appendPadded(UInt64(secondOfDay / 3600), width: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        appendPadded(UInt64(secondOfDay / 60 % 60), width: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        appendPadded(UInt64(secondOfDay % 60), width: 2, to: &buffer)
    }

    static let offsetBytes: [UInt8] = Array("+08:00".utf8)

    /// The timestamp as a `String`, for the few places outside hot loops that need one.
    static func timestampString(local seconds: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(25)
        appendTimestamp(local: seconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The date as a `String`.
    static func dateString(day: Int) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        appendDate(day: day, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
