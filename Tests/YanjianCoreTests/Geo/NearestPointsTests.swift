import Testing
import YanjianCore

@Suite("Nearest point within a radius")
struct NearestPointsTests {
    @Test("The grid answers what a scan of every point answers, at any latitude and across the antimeridian")
    func matchesScan() {
        var rng = SplitMix64(seed: 7)
        for (latitude, radius) in [(34.3, 5.0), (45.8, 20.0), (-33.9, 3.0), (70.0, 50.0)] {
            let gates = (0..<300).map { _ in
                GeoPoint(lat: latitude + (Double.random(in: 0..<1, using: &rng) - 0.5) * 4, lon: 108.9 + (Double.random(in: 0..<1, using: &rng) - 0.5) * 6)
            }
            let index = NearestPoints(gates, radiusKm: radius)
            for _ in 0..<500 {
                let shop = GeoPoint(lat: latitude + (Double.random(in: 0..<1, using: &rng) - 0.5) * 4, lon: 108.9 + (Double.random(in: 0..<1, using: &rng) - 0.5) * 6)
                let scanned = gates.map { GeoPoint.distanceKm(shop, $0) }.filter { $0 <= radius }.min()
                #expect(index.distanceKm(from: shop) == scanned)
            }
        }
        let wrap = NearestPoints([GeoPoint(lat: 10, lon: 179.99)], radiusKm: 10)
        #expect(wrap.distanceKm(from: GeoPoint(lat: 10, lon: -179.99)).map { $0 < 3 } == true)
    }

    @Test("No points, no answer; bad coordinates, no answer")
    func empty() {
        #expect(NearestPoints([], radiusKm: 5).distanceKm(from: GeoPoint(lat: 34, lon: 108)) == nil)
        let index = NearestPoints([GeoPoint(lat: 34, lon: 108)], radiusKm: 5)
        #expect(index.distanceKm(from: GeoPoint(lat: .nan, lon: 108)) == nil)
        #expect(index.distanceKm(from: GeoPoint(lat: 34.5, lon: 108)) == nil, "55 km is beyond the radius")
    }
}
