import Foundation
import Logging
import Testing
import YanjianCore
import YanjianIngest
@testable import YanjianModels
import YanjianStore
import YanjianSynth
import YanjianTesting

@Suite("Retailer context: returns and the distance to logistics parks and highway exits")
struct RetailerContextTests {
    @Test("Each shop's distances are those of a scan over the cameras of that kind; the return share is returned ÷ ordered")
    func hubsAndReturns() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yanjian-hubs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try WorldGenerator.generate(WorldConfig(seed: 5, scale: 0.05, waybills: 500, plateReads: 1_000), to: folder)
        let (store, cleanup) = try await TestDatabases.open(.sqlite)
        defer { Task { await cleanup() } }
        var logger = Logger(label: "hubs-test")
        logger.logLevel = .warning
        let paths = (RiskWorld.files + ["cameras.csv"]).map { folder.appendingPathComponent($0) }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
        _ = try await Importer(store: store, logger: logger, source: "test", actor: "test").run(paths: paths)
        // One shop without coordinates: no distance, not zero.
        _ = try await store.db.execute("UPDATE retailers SET lat = NULL, lon = NULL WHERE licence_no = (SELECT MIN(licence_no) FROM retailers)", [])

        let (directory, m) = try await RetailerFeatureLoader.load(from: store)
        var parks: [GeoPoint] = []
        var exits: [GeoPoint] = []
        for row in try await store.db.query("SELECT kind, lat, lon FROM cameras") {
            guard let lat = row["lat"].double, let lon = row["lon"].double else { continue }
            if row["kind"].text == "物流园" { parks.append(GeoPoint(lat: lat, lon: lon)) }
            if row["kind"].text == "高速出入口" { exits.append(GeoPoint(lat: lat, lon: lon)) }
        }
        #expect(!parks.isEmpty, "the generated world has logistics-park cameras")
        let radius = RetailerMeasurements.hubRadiusKm
        func scan(_ points: [GeoPoint], _ shop: GeoPoint) -> Double {
            points.isEmpty ? .nan : min(radius, points.map { GeoPoint.distanceKm(shop, $0) }.min() ?? radius)
        }
        #expect(directory.points[0] == nil && m.logisticsParkKm[0].isNaN)
        var measured = 0
        for i in 1..<directory.count {
            let shop = try #require(directory.points[i])
            #expect(abs(m.logisticsParkKm[i] - scan(parks, shop)) < 1e-9)
            let exit = scan(exits, shop)
            #expect(exit.isNaN ? m.highwayExitKm[i].isNaN : abs(m.highwayExitKm[i] - exit) < 1e-9)
            if m.logisticsParkKm[i] < radius { measured += 1 }
        }
        #expect(measured > 0, "some shops lie within \(radius) km of a park")

        var checked = 0
        for row in try await store.db.query(
            "SELECT licence_no, SUM(cartons) AS ordered, SUM(COALESCE(returned_cartons, 0)) AS returned FROM orders GROUP BY licence_no")
        {
            guard let licence = row["licence_no"].text, let i = directory.index[licence], let ordered = row["ordered"].double else { continue }
            if ordered < 20 {
                #expect(m.returnShare[i].isNaN)
            } else {
                #expect(abs(m.returnShare[i] - (row["returned"].double ?? 0) / ordered) < 1e-12)
                checked += 1
            }
        }
        #expect(checked > 0 && m.returnShare.contains { $0 > 0 }, "the world returns some cartons")
    }
}
