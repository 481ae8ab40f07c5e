import ArgumentParser
import Foundation
import Logging
import YanjianCore
import YanjianStore

/// Release benchmarks of the store and the entity graph (not part of `swift test`). Figures go to docs/PERFORMANCE.md.
@main
struct YanjianBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "YanjianBench",
        abstract: "Release benchmarks of Yanjian's store and graph.",
        discussion: """
        Examples:
          swift run -c release YanjianBench bulk --db /tmp/bench.db --rows 1000000
          swift run -c release YanjianBench graph --db /tmp/w431.db --out /tmp/graphbench   (see bench/graph/run.sh)
          swift run -c release YanjianBench er --dir /tmp/er   (see bench/er/run.sh)
          swift run -c release YanjianBench addresses --db /tmp/w431.db --limit 1000000
          swift run -c release YanjianBench bulk --db 'postgres://yanjian@127.0.0.1:5432/bench?sslmode=disable' --rows 1000000
        """,
        subcommands: [Bulk.self, GraphBench.self, RecordLinkageBench.self, AddressBench.self]
    )

    struct Bulk: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Bulk-insert N waybill rows through Store.bulkInsert and report rows/s.")
        @Option(help: "SQLite path or postgres:// URL (the waybills table is emptied first).") var db: String
        @Option(help: "Rows to insert.") var rows = 1_000_000
        @Option(help: "Rows per call (one transaction each).") var batch = 50_000
        @Flag(help: "Drop the table's secondary indexes for the load and build them afterwards (timed with the load).")
        var deferIndexes = false

        func run() async throws {
            var logger = Logger(label: "bench")
            logger.logLevel = .warning
            let store = try Store.open(StoreLocation(db), logger: logger)
            try await store.migrate()
            try await store.restoreMissingIndexes()
            // PostgreSQL: TRUNCATE, not DELETE, whose dead rows and index entries made every repeated run
            // slower than the last (210k → 98k rows/s over five runs).
            try await store.db.execute(store.dialect == .postgres ? "TRUNCATE waybills" : "DELETE FROM waybills", [])
            let columns = ["waybill_no", "courier", "sender_name", "sender_phone", "receiver_phone", "receiver_address",
                           "item_desc", "pieces", "weight_kg", "accepted_at", "adcode"]
            var rng = SplitMix64(seed: 42)
            let started = ContinuousClock.now
            var generating: Duration = .zero
            func load() async throws {
                var done = 0
                while done < rows {
                    let count = min(batch, rows - done)
                    let makeStart = ContinuousClock.now
                    // Packed as the importer packs its batches, while building (not timed).
                    var chunk = BulkRows(width: columns.count, reservingRows: count)
                    for index in done..<(done + count) {
                        let phone = 13_000_000_000 + Int64(rng.next() % 999_999_999)
                        chunk.append([
                            .text("YT\(1_000_000_000_000 + Int64(index))"), .text("圆通"), .text("张先生"), .text(String(phone)),
                            .text(String(phone + 7)), .text("陕西省西安市雁塔区科技路\(index % 500)号"), .text("茶叶"), .int(1),
                            .double(0.5 + Double(rng.next() % 100) / 100), .int(1_767_225_600 + Int64(index)), .text("610113"),
                        ])
                    }
                    generating += ContinuousClock.now - makeStart
                    try await store.bulkInsert(table: "waybills", columns: columns, rows: chunk)
                    done += count
                }
            }
            var loaded = started
            if deferIndexes {
                try await store.withDeferredIndexes(on: "waybills") {
                    try await load()
                    loaded = ContinuousClock.now
                }
            } else {
                try await load()
                loaded = ContinuousClock.now
            }
            let finished = ContinuousClock.now
            func seconds(_ duration: Duration) -> Double {
                Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            }
            let total = seconds(finished - started - generating)
            let stored = try await store.db.scalarInt("SELECT COUNT(*) FROM waybills")
            print(String(format: "%@%@: %d rows in %.2f s (row building excluded) = %.0f rows/s (load %.2f s, indexes %.2f s); stored %d",
                         store.dialect.rawValue, deferIndexes ? " (indexes built after the load, included)" : "",
                         rows, total, Double(rows) / total, seconds(loaded - started - generating), seconds(finished - loaded), stored))
            await store.close()
        }
    }
}
