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
}
