import YanjianCore

/// One courier company: its `courier` value, market share and waybill-number format.
struct CourierSpec: Sendable {
    let courier: Courier
    let name: String
    let nameBytes: [UInt8]
    /// Fixed leading characters of its waybill numbers (`SF`, `75`, `JDX`).
    let prefix: [UInt8]
    /// Digits after the prefix.
    let digits: Int
    let share: Double
}

/// The couriers, their waybill numbering and their pickup outlets (揽收网点) in the prefecture.
///
/// Waybill numbers are unique by construction: the world's running waybill index goes through a
/// bijection on `digits`-digit numbers (multiply by a constant coprime to 10, add an offset), so no
/// two waybills of one courier share a number and the numbers look random.
struct CourierTable: Sendable {
    let couriers: [CourierSpec]
    let table: WeightedTable
    /// Outlet names per centre district, per courier (two each).
    let localOutlets: [[[[UInt8]]]]
    static let outletSuffix: [UInt8] = Array("营业部".utf8)

    /// (courier, number prefix, digits after it, market share %)
    static let specs: [(Courier, String, Int, Double)] = [
        (.zto, "75", 12, 20), (.yunda, "43", 11, 17), (.yto, "YT", 13, 16), (.sto, "77", 11, 12),
        (.jt, "JT", 13, 12), (.sfExpress, "SF", 13, 10), (.jd, "JDX", 12, 6), (.ems, "1", 12, 5),
        (.other, "DPK", 12, 2),
    ]

    init(geography: Geography, addresses: AddressBook, rng: inout SplitMix64) {
        couriers = CourierTable.specs.map { spec in
            CourierSpec(
                courier: spec.0, name: spec.0.code, nameBytes: Array(spec.0.code.utf8), prefix: Array(spec.1.utf8),
                digits: spec.2, share: spec.3)
        }
        table = WeightedTable(couriers.map(\.share))
        let stems = Lexicon.roadStems
        let kinds = Lexicon.outletKinds
        localOutlets = geography.districts.map { place in
            let short = CourierTable.shortDistrict(place.districtName)
            return CourierTable.specs.map { spec in
                (0..<2).map { _ in
                    let brand = CourierTable.outletBrand(spec.0)
                    return Array((brand + short + rng.pick(stems) + rng.pick(kinds)).utf8)
                }
            }
        }
    }

    /// The name on a courier's outlets (`中国邮政` for EMS, `德邦` standing in for other couriers).
    static func outletBrand(_ courier: Courier) -> String {
        switch courier {
        case .ems: return "中国邮政"
        case .other: return "德邦"
        case .sfExpress, .zto, .yto, .sto, .yunda, .jd, .jt: return courier.code
        }
    }

    /// `潍城区` → `潍城`, `青州市` → `青州`.
    static func shortDistrict(_ name: String) -> String {
        for suffix in ["自治县", "区", "县", "市", "旗"] where name.hasSuffix(suffix) && name.count > suffix.count + 1 {
            return String(name.dropLast(suffix.count))
        }
        return name
    }

    /// Appends the waybill number of world waybill `index` at courier `courier`.
    @inline(__always)
    func appendNumber(courier: Int, index: Int, to buffer: inout [UInt8]) {
        let spec = couriers[courier]
        var modulus: UInt64 = 1
        for _ in 0..<spec.digits { modulus &*= 10 }
        let multiplier: UInt64 = 7_919_310_713 % modulus
        let offset: UInt64 = (UInt64(courier + 1) &* 982_451_653) % modulus
        let value = (UInt64(index) &* multiplier &+ offset) % modulus
        buffer.append(contentsOf: spec.prefix)
        ByteFormat.appendPadded(value, width: spec.digits, to: &buffer)
    }

    /// The waybill number as a `String`.
    func number(courier: Int, index: Int) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        appendNumber(courier: courier, index: index, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// An outlet name outside the prefecture: courier + district + 营业部.
    @inline(__always)
    func appendRemoteOutlet(courier: Int, place: Place, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: Array(CourierTable.outletBrand(couriers[courier].courier).utf8))
        buffer.append(contentsOf: Array(place.districtName.utf8))
        buffer.append(contentsOf: CourierTable.outletSuffix)
    }
}
