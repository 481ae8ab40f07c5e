import YanjianCore

/// Which file gets which file-level defect in a messy world, chosen by seed: one file with a UTF-8
/// BOM, one with CRLF line ends, one encoded in GB18030. Clean worlds use the plain style everywhere.
struct MessPlan: Sendable {
    let enabled: Bool
    let bomFile: String
    let crlfFile: String
    let gb18030File: String

    init(config: WorldConfig) {
        enabled = config.messy
        let pick = Int(config.seed % 3)
        bomFile = ["retailers.csv", "cameras.csv", "cases.csv"][pick]
        crlfFile = ["case_links.csv", "units.csv", "payments.csv"][pick]
        gb18030File = ["business_registry.csv", "persons.csv", "business_registry.csv"][pick]
    }

    /// The layout of `file`.
    func style(for file: String) -> FileStyle {
        guard enabled else { return FileStyle() }
        return FileStyle(
            byteOrderMark: file == bomFile, crlf: file == crlfFile,
            encoding: file == gb18030File ? .gb18030 : .utf8)
    }

    /// Logs the file-level defects of `file` (line 1: they concern the whole file).
    func logFileDefects(file: String, log: DefectLog) {
        guard enabled else { return }
        if file == bomFile {
            log.add(file: file, line: 1, id: nil, kind: .byteOrderMark, detail: "file starts with a UTF-8 BOM")
        }
        if file == crlfFile {
            log.add(file: file, line: 1, id: nil, kind: .crlf, detail: "every line ends with CRLF")
        }
        if file == gb18030File {
            log.add(
                file: file, line: 1, id: nil, kind: .gb18030,
                detail: "file encoded in GB18030 (encoder: \(GB18030Encoder.backend.rawValue))")
        }
    }
}

/// Per-file random decisions about field-level defects. Disabled in clean worlds, where every roll
/// is false without drawing, so a clean world never depends on the messy stream.
struct Messer {
    let enabled: Bool
    var rng: SplitMix64

    init(enabled: Bool, rng: SplitMix64) {
        self.enabled = enabled
        self.rng = rng
    }

    /// True with probability `p` in a messy world.
    @inline(__always)
    mutating func roll(_ p: Double) -> Bool {
        enabled && rng.chance(p)
    }

    /// `count` distinct row numbers out of `total` to damage (none in a clean world).
    mutating func pickRows(_ count: Int, of total: Int) -> Set<Int> {
        guard enabled, total > 0 else { return [] }
        return Set(rng.sample(min(count, total), from: total))
    }

    static let fullWidthDigits: [String] = ["０", "１", "２", "３", "４", "５", "６", "７", "８", "９"]

    /// A different spelling of a mobile number, and whether it is masked.
    mutating func phoneVariant(_ phone: UInt64) -> (text: String, kind: DefectKind) {
        let digits = IdentityFactory.phoneString(phone)
        let a = String(digits.prefix(3))
        let b = String(digits.dropFirst(3).prefix(4))
        let c = String(digits.suffix(4))
        switch rng.below(7) {
        case 0: return ("+86 \(a) \(b) \(c)", .phoneFormat)
        case 1: return ("+86" + digits, .phoneFormat)
        case 2: return ("\(a)-\(b)-\(c)", .phoneFormat)
        case 3: return ("\(a) \(b) \(c)", .phoneFormat)
        case 4: return (Messer.fullWidth(digits), .phoneFormat)
        case 5: return ("86-\(a)-\(b)-\(c)", .phoneFormat)
        default: return ("\(a)****\(c)", .maskedPhone)
        }
    }

    /// ASCII digits replaced by full-width ones.
    static func fullWidth(_ text: String) -> String {
        var out = ""
        for character in text {
            if let value = character.wholeNumberValue, character.isASCII {
                out += fullWidthDigits[value]
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// Another way people write the same address, given the province and city names it starts with.
    mutating func addressVariant(_ address: String, province: String, city: String) -> (text: String, detail: String)? {
        let choice = rng.below(4)
        switch choice {
        case 0 where address.hasPrefix(province):
            let short = Geography.shortProvince(province)
            guard short != province else { return nil }
            return (short + address.dropFirst(province.count), "short province name")
        case 1 where address.hasPrefix(province + city) && !city.isEmpty:
            let rest = address.dropFirst(province.count + city.count)
            return (province + " " + city + " " + rest, "spaces between parts")
        case 2 where address.contains(where: { $0.isASCII && $0.isNumber }):
            return (Messer.fullWidth(address), "full-width digits")
        default:
            guard address.hasPrefix(province), !city.isEmpty else { return nil }
            return (String(address.dropFirst(province.count)), "province left out")
        }
    }
}
