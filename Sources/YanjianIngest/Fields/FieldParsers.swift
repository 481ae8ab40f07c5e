import YanjianCore

/// Byte-level parsers for the number, money, flag and date fields of interchange files (times go
/// through Core's `Timestamp.parse(buffer:)`). They read the reader's UTF-8 bytes directly (no
/// `String` per field) and return nil or a reason on bad input.
enum FieldParsers {
    // MARK: Integers and money

    /// A whole number with an optional sign; nil on anything else or on overflow.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        var negative = false
        if bytes.count > 0, bytes[0] == 0x2B || bytes[0] == 0x2D {
            negative = bytes[0] == 0x2D
            i = 1
        }
        guard i < bytes.count else { return nil }
        var value: Int64 = 0
        while i < bytes.count {
            let d = bytes[i] &- 0x30
            guard d < 10 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(d))
            if o1 || o2 { return nil }
            value = a
            i += 1
        }
        return negative ? -value : value
    }

    /// Why a money field was refused.
    enum MoneyProblem: Error {
        case notANumber, negative, fractionOfFen, tooLarge
    }

    /// Yuan written with a decimal point (`12`, `12.5`, `12.50`, `.5`) as integer fen, exactly:
    /// digits are accumulated as integers, so `0.29` is 29 fen, never 28.999….
    static func fen(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Int64, MoneyProblem> {
        var i = 0
        if bytes.count > 0, bytes[0] == 0x2B { i = 1 } else if bytes.count > 0, bytes[0] == 0x2D {
            return .failure(.negative)
        }
        var yuan: Int64 = 0
        var integerDigits = 0
        while i < bytes.count, bytes[i] &- 0x30 < 10 {
            let (m, o1) = yuan.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(bytes[i] &- 0x30))
            if o1 || o2 { return .failure(.tooLarge) }
            yuan = a
            integerDigits += 1
            i += 1
        }
        var fraction: Int64 = 0
        var fractionDigits = 0
        if i < bytes.count, bytes[i] == 0x2E {
            i += 1
            while i < bytes.count, bytes[i] &- 0x30 < 10 {
                let d = Int64(bytes[i] &- 0x30)
                if fractionDigits < 2 {
                    fraction = fraction * 10 + d
                } else if d != 0 {
                    return .failure(.fractionOfFen)
                }
                fractionDigits += 1
                i += 1
            }
        }
        guard i == bytes.count, integerDigits + fractionDigits > 0 else { return .failure(.notANumber) }
        if fractionDigits == 1 { fraction *= 10 }
        let (m, o1) = yuan.multipliedReportingOverflow(by: 100)
        let (total, o2) = m.addingReportingOverflow(fraction)
        if o1 || o2 { return .failure(.tooLarge) }
        return .success(total)
    }

    /// The plain digits of an amount written with a currency mark or thousands separators, as
    /// exports and bank statements write it — `¥1,234.50`, `￥12`, `RMB 12.5`, `CNY 12`, `12.50元`,
    /// `1,234,567` — for ``fen(_:)``; nil when nothing of that kind was removed, or when what is left
    /// is not digits grouped by threes (`12,50` and `1.234,50` stay refused: their comma is ambiguous).
    static func plainAmount(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var start = 0
        var end = bytes.count
        // Whether the text starts with `prefix` (upper-case ASCII letters match either case).
        func starts(_ prefix: [UInt8]) -> Bool {
            guard end - start >= prefix.count else { return false }
            return zip(prefix, bytes[start..<(start + prefix.count)]).allSatisfy { want, byte in
                want == (byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte)
            }
        }
        var marked = false
        if starts([0xC2, 0xA5]) {  // ¥
            start += 2; marked = true
        } else if starts([0xEF, 0xBF, 0xA5]) {  // ￥
            start += 3; marked = true
        } else if starts(Array("RMB".utf8)) || starts(Array("CNY".utf8)) {
            start += 3; marked = true
        }
        while start < end && bytes[start] == 0x20 { start += 1 }
        if end - start >= 3 && bytes[end - 3] == 0xE5 && bytes[end - 2] == 0x85 && bytes[end - 1] == 0x83 {  // 元
            end -= 3; marked = true
        }
        while end > start && bytes[end - 1] == 0x20 { end -= 1 }
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var i = start
        var group = 0
        var grouped = false
        while i < end && (bytes[i] &- 0x30 < 10 || bytes[i] == 0x2C) {
            if bytes[i] == 0x2C {
                // A thousands separator: after 1–3 digits first, exactly 3 after that.
                guard group >= 1, group <= 3, !grouped || group == 3 else { return nil }
                grouped = true
                group = 0
            } else {
                out.append(bytes[i])
                group += 1
            }
            i += 1
        }
        if grouped { guard group == 3 else { return nil } }
        guard marked || grouped else { return nil }
        out.append(contentsOf: bytes[i..<end])
        return out
    }

    /// A decimal number (`31.2`, `-1e-3`), or nil when the text is not one or not finite.
    static func real(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard bytes.count > 0, bytes.count <= 64 else { return nil }
        for b in bytes {
            let ok = (b >= 0x30 && b <= 0x39) || b == 0x2E || b == 0x2D || b == 0x2B || b == 0x65 || b == 0x45
            if !ok { return nil }
        }
        guard let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }

    /// A flag: `1`/`0`, `true`/`false`, `y`/`n`, `yes`/`no`, `是`/`否`; the value and whether it was
    /// spelled other than `1`/`0`.
    static func flag(_ bytes: UnsafeBufferPointer<UInt8>) -> (value: Int64, normalised: Bool)? {
        if bytes.count == 1 {
            switch bytes[0] {
            case 0x31: return (1, false)
            case 0x30: return (0, false)
            case 0x59, 0x79: return (1, true)
            case 0x4E, 0x6E: return (0, true)
            default: return nil
            }
        }
        switch String(decoding: bytes, as: UTF8.self).lowercased() {
        case "true", "yes", "是": return (1, true)
        case "false", "no", "否": return (0, true)
        default: return nil
        }
    }

    // MARK: Dates and times

    /// A date field (`YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD`, one-digit month and day, `YYYYMMDD`,
    /// `YYYY年M月D日`, or a date and time, whose Shanghai day is taken) as
    /// `YYYY-MM-DD` text, and whether it was written differently. Nil when it is not a real calendar
    /// date in 1900–2100.
    static func date(_ bytes: UnsafeBufferPointer<UInt8>) -> (text: String, normalised: Bool)? {
        if let (year, month, day) = Timestamp.parseDate(buffer: bytes) {
            guard (1900...2100).contains(year) else { return nil }
            let text = formatDate(year: year, month: month, day: day)
            let normalised = bytes.count != 10 || !text.utf8.elementsEqual(bytes)
            return (text, normalised)
        }
        // A date exported as a date and time (`2025-03-03 00:00:00`, a database's DATETIME): its day
        // in Shanghai.
        guard let seconds = Timestamp.parse(buffer: bytes) else { return nil }
        let local = Timestamp.local(seconds)
        guard (1900...2100).contains(local.year) else { return nil }
        return (formatDate(year: local.year, month: local.month, day: local.day), true)
    }

    /// `YYYY-MM-DD` for a valid date.
    static func formatDate(year: Int, month: Int, day: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(10)
        out.append(UInt8(0x30 + year / 1000 % 10))
        out.append(UInt8(0x30 + year / 100 % 10))
        out.append(UInt8(0x30 + year / 10 % 10))
        out.append(UInt8(0x30 + year % 10))
        out.append(0x2D)
        out.append(UInt8(0x30 + month / 10))
        out.append(UInt8(0x30 + month % 10))
        out.append(0x2D)
        out.append(UInt8(0x30 + day / 10))
        out.append(UInt8(0x30 + day % 10))
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Trimming

    /// `bytes` without leading and trailing spaces, tabs, line breaks and ideographic spaces (U+3000).
    @inline(__always)
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard let base = bytes.baseAddress else { return bytes }
        var start = 0
        var end = bytes.count
        while start < end {
            let b = base[start]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                start += 1
            } else if b == 0xE3, end - start >= 3, base[start + 1] == 0x80, base[start + 2] == 0x80 {
                start += 3
            } else {
                break
            }
        }
        while end > start {
            let b = base[end - 1]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                end -= 1
            } else if b == 0x80, end - start >= 3, base[end - 2] == 0x80, base[end - 3] == 0xE3 {
                end -= 3
            } else {
                break
            }
        }
        return UnsafeBufferPointer(start: base + start, count: end - start)
    }
}
