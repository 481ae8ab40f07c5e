import Foundation
import Testing
import YanjianEval
import YanjianSynth

/// Plate reads of a world grouped for the vehicle checks.
struct ReadIndex {
    struct Read {
        let seconds: Int
        let camera: String
        let plate: String
    }

    var byCamera: [String: [Read]] = [:]
    var byPlate: [String: [Read]] = [:]
    var cameraPoint: [String: (Double, Double)] = [:]
    var cameraKind: [String: String] = [:]

    init(_ world: World) throws {
        for record in try world.table("cameras.csv").records {
            let id = record["camera_id"] ?? ""
            cameraPoint[id] = (Double(record["lat"] ?? "") ?? 0, Double(record["lon"] ?? "") ?? 0)
            cameraKind[id] = record["kind"]
        }
        for record in try world.table("plate_reads.csv").records {
            guard let seconds = TestParsing.localSeconds(record["ts"] ?? "") else { continue }
            let read = Read(seconds: seconds, camera: record["camera_id"] ?? "", plate: record["plate"] ?? "")
            byCamera[read.camera, default: []].append(read)
            byPlate[read.plate, default: []].append(read)
        }
        for key in byCamera.keys { byCamera[key]?.sort { $0.seconds < $1.seconds } }
        for key in byPlate.keys { byPlate[key]?.sort { $0.seconds < $1.seconds } }
    }

    /// Distinct days on which `a` and `b` passed the same camera within `window` seconds.
    func coPassDays(_ a: String, _ b: String, window: Int = 120) -> Set<Int> {
        var days = Set<Int>()
        for readA in byPlate[a] ?? [] {
            for readB in byPlate[b] ?? [] where readB.camera == readA.camera && abs(readB.seconds - readA.seconds) <= window {
                days.insert(readA.seconds / 86_400)
            }
        }
        return days
    }

    /// The highest speed (km/h) implied by consecutive reads of a plate at different cameras.
    func maxSpeed(_ plate: String) -> Double {
        let reads = byPlate[plate] ?? []
        var best = 0.0
        for index in reads.indices.dropFirst() {
            let a = reads[index - 1], b = reads[index]
            guard let pa = cameraPoint[a.camera], let pb = cameraPoint[b.camera], a.camera != b.camera else { continue }
            let km = TestParsing.km(pa, pb)
            let hours = Double(max(1, b.seconds - a.seconds)) / 3600
            best = max(best, km / hours)
        }
        return best
    }
}

@Suite("Planted vehicles: convoys, cloned plates and night vehicles, with buses and commuters as decoys")
struct VehicleTests {
    @Test("Each convoy pair passes the same cameras within 120 s on at least five separate days")
    func convoys() throws {
        let world = try TestWorlds.clean.get()
        let index = try ReadIndex(world)
        #expect(world.truth.convoys.count >= 2)
        for convoy in world.truth.convoys {
            #expect(convoy.count >= 2 && convoy.count <= 3)
            for i in convoy.indices {
                for j in convoy.indices where j > i {
                    let days = index.coPassDays(convoy[i], convoy[j])
                    #expect(days.count >= 5, "\(convoy[i]) & \(convoy[j]) together on \(days.count) days")
                }
            }
        }
    }

    @Test("A cloned plate is read at two places too far apart for the time between; ordinary plates never are")
    func clones() throws {
        let world = try TestWorlds.clean.get()
        let index = try ReadIndex(world)
        #expect(!world.truth.clonedPlates.isEmpty)
        for plate in world.truth.clonedPlates {
            #expect(index.maxSpeed(plate) > 200, "\(plate) tops at \(index.maxSpeed(plate)) km/h")
        }
        let cloned = Set(world.truth.clonedPlates)
        let fastest = index.byPlate.keys.filter { !cloned.contains($0) }.map(index.maxSpeed).max() ?? 0
        #expect(fastest < 150, "an ordinary plate reaches \(fastest) km/h")
    }

    @Test("Night vehicles drive between 00:00 and 05:00 on at least eight nights, via the logistics park")
    func nightVehicles() throws {
        let world = try TestWorlds.clean.get()
        let index = try ReadIndex(world)
        #expect(world.truth.nightVehicles.count >= 2)
        for plate in world.truth.nightVehicles {
            let night = (index.byPlate[plate] ?? []).filter { $0.seconds % 86_400 < 5 * 3600 }
            #expect(Set(night.map { $0.seconds / 86_400 }).count >= 8)
            #expect(night.contains { index.cameraKind[$0.camera] == "物流园" })
            #expect(night.contains { index.cameraKind[$0.camera] == "零售户周边" })
        }
        let events = try world.jsonLines("video_events.jsonl")
        let plates = Set(world.truth.nightVehicles)
        #expect(events.contains { ($0["type"] as? String) == "loading_unloading" && plates.contains($0["plate"] as? String ?? "") })
    }

    @Test("Buses pass the same cameras every day; chance commuters pass together only twice")
    func decoys() throws {
        let world = try TestWorlds.clean.get()
        let index = try ReadIndex(world)
        let buses = world.truth.decoys.filter { $0.kind == "plate" && $0.note.hasPrefix("bus") }.map(\.value)
        #expect(buses.count >= 2)
        for bus in buses {
            let days = Set((index.byPlate[bus] ?? []).map { $0.seconds / 86_400 })
            #expect(days.count == 30)
        }
        let commuters = world.truth.decoys.filter { $0.kind == "plate" && $0.note.hasPrefix("commuter") }.map(\.value)
        #expect(commuters.count >= 2 && commuters.count % 2 == 0)
        for pair in stride(from: 0, to: commuters.count - 1, by: 2) {
            let days = index.coPassDays(commuters[pair], commuters[pair + 1])
            #expect(days.count >= 1 && days.count <= 3)
        }
    }

    @Test("Plates use real prefixes of the centre prefecture for most vehicles")
    func plates() throws {
        let world = try TestWorlds.clean.get()
        let plates = Set(try world.table("plate_reads.csv").values("plate"))
        let local = plates.filter { $0.hasPrefix("陕A") || $0.hasPrefix("陕U") }
        #expect(Double(local.count) > 0.7 * Double(plates.count))
        #expect(plates.allSatisfy { $0.count == 7 || $0.count == 8 })
    }
}
