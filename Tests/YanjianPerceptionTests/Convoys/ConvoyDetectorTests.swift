import Foundation
import Testing
import YanjianCore
@testable import YanjianPerception

@Suite("Convoy detection on hand-built tracks")
struct ConvoyDetectorTests {
    /// A normally distributed number of seconds (Box–Muller), for daily jitter.
    static func normal(_ rng: inout SplitMix64, sigma: Double) -> Int64 {
        let u1 = max(1e-12, Double(rng.next() >> 11) / Double(1 << 53)), u2 = Double(rng.next() >> 11) / Double(1 << 53)
        return Int64((-2 * log(u1)).squareRoot() * cos(2 * .pi * u2) * sigma)
    }

    static func detect(_ world: TrackWorld) async throws -> (ConvoyReport, PlateReadSet) {
        let reads = world.reads()
        let index = try ReadIndex(reads)
        return (await ConvoyDetector.detect(reads: reads, index: index), reads)
    }

    @Test("Two cars driving together on six separate days are a convoy, with occasions, cameras and offset")
    func realConvoy() async throws {
        var world = TrackWorld(seed: 1)
        world.background(vehicles: 300)
        for day: Int64 in [1, 4, 8, 13, 19, 25] {
            let start = TrackWorld.start + day * TrackWorld.day + world.seconds(9 * 3600, 20 * 3600)
            world.drive("陕A9C001", from: 2, to: 9, start: start, spacing: 80)
            world.drive("陕A9C002", from: 2, to: 9, start: start + 40, spacing: 80)
        }
        let (report, reads) = try await Self.detect(world)
        let convoy = try #require(report.convoys.first)
        #expect(report.convoys.count == 1)
        #expect(Set(convoy.plates.map { reads.plateNames[Int($0)] }) == ["陕A9C001", "陕A9C002"])
        let pair = try #require(convoy.pairs.first)
        #expect(pair.occasions == 6)
        #expect(pair.cameras == 8)
        #expect(pair.coPassings == 48)
        #expect(pair.medianOffsetSeconds == 40)
        #expect(pair.surprise > report.threshold)
        #expect(convoy.score > 0.5 && convoy.score <= 1)
        #expect(pair.events.count == 48)
        #expect(Set(pair.events.map(\.occasion)).count == 6)
    }

    @Test("A bus on its timetable and commuters on the same road at the same hour are not convoys")
    func busAndCommuters() async throws {
        var world = TrackWorld(seed: 2)
        world.background(vehicles: 200)
        // The bus: every hour from 06:00 to 21:00, alternating directions, every day.
        for day: Int64 in 0..<30 {
            for run: Int64 in 0..<16 {
                let start = TrackWorld.start + day * TrackWorld.day + (6 + run) * 3600 + world.seconds(-60, 60)
                if run % 2 == 0 {
                    world.drive("陕A8B001", from: 0, to: 11, start: start, spacing: 120, type: "公交车")
                } else {
                    world.drive("陕A8B001", from: 11, to: 0, start: start, spacing: 120, type: "公交车")
                }
            }
        }
        // Twenty commuters: the whole road every working day at about 07:00 (a few minutes apart on
        // average, eight minutes of daily jitter), and back in the evening.
        var rng = SplitMix64(seed: 99)
        for commuter: Int64 in 0..<20 {
            let plate = "陕A7K\(String(format: "%03d", commuter))"
            let morning = 7 * 3600 + commuter * 120, evening = 17 * 3600 + 1800 + commuter * 150
            for day: Int64 in 0..<30 where (day % 7) < 5 {
                let base = TrackWorld.start + day * TrackWorld.day
                world.drive(plate, from: 0, to: 11, start: base + morning + Self.normal(&rng, sigma: 480), spacing: 100)
                world.drive(plate, from: 11, to: 0, start: base + evening + Self.normal(&rng, sigma: 600), spacing: 100)
            }
        }
        let (report, reads) = try await Self.detect(world)
        let flagged = report.convoys.map { $0.plates.map { reads.plateNames[Int($0)] } }
        #expect(flagged.isEmpty, "flagged: \(flagged)")
        // The commuters did meet each other and the bus, often: the baseline is what clears them.
        #expect(report.candidates.contains { reads.plateNames[Int($0.first)] == "陕A8B001" || reads.plateNames[Int($0.second)] == "陕A8B001" })
        #expect(report.candidates.contains { $0.occasions >= 5 })
    }

    @Test("Meeting now and then on one long drive is one occasion, not a convoy")
    func oneLongTrip() async throws {
        var world = TrackWorld(seed: 3)
        world.background(vehicles: 100)
        // Both drive the whole road, a camera every 20 minutes; the second car is 30 s behind at the
        // even cameras and 5 minutes behind at the odd ones: co-passings 40 minutes apart, one trip.
        let start = TrackWorld.start + 3 * TrackWorld.day + 8 * 3600
        world.drive("陕A5L001", from: 0, to: 11, start: start, spacing: 20 * 60)
        for camera in 0..<12 {
            world.read("陕A5L002", camera: camera, at: start + Int64(camera) * 20 * 60 + (camera % 2 == 0 ? 30 : 300))
        }
        let (report, reads) = try await Self.detect(world)
        #expect(report.convoys.isEmpty)
        let pair = try #require(report.candidates.first {
            Set([reads.plateNames[Int($0.first)], reads.plateNames[Int($0.second)]]) == ["陕A5L001", "陕A5L002"]
        })
        #expect(pair.occasions == 1)
        #expect(pair.coPassings == 6)
    }

    @Test("Three cars together make one convoy of three; a hub-shaped group is reported as pairs")
    func grouping() {
        func pair(_ a: Int32, _ b: Int32, _ surprise: Double) -> ConvoyPair {
            ConvoyPair(
                first: a, second: b, occasions: 6, coPassings: 30, cameras: 5, multiCameraOccasions: 6, expectedCoPassings: 0.1,
                expectedOccasions: 0.02, surprise: surprise, medianOffsetSeconds: 40, firstLeadsShare: 1, firstPartners: 10,
                secondPartners: 10, flagged: true, events: [])
        }
        let triangle = ConvoyDetector.group([pair(1, 2, 12), pair(1, 3, 11), pair(2, 3, 10)], threshold: 8, maxSize: 6)
        #expect(triangle.map(\.plates) == [[1, 2, 3]])
        #expect(abs((triangle.first?.score ?? 0) - 10.0 / 18.0) < 1e-12)
        let star = ConvoyDetector.group([pair(1, 2, 12), pair(1, 3, 11)], threshold: 8, maxSize: 6)
        #expect(Set(star.map(\.plates)) == [[1, 2], [1, 3]])
    }

    @Test("The sweep keeps pairs by distinct time buckets and caps the fan-out at busy cameras")
    func sweep() throws {
        var world = TrackWorld(seed: 4)
        // Ten cars through camera 0 within one minute, on five separate hours.
        for hour: Int64 in 0..<5 {
            for car: Int64 in 0..<10 {
                world.read("陕A1F\(car)", camera: 0, at: TrackWorld.start + hour * 3600 + car * 5)
            }
        }
        let reads = world.reads()
        let index = try ReadIndex(reads)
        let all = PairSweep.run(index: index, plateCount: reads.plateCount, window: 120, fanOut: 64, bucketSeconds: 1800, minCount: 5)
        #expect(all.events == 5 * 45)
        #expect(all.distinctPairs == 45)
        #expect(all.candidates.count == 45)
        #expect(all.partners.allSatisfy { $0 == 9 })
        let capped = PairSweep.run(index: index, plateCount: reads.plateCount, window: 120, fanOut: 3, bucketSeconds: 1800, minCount: 5)
        #expect(capped.events == 5 * (3 * 7 + 2 + 1))
        #expect(capped.cappedReads == 5 * 6)
        let strict = PairSweep.run(index: index, plateCount: reads.plateCount, window: 120, fanOut: 64, bucketSeconds: 1800, minCount: 6)
        #expect(strict.candidates.isEmpty)
    }
}
