import Foundation
import Testing
import YanjianIngest
import YanjianStore
import YanjianTesting

@Suite("Record history and undoing a batch, on every engine")
struct ImportHistoryTests {
    /// The delivery again with order O1 changed (12 cartons, not 10) and a new order O7.
    static let changedOrders = """
        order_id,licence_no,order_date,brand,product_code,cartons,unit_price,amount,returned_cartons,quota_cartons
        O1,610113000001,2026-02-01,中华,6901028001,12,95.5,1146.00,0,20
        O7,610113000001,2026-02-03,中华,6901028001,1,95.5,95.50,0,20

        """

    @Test("A changed record keeps the version it replaced; the same delivery again writes nothing", arguments: StoreKind.allCases)
    func history(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let fixture = try DeliveryFixture(withDefects: false)
        let changed = try DeliveryFixture(withDefects: false, extra: ["orders.csv": Array(Self.changedOrders.utf8)])
        defer { fixture.remove(); changed.remove() }
        try await DeliveryFixture.withImporter(kind) { store, importer in
            let first = try await importer.run(paths: [fixture.url("orders.csv")])
            let again = try await importer.run(paths: [fixture.url("orders.csv")])
            #expect(again.unchanged == again.accepted && again.updated == 0)
            #expect(try await store.db.scalarInt("SELECT COUNT(*) FROM record_versions") == 0)
            #expect(try await store.value("SELECT batch_id FROM orders WHERE order_id = 'O1'") == .int(first.batchID))

            let second = try await importer.run(paths: [changed.url("orders.csv")])
            let file = try #require(second.files.first)
            #expect(file.accepted == 2 && file.updated == 1 && file.unchanged == 0)
            #expect(try await store.value("SELECT cartons FROM orders WHERE order_id = 'O1'") == .int(12))
            let history = try await store.recordHistory(table: "orders", id: "O1")
            #expect(history.count == 1)
            let old = try #require(history.first)
            #expect(old.batchID == first.batchID && old.replacedBy == second.batchID && old.sourceLine == 2)
            let data = try JSONSerialization.jsonObject(with: Data(old.data.utf8)) as? [String: Any]
            #expect((data?["cartons"] as? NSNumber)?.intValue == 10)
            #expect(data?["order_id"] as? String == "O1")
            #expect(try await store.recordHistory(table: "orders", id: "O7").isEmpty)
        }
    }

    @Test("Undoing a batch puts back what it replaced and removes what it added", arguments: StoreKind.allCases)
    func rollBack(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        try await Self.twoDeliveries(kind, firstWithDefects: true) { store, _, _, before, second in
            #expect(try await store.snapshot() != before)
            let undone = try await store.rollBackImport(id: second.batchID)
            #expect(undone.restored >= 1 && undone.deleted >= 1)
            #expect(try await store.snapshot() == before)
            #expect(try await store.db.scalarInt("SELECT COUNT(*) FROM record_versions WHERE replaced_by = ?", [.int(second.batchID)]) == 0)
            #expect(try await store.value("SELECT status FROM import_batches WHERE id = ?", [.int(second.batchID)]) == .text("rolled_back"))
        }
    }

    @Test("A batch left running by a process that is gone is undone at the next start; a live one is left alone", arguments: StoreKind.allCases)
    func recovery(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        try await Self.twoDeliveries(kind, firstWithDefects: false) { store, importer, changed, before, second in
            // As a killed import leaves it: still `running`, by a process that has exited.
            let host = ProcessInfo.processInfo.hostName
            try await store.db.execute("UPDATE import_batches SET status = 'running', pid = ?, host = ? WHERE id = ?",
                                       [.int(Int64(getpid())), .text(host), .int(second.batchID)])
            #expect(try await store.recoverInterruptedImports().isEmpty, "this process is alive: its batch is not touched")
            let dead = try Self.exitedProcessID()
            try await store.db.execute("UPDATE import_batches SET pid = ? WHERE id = ?", [.int(Int64(dead)), .int(second.batchID)])
            #expect(try await store.recoverInterruptedImports() == [second.batchID])
            #expect(try await store.snapshot() == before)
            // From another host only the heartbeat tells: stale after the limit.
            let third = try await importer.run(paths: [changed.folder])
            try await store.db.execute("UPDATE import_batches SET status = 'running', host = 'elsewhere', heartbeat_at = ? WHERE id = ?",
                                       [.int(store.now - 60), .int(third.batchID)])
            #expect(try await store.recoverInterruptedImports(staleAfter: 600).isEmpty)
            #expect(try await store.recoverInterruptedImports(staleAfter: 30) == [third.batchID])
            #expect(try await store.snapshot() == before)
        }
    }

    /// Imports the fixture delivery, takes a snapshot, imports the changed one and runs `body` with the
    /// store, the importer, the changed delivery, the snapshot before it and its report.
    static func twoDeliveries(
        _ kind: StoreKind, firstWithDefects: Bool,
        _ body: (Store, Importer, DeliveryFixture, [String: [String]], ImportReport) async throws -> Void
    ) async throws {
        let fixture = try DeliveryFixture(withDefects: firstWithDefects)
        let changed = try DeliveryFixture(withDefects: false, extra: ["orders.csv": Array(changedOrders.utf8)])
        defer { fixture.remove(); changed.remove() }
        try await DeliveryFixture.withImporter(kind) { store, importer in
            _ = try await importer.run(paths: [fixture.folder])
            let before = try await store.snapshot()
            let second = try await importer.run(paths: [changed.folder])
            try await body(store, importer, changed, before, second)
        }
    }

    /// The id of a process that has run and exited (and been reaped).
    static func exitedProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }
}

extension Store {
    /// Every row of every domain table as text, in a stable order: equal snapshots, equal stores.
    func snapshot() async throws -> [String: [String]] {
        var tables: [String: [String]] = [:]
        for table in DomainTable.all {
            let rows = try await db.query("SELECT * FROM \(table.name) ORDER BY 1, 2, 3, 4")
            tables[table.name] = rows.map { row in row.values.map { $0.text ?? "∅" }.joined(separator: "|") }
        }
        return tables
    }
}
