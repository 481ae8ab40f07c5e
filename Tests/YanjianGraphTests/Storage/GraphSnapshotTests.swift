import Foundation
import Logging
import Synchronization
import Testing
import YanjianCore
@testable import YanjianGraph
import YanjianIngest
import YanjianStore
import YanjianSynth
import YanjianTesting

/// The graph snapshot: a load after an import resumes the waybills and transfers it kept and reads
/// only the new batches, and gives the same graph as loading everything; anything that does not fit
/// (a replacing or rolled-back import, rows written outside imports, a damaged file) loads everything.
@Suite("Graph snapshot: resumed loads equal full loads")
struct GraphSnapshotTests {
    /// A clean world split in three deliveries: everything with the first part of the waybills and
    /// transfers, then the rest of both but the last waybill, then that waybill.
    struct Deliveries {
        let first: URL
        let second: URL
        let third: URL
        let root: URL

        static func make(seed: UInt64) throws -> Deliveries {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("yanjian-snapshot-\(UUID().uuidString)")
            let world = root.appendingPathComponent("world")
            _ = try WorldGenerator.generate(WorldConfig(seed: seed, scale: 0.03), to: world)
            let first = root.appendingPathComponent("first")
            let second = root.appendingPathComponent("second")
            let third = root.appendingPathComponent("third")
            for folder in [first, second, third] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
            for name in try FileManager.default.contentsOfDirectory(atPath: world.path) where name != "truth.json" {
                let source = world.appendingPathComponent(name)
                guard name == "waybills.csv" || name == "payments.csv" else {
                    try FileManager.default.copyItem(at: source, to: first.appendingPathComponent(name))
                    continue
                }
                // Clean worlds have no quoted line breaks: lines are records.
                let lines = try String(contentsOf: source, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
                let cut = 1 + (lines.count - 1) * 2 / 3
                try (lines[0..<cut].joined(separator: "\n") + "\n").write(to: first.appendingPathComponent(name), atomically: true, encoding: .utf8)
                let last = name == "waybills.csv" ? lines.count - 1 : lines.count
                try ([lines[0]] + lines[cut..<last]).joined(separator: "\n").appending("\n")
                    .write(to: second.appendingPathComponent(name), atomically: true, encoding: .utf8)
                if last < lines.count {
                    try (lines[0] + "\n" + lines[last] + "\n").write(to: third.appendingPathComponent(name), atomically: true, encoding: .utf8)
                }
            }
            return Deliveries(first: first, second: second, third: third, root: root)
        }
    }

    /// Log messages at notice and above, and the info lines that say what a load did.
    final class Messages: LogHandler, @unchecked Sendable {
        let lines = Mutex<[String]>([])
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let text = "\(event.message)"
            lines.withLock { $0.append(text) }
        }
        func take() -> [String] { lines.withLock { lines in defer { lines = [] }; return lines } }
    }

    static func logger(_ messages: Messages) -> Logger { Logger(label: "test.snapshot") { _ in messages } }

    /// A store with the first delivery imported, a snapshot path in the deliveries' folder and a
    /// logger that keeps its messages.
    struct Setting {
        let deliveries: Deliveries
        let store: Store
        let cleanup: @Sendable () async -> Void
        let path: String
        let messages = Messages()
        var logger: Logger { GraphSnapshotTests.logger(messages) }

        static func make(_ kind: StoreKind, seed: UInt64) async throws -> Setting {
            let deliveries = try Deliveries.make(seed: seed)
            let (store, cleanup) = try await TestDatabases.open(kind)
            let setting = Setting(deliveries: deliveries, store: store, cleanup: cleanup,
                                  path: deliveries.root.appendingPathComponent("graph.snapshot").path)
            try await GraphSnapshotTests.importing(deliveries.first, into: store)
            return setting
        }

        func close() {
            let cleanup = cleanup
            Task { await cleanup() }
            try? FileManager.default.removeItem(at: deliveries.root)
        }
    }

    static func importing(_ folder: URL, into store: Store) async throws {
        var quiet = Logger(label: "test.import")
        quiet.logLevel = .error
        _ = try await Importer(store: store, logger: quiet, source: "test", actor: "tester").run(paths: [folder])
    }

    /// The graph written out by labels, independent of node numbering: nodes with kind, places and
    /// display text; edges with kind, time and record; the record columns by label and name.
    ///
    /// `inOrder`: records keep their ordinals (SQLite reads a table in storage order, old rows first,
    /// so a resumed load numbers records as a full one does). PostgreSQL pages through in key order,
    /// which interleaves old and new rows in a full load: there records are compared as multisets
    /// and an address's display text (its first spelling in reading order) is left out.
    static func canonical(_ graph: EntityGraph, inOrder: Bool = true) -> [String] {
        let facts = graph.facts
        func node(_ v: Int32) -> String { v < 0 ? "-" : graph.label(v) }
        func name(_ id: Int32) -> String { facts.name(id) ?? "-" }
        func place(_ id: Int32) -> String { facts.adcode(id) ?? "-" }
        func ordinal(_ prefix: String, _ n: Int) -> String { inOrder ? "\(prefix)\(n)" : prefix }
        func payment(_ p: Int) -> String {
            "\(node(facts.payer[p])) \(node(facts.payee[p])) \(facts.paidAt[p]) \(facts.amountFen[p]) \(name(facts.payerName[p])) \(name(facts.payeeName[p]))"
        }
        var lines: [String] = []
        for v in 0..<Int32(graph.nodeCount) {
            let record = graph.kind(v) == .waybill && !inOrder ? "" : " r\(graph.recordOrdinal[Int(v)])"
            let display = graph.kind(v) == .address && !inOrder ? "" : " " + graph.displayValue(v)
            lines.append("N \(graph.label(v)) \(graph.placeCodes(v).sorted())\(display)\(record)")
        }
        for e in 0..<graph.edgeCount {
            let kind = EdgeKind(rawValue: graph.edgeKinds[e])
            let record = graph.edgeRecords[e]
            let evidence = kind == .paid && !inOrder && record >= 0 ? payment(Int(record)) : "\(record)"
            lines.append("E \(graph.label(graph.edgeSource[e])) \(graph.label(graph.edgeTarget[e])) \(graph.edgeKinds[e]) \(graph.edgeTimes[e]) \(evidence)")
        }
        for w in 0..<facts.waybillCount {
            lines.append(ordinal("W", w) + " " + [facts.waybillNode[w], facts.senderPhone[w], facts.receiverPhone[w], facts.senderAddress[w],
                                                    facts.receiverAddress[w], facts.outlet[w]].map(node).joined(separator: " ")
                + " \(name(facts.senderName[w])) \(name(facts.receiverName[w])) \(facts.acceptedAt[w]) \(facts.weightGrams[w]) "
                + "\(facts.pieces[w]) \(facts.waybillFlags[w]) \(place(facts.senderPlace[w])) \(place(facts.receiverPlace[w]))")
        }
        for p in 0..<facts.paymentCount { lines.append(ordinal("P", p) + " " + payment(p)) }
        lines.append("T \(facts.transactionIDs.count)")
        for (i, v) in facts.personNode.enumerated() { lines.append("F\(i) \(node(v)) \(name(facts.personName[i]))") }
        for (i, v) in facts.caseNode.enumerated() { lines.append("C\(i) \(node(v)) \(facts.caseOpenedAt[i]) \(place(facts.casePlace[i]))") }
        for i in facts.linkCase.indices {
            lines.append("L\(i) \(facts.linkCase[i]) \(node(facts.linkEntity[i])) \(facts.roles.string(facts.linkRole[i]))")
        }
        for (i, v) in facts.retailerNode.enumerated() { lines.append("R\(i) \(node(v)) \(name(facts.retailerOwnerName[i]))") }
        for (i, v) in facts.companyNode.enumerated() { lines.append("B\(i) \(node(v)) \(name(facts.companyLegalName[i]))") }
        return lines.sorted()
    }

    static func fresh(_ store: Store) async throws -> [String] {
        var quiet = Logger(label: "test.fresh")
        quiet.logLevel = .error
        return canonical(try await EntityGraphLoader().load(from: store, logger: quiet), inOrder: store.dialect == .sqlite)
    }

    /// A run's findings as text (link analysis on `graph`).
    static func findings(_ graph: EntityGraph) throws -> [[String]] {
        try LinkAnalysis.findings(LinkAnalysis().analyze(graph)).map { [$0.kind, $0.subject, $0.label ?? "", $0.adcode ?? "", "\($0.score)", $0.details] }
    }

    @Test("A load after a second import resumes the snapshot, reads only the new batch and equals a full load", arguments: StoreKind.allCases)
    func resumedEqualsFull(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let inOrder = kind == .sqlite
        let setting = try await Setting.make(kind, seed: 3)
        defer { setting.close() }
        let (deliveries, store, path, messages, logger) = (setting.deliveries, setting.store, setting.path, setting.messages, setting.logger)
        let first = try await EntityGraphLoader().load(from: store, logger: logger, snapshot: path)
        #expect(messages.take().contains { $0.hasPrefix("no graph snapshot yet") })
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(Self.canonical(first, inOrder: inOrder) == (try await Self.fresh(store)))

        // Nothing new: resumed, not rewritten.
        let written = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        let same = try await EntityGraphLoader().load(from: store, logger: logger, snapshot: path)
        let sameLog = messages.take()
        #expect(sameLog.contains("entity graph resumed from its snapshot") && !sameLog.contains("graph snapshot written"), "\(sameLog)")
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date == written)
        #expect(Self.canonical(same, inOrder: inOrder) == Self.canonical(first, inOrder: inOrder))

        try await Self.importing(deliveries.second, into: store)
        let resumed = try await EntityGraphLoader().load(from: store, logger: logger, snapshot: path)
        let log = messages.take()
        #expect(log.contains("entity graph resumed from its snapshot") && log.contains("graph snapshot written"), "\(log)")
        let full = try await Self.fresh(store)
        #expect(resumed.facts.waybillCount > first.facts.waybillCount && resumed.facts.paymentCount > first.facts.paymentCount)
        #expect(resumed.nodeCount > first.nodeCount)
        let canonical = Self.canonical(resumed, inOrder: inOrder)
        #expect(canonical.count == full.count)
        #expect(canonical == full, "first difference: \(zip(canonical, full).first { $0 != $1 }.map { "\($0.0) ≠ \($0.1)" } ?? "-")")
        // Numbered otherwise (the new batch's nodes come last), it gives the same findings as a full load.
        var quiet = Logger(label: "test.fresh")
        quiet.logLevel = .error
        let fresh = try await EntityGraphLoader().load(from: store, logger: quiet)
        #expect((0..<Int32(resumed.nodeCount)).contains { resumed.label($0) != fresh.label($0) })
        let findings = try Self.findings(resumed)
        #expect(!findings.isEmpty)
        #expect(findings == (try Self.findings(fresh)))
        // The snapshot written after the resume resumes again to the same graph.
        #expect(Self.canonical(try await EntityGraphLoader().load(from: store, logger: logger, snapshot: path), inOrder: inOrder) == full)
        #expect(messages.take().contains("entity graph resumed from its snapshot"))

        // One more waybill: read after the snapshot on every load, the file not rewritten for it.
        try await Self.importing(deliveries.third, into: store)
        for _ in 0..<2 {
            let (graph, origin) = try await EntityGraphLoader().loadReporting(from: store, logger: logger, snapshot: path)
            let oneMore = messages.take()
            #expect(origin == .snapshot(newWaybills: 1, newPayments: 0))
            #expect(oneMore.contains("entity graph resumed from its snapshot") && !oneMore.contains("graph snapshot written"), "\(oneMore)")
            #expect(graph.facts.waybillCount == resumed.facts.waybillCount + 1)
            #expect(Self.canonical(graph, inOrder: inOrder) == (try await Self.fresh(store)))
        }
    }

    enum Disturbance: String, CaseIterable, CustomTestStringConvertible {
        case replacingImport, rolledBackImport, rowsOutsideImports, flippedByte, truncated, randomBytes, otherDatabase
        var testDescription: String { rawValue }
    }

    @Test("Anything the snapshot does not account for loads everything, and the graph equals a full load", arguments: Disturbance.allCases)
    func disturbed(_ disturbance: Disturbance) async throws {
        let setting = try await Setting.make(.sqlite, seed: 4)
        defer { setting.close() }
        let (deliveries, store, path, messages, logger) = (setting.deliveries, setting.store, setting.path, setting.messages, setting.logger)
        _ = try await EntityGraphLoader().load(from: store, logger: logger, snapshot: path)
        _ = messages.take()
        var expected = "graph snapshot not used"
        switch disturbance {
        case .replacingImport:
            // A later delivery repeats an early waybill with another receiver phone: an update.
            let lines = try String(contentsOf: deliveries.first.appendingPathComponent("waybills.csv"), encoding: .utf8)
                .split(separator: "\n").map(String.init)
            var fields = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[6] = "13900000001"
            let folder = deliveries.root.appendingPathComponent("replace")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try (lines[0] + "\n" + fields.joined(separator: ",") + "\n").write(
                to: folder.appendingPathComponent("waybills.csv"), atomically: true, encoding: .utf8)
            try await Self.importing(folder, into: store)
            expected = "graph snapshot not used: later imports changed waybills or transfers it holds; loading everything"
        case .rolledBackImport:
            try await Self.importing(deliveries.second, into: store)
            let last = try await store.db.scalarInt("SELECT MAX(id) FROM import_batches")
            _ = try await store.rollBackImport(id: last - 1)
        case .rowsOutsideImports:
            _ = try await store.bulkInsert(
                table: "payments", columns: ["txn_id", "ts", "payer_account", "payee_account", "amount_fen", "channel"],
                rows: [[.text("TXOUTSIDE1"), .int(1_767_225_600), .text("6222021234567890123"), .text("6222029876543210987"), .int(100), .text("网银")]])
            expected = "graph snapshot not used: waybills or transfers changed outside imports; loading everything"
        case .flippedByte, .truncated, .randomBytes:
            var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            switch disturbance {
            case .flippedByte: bytes[bytes.count / 2] ^= 0x40
            case .truncated: bytes = bytes.prefix(bytes.count - 100)
            default: bytes = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) })
            }
            try bytes.write(to: URL(fileURLWithPath: path))
        case .otherDatabase:
            let (other, otherCleanup) = try await TestDatabases.open(.sqlite)
            try await Self.importing(deliveries.first, into: other)
            try? await Task.sleep(for: .seconds(1.1))  // a database created a second later
            _ = try await EntityGraphLoader().load(from: other, logger: logger, snapshot: path)
            await otherCleanup()
            _ = messages.take()
            expected = "graph snapshot not used: it was made from another database; loading everything"
        }
        let graph = try await EntityGraphLoader().load(from: store, logger: logger, snapshot: path)
        let log = messages.take()
        #expect(log.contains { $0.hasPrefix(expected) } && log.contains("graph snapshot written"), "\(log)")
        #expect(!log.contains("entity graph resumed from its snapshot"))
        #expect(Self.canonical(graph) == (try await Self.fresh(store)))
        // The snapshot written anew resumes.
        _ = try await EntityGraphLoader().load(from: store, logger: logger, snapshot: path)
        #expect(messages.take().contains("entity graph resumed from its snapshot"))
    }

    @Test("A re-delivery that changes only what the graph does not read resumes, and equals a full load", arguments: StoreKind.allCases)
    func redelivery(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let inOrder = kind == .sqlite
        let setting = try await Setting.make(kind, seed: 6)
        defer { setting.close() }
        let (deliveries, store, path, messages, logger) = (setting.deliveries, setting.store, setting.path, setting.messages, setting.logger)
        _ = try await EntityGraphLoader().load(from: store, logger: logger, snapshot: path)
        // Two early waybills again, one with another delivery time (not read by the graph), one with
        // another delivery time and a new waybill beside them.
        let lines = try String(contentsOf: deliveries.first.appendingPathComponent("waybills.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        var rows = [lines[0]]
        for line in [lines[1], lines[2]] {
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[13] = fields[13].isEmpty ? "2026-03-01T10:00:00+08:00" : ""
            rows.append(fields.joined(separator: ","))
        }
        let folder = deliveries.root.appendingPathComponent("redelivery")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try (rows.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("waybills.csv"), atomically: true, encoding: .utf8)
        try await Self.importing(folder, into: store)
        #expect(try await store.db.scalarInt("SELECT COUNT(*) FROM record_versions WHERE table_name = 'waybills'") == 2)
        try await Self.importing(deliveries.third, into: store)
        _ = messages.take()
        let (graph, origin) = try await EntityGraphLoader().loadReporting(from: store, logger: logger, snapshot: path)
        #expect(origin == .snapshot(newWaybills: 1, newPayments: 0), "\(messages.take())")
        #expect(Self.canonical(graph, inOrder: inOrder) == (try await Self.fresh(store)))
    }

    @Test("A snapshot in a folder that cannot be written is skipped with a warning; the load goes on")
    func unwritable() async throws {
        let setting = try await Setting.make(.sqlite, seed: 5)
        defer { setting.close() }
        let (store, messages) = (setting.store, setting.messages)
        let path = setting.deliveries.root.appendingPathComponent("missing-folder/graph.snapshot").path
        let graph = try await EntityGraphLoader().load(from: store, logger: setting.logger, snapshot: path)
        #expect(messages.take().contains { $0.hasPrefix("graph snapshot not written") })
        #expect(Self.canonical(graph) == (try await Self.fresh(store)))
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
