import Foundation

/// The distance from a point to the nearest of a fixed set of points (logistics-park gates, highway
/// exits …), up to a radius, through a grid of cells a radius high: only the cells that can hold a
/// point within the radius are looked at, so a query costs a few great-circle distances however many
/// points there are.
public struct NearestPoints: Sendable {
    public let radiusKm: Double
    public let isEmpty: Bool
    private let cellDegrees: Double
    private var cells: [Int64: [GeoPoint]] = [:]

    /// Indexes `points`; a query answers distances up to `radiusKm` (> 0).
    public init(_ points: [GeoPoint], radiusKm: Double) {
        precondition(radiusKm > 0, "radius must be positive")
        self.radiusKm = radiusKm
        // One degree of latitude is about 111.2 km.
        cellDegrees = radiusKm / 111.0
        isEmpty = points.isEmpty
        for point in points where point.lat.isFinite && point.lon.isFinite {
            cells[key(row(point.lat), column(point.lon)), default: []].append(point)
        }
    }

    /// Kilometres to the nearest indexed point, or nil when none lies within the radius.
    public func distanceKm(from point: GeoPoint) -> Double? {
        guard !isEmpty, point.lat.isFinite, point.lon.isFinite else { return nil }
        let centreRow = row(point.lat)
        let centreColumn = column(point.lon)
        // A cell spans fewer kilometres of longitude away from the equator; near the poles look at all.
        let shrink = cos(min(89, abs(point.lat) + cellDegrees) * Double.pi / 180)
        let span = shrink > 0.01 ? Int((1 / shrink).rounded(.up)) : Int(360 / cellDegrees)
        var best: Double?
        for r in (centreRow - 1)...(centreRow + 1) {
            for c in (centreColumn - span)...(centreColumn + span) {
                guard let candidates = cells[key(r, wrapped(c))] else { continue }
                for candidate in candidates {
                    let distance = GeoPoint.distanceKm(point, candidate)
                    if distance <= radiusKm, distance < (best ?? .infinity) { best = distance }
                }
            }
        }
        return best
    }

    private func row(_ lat: Double) -> Int { Int((lat / cellDegrees).rounded(.down)) }
    private func column(_ lon: Double) -> Int { Int((lon / cellDegrees).rounded(.down)) }
    private var columns: Int { Int((360 / cellDegrees).rounded(.up)) }
    /// Columns wrap at the antimeridian.
    private func wrapped(_ c: Int) -> Int {
        let lowest = Int((-180 / cellDegrees).rounded(.down))
        return lowest + ((c - lowest) % columns + columns) % columns
    }
    private func key(_ r: Int, _ c: Int) -> Int64 { Int64(r) << 32 | Int64(UInt32(bitPattern: Int32(truncatingIfNeeded: wrapped(c)))) }
}
