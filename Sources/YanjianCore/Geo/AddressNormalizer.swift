/// A postal address split into its administrative part (resolved against the division table) and
/// the rest, with a ``key`` for matching addresses written differently.
public struct NormalizedAddress: Sendable, Hashable {
    /// The deepest resolved division's code, nil when nothing resolved.
    public var adcode: String?
    /// Province name, empty when unresolved.
    public var province: String
    /// City name, empty when unresolved. Municipalities repeat the province (`北京市`); county-level
    /// units directly under a province use their own name (`仙桃市`).
    public var city: String
    /// District name, empty when unresolved.
    public var district: String
    /// What follows the divisions (street, number, building), cleaned.
    public var rest: String
    /// Matching form: `adcode|rest` with full-width folded, punctuation and spaces removed, ASCII upper
    /// case, `号楼`/`幢`/`#楼` → `栋`. Equal keys mean "same address, as far as text can tell".
    public var key: String

    /// Normalises `raw`; see ``AddressNormalizer``.
    public static func normalize(_ raw: String, divisions: AdminDivisions = .shared) -> NormalizedAddress {
        AddressNormalizer.normalize(raw, divisions: divisions)
    }
}

/// Resolves the province, city and district at the start of an address, accepting official names
/// and short forms (`陕西`, `西安`, `雁塔`, `广西`, `内蒙古`), and a district named alone when it is unique
/// in the country or within the province or city already resolved.
public enum AddressNormalizer {
    /// Normalises `raw` against `divisions`.
    public static func normalize(_ raw: String, divisions: AdminDivisions = .shared) -> NormalizedAddress {
        var scalars: [Unicode.Scalar] = []
        clean(ScalarFolding.nfkcScalars(raw), into: &scalars)
        let (resolved, pos) = resolve(scalars, divisions)
        let all = divisions.all
        var cityName = resolved.city >= 0 ? all[resolved.city].name : ""
        if resolved.city >= 0 && all[resolved.city].isPseudoPrefecture {
            cityName = resolved.district >= 0 ? all[resolved.district].name : ""
        }
        let adcode = resolved.deepest >= 0 ? all[resolved.deepest].adcode : nil
        var bytes: [UInt8] = []
        bytes.reserveCapacity((scalars.count - pos) * 3)
        normalizeRest(scalars[pos...], into: &bytes)
        let rest = String(decoding: bytes, as: UTF8.self)
        return NormalizedAddress(
            adcode: adcode, province: resolved.province >= 0 ? all[resolved.province].name : "", city: cityName,
            district: resolved.district >= 0 ? all[resolved.district].name : "", rest: rest,
            key: (adcode ?? "") + "|" + rest)
    }

    /// Buffers ``appendKey(utf8:divisions:scratch:to:)`` reuses from call to call.
    public struct Scratch: Sendable {
        var values: [UInt32] = []
        var scalars: [Unicode.Scalar] = []

        public init() {}
    }

    /// Appends to `out` the ``NormalizedAddress/key`` of the UTF-8 text `bytes`, byte for byte what
    /// ``normalize(_:divisions:)`` gives, and returns how many characters its rest has. For loads
    /// that key millions of addresses: no `String` is made (unless the text is not valid UTF-8 or
    /// needs more than the half-width fold to be NFKC, when it goes the `String` way), and the
    /// intermediate buffers are `scratch`'s.
    public static func appendKey(
        utf8 bytes: UnsafeBufferPointer<UInt8>, divisions: AdminDivisions = .shared, scratch: inout Scratch, to out: inout [UInt8]
    ) -> Int {
        scratch.values.removeAll(keepingCapacity: true)
        if !ScalarFolding.foldedScalars(utf8: bytes, into: &scratch.values) {
            scratch.values = ScalarFolding.nfkcScalars(String(decoding: bytes, as: UTF8.self))
        }
        scratch.scalars.removeAll(keepingCapacity: true)
        clean(scratch.values, into: &scratch.scalars)
        let (resolved, pos) = resolve(scratch.scalars, divisions)
        if resolved.deepest >= 0 { out.append(contentsOf: divisions.all[resolved.deepest].adcode.utf8) }
        out.append(0x7C)  // |
        return normalizeRest(scratch.scalars[pos...], into: &out)
    }

    /// The divisions `scalars` (cleaned) start with, after a country name, ancestors filled in from
    /// the deepest one; and where the rest starts.
    static func resolve(_ scalars: [Unicode.Scalar], _ divisions: AdminDivisions) -> (Resolved, rest: Int) {
        var pos = 0
        for prefix in countryPrefixes where scalars.starts(with: prefix) {
            pos = prefix.count
            break
        }
        var resolved = Resolved()
        while pos < scalars.count, let step = nextDivision(scalars, pos, resolved, divisions) {
            resolved[divisions.levelRanks[step.index]] = step.index
            pos += step.length
            if resolved.district >= 0 { break }
        }
        // Fill ancestors from the deepest level found.
        var walk = resolved.district >= 0 ? resolved.district : resolved.city
        var steps = 0
        while walk >= 0 && steps < 4 {
            let r = divisions.levelRanks[walk]
            if resolved[r] < 0 { resolved[r] = walk }
            walk = divisions.parentIndices[walk]
            steps += 1
        }
        return (resolved, pos)
    }

    static let countryPrefixes: [[Unicode.Scalar]] = [Array("中华人民共和国".unicodeScalars), Array("中国".unicodeScalars)]

    /// Division indices resolved so far, -1 when unresolved.
    struct Resolved {
        var province = -1
        var city = -1
        var district = -1

        subscript(rank: Int) -> Int {
            get { rank == 0 ? province : rank == 1 ? city : district }
            set {
                switch rank {
                case 0: province = newValue
                case 1: city = newValue
                default: district = newValue
                }
            }
        }

        var deepestRank: Int { district >= 0 ? 2 : city >= 0 ? 1 : province >= 0 ? 0 : -1 }

        /// The deepest division resolved, -1 when none.
        var deepest: Int { district >= 0 ? district : city >= 0 ? city : province }
    }

    /// NFKC with half-width folding, ASCII upper case, spaces and punctuation removed (`-` and `#`
    /// kept, dashes unified to `-`).
    static func clean(_ values: [UInt32], into out: inout [Unicode.Scalar]) {
        out.reserveCapacity(values.count)
        for v in values {
            guard let scalar = Unicode.Scalar(v) else { continue }
            if v == 0x2D || v == 0x2014 || v == 0x2013 || v == 0x2212 || v == 0x2015 {
                out.append("-")
                continue
            }
            if v == 0x23 {
                out.append("#")
                continue
            }
            // Fast path: ideographs, ASCII letters and digits are kept as they are.
            if (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) {
                out.append(scalar)
                continue
            }
            if v >= 0x61 && v <= 0x7A {
                out.append(Unicode.Scalar(UInt8(v - 0x20)))
                continue
            }
            if scalar.properties.isWhitespace { continue }
            switch scalar.properties.generalCategory {
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                .initialPunctuation, .finalPunctuation, .otherPunctuation, .mathSymbol, .modifierSymbol,
                .control, .format:
                continue
            default:
                out.append(Unicode.Scalar(ScalarFolding.upper(v)) ?? scalar)
            }
        }
    }

    /// Characters that, right after a short name, show it is part of a street or place name
    /// (`雁塔路`, `西安大街`), not a division.
    static let streetFollowers: Set<Unicode.Scalar> = ["路", "街", "道", "巷", "弄", "里", "村", "镇", "乡", "桥", "湖", "山", "河"]
    static let streetPairs: Set<UInt64> = Set(
        ["大街", "大道", "大厦", "广场", "花园", "小区", "公园", "中路", "东路", "西路", "南路", "北路", "大桥"].map { pair in
            let v = pair.unicodeScalars.map { UInt64($0.value) }
            return v[0] << 32 | v[1]
        })

    static func blockedShort(_ scalars: [Unicode.Scalar], at next: Int) -> Bool {
        guard next < scalars.count else { return false }
        if streetFollowers.contains(scalars[next]) { return true }
        if next + 1 < scalars.count {
            let key = UInt64(scalars[next].value) << 32 | UInt64(scalars[next + 1].value)
            if streetPairs.contains(key) { return true }
        }
        return false
    }

    /// The division written at `pos`, if one can be chosen without ambiguity.
    static func nextDivision(
        _ scalars: [Unicode.Scalar], _ pos: Int, _ resolved: Resolved, _ divisions: AdminDivisions
    ) -> (index: Int, length: Int)? {
        let deepest = resolved.deepestRank
        let anchor = resolved.province >= 0 ? resolved.province : resolved.city
        let provinceNumber = anchor >= 0 ? divisions.provinceNumbers[anchor] : -1
        let city = resolved.city
        let cityIsMunicipality = city >= 0 && isMunicipality(divisions.provinceNumbers[city])
        // Candidates of the longest acceptable length, split into official names and short forms.
        var length = 0
        var bestRank = 3
        var chosen = -1
        var ambiguous = false
        var chosenIsShort = true
        divisions.forEachNameMatch(in: scalars, from: pos) { i, matchLength, isShort in
            if length > 0 && matchLength < length { return false }
            let r = divisions.levelRanks[i]
            guard r > deepest else { return true }
            if provinceNumber >= 0 && divisions.provinceNumbers[i] != provinceNumber { return true }
            if city >= 0 && r == 2 && !cityIsMunicipality && divisions.parentIndices[i] != city { return true }
            if isShort && blockedShort(scalars, at: pos + matchLength) { return true }
            length = matchLength
            // Prefer official names over short forms, then the highest level.
            let better = (chosenIsShort && !isShort) || (chosenIsShort == isShort && r < bestRank)
            if chosen < 0 || better {
                chosen = i
                bestRank = r
                chosenIsShort = isShort
                ambiguous = false
            } else if chosenIsShort == isShort && r == bestRank && i != chosen {
                // Chongqing's two city rows share a name: keep the first.
                let sameMunicipality = r == 1 && isMunicipality(divisions.provinceNumbers[i])
                    && divisions.provinceNumbers[i] == divisions.provinceNumbers[chosen]
                if !sameMunicipality { ambiguous = true }
            }
            return true
        }
        guard chosen >= 0, !ambiguous else { return nil }
        return (chosen, length)
    }

    static func isMunicipality(_ provinceNumber: Int) -> Bool {
        provinceNumber == 11 || provinceNumber == 12 || provinceNumber == 31 || provinceNumber == 50
    }

    /// Appends `rest` to `out` as UTF-8 with building and unit spellings unified (`号楼`/`幢`/`#楼` →
    /// `栋`, a remaining `#` → `号`); returns the characters appended. (Bytes, not a `String`:
    /// appending scalars to a `String` one by one cost twice the rest of this function.)
    @discardableResult
    static func normalizeRest(_ rest: ArraySlice<Unicode.Scalar>, into out: inout [UInt8]) -> Int {
        var i = rest.startIndex
        var count = 0
        while i < rest.endIndex {
            var s = rest[i]
            if (s == "#" || s == "号") && i + 1 < rest.endIndex && rest[i + 1] == "楼" {
                s = "栋"
                i += 1
            } else if s == "幢" {
                s = "栋"
            } else if s == "#" {
                s = "号"
            }
            appendUTF8(s, to: &out)
            count += 1
            i += 1
        }
        return count
    }

    @inline(__always)
    static func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        let v = scalar.value
        if v < 0x80 {
            out.append(UInt8(v))
        } else if v < 0x800 {
            out.append(UInt8(0xC0 | v >> 6))
            out.append(UInt8(0x80 | v & 0x3F))
        } else if v < 0x10000 {
            out.append(UInt8(0xE0 | v >> 12))
            out.append(UInt8(0x80 | v >> 6 & 0x3F))
            out.append(UInt8(0x80 | v & 0x3F))
        } else {
            out.append(UInt8(0xF0 | v >> 18))
            out.append(UInt8(0x80 | v >> 12 & 0x3F))
            out.append(UInt8(0x80 | v >> 6 & 0x3F))
            out.append(UInt8(0x80 | v & 0x3F))
        }
    }
}
