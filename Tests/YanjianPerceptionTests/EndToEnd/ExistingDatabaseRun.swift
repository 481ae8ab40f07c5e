import Foundation
import Logging
import Testing
import YanjianPerception
import YanjianStore

/// Runs the vehicle analyses on an existing database (one `yanjian import` loaded), so that
/// `yanjian export findings` and `yanjian eval` can score them before `yanjian analyze vehicles`
/// is registered. Skipped unless `YANJIAN_PERCEPTION_DB` names a SQLite file or PostgreSQL URL:
///
///     YANJIAN_PERCEPTION_DB=/tmp/w1.db swift test --filter ExistingDatabaseRun
@Suite("Vehicle analyses on an existing database (YANJIAN_PERCEPTION_DB)")
struct ExistingDatabaseRun {
    @Test("Stores the vehicle findings of the database named by YANJIAN_PERCEPTION_DB")
    func run() async throws {
        guard let location = ProcessInfo.processInfo.environment["YANJIAN_PERCEPTION_DB"], !location.isEmpty else { return }
        var logger = Logger(label: "yanjian.test.perception")
        logger.logLevel = .warning
        let store = try Store.open(StoreLocation(location), logger: logger)
        do {
            let summary = try await PerceptionAnalysis.run(store: store)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            FileHandle.standardError.write(try encoder.encode(summary) + Data("\n".utf8))
            #expect(summary.reads > 0)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}
