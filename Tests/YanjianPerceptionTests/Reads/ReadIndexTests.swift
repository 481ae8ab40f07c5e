import Foundation
import Testing
import YanjianCore
import YanjianPerception

@Suite("Radix sort and the read index")
struct ReadIndexTests {
    @Test("The radix sort agrees with the standard sort on seeded random keys of several widths and sizes")
    func radixSort() {
        var rng = SplitMix64(seed: 5)
        for (count, bits) in [(0, 8), (1, 8), (47, 20), (48, 20), (1000, 11), (5000, 22), (20_000, 38), (20_000, 64)] {
            var keys = (0..<count).map { _ in bits == 64 ? rng.next() : rng.next() & ((1 << UInt64(bits)) - 1) }
            let expected = keys.sorted()
            RadixSort.sort(&keys, bits: bits)
            #expect(keys == expected, "count \(count), bits \(bits)")
        }
    }

    @Test("Sorting on high bits only is stable in the low bits")
    func stableHighBits() {
        var rng = SplitMix64(seed: 6)
        var keys = (0..<10_000).map { UInt64(rng.next() % 50) << 32 | UInt64($0) }
        let expected = keys.sorted()
        keys.withUnsafeMutableBufferPointer { buffer in
            var scratch = [UInt64](repeating: 0, count: buffer.count)
            scratch.withUnsafeMutableBufferPointer { RadixSort.sort(buffer, scratch: $0, lowBit: 32, bits: 6) }
        }
        #expect(keys == expected)
    }

    @Test("Reads in any order index by camera then time, and by plate then time")
    func index() throws {
        var cameras = CameraTable()
        for id in ["A", "B", "C"] { cameras.add(CameraTable.Camera(id: id, name: id)) }
        var builder = PlateReadSetBuilder(cameras: cameras)
        let reads: [(String, String, Int64)] = [
            ("P2", "B", 500), ("P1", "A", 100), ("P1", "C", 300), ("P2", "A", 50), ("P3", "B", 200), ("P1", "B", 400),
        ]
        for (plate, camera, time) in reads {
            builder.append(plate: plate, cameraID: camera, time: time, confidence: 0.9, color: nil, vehicleType: nil)
        }
        let appended = builder.append(plate: "P1", cameraID: "nowhere", time: 1, confidence: nil, color: nil, vehicleType: nil)
        #expect(!appended)
        #expect(builder.unknownCameraReads == 1)
        let set = builder.build()
        let index = try ReadIndex(set)
        #expect(index.baseTime == 50)
        #expect(index.cameraStart == [0, 2, 5, 6])
        #expect(index.cameraTime == [0, 50, 150, 350, 450, 250])
        #expect(index.cameraPlate.map { set.plateNames[Int($0)] } == ["P2", "P1", "P3", "P1", "P2", "P1"])
        let p1 = try #require(set.plateID("P1"))
        let times = index.plateReads[index.plateStart[Int(p1)]..<index.plateStart[Int(p1) + 1]].map { set.time[Int($0)] }
        #expect(times == [100, 300, 400])
        #expect(set.confidence.first == 90)
    }

    @Test("A clock decades off is refused with the span named")
    func brokenSpan() {
        var cameras = CameraTable()
        cameras.add(CameraTable.Camera(id: "A", name: "A"))
        var builder = PlateReadSetBuilder(cameras: cameras)
        builder.append(plate: "P", cameraID: "A", time: 0, confidence: nil, color: nil, vehicleType: nil)
        builder.append(plate: "P", cameraID: "A", time: 4_000_000_000, confidence: nil, color: nil, vehicleType: nil)
        #expect(throws: PerceptionError.timeSpanTooLong(first: 0, last: 4_000_000_000)) { try ReadIndex(builder.build()) }
    }
}
