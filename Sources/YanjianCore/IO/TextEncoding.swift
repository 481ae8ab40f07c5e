/// The character encoding of a text file handed to an importer, as found by `EncodingDetector`.
///
/// Readers (`CSVReader`, `JSONLinesReader`) always hand out UTF-8: a GB18030 file is transcoded
/// while it is read, and a BOM is skipped.
public enum TextEncoding: Sendable, Equatable, CaseIterable, CustomStringConvertible {
    /// UTF-8 without a byte order mark (plain ASCII is reported as this).
    case utf8
    /// UTF-8 starting with the byte order mark `EF BB BF`.
    case utf8BOM
    /// GB18030 (a superset of GBK and GB2312), common in exports from Chinese office software.
    case gb18030
    /// Not text: NUL bytes, many control bytes, or bytes valid in neither UTF-8 nor GB18030.
    case binary

    public var description: String {
        switch self {
        case .utf8: "UTF-8"
        case .utf8BOM: "UTF-8 with BOM"
        case .gb18030: "GB18030"
        case .binary: "binary"
        }
    }
}

/// Decides from the first bytes of a file whether it is UTF-8, GB18030 or not text at all.
///
/// The rules, in order: a UTF-8 BOM means `.utf8BOM`; a UTF-16 BOM, a NUL byte or too many control
/// bytes mean `.binary`; bytes that are valid UTF-8 mean `.utf8` (a multibyte sequence cut off at
/// the end of the prefix is allowed, since the prefix is usually the first 64 KiB of a longer file);
/// bytes that are valid GB18030 mean `.gb18030`; anything else is `.binary`.
public enum EncodingDetector {
    /// How many bytes of a file readers look at to decide its encoding.
    public static let windowSize = 64 * 1024

    /// Returns the encoding of a file that starts with `prefix`.
    public static func detect(prefix: [UInt8]) -> TextEncoding {
        prefix.withUnsafeBufferPointer { classify($0).encoding }
    }

    /// A sentence saying why `prefix` is not text, or nil when it is.
    public static func binaryReason(prefix: [UInt8]) -> String? {
        prefix.withUnsafeBufferPointer { classify($0).reason }
    }

    static func classify(_ bytes: UnsafeBufferPointer<UInt8>) -> (encoding: TextEncoding, reason: String?) {
        let n = bytes.count
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            return (.utf8BOM, nil)
        }
        if n >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            return (.binary, "the file is UTF-16 text; save it as UTF-8 or GB18030")
        }
        var controls = 0
        for b in bytes {
            if b == 0 {
                return (.binary, "the file contains NUL bytes, so it is not a text file")
            }
            if isSuspiciousControl(b) { controls += 1 }
        }
        // A stray form feed or DOS end-of-file mark is tolerated; 5 % control bytes is not text.
        if controls >= 2, controls * 20 > n {
            return (.binary, "the file is mostly control bytes, so it is not a text file")
        }
        if isValidUTF8(bytes, allowTruncatedTail: true) { return (.utf8, nil) }
        if isValidGB18030(bytes, allowTruncatedTail: true) { return (.gb18030, nil) }
        return (.binary, "the file is neither valid UTF-8 nor valid GB18030 text")
    }

    @inline(__always)
    static func isSuspiciousControl(_ b: UInt8) -> Bool {
        // Tab, LF, VT, FF, CR and ESC appear in real text; the other C0 controls and DEL do not.
        (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0B && b != 0x0C && b != 0x0D && b != 0x1B) || b == 0x7F
    }

    /// Whether `bytes` is well-formed UTF-8 (Unicode table 3-7: no overlong forms, no surrogates,
    /// nothing above U+10FFFF). With `allowTruncatedTail`, a sequence cut off by the end is accepted
    /// when its bytes so far are valid.
    public static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>, allowTruncatedTail: Bool) -> Bool {
        var i = 0
        while i < bytes.count {
            if bytes[i] < 0x80 {
                i &+= 1
                continue
            }
            let length = utf8SequenceLength(bytes, at: i)
            if length == 0 { return false }
            if length < 0 { return allowTruncatedTail }
            i &+= length
        }
        return true
    }

    /// The length of the well-formed UTF-8 sequence starting at `i` (1 for ASCII), by Unicode table
    /// 3-7; 0 when it is not well formed; -1 when the end cuts it off and its bytes so far are valid.
    @inline(__always)
    public static func utf8SequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let b = bytes[i]
        if b < 0x80 { return 1 }
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch b {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return 0
        }
        let available = min(length, bytes.count - i)
        if available >= 2 {
            let second = bytes[i + 1]
            if second < low || second > high { return 0 }
        }
        if available >= 3 {
            for k in 2..<available where bytes[i + k] & 0xC0 != 0x80 { return 0 }
        }
        return available < length ? -1 : length
    }

    /// Whether `bytes` is well-formed GB18030: ASCII, two-byte `81–FE 40–7E|80–FE`, or four-byte
    /// `81–84|90–E3 30–39 81–FE 30–39`.
    static func isValidGB18030(_ bytes: UnsafeBufferPointer<UInt8>, allowTruncatedTail: Bool) -> Bool {
        let n = bytes.count
        var i = 0
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                i &+= 1
                continue
            }
            guard b >= 0x81, b <= 0xFE else { return false }
            guard i + 1 < n else { return allowTruncatedTail }
            let second = bytes[i + 1]
            if (second >= 0x40 && second <= 0x7E) || (second >= 0x80 && second <= 0xFE) {
                i &+= 2
                continue
            }
            guard second >= 0x30, second <= 0x39, (b >= 0x81 && b <= 0x84) || (b >= 0x90 && b <= 0xE3) else {
                return false
            }
            guard i + 2 < n else { return allowTruncatedTail }
            let third = bytes[i + 2]
            guard third >= 0x81, third <= 0xFE else { return false }
            guard i + 3 < n else { return allowTruncatedTail }
            let fourth = bytes[i + 3]
            guard fourth >= 0x30, fourth <= 0x39 else { return false }
            i &+= 4
        }
        return true
    }
}
