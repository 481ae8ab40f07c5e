import YanjianCore

/// The fields of one source record as the row converter reads them: raw UTF-8 bytes by slot (a
/// descriptor column's position in the file), and the record's unknown fields as a JSON object.
protocol RecordFields {
    /// Calls `body` with the bytes of `slot` (empty when the record has no such field).
    func withField<R>(_ slot: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R
    /// Unknown fields with non-empty values as a JSON object text, or nil when there are none.
    func extraJSON() -> String?
}

/// A CSV record seen through its file's header: slots are CSV column indices.
struct CSVFields: RecordFields {
    let record: CSVRecord
    /// Header columns the descriptor does not know: (name, index).
    let unknown: [(name: String, index: Int)]

    func withField<R>(_ slot: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        record.withField(slot) { body($0) }
    }

    func extraJSON() -> String? {
        guard !unknown.isEmpty else { return nil }
        var out: [UInt8] = []
        for (name, index) in unknown {
            record.withField(index) { raw in
                let value = FieldParsers.trimmed(raw)
                guard value.count > 0 else { return }
                out.append(out.isEmpty ? 0x7B : 0x2C)
                JSONText.appendString(name.utf8, to: &out)
                out.append(0x3A)
                JSONText.appendString(value, to: &out)
            }
        }
        guard !out.isEmpty else { return nil }
        out.append(0x7D)
        return String(decoding: out, as: UTF8.self)
    }
}

/// A record whose fields a mapping profile rewrites: their value → ours, for the mapped slots only.
struct MappedFields<Base: RecordFields>: RecordFields {
    let base: Base
    /// Per slot: folded value (trimmed, lower-cased) → our value's UTF-8 bytes.
    let maps: [Int: [String: [UInt8]]]

    func withField<R>(_ slot: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        base.withField(slot) { raw in
            guard let map = maps[slot], let ours = map[ImportProfile.fold(String(decoding: raw, as: UTF8.self))] else { return body(raw) }
            return ours.withUnsafeBufferPointer { body($0) }
        }
    }

    func extraJSON() -> String? { base.extraJSON() }
}

/// JSON string escaping for the `extra` column.
enum JSONText {
    static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `bytes` (UTF-8) as a quoted JSON string.
    static func appendString(_ bytes: some Sequence<UInt8>, to out: inout [UInt8]) {
        out.append(0x22)
        for b in bytes {
            switch b {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            case 0..<0x20:
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: out.append(b)
            }
        }
        out.append(0x22)
    }
}
