import Foundation
import Testing
import YanjianCore
import YanjianPerception

@Suite("Night-vehicle detection on hand-built tracks")
struct NightVehicleDetectorTests {
    static func detect(_ world: TrackWorld) throws -> (NightVehicleReport, PlateReadSet) {
        let reads = world.reads()
        return (NightVehicleDetector.detect(reads: reads, index: try ReadIndex(reads)), reads)
    }

    /// A night run: the park gate, three road cameras, a retail-area camera; back an hour later.
    static func nightRun(_ world: inout TrackWorld, plate: String, day: Int64, shop: Int, type: String = "面包车") {
        let start = TrackWorld.start + day * TrackWorld.day + world.seconds(3600, 3 * 3600)
        world.read(plate, camera: TrackWorld.parkGate, at: start, type: type)
        let arrive = world.drive(plate, from: 0, to: 2, start: start + 300, spacing: 120, type: type) + 300
        world.read(plate, camera: TrackWorld.retail[shop], at: arrive, type: type)
        let back = world.drive(plate, from: 2, to: 0, start: arrive + 3600, spacing: 120, type: type) + 300
        world.read(plate, camera: TrackWorld.parkGate, at: back, type: type)
    }

    @Test("A van running from the logistics park to the same shop on ten nights is a night vehicle")
    func nightRunner() throws {
        var world = TrackWorld(seed: 21)
        world.background(vehicles: 150)
        for day: Int64 in [0, 2, 3, 6, 9, 12, 15, 16, 22, 27] { Self.nightRun(&world, plate: "陕A4N001", day: day, shop: 1) }
        for day: Int64 in [1, 5, 20] {
            world.drive("陕A4N001", from: 0, to: 5, start: TrackWorld.start + day * TrackWorld.day + 14 * 3600, type: "面包车")
        }
        let (report, reads) = try Self.detect(world)
        #expect(report.vehicles.map { reads.plateNames[Int($0.plate)] } == ["陕A4N001"])
        let vehicle = try #require(report.vehicles.first)
        #expect(vehicle.nights == 10)
        #expect(vehicle.activeDays == 13)
        #expect(abs(vehicle.nightShare - 10.0 / 13.0) < 1e-12)
        #expect(vehicle.trips.count == 10)
        #expect(vehicle.targetCameras.map { reads.cameras.cameras[Int($0.camera)].id }.sorted() == ["PARK", "SHOP1"])
        #expect(vehicle.surprise > report.threshold)
        #expect(report.usedTargetCameras)
    }

    @Test("A taxi working around the clock, nights included, and trucks leaving the park before dawn now and then are not night vehicles")
    func taxiAndTrucks() throws {
        var world = TrackWorld(seed: 22)
        world.background(vehicles: 150)
        // Taxis: twelve short trips a day at any hour, ending anywhere including the shops.
        for taxi in 0..<40 {
            let plate = "陕AT\(String(format: "%04d", taxi))"
            for day: Int64 in 0..<30 {
                for _ in 0..<12 {
                    let start = TrackWorld.start + day * TrackWorld.day + world.seconds(0, 86_000)
                    let first = Int(world.rng.next() % 12), last = Int(world.rng.next() % 12)
                    let end = world.drive(plate, from: first, to: last, start: start, spacing: 90, type: "出租车")
                    if world.rng.next() % 4 == 0 {
                        world.read(plate, camera: TrackWorld.retail[Int(world.rng.next() % 3)], at: end + 200, type: "出租车")
                    }
                }
            }
        }
        // Trucks: out of the park twice a day, once in a while before 05:00.
        for truck in 0..<40 {
            let plate = "陕AH\(String(format: "%04d", truck))"
            for day: Int64 in 0..<30 {
                for _ in 0..<2 {
                    let early = world.rng.next() % 25 == 0
                    let start = TrackWorld.start + day * TrackWorld.day + (early ? world.seconds(3600, 4 * 3600) : world.seconds(6 * 3600, 19 * 3600))
                    world.read(plate, camera: TrackWorld.parkGate, at: start, type: "轻型货车")
                    world.drive(plate, from: 0, to: 8, start: start + 300, spacing: 100, type: "轻型货车")
                }
            }
        }
        let (report, reads) = try Self.detect(world)
        #expect(report.vehicles.isEmpty, "flagged: \(report.vehicles.map { reads.plateNames[Int($0.plate)] })")
    }

    @Test("Without any camera marked as a park or shop, nights at any camera count")
    func noTargetCameras() throws {
        var cameras = CameraTable()
        for index in 0..<6 {
            cameras.add(CameraTable.Camera(id: "C\(index)", name: "C\(index)", location: GeoPoint(lat: 34.2, lon: 108.9 + Double(index) * 0.01)))
        }
        var builder = PlateReadSetBuilder(cameras: cameras)
        for plate in 0..<100 {
            for day: Int64 in 0..<20 {
                builder.append(plate: "P\(plate)", cameraID: "C\(plate % 6)", time: TrackWorld.start + day * TrackWorld.day + 10 * 3600 + Int64(plate) * 60, confidence: 0.9, color: nil, vehicleType: nil)
            }
        }
        for day: Int64 in 0..<12 {
            builder.append(plate: "NIGHT", cameraID: "C3", time: TrackWorld.start + day * TrackWorld.day + 2 * 3600, confidence: 0.9, color: nil, vehicleType: nil)
        }
        let reads = builder.build()
        let report = NightVehicleDetector.detect(reads: reads, index: try ReadIndex(reads))
        #expect(!report.usedTargetCameras)
        #expect(report.vehicles.map { reads.plateNames[Int($0.plate)] } == ["NIGHT"])
        #expect(report.vehicles.first?.peerGroup == "all")
    }
}
