import Foundation
import YanjianCore

/// A county-level place usable in addresses, with its name path pre-encoded as UTF-8.
struct Place: Sendable {
    let adcode: String
    let adcodeBytes: [UInt8]
    /// Two-digit province code (`37`).
    let provinceCode: Int
    let provinceName: String
    /// City name, empty for municipalities and units directly under a province.
    let cityName: String
    let districtName: String
    /// `山东省潍坊市潍城区` (municipalities: `北京市朝阳区`).
    let prefixBytes: [UInt8]
    let lat: Double
    let lon: Double
    /// Typical spread of addresses around the point, in km.
    let spreadKm: Double
}

/// Where the world lies: the prefecture it centres on, its districts, and every mainland county for
/// the far ends of parcels, weighted by province population.
struct Geography: Sendable {
    let centre: AdminDivision
    let centreProvinceCode: Int
    let centreLat: Double
    let centreLon: Double
    /// The prefecture's short name (`潍坊`).
    let centreShortName: String
    /// County-level places of the centre prefecture.
    let districts: [Place]
    /// Where people and shops live inside the prefecture (urban districts weigh more).
    let districtTable: WeightedTable
    /// Every mainland county-level place with a point.
    let national: [Place]
    /// Population-weighted choice over ``national``.
    let nationalTable: WeightedTable
    /// Indices into ``national`` by two-digit province code.
    let nationalByProvince: [Int: [Int]]
    /// The 31 mainland province codes, largest population first.
    let provinceCodes: [Int]
    /// Province code → population weight (millions, approximate 2020 census).
    static let provincePopulation: [Int: Double] = [
        44: 126, 37: 102, 41: 99, 32: 85, 51: 84, 13: 75, 43: 66, 33: 65, 34: 61, 42: 58, 45: 50,
        53: 47, 36: 45, 21: 43, 35: 42, 61: 40, 52: 39, 14: 35, 50: 32, 23: 31, 62: 25, 65: 26, 31: 25,
        11: 22, 22: 24, 15: 24, 12: 14, 46: 10, 64: 7, 63: 6, 54: 4,
    ]
    /// Provinces where counterfeit supply is classically reported to come from.
    static let supplyProvinces: [Int] = [35, 44, 53, 41, 45]

    /// Builds the geography for a prefecture adcode.
    init(centreAdcode: String, divisions: AdminDivisions = .shared) throws {
        guard let centre = divisions[adcode: centreAdcode], centre.level == .city else {
            throw SynthError.invalidConfig("centre \(centreAdcode) is not a prefecture-level adcode")
        }
        guard let point = divisions.point(for: centreAdcode) else {
            throw SynthError.missingReference("a point for \(centreAdcode)")
        }
        self.centre = centre
        centreProvinceCode = Int(centreAdcode.prefix(2)) ?? 0
        centreLat = point.lat
        centreLon = point.lon
        centreShortName = Geography.shortCity(centre.name)
        var local: [Place] = []
        var weights: [Double] = []
        for division in divisions.children(of: centreAdcode) where division.level == .district {
            guard let place = Geography.place(division, divisions: divisions) else { continue }
            let km = GeoPoint.distanceKm(
                GeoPoint(lat: place.lat, lon: place.lon), GeoPoint(lat: point.lat, lon: point.lon))
            let weight = km < 15 ? 3.0 : (km < 40 ? 1.6 : 1.0)
            local.append(
                Place(
                    adcode: place.adcode, adcodeBytes: place.adcodeBytes, provinceCode: place.provinceCode,
                    provinceName: place.provinceName, cityName: place.cityName,
                    districtName: place.districtName, prefixBytes: place.prefixBytes, lat: place.lat,
                    lon: place.lon, spreadKm: km < 15 ? 2.0 : 4.5))
            weights.append(weight)
        }
        guard local.count >= 2 else {
            throw SynthError.missingReference("at least two districts under \(centreAdcode)")
        }
        districts = local
        districtTable = WeightedTable(weights)

        var nationalPlaces: [Place] = []
        var byProvince: [Int: [Int]] = [:]
        for division in divisions.all where division.level == .district {
            let province = Int(division.adcode.prefix(2)) ?? 0
            guard Geography.provincePopulation[province] != nil,
                let place = Geography.place(division, divisions: divisions)
            else { continue }
            byProvince[province, default: []].append(nationalPlaces.count)
            nationalPlaces.append(place)
        }
        guard !nationalPlaces.isEmpty else { throw SynthError.missingReference("mainland districts") }
        national = nationalPlaces
        nationalByProvince = byProvince
        var nationalWeights = [Double](repeating: 0, count: nationalPlaces.count)
        for (province, indices) in byProvince {
            let share = (Geography.provincePopulation[province] ?? 1) / Double(indices.count)
            for index in indices { nationalWeights[index] = share }
        }
        nationalTable = WeightedTable(nationalWeights)
        provinceCodes = Geography.provincePopulation.keys
            .filter { byProvince[$0] != nil }
            .sorted { (Geography.provincePopulation[$0] ?? 0, $1) > (Geography.provincePopulation[$1] ?? 0, $0) }
    }

    /// A place for a county-level division, or nil when no point is known even for its parents.
    static func place(_ division: AdminDivision, divisions: AdminDivisions) -> Place? {
        guard let point = divisions.point(for: division.adcode) else { return nil }
        let province = division.province
        let pseudo = division.city == AdminDivisions.pseudoPrefectureName
        let city = (division.city == province || pseudo) ? "" : division.city
        let prefix = province + city + division.name
        return Place(
            adcode: division.adcode, adcodeBytes: Array(division.adcode.utf8),
            provinceCode: Int(division.adcode.prefix(2)) ?? 0, provinceName: province, cityName: city,
            districtName: division.name, prefixBytes: Array(prefix.utf8), lat: point.lat, lon: point.lon,
            spreadKm: 3.0)
    }

    /// `潍坊市` → `潍坊`.
    static func shortCity(_ name: String) -> String {
        for suffix in ["自治州", "地区", "市", "盟"] where name.hasSuffix(suffix) && name.count > suffix.count + 1 {
            return String(name.dropLast(suffix.count))
        }
        return name
    }

    /// `广西壮族自治区` → `广西`, `山东省` → `山东`, `北京市` → `北京`.
    static func shortProvince(_ name: String) -> String {
        for (long, short) in [("内蒙古", "内蒙古"), ("广西", "广西"), ("西藏", "西藏"), ("宁夏", "宁夏"), ("新疆", "新疆")]
        where name.hasPrefix(long) {
            return short
        }
        for suffix in ["省", "市"] where name.hasSuffix(suffix) {
            return String(name.dropLast(suffix.count))
        }
        return name
    }

    /// A random point around a place: a Gaussian scatter of `spreadKm`.
    func scatter(lat: Double, lon: Double, spreadKm: Double, rng: inout SplitMix64) -> (lat: Double, lon: Double) {
        let dLat = rng.normal() * spreadKm / 111.0
        let dLon = rng.normal() * spreadKm / (111.0 * cos(lat * Double.pi / 180))
        return (lat + dLat, lon + dLon)
    }

    /// A weighted random county place inside the centre prefecture.
    func localDistrict(_ rng: inout SplitMix64) -> Int {
        districtTable.sample(&rng)
    }

    /// The centre district nearest the prefecture's own point (the urban core).
    var coreDistrict: Int {
        var best = 0
        var bestKm = Double.infinity
        for (index, place) in districts.enumerated() {
            let km = GeoPoint.distanceKm(GeoPoint(lat: place.lat, lon: place.lon), GeoPoint(lat: centreLat, lon: centreLon))
            if km < bestKm {
                bestKm = km
                best = index
            }
        }
        return best
    }

    /// The pair of centre districts furthest apart (for cloned plates).
    var farthestDistrictPair: (Int, Int) {
        var best = (0, 1)
        var bestKm = -1.0
        for i in districts.indices {
            for j in districts.indices where j > i {
                let km = GeoPoint.distanceKm(
                    GeoPoint(lat: districts[i].lat, lon: districts[i].lon),
                    GeoPoint(lat: districts[j].lat, lon: districts[j].lon))
                if km > bestKm {
                    bestKm = km
                    best = (i, j)
                }
            }
        }
        return best
    }
}
