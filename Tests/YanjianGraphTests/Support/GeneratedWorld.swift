import Foundation
import Logging
import YanjianCore
import YanjianIngest
import YanjianStore
import YanjianSynth
import YanjianTesting

/// A tiny generated world imported into a fresh SQLite store, for end-to-end tests.
struct GeneratedWorld {
    let folder: URL
    let store: Store
    let cleanup: @Sendable () async -> Void
    let logger: Logger

    /// Generates `config` into a temporary folder and imports it.
    static func make(_ config: WorldConfig) async throws -> GeneratedWorld {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yanjian-graph-world-\(UUID().uuidString)")
        _ = try WorldGenerator.generate(config, to: folder)
        var logger = Logger(label: "yanjian.test.graph")
        logger.logLevel = .warning
        let (store, cleanup) = try await TestDatabases.open(.sqlite)
        let importer = Importer(store: store, logger: logger, source: "test", actor: "tester")
        _ = try await importer.run(paths: [folder])
        return GeneratedWorld(folder: folder, store: store, cleanup: {
            await cleanup()
            try? FileManager.default.removeItem(at: folder)
        }, logger: logger)
    }

    /// The world's truth.json bytes.
    func truthData() throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent("truth.json"))
    }
}
