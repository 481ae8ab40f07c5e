import Foundation
import Testing
import YanjianCore
import YanjianPerception

@Suite("Cloned-plate detection on hand-built tracks")
struct ClonedPlateDetectorTests {
    static func detect(_ world: TrackWorld, parameters: ClonedPlateParameters = ClonedPlateParameters()) throws -> (ClonedPlateReport, PlateReadSet) {
        let reads = world.reads()
        return (ClonedPlateDetector.detect(reads: reads, index: try ReadIndex(reads), parameters: parameters), reads)
    }

    @Test("A plate driving in Xi'an and, an hour later, in Chengdu 600 km away is cloned, with the journey as evidence")
    func sixHundredKilometresInAnHour() throws {
        var world = TrackWorld(seed: 11)
        world.background(vehicles: 80)
        let plate = "陕A6C600"
        for day: Int64 in 0..<20 {
            world.drive(plate, from: 0, to: 6, start: TrackWorld.start + day * TrackWorld.day + 8 * 3600, spacing: 100)
        }
        // On day 5, one hour after the Xi'an trip, a vehicle with the same plate passes Chengdu twice.
        let xianEnd = TrackWorld.start + 5 * TrackWorld.day + 8 * 3600 + 600
        world.read(plate, camera: TrackWorld.chengdu, at: xianEnd + 3600, type: "面包车")
        world.read(plate, camera: TrackWorld.chengdu, at: xianEnd + 3900, type: "面包车")
        let (report, reads) = try Self.detect(world)
        #expect(report.plates.map { reads.plateNames[Int($0.plate)] } == [plate])
        let flagged = try #require(report.plates.first)
        let journey = try #require(flagged.journeys.first)
        // From the last Xi'an camera of the trip (R6) to Chengdu: about 604 km in one hour.
        let kilometres = GeoPoint.distanceKm(GeoPoint(lat: 34.26, lon: 108.80 + 6 * 0.016), GeoPoint(lat: 30.66, lon: 104.07))
        #expect(kilometres > 600 && kilometres < 610)
        #expect(abs(journey.distanceKm - kilometres) < 0.01)
        #expect(journey.toTime - journey.fromTime == 3600)
        #expect(abs(journey.speedKmh - kilometres) < 0.01)
        #expect(journey.corroborated)
        #expect(flagged.reasons.contains("impossible_speed"))
        #expect(flagged.score >= 0.5)
        #expect(report.blamedCameras.isEmpty)
    }

    @Test("A lone far-away read is not enough on one day, and a low-confidence read is no evidence at all")
    func loneAndLowConfidenceReads() throws {
        var world = TrackWorld(seed: 12)
        world.background(vehicles: 80)
        for day: Int64 in 0..<20 {
            world.drive("陕A6L001", from: 0, to: 6, start: TrackWorld.start + day * TrackWorld.day + 8 * 3600, spacing: 100)
            world.drive("陕A6L002", from: 0, to: 6, start: TrackWorld.start + day * TrackWorld.day + 9 * 3600, spacing: 100)
        }
        // One lone read in Chengdu (could be a misread), and low-confidence ones on several days.
        world.read("陕A6L001", camera: TrackWorld.chengdu, at: TrackWorld.start + 3 * TrackWorld.day + 8 * 3600 + 350)
        for day: Int64 in [2, 6, 9] {
            world.read("陕A6L002", camera: TrackWorld.chengdu, at: TrackWorld.start + day * TrackWorld.day + 10 * 3600, confidence: 0.6)
        }
        let (report, _) = try Self.detect(world)
        #expect(report.plates.isEmpty)
        #expect(report.impossibleJourneys == 2)  // The lone read, mid-trip: one journey there, one back.
    }

    @Test("A camera registered at the wrong position is blamed instead of every plate that passed it")
    func misplacedCamera() throws {
        var world = TrackWorld(seed: 13, misplaced: 11)
        // Forty plates along the whole road; twenty more reach R11 from R9 (R10 missed them).
        for vehicle in 0..<60 {
            let plate = "陕A3B\(String(format: "%03d", vehicle))"
            for day: Int64 in 0..<10 {
                let start = TrackWorld.start + day * TrackWorld.day + 7 * 3600 + Int64(vehicle) * 300
                if vehicle < 40 {
                    world.drive(plate, from: 0, to: 11, start: start, spacing: 100)
                } else {
                    let end = world.drive(plate, from: 6, to: 9, start: start, spacing: 100)
                    world.read(plate, camera: 11, at: end + 150)
                }
            }
        }
        let (report, reads) = try Self.detect(world)
        #expect(report.plates.isEmpty, "flagged: \(report.plates.map { reads.plateNames[Int($0.plate)] })")
        #expect(report.blamedCameras.map { reads.cameras.cameras[Int($0)].id } == ["R11"])
        #expect(report.impossibleJourneys == 600)
    }

    @Test("A plate read repeatedly in two colours is flagged for the colour conflict")
    func colourConflict() throws {
        var world = TrackWorld(seed: 14)
        world.background(vehicles: 50)
        for day: Int64 in 0..<20 {
            let colour = day % 4 == 0 ? "黄" : "蓝"
            let start = TrackWorld.start + day * TrackWorld.day + 8 * 3600
            for camera in 0..<4 { world.read("陕A2Y001", camera: camera, at: start + Int64(camera) * 90, color: colour) }
        }
        // New-energy greens are one colour, not a conflict.
        for day: Int64 in 0..<20 {
            let start = TrackWorld.start + day * TrackWorld.day + 9 * 3600
            for camera in 0..<4 { world.read("陕AD12345", camera: camera, at: start + Int64(camera) * 90, color: day % 2 == 0 ? "渐变绿" : "绿") }
        }
        let (report, reads) = try Self.detect(world)
        #expect(report.plates.map { reads.plateNames[Int($0.plate)] } == ["陕A2Y001"])
        let conflict = try #require(report.plates.first?.colorConflict)
        #expect(conflict.counts.map(\.value) == ["蓝", "黄"])
        #expect(conflict.counts.map(\.reads) == [60, 20])
        #expect(conflict.minorityDays == 5)
    }
}
