import Testing
import YanjianCore

@Suite("GeoPoint")
struct GeoPointTests {
    @Test("Haversine distances match known values")
    func distances() {
        let xian = GeoPoint(lat: 34.341568, lon: 108.940174)
        let weifang = GeoPoint(lat: 36.706774, lon: 119.107078)
        let d = GeoPoint.distanceKm(xian, weifang)
        #expect(d > 940 && d < 960)
        #expect(GeoPoint.distanceKm(xian, xian) == 0)
        #expect(abs(GeoPoint.distanceKm(xian, weifang) - weifang.distanceKm(to: xian)) < 1e-9)
        // One degree of latitude is about 111.2 km on the mean sphere.
        let oneDegree = GeoPoint.distanceKm(GeoPoint(lat: 0, lon: 0), GeoPoint(lat: 1, lon: 0))
        #expect(abs(oneDegree - 111.195) < 0.01)
        // Antipodes: half the circumference.
        let half = GeoPoint.distanceKm(GeoPoint(lat: 0, lon: 0), GeoPoint(lat: 0, lon: 180))
        #expect(abs(half - Double.pi * GeoPoint.earthRadiusKm) < 1e-6)
    }
}
