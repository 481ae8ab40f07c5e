import Foundation
import YanjianCore

/// The county-level division whose representative point is nearest to a coordinate, for records
/// that carry `lat`/`lon` but no adcode (cameras, units, tips). An approximation near borders;
/// answers are cached by 0.01° cell, since such files repeat places.
struct NearestDivision {
    private let codes: [String]
    private let lats: [Double]
    private let lons: [Double]
    private var cache: [Int64: Int32] = [:]

    init(divisions: AdminDivisions = .shared) {
        var codes: [String] = []
        var lats: [Double] = []
        var lons: [Double] = []
        for division in divisions.all where division.level == .district {
            guard let lat = division.lat, let lon = division.lon else { continue }
            codes.append(division.adcode)
            lats.append(lat)
            lons.append(lon)
        }
        self.codes = codes
        self.lats = lats
        self.lons = lons
    }

    /// The nearest division's adcode, or nil when the point is outside China's rough bounds
    /// (latitude 3–54, longitude 73–136) or the table has no points.
    mutating func adcode(lat: Double, lon: Double) -> String? {
        guard (3.0...54.0).contains(lat), (73.0...136.0).contains(lon), !codes.isEmpty else { return nil }
        let key = Int64((lat * 100).rounded()) << 32 | Int64((lon * 100).rounded())
        if let hit = cache[key] { return codes[Int(hit)] }
        let scale = cos(lat * .pi / 180)
        var best = 0
        var bestDistance = Double.infinity
        for k in codes.indices {
            let dy = lats[k] - lat
            let dx = (lons[k] - lon) * scale
            let d = dx * dx + dy * dy
            if d < bestDistance {
                bestDistance = d
                best = k
            }
        }
        if cache.count < 1_000_000 { cache[key] = Int32(best) }
        return codes[best]
    }
}
