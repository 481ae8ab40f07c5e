import Foundation
import YanjianCore
import YanjianPerception

/// A small hand-built camera network and plate tracks for detector tests: a road of cameras about
/// 1.5 km apart through Xi'an, a logistics-park gate and retail-area cameras beside it, one camera
/// in Chengdu (about 600 km away), and seeded background traffic so the baselines have a population.
struct TrackWorld {
    /// 2026-02-02 00:00 +08:00 (a Monday), in Unix seconds.
    static let start: Int64 = 1_769_961_600
    static let day: Int64 = 86_400

    /// Road cameras `0..<roadCount` (west to east), then the park gate, three retail cameras, Chengdu.
    static let roadCount = 12
    static var parkGate: Int { roadCount }
    static var retail: [Int] { [roadCount + 1, roadCount + 2, roadCount + 3] }
    static var chengdu: Int { roadCount + 4 }

    var builder: PlateReadSetBuilder
    var rng: SplitMix64
    let cameraIDs: [String]

    /// `misplaced`: a road camera registered 3° of latitude (about 330 km) south of where it stands.
    init(seed: UInt64 = 7, misplaced: Int? = nil) {
        var cameras = CameraTable()
        for index in 0..<Self.roadCount {
            cameras.add(CameraTable.Camera(
                id: "R\(index)", name: "Road camera \(index)", kind: "卡口",
                location: GeoPoint(lat: index == misplaced ? 31.26 : 34.26, lon: 108.80 + Double(index) * 0.016), adcode: "610113"))
        }
        cameras.add(CameraTable.Camera(
            id: "PARK", name: "Logistics park gate", kind: "物流园", location: GeoPoint(lat: 34.30, lon: 108.80),
            adcode: "610113", isNightTarget: true))
        for index in 0..<3 {
            cameras.add(CameraTable.Camera(
                id: "SHOP\(index)", name: "Retail area \(index)", kind: "零售户周边",
                location: GeoPoint(lat: 34.25, lon: 108.85 + Double(index) * 0.05), adcode: "610113", isNightTarget: true))
        }
        cameras.add(CameraTable.Camera(
            id: "CHENGDU", name: "Chengdu checkpoint", kind: "卡口", location: GeoPoint(lat: 30.66, lon: 104.07), adcode: "510100"))
        builder = PlateReadSetBuilder(cameras: cameras)
        cameraIDs = cameras.cameras.map(\.id)
        rng = SplitMix64(seed: seed)
    }

    /// Adds one read.
    mutating func read(_ plate: String, camera: Int, at time: Int64, confidence: Double = 0.95, color: String = "蓝", type: String = "小型轿车") {
        builder.append(plate: plate, cameraID: cameraIDs[camera], time: time, confidence: confidence, color: color, vehicleType: type)
    }

    /// Drives along consecutive road cameras from `first` to `last` (either direction), a camera every
    /// `spacing` seconds from `start`; returns the time at the last camera.
    @discardableResult
    mutating func drive(_ plate: String, from first: Int, to last: Int, start: Int64, spacing: Int64 = 90, type: String = "小型轿车") -> Int64 {
        let step = first <= last ? 1 : -1
        var time = start
        for camera in stride(from: first, through: last, by: step) {
            read(plate, camera: camera, at: time, type: type)
            time += spacing
        }
        return time - spacing
    }

    /// Seconds in `low...high`.
    mutating func seconds(_ low: Int64, _ high: Int64) -> Int64 {
        low + Int64(rng.next() % UInt64(high - low + 1))
    }

    /// Ordinary traffic: `vehicles` cars each making about one trip a day along part of the road at
    /// daytime hours, for 30 days.
    mutating func background(vehicles: Int) {
        for vehicle in 0..<vehicles {
            let plate = "陕A\(String(format: "%05d", vehicle))"
            for day in 0..<30 where rng.next() % 10 < 7 {
                let first = Int(rng.next() % UInt64(Self.roadCount)), last = Int(rng.next() % UInt64(Self.roadCount))
                let start = Self.start + Int64(day) * Self.day + seconds(7 * 3600, 21 * 3600)
                drive(plate, from: first, to: last, start: start, spacing: seconds(60, 150))
            }
        }
    }

    /// The finished read set.
    func reads() -> PlateReadSet { builder.build() }
}
