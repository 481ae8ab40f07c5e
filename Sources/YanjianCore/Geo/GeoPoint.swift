import Foundation

/// A point on Earth in decimal degrees (latitude, longitude).
public struct GeoPoint: Sendable, Hashable, Codable {
    /// Latitude in degrees, positive north.
    public var lat: Double
    /// Longitude in degrees, positive east.
    public var lon: Double

    /// Creates a point.
    public init(lat: Double, lon: Double) {
        self.lat = lat
        self.lon = lon
    }

    /// Mean Earth radius (IUGG) in kilometres.
    public static let earthRadiusKm = 6371.0088

    /// Great-circle distance in kilometres (haversine formula).
    @inlinable
    public static func distanceKm(_ a: GeoPoint, _ b: GeoPoint) -> Double {
        let toRadians = Double.pi / 180
        let phi1 = a.lat * toRadians
        let phi2 = b.lat * toRadians
        let dPhi = (b.lat - a.lat) * toRadians
        let dLambda = (b.lon - a.lon) * toRadians
        let sinPhi = sin(dPhi / 2)
        let sinLambda = sin(dLambda / 2)
        let h = sinPhi * sinPhi + cos(phi1) * cos(phi2) * sinLambda * sinLambda
        return 2 * earthRadiusKm * asin(min(1, h.squareRoot()))
    }

    /// Distance to another point in kilometres.
    @inlinable
    public func distanceKm(to other: GeoPoint) -> Double { GeoPoint.distanceKm(self, other) }
}
