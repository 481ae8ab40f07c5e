import Testing
import YanjianStore
import YanjianTesting

@Suite("Bulk insert with onConflict: .replace, the importer's write path, on every engine")
struct BulkReplaceTests {
    static let columns = ["order_id", "licence_no", "order_date", "brand", "cartons", "unit_price_fen", "amount_fen"]

    static func row(_ id: String, cartons: Int64) -> [SQLValue] {
        [.text(id), .text("L1"), .text("2026-02-01"), .text("中华"), .int(cartons), .int(100), .int(100 * cartons)]
    }

    @Test("A key given twice in one call ends with the later row; a stored key is replaced", arguments: StoreKind.allCases)
    func replace(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        try await DeliveryFixture.withImporter(kind) { store, _ in
            try await store.bulkInsert(table: "orders", columns: Self.columns, rows: [Self.row("A", cartons: 1)])
            try await store.bulkInsert(
                table: "orders", columns: Self.columns,
                rows: [Self.row("A", cartons: 2), Self.row("B", cartons: 5), Self.row("A", cartons: 3)], onConflict: .replace)
            #expect(try await store.value("SELECT cartons FROM orders WHERE order_id = 'A'") == .int(3))
            #expect(try await store.value("SELECT cartons FROM orders WHERE order_id = 'B'") == .int(5))
            #expect(try await store.db.scalarInt("SELECT COUNT(*) FROM orders") == 2)
        }
    }

    @Test("Distinct keys in one call: new rows added, a changed row replaced, an unchanged one left alone", arguments: StoreKind.allCases)
    func replaceDistinct(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        try await DeliveryFixture.withImporter(kind) { store, _ in
            try await store.bulkInsert(table: "orders", columns: Self.columns, rows: [Self.row("A", cartons: 1), Self.row("B", cartons: 2)])
            let changed = try await store.bulkInsert(
                table: "orders", columns: Self.columns,
                rows: [Self.row("C", cartons: 4), Self.row("A", cartons: 7), Self.row("B", cartons: 2)], onConflict: .replace)
            #expect(changed == 2, "C added and A changed; B is the same row")
            #expect(try await store.value("SELECT cartons FROM orders WHERE order_id = 'A'") == .int(7))
            #expect(try await store.value("SELECT cartons FROM orders WHERE order_id = 'B'") == .int(2))
            #expect(try await store.db.scalarInt("SELECT COUNT(*) FROM orders") == 3)
            // Only new keys (on PostgreSQL copied straight into the table), then one of them again.
            let fresh = try await store.bulkInsert(
                table: "orders", columns: Self.columns, rows: [Self.row("E", cartons: 9), Self.row("D", cartons: 8)], onConflict: .replace)
            #expect(fresh == 2)
            let again = try await store.bulkInsert(
                table: "orders", columns: Self.columns, rows: [Self.row("D", cartons: 6), Self.row("F", cartons: 1)], onConflict: .replace)
            #expect(again == 2)
            #expect(try await store.value("SELECT cartons FROM orders WHERE order_id = 'D'") == .int(6))
            #expect(try await store.value("SELECT cartons FROM orders WHERE order_id = 'E'") == .int(9))
            #expect(try await store.db.scalarInt("SELECT COUNT(*) FROM orders") == 6)
            // A composite key (case, entity kind, value, role): one column repeated, the keys distinct.
            let links = ["case_no", "entity_kind", "entity_value", "role"]
            let added = try await store.bulkInsert(
                table: "case_links", columns: links,
                rows: [[.text("K1"), .text("phone"), .text("13800000001"), .text("")],
                       [.text("K1"), .text("phone"), .text("13800000002"), .text("")],
                       [.text("K1"), .text("address"), .text("13800000001"), .text("")]],
                onConflict: .replace)
            #expect(added == 3)
            #expect(try await store.db.scalarInt("SELECT COUNT(*) FROM case_links WHERE case_no = 'K1'") == 3)
        }
    }

    @Test("A large batch of new keys with one stored key among them: every row lands, the stored one replaced", arguments: StoreKind.allCases)
    func replaceMostlyNew(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        try await DeliveryFixture.withImporter(kind) { store, _ in
            // On PostgreSQL a sample of the keys decides whether to copy straight into the table; key 1 is
            // outside the sample of 200 rows (every third), so the copy meets it and the batch falls back.
            try await store.bulkInsert(table: "orders", columns: Self.columns, rows: [Self.row("K001", cartons: 1)])
            let rows = (0..<200).map { Self.row("K" + String(1_000 + $0).dropFirst(), cartons: $0 == 1 ? 50 : 2) }
            let changed = try await store.bulkInsert(table: "orders", columns: Self.columns, rows: rows, onConflict: .replace)
            #expect(changed == 200)
            #expect(try await store.value("SELECT cartons FROM orders WHERE order_id = 'K001'") == .int(50))
            #expect(try await store.db.scalarInt("SELECT COUNT(*) FROM orders") == 200)
        }
    }
}
