/// One licence-plate prefix (province character + issuing letter) and the place it belongs to.
public struct PlatePrefix: Sendable, Hashable {
    /// How sure the compiled table is about a prefix.
    public enum Confidence: String, Sendable, Hashable, Codable, CaseIterable {
        case high, medium
    }

    /// Two characters, e.g. `陕A`.
    public let prefix: String
    /// Province name as in `admin_divisions.csv`.
    public let province: String
    /// City name as in `admin_divisions.csv`.
    public let city: String
    /// The city's adcode (a county-level unit's own code for units directly under a province).
    public let adcode: String
    /// Confidence of the assignment.
    public let confidence: Confidence
    /// Sub-area or history, possibly empty.
    public let note: String

    /// Creates a prefix row.
    public init(prefix: String, province: String, city: String, adcode: String, confidence: Confidence, note: String) {
        self.prefix = prefix
        self.province = province
        self.city = city
        self.adcode = adcode
        self.confidence = confidence
        self.note = note
    }
}

/// The licence-plate prefix table, loaded once from the bundled `plate_prefixes.csv`.
public final class PlatePrefixes: Sendable {
    /// Every row in file order.
    public let all: [PlatePrefix]
    let byPrefix: [String: Int]

    /// The 31 province characters, in the order of GA 36.
    public static let provinceCharacters: [Character] = Array("京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云藏陕甘青宁新")

    /// The 31 province characters (same as the static ``provinceCharacters``).
    public var provinceCharacters: [Character] { Self.provinceCharacters }

    /// Province character → two-digit province code.
    public static let provinceCodes: [Character: String] = [
        "京": "11", "津": "12", "冀": "13", "晋": "14", "蒙": "15", "辽": "21", "吉": "22", "黑": "23",
        "沪": "31", "苏": "32", "浙": "33", "皖": "34", "闽": "35", "赣": "36", "鲁": "37", "豫": "41",
        "鄂": "42", "湘": "43", "粤": "44", "桂": "45", "琼": "46", "渝": "50", "川": "51", "贵": "52",
        "云": "53", "藏": "54", "陕": "61", "甘": "62", "青": "63", "宁": "64", "新": "65",
    ]

    /// Unicode scalar values of the province characters, for byte-level checks.
    static let provinceScalars: Set<UInt32> = Set(provinceCharacters.compactMap { $0.unicodeScalars.first?.value })

    /// The bundled table, loaded on first use; empty if loading fails (call ``load()`` for the error).
    public static let shared: PlatePrefixes = (try? load()) ?? PlatePrefixes(prefixes: [])

    /// Loads the bundled `plate_prefixes.csv`.
    public static func load() throws(ReferenceDataError) -> PlatePrefixes {
        try PlatePrefixes(csv: try ReferenceCSV.load(resource: "plate_prefixes"))
    }

    /// Parses a table in the `plate_prefixes.csv` format.
    public convenience init(csv bytes: [UInt8]) throws(ReferenceDataError) {
        let file = "plate_prefixes.csv"
        let rows = ReferenceCSV.rows(bytes)
        guard let header = rows.first else { throw .badRow(file: file, line: 1, reason: "empty file") }
        func column(_ name: String) throws(ReferenceDataError) -> Int {
            guard let index = header.fields.firstIndex(of: name) else {
                throw .badRow(file: file, line: header.line, reason: "missing column \(name)")
            }
            return index
        }
        let cPrefix = try column("prefix"), cProvince = try column("province"), cCity = try column("city")
        let cAdcode = try column("adcode"), cConfidence = try column("confidence"), cNote = try column("note")
        let width = max(cPrefix, cProvince, cCity, cAdcode, cConfidence, cNote) + 1
        var prefixes: [PlatePrefix] = []
        prefixes.reserveCapacity(rows.count)
        for row in rows.dropFirst() {
            let f = row.fields
            guard f.count >= width else {
                throw .badRow(file: file, line: row.line, reason: "expected \(width) fields, found \(f.count)")
            }
            guard f[cPrefix].count == 2 else {
                throw .badRow(file: file, line: row.line, reason: "prefix \(f[cPrefix]) is not two characters")
            }
            guard let confidence = PlatePrefix.Confidence(rawValue: f[cConfidence]) else {
                throw .badRow(file: file, line: row.line, reason: "unknown confidence \(f[cConfidence])")
            }
            prefixes.append(
                PlatePrefix(
                    prefix: f[cPrefix], province: f[cProvince], city: f[cCity], adcode: f[cAdcode],
                    confidence: confidence, note: f[cNote]))
        }
        self.init(prefixes: prefixes)
    }

    /// Builds the index over `prefixes`.
    public init(prefixes: [PlatePrefix]) {
        all = prefixes
        var index: [String: Int] = [:]
        for (i, p) in prefixes.enumerated() where index[p.prefix] == nil { index[p.prefix] = i }
        byPrefix = index
    }

    /// The row for an exact two-character prefix (`陕A`).
    public func lookup(prefix: some StringProtocol) -> PlatePrefix? {
        guard let i = byPrefix[String(prefix)] else { return nil }
        return all[i]
    }

    /// The row for a prefix, falling back for the municipalities (any `京`/`津`/`沪`/`渝` prefix is
    /// that city: the `…A` row's place with this prefix and medium confidence). Nil when the prefix is
    /// not in the table and the province is not a municipality.
    public func bestMatch(prefix: some StringProtocol) -> PlatePrefix? {
        if let exact = lookup(prefix: prefix) { return exact }
        guard let first = prefix.first, "京津沪渝".contains(first), let row = lookup(prefix: "\(first)A") else {
            return nil
        }
        return PlatePrefix(
            prefix: String(prefix), province: row.province, city: row.city, adcode: row.adcode,
            confidence: .medium, note: "not in table; municipality fallback")
    }

    /// Every row of a province character, e.g. all `鲁` prefixes.
    public func prefixes(ofProvince character: Character) -> [PlatePrefix] {
        all.filter { $0.prefix.first == character }
    }
}
