import Foundation
import Testing
import YanjianSynth

@Suite("World generation is deterministic")
struct DeterminismTests {
    static func files(in folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            result[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return result
    }

    @Test("The same seed and scale write byte-identical files")
    func sameSeedSameBytes() throws {
        let config = WorldConfig(seed: 11, scale: 0.02)
        let a = TestWorlds.root.appendingPathComponent("determinism-a")
        let b = TestWorlds.root.appendingPathComponent("determinism-b")
        try WorldGenerator.generate(config, to: a)
        try WorldGenerator.generate(config, to: b)
        let first = try DeterminismTests.files(in: a)
        let second = try DeterminismTests.files(in: b)
        #expect(first.keys.sorted() == second.keys.sorted())
        for (name, bytes) in first {
            #expect(second[name] == bytes, "\(name) differs between two runs")
        }
        #expect(first.count == WorldGenerator.files.count)
    }

    @Test("The same seed in messy mode also writes byte-identical files, defects.json included")
    func messySameBytes() throws {
        let config = WorldConfig(seed: 12, scale: 0.02, messy: true)
        let a = TestWorlds.root.appendingPathComponent("determinism-messy-a")
        let b = TestWorlds.root.appendingPathComponent("determinism-messy-b")
        try WorldGenerator.generate(config, to: a)
        try WorldGenerator.generate(config, to: b)
        let first = try DeterminismTests.files(in: a)
        let second = try DeterminismTests.files(in: b)
        #expect(first["defects.json"] != nil)
        for (name, bytes) in first {
            #expect(second[name] == bytes, "\(name) differs between two messy runs")
        }
    }

    @Test("A different seed writes a different world")
    func differentSeedDiffers() throws {
        let clean = try TestWorlds.clean.get()
        let other = TestWorlds.root.appendingPathComponent("determinism-other")
        try WorldGenerator.generate(WorldConfig(seed: 9, scale: 0.05), to: other)
        for file in ["retailers.csv", "waybills.csv", "plate_reads.csv", "truth.json"] {
            let a = try Data(contentsOf: clean.url(file))
            let b = try Data(contentsOf: other.appendingPathComponent(file))
            #expect(a != b, "\(file) is the same for seeds 7 and 9")
        }
    }

    @Test("Seeds pick the default centre: odd seeds 西安, even seeds 潍坊, unless a centre is given")
    func centres() throws {
        #expect(try TestWorlds.clean.get().summary.centre == "610100")
        #expect(try TestWorlds.weifang.get().summary.centre == "370700")
        let folder = TestWorlds.root.appendingPathComponent("centre-jinan")
        let summary = try WorldGenerator.generate(WorldConfig(seed: 7, scale: 0.02, centre: "370100"), to: folder)
        #expect(summary.centre == "370100")
        let retailers = try CSVTable(url: folder.appendingPathComponent("retailers.csv"))
        #expect(retailers.values("adcode").allSatisfy { $0.hasPrefix("3701") })
    }

    @Test("A bad configuration is refused with a reason", arguments: [
        WorldConfig(seed: 1, scale: 0), WorldConfig(seed: 1, scale: -1), WorldConfig(seed: 1, scale: .nan),
        WorldConfig(seed: 1, scale: 0.02, centre: "999999"), WorldConfig(seed: 1, scale: 0.02, waybills: -5),
    ])
    func badConfig(_ config: WorldConfig) {
        let folder = TestWorlds.root.appendingPathComponent("bad-config")
        #expect(throws: SynthError.self) { try WorldGenerator.generate(config, to: folder) }
    }
}
