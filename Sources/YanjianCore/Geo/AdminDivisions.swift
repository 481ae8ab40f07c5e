/// The table of China's administrative divisions, loaded once from the bundled
/// `admin_divisions.csv` and immutable afterwards, with lookups by code, by parent and by name
/// (official and short forms, for the address normaliser).
public final class AdminDivisions: Sendable {
    /// Name of the `PP9000` pseudo prefectures.
    public static let pseudoPrefectureName = "省直辖县级行政区划"

    /// Every division in file order (provinces, then their cities and districts).
    public let all: [AdminDivision]
    let indexByAdcode: [String: Int]
    /// Per division: parent's index or -1, province number (`61`), level rank (0 province, 1 city,
    /// 2 district). Flat arrays so the address normaliser never copies `AdminDivision` values.
    let parentIndices: [Int]
    let provinceNumbers: [Int]
    let levelRanks: [Int]
    let childIndices: [String: [Int]]
    /// Official names → division indices.
    let fullNameIndex: [String: [Int]]
    /// Short forms (`陕西`, `西安`, `雁塔`, `广西`, `延边`) → division indices.
    let shortNameIndex: [String: [Int]]
    /// Names and short forms for prefix matching, flat (no array per name: walking them retained and
    /// released one per entry): every name's scalars back to back, the entries grouped by their first
    /// two scalars (every name has two or more) and longest first within a group, and per two-scalar
    /// prefix its group's range (`start << 32 | count`). A group by the first scalar alone held up to a
    /// hundred names (`新…`, `大…`, `南…`), each compared at every step of every address.
    let nameScalars: [UInt32]
    let nameEntries: [NameEntry]
    let nameGroups: [UInt64: UInt64]

    /// One official name or short form in the name index: its scalars are
    /// `nameScalars[start..<start + length]`.
    struct NameEntry: Sendable {
        let start: Int32
        let length: Int32
        let index: Int32
        let isShort: Bool
    }

    /// The bundled table, loaded on first use. If loading fails it is an empty table rather than a
    /// crash; call ``load()`` to see the error.
    public static let shared: AdminDivisions = (try? load()) ?? AdminDivisions(divisions: [])

    /// Loads the bundled `admin_divisions.csv`.
    public static func load() throws(ReferenceDataError) -> AdminDivisions {
        try AdminDivisions(csv: try ReferenceCSV.load(resource: "admin_divisions"))
    }

    /// Parses a table in the `admin_divisions.csv` format.
    public convenience init(csv bytes: [UInt8]) throws(ReferenceDataError) {
        let file = "admin_divisions.csv"
        let rows = ReferenceCSV.rows(bytes)
        guard let header = rows.first else { throw .badRow(file: file, line: 1, reason: "empty file") }
        func column(_ name: String) throws(ReferenceDataError) -> Int {
            guard let index = header.fields.firstIndex(of: name) else {
                throw .badRow(file: file, line: header.line, reason: "missing column \(name)")
            }
            return index
        }
        let cAdcode = try column("adcode"), cName = try column("name"), cLevel = try column("level")
        let cParent = try column("parent_adcode"), cProvince = try column("province")
        let cCity = try column("city"), cDistrict = try column("district")
        let cLat = try column("lat"), cLon = try column("lon")
        let width = max(cAdcode, cName, cLevel, cParent, cProvince, cCity, cDistrict, cLat, cLon) + 1
        var divisions: [AdminDivision] = []
        divisions.reserveCapacity(rows.count)
        for row in rows.dropFirst() {
            let f = row.fields
            guard f.count >= width else {
                throw .badRow(file: file, line: row.line, reason: "expected \(width) fields, found \(f.count)")
            }
            let adcode = f[cAdcode]
            guard Adcode.isSixDigits(adcode) else {
                throw .badRow(file: file, line: row.line, reason: "adcode \(adcode) is not 6 digits")
            }
            guard let level = AdminDivision.Level(rawValue: f[cLevel]) else {
                throw .badRow(file: file, line: row.line, reason: "unknown level \(f[cLevel])")
            }
            let lat = f[cLat].isEmpty ? nil : Double(f[cLat])
            let lon = f[cLon].isEmpty ? nil : Double(f[cLon])
            if (lat == nil) != f[cLat].isEmpty || (lon == nil) != f[cLon].isEmpty {
                throw .badRow(file: file, line: row.line, reason: "bad coordinates")
            }
            divisions.append(
                AdminDivision(
                    adcode: adcode, name: f[cName], level: level,
                    parentAdcode: f[cParent].isEmpty ? nil : f[cParent], province: f[cProvince],
                    city: f[cCity], district: f[cDistrict], lat: lat, lon: lon))
        }
        self.init(divisions: divisions)
    }

    /// Builds the indices over `divisions`.
    public init(divisions: [AdminDivision]) {
        all = divisions
        var byAdcode: [String: Int] = [:]
        var children: [String: [Int]] = [:]
        var full: [String: [Int]] = [:]
        var short: [String: [Int]] = [:]
        byAdcode.reserveCapacity(divisions.count)
        var byFirst: [UInt32: [(scalars: [UInt32], index: Int, isShort: Bool)]] = [:]
        func addEntry(_ name: String, _ index: Int, _ isShort: Bool) {
            let scalars = name.unicodeScalars.map(\.value)
            guard let first = scalars.first else { return }
            byFirst[first, default: []].append((scalars, index, isShort))
        }
        for (index, division) in divisions.enumerated() {
            byAdcode[division.adcode] = index
            if let parent = division.parentAdcode { children[parent, default: []].append(index) }
            if division.isPseudoPrefecture { continue }
            full[division.name, default: []].append(index)
            addEntry(division.name, index, false)
            for form in DivisionNames.shortForms(of: division.name, level: division.level)
            where form != division.name {
                if short[form]?.contains(index) != true {
                    short[form, default: []].append(index)
                    addEntry(form, index, true)
                }
            }
        }
        indexByAdcode = byAdcode
        parentIndices = divisions.map { d in d.parentAdcode.flatMap { byAdcode[$0] } ?? -1 }
        provinceNumbers = divisions.map { d in
            let u = Array(d.adcode.utf8.prefix(2))
            return u.count == 2 ? Int(u[0] &- 0x30) * 10 + Int(u[1] &- 0x30) : -1
        }
        levelRanks = divisions.map { d in
            switch d.level {
            case .province: 0
            case .city: 1
            case .district: 2
            }
        }
        childIndices = children
        fullNameIndex = full
        shortNameIndex = short
        var scalars: [UInt32] = []
        var entries: [NameEntry] = []
        var groups: [UInt64: UInt64] = [:]
        for first in byFirst.keys.sorted() {
            // Longest first; names of one length keep the table's order.
            let named = byFirst[first]!.enumerated().filter { $0.element.scalars.count >= 2 }.sorted { a, b in
                a.element.scalars.count != b.element.scalars.count ? a.element.scalars.count > b.element.scalars.count : a.offset < b.offset
            }
            var seconds: [UInt32] = []
            for (_, name) in named where !seconds.contains(name.scalars[1]) { seconds.append(name.scalars[1]) }
            for second in seconds {
                let group = named.filter { $0.element.scalars[1] == second }
                groups[UInt64(first) << 32 | UInt64(second)] = UInt64(entries.count) << 32 | UInt64(group.count)
                for (_, name) in group {
                    entries.append(NameEntry(start: Int32(scalars.count), length: Int32(name.scalars.count), index: Int32(name.index), isShort: name.isShort))
                    scalars += name.scalars
                }
            }
        }
        nameScalars = scalars
        nameEntries = entries
        nameGroups = groups
    }

    /// The division with this code, if the table has it.
    public subscript(adcode adcode: some StringProtocol) -> AdminDivision? {
        guard let index = indexByAdcode[String(adcode)] else { return nil }
        return all[index]
    }

    /// Direct children (cities of a province, districts of a city).
    public func children(of adcode: some StringProtocol) -> [AdminDivision] {
        (childIndices[String(adcode)] ?? []).map { all[$0] }
    }

    /// Every county-level division in a province, given the province's adcode (`610000`) or its
    /// two-digit prefix (`61`).
    public func districts(inProvince province: some StringProtocol) -> [AdminDivision] {
        let prefix = String(province.prefix(2))
        return all.filter { $0.level == .district && $0.adcode.hasPrefix(prefix) }
    }

    /// Every division whose official name or short form is `name`.
    public func divisions(named name: some StringProtocol) -> [AdminDivision] {
        let key = String(name)
        let indices = (fullNameIndex[key] ?? []) + (shortNameIndex[key] ?? [])
        var seen = Set<Int>()
        return indices.filter { seen.insert($0).inserted }.map { all[$0] }
    }

    /// The representative point of a division, falling back to its parent's (and then the
    /// province's) point when it has none. Nil for an unknown code or when no ancestor has a point.
    public func point(for adcode: some StringProtocol) -> (lat: Double, lon: Double)? {
        var current = self[adcode: adcode]
        var steps = 0
        while let division = current, steps < 4 {
            if let lat = division.lat, let lon = division.lon { return (lat, lon) }
            guard let parent = division.parentAdcode else { return nil }
            current = self[adcode: parent]
            steps += 1
        }
        return nil
    }

    /// ``point(for:)`` as a ``GeoPoint``.
    public func geoPoint(for adcode: some StringProtocol) -> GeoPoint? {
        point(for: adcode).map { GeoPoint(lat: $0.lat, lon: $0.lon) }
    }

    /// The ancestors of a division from the province down, including itself.
    public func path(of adcode: some StringProtocol) -> [AdminDivision] {
        var result: [AdminDivision] = []
        var current = self[adcode: adcode]
        while let division = current, result.count < 4 {
            result.append(division)
            current = division.parentAdcode.flatMap { self[adcode: $0] }
        }
        return result.reversed()
    }

    /// Whether `descendant` is `ancestor` or lies under it.
    public func isWithin(_ descendant: some StringProtocol, _ ancestor: some StringProtocol) -> Bool {
        let target = String(ancestor)
        return path(of: descendant).contains { $0.adcode == target }
    }

    /// Matches of names at the start of `scalars[start...]`: every (division index, length,
    /// short) whose official name or short form is a prefix there, longest first.
    func nameMatches(in scalars: [Unicode.Scalar], from start: Int) -> [(index: Int, length: Int, isShort: Bool)] {
        var matches: [(index: Int, length: Int, isShort: Bool)] = []
        forEachNameMatch(in: scalars, from: start) { index, length, isShort in
            matches.append((index, length, isShort))
            return true
        }
        return matches
    }

    /// The matches of ``nameMatches(in:from:)`` handed to `body` one by one, longest first, without
    /// an array (a step of every address normalisation); `body` returns false to stop.
    @inline(__always)
    func forEachNameMatch(in scalars: [Unicode.Scalar], from start: Int, _ body: (_ index: Int, _ length: Int, _ isShort: Bool) -> Bool) {
        guard start + 1 < scalars.count,
            let range = nameGroups[UInt64(scalars[start].value) << 32 | UInt64(scalars[start + 1].value)]
        else { return }
        let available = scalars.count - start
        for e in Int(range >> 32)..<Int(range >> 32) + Int(range & 0xFFFF_FFFF) {
            let entry = nameEntries[e]
            let length = Int(entry.length)
            guard length <= available else { continue }
            let base = Int(entry.start)
            var same = true
            for k in 2..<max(length, 2) where scalars[start + k].value != nameScalars[base + k] {
                same = false
                break
            }
            if same && !body(Int(entry.index), length, entry.isShort) { return }
        }
    }
}
