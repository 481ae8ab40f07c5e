/// Reads one JSON Lines record (a flat JSON object) into per-key byte ranges, so the row converter
/// treats it like a CSV record: known keys get slots, strings are unescaped, numbers and `true` /
/// `false` keep their text, `null` counts as absent, and unknown keys are kept as raw JSON for
/// `extra`. A nested object or array under a known key is flagged for the converter to refuse.
///
/// One scanner serves a whole file: its buffers are reused from line to line.
struct JSONObjectScanner: RecordFields {
    /// Why a line is not a usable JSON object.
    struct Problem: Error {
        var reason: String
    }

    /// The known keys, by slot, as UTF-8.
    let keys: [[UInt8]]
    private var storage: [UInt8] = []
    private(set) var ranges: [Range<Int>]
    /// Slots whose value was an object or array.
    private(set) var nested: [Bool]
    private var extra: [UInt8] = []
    private var keyBuffer: [UInt8] = []

    init(keys: [String]) {
        self.keys = keys.map { Array($0.utf8) }
        ranges = Array(repeating: 0..<0, count: keys.count)
        nested = Array(repeating: false, count: keys.count)
        storage.reserveCapacity(1024)
    }

    func withField<R>(_ slot: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        guard slot >= 0, slot < ranges.count else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        let range = ranges[slot]
        return storage.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    func extraJSON() -> String? {
        extra.isEmpty ? nil : String(decoding: extra + [0x7D], as: UTF8.self)
    }

    /// Parses `line`; afterwards the fields read from this line.
    mutating func scan(_ line: UnsafeBufferPointer<UInt8>) throws(Problem) {
        storage.removeAll(keepingCapacity: true)
        extra.removeAll(keepingCapacity: true)
        for k in ranges.indices {
            ranges[k] = 0..<0
            nested[k] = false
        }
        var i = 0
        let n = line.count
        func skipSpace() {
            while i < n, line[i] == 0x20 || line[i] == 0x09 || line[i] == 0x0D || line[i] == 0x0A { i += 1 }
        }
        skipSpace()
        guard i < n, line[i] == 0x7B else { throw Problem(reason: "not a JSON object (a line must start with {)") }
        i += 1
        skipSpace()
        if i < n, line[i] == 0x7D {
            i += 1
        } else {
            while true {
                skipSpace()
                guard i < n, line[i] == 0x22 else { throw Problem(reason: "expected a quoted key at byte \(i + 1)") }
                let rawKeyStart = i
                keyBuffer.removeAll(keepingCapacity: true)
                try Self.readString(line, &i, into: &keyBuffer)
                let rawKeyEnd = i
                skipSpace()
                guard i < n, line[i] == 0x3A else { throw Problem(reason: "expected : after a key at byte \(i + 1)") }
                i += 1
                skipSpace()
                guard i < n else { throw Problem(reason: "the line ends before a value") }
                let slot = keys.firstIndex { $0.elementsEqual(keyBuffer) }
                let valueStart = i
                let start = storage.count
                var isNull = false
                var isNested = false
                switch line[i] {
                case 0x22:
                    try Self.readString(line, &i, into: &storage)
                case 0x7B, 0x5B:
                    try Self.skipNested(line, &i)
                    isNested = true
                case 0x74, 0x66, 0x6E:
                    let word: [UInt8] = line[i] == 0x74 ? Array("true".utf8) : line[i] == 0x66 ? Array("false".utf8) : Array("null".utf8)
                    guard n - i >= word.count, line[i..<(i + word.count)].elementsEqual(word) else {
                        throw Problem(reason: "unknown literal at byte \(i + 1)")
                    }
                    i += word.count
                    isNull = word.count == 4 && word[0] == 0x6E
                    if !isNull { storage.append(contentsOf: word) }
                default:
                    while i < n, Self.isNumberByte(line[i]) { i += 1 }
                    guard i > valueStart else { throw Problem(reason: "unexpected character at byte \(i + 1)") }
                    storage.append(contentsOf: line[valueStart..<i])
                }
                if let slot {
                    if isNested {
                        nested[slot] = true
                        storage.append(contentsOf: line[valueStart..<i])
                    }
                    ranges[slot] = isNull ? 0..<0 : start..<storage.count
                } else {
                    storage.removeSubrange(start...)
                    if !isNull {
                        extra.append(extra.isEmpty ? 0x7B : 0x2C)
                        extra.append(contentsOf: line[rawKeyStart..<rawKeyEnd])
                        extra.append(0x3A)
                        extra.append(contentsOf: line[valueStart..<i])
                    }
                }
                skipSpace()
                guard i < n else { throw Problem(reason: "the object is not closed") }
                if line[i] == 0x2C {
                    i += 1
                    continue
                }
                guard line[i] == 0x7D else { throw Problem(reason: "expected , or } at byte \(i + 1)") }
                i += 1
                break
            }
        }
        skipSpace()
        guard i == n else { throw Problem(reason: "text after the closing } at byte \(i + 1)") }
    }

    private static func isNumberByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2B || b == 0x2E || b == 0x65 || b == 0x45
    }

    /// Reads a JSON string at `i` (on its opening quote), appending its unescaped UTF-8 to `out`.
    private static func readString(_ line: UnsafeBufferPointer<UInt8>, _ i: inout Int, into out: inout [UInt8]) throws(Problem) {
        let n = line.count
        i += 1
        while i < n {
            let b = line[i]
            if b == 0x22 {
                i += 1
                return
            }
            if b < 0x20 { throw Problem(reason: "a control character inside a string must be escaped (byte \(i + 1))") }
            if b != 0x5C {
                out.append(b)
                i += 1
                continue
            }
            guard i + 1 < n else { break }
            let e = line[i + 1]
            i += 2
            switch e {
            case 0x22, 0x5C, 0x2F: out.append(e)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                guard var scalar = hex4(line, i) else { throw Problem(reason: "bad \\u escape at byte \(i - 1)") }
                i += 4
                if scalar >= 0xD800 && scalar < 0xDC00, i + 6 <= n, line[i] == 0x5C, line[i + 1] == 0x75,
                    let low = hex4(line, i + 2), low >= 0xDC00 && low < 0xE000
                {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                appendScalar(Unicode.Scalar(scalar) ?? "\u{FFFD}", to: &out)
            default:
                throw Problem(reason: "bad escape \\\(Character(Unicode.Scalar(e))) at byte \(i - 1)")
            }
        }
        throw Problem(reason: "a string is not closed")
    }

    private static func hex4(_ line: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32? {
        guard at + 4 <= line.count else { return nil }
        var value: UInt32 = 0
        for k in at..<(at + 4) {
            let b = line[k]
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x41...0x46: d = UInt32(b - 0x41 + 10)
            case 0x61...0x66: d = UInt32(b - 0x61 + 10)
            default: return nil
            }
            value = value << 4 | d
        }
        return value
    }

    private static func appendScalar(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        var buffer: [UInt8] = []
        UTF8.encode(scalar) { buffer.append($0) }
        out.append(contentsOf: buffer)
    }

    /// Skips a nested object or array at `i`, honouring strings.
    private static func skipNested(_ line: UnsafeBufferPointer<UInt8>, _ i: inout Int) throws(Problem) {
        var depth = 0
        let n = line.count
        while i < n {
            let b = line[i]
            if b == 0x22 {
                var scratch: [UInt8] = []
                try readString(line, &i, into: &scratch)
                continue
            }
            if b == 0x7B || b == 0x5B { depth += 1 }
            if b == 0x7D || b == 0x5D {
                depth -= 1
                if depth == 0 {
                    i += 1
                    return
                }
            }
            i += 1
        }
        throw Problem(reason: "a nested object or array is not closed")
    }
}
