import YanjianCore

/// Composes street addresses: inside the centre prefecture each district has its own set of roads,
/// so that neighbours share street names; elsewhere roads are drawn freely. Also holds the few
/// public addresses thousands of people use (a courier station, a campus, an industrial park).
struct AddressBook: Sendable {
    let geography: Geography
    /// Road names per centre district, UTF-8.
    let localRoads: [[[UInt8]]]
    /// Every road name for national addresses, UTF-8.
    let anyRoads: [[UInt8]]
    let compounds: [[UInt8]]
    /// `geography.districts[i].prefixBytes` and `geography.national[i].prefixBytes`, flat, so the row
    /// loops do not copy whole `Place` values.
    let localPrefixes: [[UInt8]]
    let nationalPrefixes: [[UInt8]]
    /// Shared public addresses inside the prefecture (decoys and hubs).
    let courierStation: String
    let campusDorm: String
    let industrialPark: String
    let logisticsPark: String
    let railwayStation: String
    let newResidentialArea: String
    /// Districts of those places (indices into `geography.districts`).
    let hubDistrict: Int
    let parkDistrict: Int

    static let hao: [UInt8] = Array("号".utf8)
    static let building: [UInt8] = Array("号楼".utf8)
    static let unit: [UInt8] = Array("单元".utf8)
    static let room: [UInt8] = Array("室".utf8)

    init(geography: Geography, rng: inout SplitMix64) {
        self.geography = geography
        localPrefixes = geography.districts.map(\.prefixBytes)
        nationalPrefixes = geography.national.map(\.prefixBytes)
        var all: [[UInt8]] = []
        for stem in Lexicon.roadStems {
            for suffix in Lexicon.roadSuffixes.prefix(8) { all.append(Array((stem + suffix).utf8)) }
        }
        anyRoads = all
        let roadsPerDistrict = geography.districts.map { _ in
            rng.sample(28, from: all.count).map { all[$0] }
        }
        localRoads = roadsPerDistrict
        compounds = Lexicon.roadStems.flatMap { stem in
            Lexicon.compoundSuffixes.prefix(4).map { Array((stem + $0).utf8) }
        }
        let core = geography.coreDistrict
        hubDistrict = core
        parkDistrict = (core + 1) % geography.districts.count
        let city = geography.centreShortName
        func street(_ district: Int, _ rng: inout SplitMix64) -> String {
            let place = geography.districts[district]
            let road = String(decoding: rng.pick(roadsPerDistrict[district]), as: UTF8.self)
            return String(decoding: place.prefixBytes, as: UTF8.self) + road + "\(rng.int(1, 399))号"
        }
        courierStation = street(core, &rng) + "菜鸟驿站"
        campusDorm = street(core, &rng) + city + "学院学生公寓"
        industrialPark = street(parkDistrict, &rng) + city + "高新技术产业开发区创业园"
        logisticsPark = street(parkDistrict, &rng) + city + "国际物流园"
        railwayStation = street(core, &rng) + city + "站站前广场"
        newResidentialArea = street(parkDistrict, &rng) + "新城" + "\(rng.int(1, 9))期"
    }

    /// Appends a street address in a centre district; homes get a compound, building and room.
    @inline(__always)
    func appendLocal(district: Int, home: Bool, to buffer: inout [UInt8], rng: inout SplitMix64) {
        buffer.append(contentsOf: localPrefixes[district])
        let roads = localRoads[district]
        buffer.append(contentsOf: roads[rng.below(roads.count)])
        ByteFormat.appendInt(rng.int(1, 420), to: &buffer)
        buffer.append(contentsOf: AddressBook.hao)
        if home { appendUnit(to: &buffer, rng: &rng) }
    }

    /// Appends a home address anywhere on the mainland (`national` place index).
    @inline(__always)
    func appendNational(place: Int, to buffer: inout [UInt8], rng: inout SplitMix64) {
        buffer.append(contentsOf: nationalPrefixes[place])
        buffer.append(contentsOf: anyRoads[rng.below(anyRoads.count)])
        ByteFormat.appendInt(rng.int(1, 600), to: &buffer)
        buffer.append(contentsOf: AddressBook.hao)
        if rng.chance(0.7) { appendUnit(to: &buffer, rng: &rng) }
    }

    @inline(__always)
    private func appendUnit(to buffer: inout [UInt8], rng: inout SplitMix64) {
        buffer.append(contentsOf: compounds[rng.below(compounds.count)])
        ByteFormat.appendInt(rng.int(1, 30), to: &buffer)
        buffer.append(contentsOf: AddressBook.building)
        ByteFormat.appendInt(rng.int(1, 4), to: &buffer)
        buffer.append(contentsOf: AddressBook.unit)
        ByteFormat.appendInt(rng.int(1, 26) * 100 + rng.int(1, 4), to: &buffer)
        buffer.append(contentsOf: AddressBook.room)
    }

    /// A local address as a `String`.
    func local(district: Int, home: Bool, rng: inout SplitMix64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(96)
        appendLocal(district: district, home: home, to: &bytes, rng: &rng)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A national address as a `String`.
    func national(place: Int, rng: inout SplitMix64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(96)
        appendNational(place: place, to: &bytes, rng: &rng)
        return String(decoding: bytes, as: UTF8.self)
    }
}
