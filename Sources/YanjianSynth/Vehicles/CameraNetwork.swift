import Foundation
import YanjianCore

/// One camera.
struct Camera: Sendable {
    let id: String
    let name: String
    let kind: CameraKind
    let lat: Double
    let lon: Double
    let district: Int
    let direction: String
}

/// The prefecture's cameras, laid out along roads: a corridor of checkpoints from the urban core to
/// every other district (expressway exits near the far ends), public-security cameras around each
/// district seat, cameras at the logistics park and around chosen retailers. Trips follow corridors,
/// so vehicles on the same road pass the same cameras in the same order.
struct CameraNetwork: Sendable {
    var cameras: [Camera]
    /// Per district: corridor cameras ordered from the core outwards (empty for the core).
    var corridors: [[Int]]
    /// Per district: cameras in town (public security and retail areas).
    var urban: [[Int]]
    var logistics: [Int]
    /// Retail-area cameras by retailer index.
    var retailCameras: [Int: Int]
    let core: Int

    init(context: WorldContext, retail: RetailPlan) {
        var rng = context.rng(.cameras)
        let geography = context.geography
        let districts = geography.districts
        let total = context.size.cameras
        let coreDistrict = geography.coreDistrict
        core = coreDistrict
        let logisticsCount = max(2, total / 50)
        let retailCount = max(3, total * 12 / 100)
        let corridorCount = max(districts.count - 1, total * 45 / 100)
        let urbanCount = max(districts.count, total - logisticsCount - retailCount - corridorCount)
        var built: [Camera] = []
        var corridorList = Array(repeating: [Int](), count: districts.count)
        var urbanList = Array(repeating: [Int](), count: districts.count)
        var serial = Array(repeating: 0, count: districts.count)
        let directions = ["东向西", "西向东", "南向北", "北向南", "双向"]
        func add(_ name: String, _ kind: CameraKind, _ lat: Double, _ lon: Double, _ district: Int, _ rng: inout SplitMix64) -> Int {
            serial[district] += 1
            var id: [UInt8] = Array(("C" + districts[district].adcode + "-").utf8)
            ByteFormat.appendPadded(UInt64(serial[district]), width: 3, to: &id)
            built.append(
                Camera(
                    id: String(decoding: id, as: UTF8.self), name: name, kind: kind, lat: lat, lon: lon,
                    district: district, direction: rng.pick(directions)))
            return built.count - 1
        }
        func road(_ district: Int, _ rng: inout SplitMix64) -> String {
            String(decoding: rng.pick(context.addresses.localRoads[district]), as: UTF8.self)
        }
        // Corridors: spread the checkpoint budget over the non-core districts.
        let outer = districts.indices.filter { $0 != coreDistrict }
        let coreLat = districts[coreDistrict].lat, coreLon = districts[coreDistrict].lon
        for (position, district) in outer.enumerated() {
            let share = corridorCount / outer.count + (position < corridorCount % outer.count ? 1 : 0)
            let target = districts[district]
            for step in 0..<share {
                let fraction = (Double(step) + 0.7) / (Double(share) + 0.4)
                let lat = coreLat + (target.lat - coreLat) * fraction + rng.normal() * 0.004
                let lon = coreLon + (target.lon - coreLon) * fraction + rng.normal() * 0.004
                let exit = step == share - 1 && share >= 3
                let name = exit
                    ? "高速\(target.districtName)出入口"
                    : "\(districts[coreDistrict].districtName)至\(target.districtName)\(road(district, &rng))卡口"
                corridorList[district].append(add(name, exit ? .highwayGate : .checkpoint, lat, lon, district, &rng))
            }
        }
        // Town cameras: by district weight, the core getting the most.
        let table = geography.districtTable
        for index in 0..<urbanCount {
            let district = index < districts.count ? index : table.sample(&rng)
            let place = districts[district]
            let point = geography.scatter(lat: place.lat, lon: place.lon, spreadKm: min(place.spreadKm, 2.5), rng: &rng)
            let name = "\(place.districtName)\(road(district, &rng))与\(road(district, &rng))路口"
            urbanList[district].append(add(name, .publicSecurity, point.lat, point.lon, district, &rng))
        }
        // Logistics park gates.
        let parkDistrict = context.addresses.parkDistrict
        var logistics: [Int] = []
        for gate in 0..<logisticsCount {
            let place = districts[parkDistrict]
            let point = geography.scatter(lat: place.lat, lon: place.lon, spreadKm: 0.4, rng: &rng)
            logistics.append(add("\(geography.centreShortName)国际物流园\(gate + 1)号门", .logisticsPark, point.lat, point.lon, parkDistrict, &rng))
        }
        // Cameras around retailers: night traders first, then the station shop, then others.
        var chosen = retail.retailers.filter { $0.pattern == .nightTrade }.map(\.index)
        chosen += retail.retailers.filter { $0.decoy == .busyStation || $0.pattern == .outflow }.map(\.index)
        var others = retail.retailers.filter { $0.pattern == nil && $0.decoy == nil }.map(\.index)
        rng.shuffle(&others)
        chosen += others
        var retailCameras: [Int: Int] = [:]
        for shopIndex in chosen.prefix(retailCount) {
            let shop = retail.retailers[shopIndex]
            let lat = shop.lat + rng.normal() * 0.0004, lon = shop.lon + rng.normal() * 0.0004
            let camera = add("\(shop.name)周边", .retailerVicinity, lat, lon, shop.district, &rng)
            retailCameras[shopIndex] = camera
            urbanList[shop.district].append(camera)
        }
        self.cameras = built
        self.corridors = corridorList
        self.urban = urbanList
        self.logistics = logistics
        self.retailCameras = retailCameras
    }

    /// A route between two districts: town cameras at the start and the end, the corridors in
    /// between, with the seconds from departure at which each camera is passed.
    func route(from origin: Int, to destination: Int, rng: inout SplitMix64) -> [(camera: Int, offset: Int)] {
        var sequence: [Int] = []
        if let start = pickUrban(origin, &rng) { sequence.append(start) }
        if origin != destination {
            sequence += corridors[origin].reversed()
            sequence += corridors[destination]
        } else if let middle = pickUrban(origin, &rng), middle != sequence.last {
            sequence.append(middle)
        }
        if let end = pickUrban(destination, &rng), end != sequence.last { sequence.append(end) }
        return timed(sequence, rng: &rng)
    }

    /// A route through explicit cameras.
    func timed(_ sequence: [Int], rng: inout SplitMix64) -> [(camera: Int, offset: Int)] {
        var result: [(camera: Int, offset: Int)] = []
        var offset = 0.0
        for (position, camera) in sequence.enumerated() {
            if position > 0 {
                let a = cameras[sequence[position - 1]], b = cameras[camera]
                let km = GeoPoint.distanceKm(GeoPoint(lat: a.lat, lon: a.lon), GeoPoint(lat: b.lat, lon: b.lon)) * 1.3
                let town = a.kind != .checkpoint && b.kind != .checkpoint && a.kind != .highwayGate
                let speed = town ? rng.double(22, 35) : rng.double(50, 75)
                offset += max(20, km / speed * 3600)
            }
            result.append((camera, Int(offset)))
        }
        return result
    }

    private func pickUrban(_ district: Int, _ rng: inout SplitMix64) -> Int? {
        let list = urban[district]
        return list.isEmpty ? nil : list[rng.below(list.count)]
    }

    static let header = ["camera_id", "name", "kind", "lat", "lon", "adcode", "direction"]

    func write(context: WorldContext, output: WorldOutput) throws {
        let writer = try output.csv("cameras.csv", header: CameraNetwork.header)
        for camera in cameras {
            writer.field(camera.id)
            writer.field(camera.name)
            writer.field(camera.kind.code)
            writer.field(fixed: Int64((camera.lat * 1e6).rounded()), fractionDigits: 6)
            writer.field(fixed: Int64((camera.lon * 1e6).rounded()), fractionDigits: 6)
            writer.field(context.geography.districts[camera.district].adcode)
            writer.field(camera.direction)
            try writer.endRow()
        }
        try output.finish(writer)
    }
}
