import YanjianCore

/// Makes realistic identifiers: mobile numbers by carrier share, resident ID numbers with a valid
/// check character, bank cards with a valid Luhn digit, WeChat ids, credit codes and licence numbers.
struct IdentityFactory: Sendable {
    /// Carrier prefixes as integers, with weights (mobile ≈ 60 %, unicom ≈ 22 %, telecom ≈ 17 %).
    let carrierPrefixes: [UInt64]
    let carrierTable: WeightedTable
    let virtualPrefixes: [UInt64]

    init() {
        var prefixes: [UInt64] = []
        var weights: [Double] = []
        let shares: [String: Double] = ["中国移动": 60, "中国联通": 22, "中国电信": 17, "中国广电": 1]
        for (carrier, list) in PhoneNumber.carrierPrefixes {
            let share = shares[carrier] ?? 1
            for prefix in list {
                prefixes.append(UInt64(prefix) ?? 138)
                weights.append(share / Double(list.count))
            }
        }
        if prefixes.isEmpty {
            prefixes = [138]
            weights = [1]
        }
        carrierPrefixes = prefixes
        carrierTable = WeightedTable(weights)
        let virtual = PhoneNumber.virtualPrefixes.compactMap { UInt64($0) }
        virtualPrefixes = virtual.isEmpty ? [170] : virtual
    }

    /// An 11-digit mobile number; `virtualShare` of them from virtual operators.
    @inline(__always)
    func mobile(_ rng: inout SplitMix64, virtualShare: Double = 0.02) -> UInt64 {
        let prefix: UInt64
        if rng.chance(virtualShare) {
            prefix = virtualPrefixes[rng.below(virtualPrefixes.count)]
        } else {
            prefix = carrierPrefixes[carrierTable.sample(&rng)]
        }
        return prefix * 100_000_000 + UInt64(rng.below(100_000_000))
    }

    /// A mobile number as a string.
    static func phoneString(_ phone: UInt64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(11)
        ByteFormat.appendPadded(phone, width: 11, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// An 18-character resident ID number registered in `adcode`, born on `birthDay` (day number).
    func idNumber(adcode: String, birthDay: Int, male: Bool, rng: inout SplitMix64) -> String {
        let civil = CivilCalendar.civilFromDays(birthDay)
        var sequence = rng.int(0, 99) * 10 + rng.int(0, 4) * 2 + (male ? 1 : 0)
        if sequence == 0 { sequence = 2 }
        var body: [UInt8] = Array(adcode.utf8.prefix(6))
        ByteFormat.appendPadded(UInt64(civil.year), width: 4, to: &body)
        ByteFormat.appendPadded(UInt64(civil.month), width: 2, to: &body)
        ByteFormat.appendPadded(UInt64(civil.day), width: 2, to: &body)
        ByteFormat.appendPadded(UInt64(sequence), width: 3, to: &body)
        let first17 = String(decoding: body, as: UTF8.self)
        let check = ResidentID.checkCharacter(forFirst17: first17) ?? "0"
        return first17 + String(check)
    }

    /// The legacy 15-digit form of an 18-digit ID number born in the 1900s, or nil otherwise.
    static func legacyIDNumber(_ id18: String) -> String? {
        let bytes = Array(id18.utf8)
        guard bytes.count == 18, bytes[6] == UInt8(ascii: "1"), bytes[7] == UInt8(ascii: "9") else { return nil }
        return String(decoding: bytes[0..<6] + bytes[8..<17], as: UTF8.self)
    }

    /// Issuer identification numbers of common debit cards (ICBC, ABC, CCB, CMB, BOC, PSBC).
    static let cardBins: [String] = ["622202", "622848", "621700", "621483", "621661", "621799", "622588"]

    /// A 19-digit (or 16-digit) bank card number with a valid Luhn check digit.
    func bankCard(_ rng: inout SplitMix64) -> String {
        var digits: [UInt8] = Array(rng.pick(IdentityFactory.cardBins).utf8)
        let length = rng.chance(0.8) ? 19 : 16
        while digits.count < length - 1 { digits.append(UInt8(ascii: "0") + UInt8(rng.below(10))) }
        var sum = 0
        for (offset, byte) in digits.reversed().enumerated() {
            var value = Int(byte - UInt8(ascii: "0"))
            if offset % 2 == 0 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        digits.append(UInt8(ascii: "0") + UInt8((10 - sum % 10) % 10))
        return String(decoding: digits, as: UTF8.self)
    }

    static let idAlphabet: [UInt8] = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// A WeChat internal id such as `wxid_k3v9q0z2m1x8a7`.
    func wechatID(_ rng: inout SplitMix64) -> String {
        var bytes: [UInt8] = Array("wxid_".utf8)
        for _ in 0..<14 { bytes.append(IdentityFactory.idAlphabet[rng.below(IdentityFactory.idAlphabet.count)]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A personal payment account: mostly bank cards, some WeChat ids.
    func account(_ rng: inout SplitMix64) -> String {
        rng.chance(0.7) ? bankCard(&rng) : wechatID(&rng)
    }

    /// A unified social credit code registered in `adcode` with valid check characters; `individual`
    /// gives 92 (个体工商户), otherwise 91 (企业).
    ///
    /// Two businesses never share a code: the body is `serial` (each business of a world has its own,
    /// ``CreditSerial``) through a bijection that scatters neighbouring serials. Drawn at random, the
    /// seven digits of 个体工商户 codes gave about nine pairs of shops one code at scale 10, so shuffling
    /// the registry's rows changed which record of a code the importer kept. `rng` still makes the
    /// draws it made then, so that the rest of the world stays as it was.
    func creditCode(adcode: String, individual: Bool, serial: Int, rng: inout SplitMix64) -> String {
        let alphabet = CreditCode.alphabet
        let body8: [UInt8]
        if individual {
            for _ in 0..<7 { _ = rng.below(10) }
            body8 = Array("L".utf8) + Self.scattered(serial, digits: 7, radix: 10, multiplier: 3_764_351, offset: 1_234_567)
        } else {
            for _ in 0..<6 { _ = rng.below(alphabet.count) }
            body8 = Array("MA".utf8)
                + Self.scattered(serial, digits: 6, radix: alphabet.count, multiplier: 472_882_049, offset: 77_777_777)
        }
        let bodyString = String(decoding: body8, as: UTF8.self)
        let orgCheck = CreditCode.organisationCheck(forBody8: bodyString) ?? "0"
        let first17 = (individual ? "92" : "91") + adcode.prefix(6) + bodyString + String(orgCheck)
        let check = CreditCode.checkCharacter(forFirst17: first17) ?? "0"
        return first17 + String(check)
    }

    /// `serial` written in `digits` characters of the code alphabet in base `radix`, after
    /// `serial × multiplier + offset` modulo radix^digits: a bijection when `multiplier` shares no
    /// factor with `radix`, so distinct serials below radix^digits give distinct strings.
    static func scattered(_ serial: Int, digits: Int, radix: Int, multiplier: UInt64, offset: UInt64) -> [UInt8] {
        var space: UInt64 = 1
        for _ in 0..<digits { space *= UInt64(radix) }
        var value = (UInt64(serial) &* multiplier &+ offset) % space
        var out = [UInt8](repeating: 0, count: digits)
        for index in stride(from: digits - 1, through: 0, by: -1) {
            out[index] = CreditCode.alphabet[Int(value % UInt64(radix))]
            value /= UInt64(radix)
        }
        return out
    }
}

/// Serial numbers of a world's businesses for ``IdentityFactory/creditCode(adcode:individual:serial:rng:)``:
/// shops first, then the registry's other businesses, then the gangs' shell companies. Below 10⁷ each,
/// so that no two businesses share a code.
enum CreditSerial {
    static func shop(_ index: Int) -> Int { index }

    static func business(_ index: Int, size: WorldSize) -> Int { size.retailers + index }

    static func shell(gang: Int, member: Int, size: WorldSize) -> Int {
        size.retailers + size.extraBusinesses + gang * 1_000 + member
    }
}
