import Foundation
import Logging
import Testing
@testable import YanjianGraph
import YanjianStore
import YanjianTesting

/// The waybill load runs on two threads and hands batches between them; which thread normalises a
/// batch's new addresses is decided per batch by which side has a backlog. Neither the split nor the
/// batch size may change the graph.
@Suite("Graph load: the same graph whatever the thread split and batch size")
struct GraphLoadTests {
    /// Every node in number order with its kind, value, places and display text, then the canonical
    /// graph of ``GraphSnapshotTests/canonical(_:inOrder:)``.
    static func numbered(_ graph: EntityGraph) -> [String] {
        (0..<Int32(graph.nodeCount)).map { v in "\(v) \(graph.label(v)) \(graph.placeCodes(v).sorted()) \(graph.displayValue(v))" }
            + GraphSnapshotTests.canonical(graph)
    }

    @Test("Addresses keyed by the reading thread, by the graph thread or balanced, in batches of 7, 100 or 8192 rows: one graph",
          arguments: StoreKind.allCases)
    func splitsAndBatches(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let setting = try await GraphSnapshotTests.Setting.make(kind, seed: 5)
        defer { setting.close() }
        try await GraphSnapshotTests.importing(setting.deliveries.second, into: setting.store)
        var quiet = Logger(label: "test.load")
        quiet.logLevel = .error
        var reference: [String]?
        for keying in EntityGraphLoader.AddressKeying.allCases {
            for rows in [7, 100, WaybillBatch.capacity] {
                var loader = EntityGraphLoader()
                loader.addressKeying = keying
                loader.batchRows = rows
                let graph = try await loader.load(from: setting.store, logger: quiet)
                #expect(graph.facts.waybillCount > 1_000, "a world of several batches")
                let lines = Self.numbered(graph)
                if let reference {
                    #expect(lines == reference, "\(keying), \(rows) rows: first difference \(zip(lines, reference).first { $0 != $1 }.map { "\($0.0) ≠ \($0.1)" } ?? "in length")")
                } else {
                    reference = lines
                }
            }
        }
    }
}
