import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import YanjianEval
import YanjianSynth

/// Worlds generated once per test run and shared by the suites (generation is deterministic, so
/// sharing cannot hide an ordering bug).
enum TestWorlds {
    static let root: URL = {
        let temporary = FileManager.default.temporaryDirectory
        // Remove the worlds of earlier runs whose process has ended.
        let prefix = "yanjian-synth-tests-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? [] where name.hasPrefix(prefix) {
            if let pid = Int32(name.dropFirst(prefix.count)), kill(pid, 0) != 0 {
                try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
            }
        }
        let url = temporary.appendingPathComponent(prefix + "\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: url)
        return url
    }()

    /// Generates a world into a fresh folder named `name`.
    static func make(_ name: String, _ config: WorldConfig) -> Result<World, any Error> {
        let folder = root.appendingPathComponent(name)
        return Result {
            let summary = try WorldGenerator.generate(config, to: folder)
            let truth = try Truth.decode(from: Data(contentsOf: folder.appendingPathComponent("truth.json")))
            return World(folder: folder, summary: summary, truth: truth, config: config)
        }
    }

    /// Seed 7 (centred on 西安), scale 0.05: the main clean world.
    static let clean = make("clean-7", WorldConfig(seed: 7, scale: 0.05))
    /// Seed 8 (centred on 潍坊), scale 0.02.
    static let weifang = make("clean-8", WorldConfig(seed: 8, scale: 0.02))
    /// Seed 3 at scale 0.03 with defects.
    static let messy = make("messy-3", WorldConfig(seed: 3, scale: 0.03, messy: true))
    /// Scale 0.2, where every gang's buyers must span ten provinces.
    static let medium = make("medium-5", WorldConfig(seed: 5, scale: 0.2, plateReads: 10_000))

    /// Parsed tables, shared by the tests (parsing is the slow part of the suite in debug builds).
    static let tables = Mutex<[String: CSVTable]>([:])
}

/// A generated world on disk.
struct World: Sendable {
    let folder: URL
    let summary: WorldSummary
    let truth: Truth
    let config: WorldConfig

    func url(_ file: String) -> URL { folder.appendingPathComponent(file) }

    /// Reads a CSV file of the world (UTF-8, BOM and CRLF tolerated, GB18030 when `gb18030`).
    func table(_ file: String, gb18030: Bool = false) throws -> CSVTable {
        let key = url(file).path
        if let cached = TestWorlds.tables.withLock({ $0[key] }) { return cached }
        let table = try CSVTable(url: url(file), gb18030: gb18030)
        TestWorlds.tables.withLock { $0[key] = table }
        return table
    }

    /// Reads a JSON Lines file as dictionaries.
    func jsonLines(_ file: String) throws -> [[String: any Sendable]] {
        let text = String(decoding: try Data(contentsOf: url(file)), as: UTF8.self)
        return try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            guard let dictionary = object as? [String: Any] else { throw CSVTable.Failure.notAnObject }
            return dictionary.mapValues { value -> any Sendable in
                if let string = value as? String { return string }
                if let number = value as? NSNumber { return number.doubleValue }
                return String(describing: value)
            }
        }
    }
}
