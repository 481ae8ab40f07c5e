import Foundation
import Testing
import YanjianCore
import YanjianStore
import YanjianTesting

@Suite("Schema and migrations, on every engine")
struct SchemaContractTests {
    @Test("A fresh database migrates to the current schema, and migrating again changes nothing", arguments: StoreKind.allCases)
    func migratesOnce(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        let status = try await store.schemaStatus()
        #expect(status.isCurrent)
        #expect(status.version == Migrations.all.count)
        #expect(try await store.migrate().isEmpty)
        try await store.checkSchema()
    }

    @Test("Waybill phones and division codes order and compare byte by byte on every engine", arguments: StoreKind.allCases)
    func byteOrderKeys(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        // A locale collation puts "a1" before "B1" and ignores the underscore; bytes do neither.
        let phones = ["a1", "B1", "_1", "13800000000"]
        let rows: [[SQLValue]] = phones.enumerated().map { index, phone in
            [.text("W\(index)"), .text("顺丰"), .text(phone), .text(phone), .int(1), .double(0.5), .int(1_700_000_000), .text(phone)]
        }
        try await store.bulkInsert(
            table: "waybills", columns: ["waybill_no", "courier", "sender_phone", "receiver_phone", "pieces", "weight_kg", "accepted_at", "adcode"],
            rows: rows)
        let bytewise = phones.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        for column in ["sender_phone", "receiver_phone", "adcode"] {
            let ordered = try await store.db.query("SELECT \(column) AS v FROM waybills ORDER BY \(column)", []).compactMap { $0["v"].text }
            #expect(ordered == bytewise, "\(column)")
            let found = try await store.db.query("SELECT waybill_no FROM waybills WHERE \(column) = ?", [.text("B1")])
            #expect(found.compactMap { $0["waybill_no"].text } == ["W1"], "\(column)")
        }
        let migration = try #require(Migrations.all.last)
        #expect(migration.sql(for: .sqlite).isEmpty && migration.sql(for: .postgres).count == 1)
        if store.dialect == .postgres {
            let collations = try await store.db.query(
                "SELECT column_name AS c, collation_name AS n FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'waybills' AND column_name IN ('sender_phone', 'receiver_phone', 'adcode')", [])
            #expect(collations.count == 3 && collations.allSatisfy { $0["n"].text == "C" })
        }
    }

    @Test("A database with a migration this version does not know is refused", arguments: StoreKind.allCases)
    func refusesNewerSchema(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        try await store.db.execute(
            "INSERT INTO schema_migrations (id, applied_order, applied_at) VALUES ('9999-from-the-future', 9999, 0)", [])
        await #expect(throws: StoreError.self) { try await store.checkSchema() }
        await #expect(throws: StoreError.self) { try await store.migrate() }
    }

    @Test("An older database is not migrated silently on start", arguments: StoreKind.allCases)
    func outdatedNeedsMigrate(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        let last = try #require(Migrations.all.last)
        try await store.db.execute("DELETE FROM schema_migrations WHERE id = ?", [.text(last.id)])
        do {
            try await store.checkSchema()
            Issue.record("an outdated schema was accepted")
        } catch let error as StoreError {
            #expect(error.code == "store.schema_outdated")
        }
    }

    @Test("Bulk insert loads every row, and ignore-on-conflict keeps the first version", arguments: StoreKind.allCases)
    func bulkInsert(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        let columns = ["camera_id", "name", "kind", "lat", "lon", "adcode", "direction"]
        // Every third row has an empty direction (text, not NULL) and every fifth a long name, so that
        // rows of different sizes follow each other through the bind buffer.
        let rows: [[SQLValue]] = (0..<2_500).map { (i: Int) -> [SQLValue] in
            let tail: String = i % 5 == 0 ? String(repeating: "长", count: 3_000) : ""
            let name: String = "卡口\t\(i)\\东\n" + tail
            let direction: SQLValue = i % 3 == 0 ? .text("") : .null
            return [.text("C\(i)"), .text(name), .text("卡口"), .double(36.7), .double(119.1), .text("370702"), direction]
        }
        #expect(try await store.bulkInsert(table: "cameras", columns: columns, rows: rows) == 2_500)
        let again = try await store.bulkInsert(
            table: "cameras", columns: columns,
            rows: [[.text("C1"), .text("changed"), .text("卡口"), .double(0), .double(0), .null, .null],
                   [.text("NEW"), .text("新"), .text("治安"), .double(1), .double(2), .null, .null]],
            onConflict: .ignore)
        #expect(again == 1)
        #expect(try await store.db.scalarInt("SELECT COUNT(*) FROM cameras") == 2_501)
        let name = try await store.db.queryOne("SELECT name FROM cameras WHERE camera_id = 'C7'")?["name"].text
        #expect(name == "卡口\t7\\东\n")
        let long = try await store.db.queryOne("SELECT name, direction FROM cameras WHERE camera_id = 'C15'")
        #expect(long?["name"].text == "卡口\t15\\东\n" + String(repeating: "长", count: 3_000))
        #expect(long?["direction"] == .text(""), "an empty text stays empty, not NULL")
        #expect(try await store.db.scalarInt("SELECT COUNT(*) FROM cameras WHERE direction IS NULL") == 2_500 - 834 + 1)
        await #expect(throws: (any Error).self) {
            try await store.bulkInsert(table: "cameras", columns: columns, rows: [rows[0]])
        }
        #expect(try await store.db.scalarInt("SELECT COUNT(*) FROM cameras") == 2_501)
    }

    @Test("Bulk insert keeps edge values: escapes at the ends of a text, negative and extreme integers, small doubles",
          arguments: StoreKind.allCases)
    func bulkInsertEdgeValues(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        let texts = ["\\", "\r\n", "\t尾\\", "a\\\\b\rc", "", "纯中文", "\\N", String(repeating: "x\t", count: 700)]
        let integers: [Int64] = [0, -1, 9, 10, -10, Int64.max, Int64.min + 1, 1_700_000_000]
        let doubles = [0.0, -33.25, 1e-7, 123_456.789, -0.5, 1e15, 34.5, 108.25]
        let rows: [[SQLValue]] = texts.indices.map { i in
            [.text("C\(i)"), .text(texts[i]), .text("卡口"), .double(doubles[i]), .double(-doubles[i]), .null, .text(texts[i])]
        }
        try await store.bulkInsert(table: "cameras", columns: ["camera_id", "name", "kind", "lat", "lon", "adcode", "direction"], rows: rows)
        try await store.bulkInsert(
            table: "plate_reads", columns: ["read_id", "plate", "camera_id", "ts"],
            rows: integers.indices.map { [.text("R\($0)"), .text("陕A1234\($0)"), .text("C\($0)"), .int(integers[$0])] })
        for i in texts.indices {
            let camera = try #require(try await store.db.queryOne("SELECT name, lat, lon, direction FROM cameras WHERE camera_id = ?", [.text("C\(i)")]))
            #expect(camera["name"].text == texts[i], "text \(i)")
            #expect(camera["direction"].text == texts[i], "text \(i) in the last column")
            #expect(camera["lat"].double == doubles[i] && camera["lon"].double == -doubles[i], "double \(i)")
            let read = try #require(try await store.db.queryOne("SELECT ts FROM plate_reads WHERE read_id = ?", [.text("R\(i)")]))
            #expect(read["ts"].int == integers[i], "integer \(i)")
        }
    }
}

@Suite("Aggregates read the same on every engine")
struct AggregateContractTests {
    @Test("SUM and AVG over integers (NUMERIC on PostgreSQL) come back as their values", arguments: StoreKind.allCases)
    func sums(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        try await store.bulkInsert(
            table: "cameras", columns: ["camera_id", "name", "kind", "lat", "lon"],
            rows: [[.text("C1"), .text("a"), .text("卡口"), .double(34.5), .double(108.25)],
                   [.text("C2"), .text("b"), .text("卡口"), .double(35.0), .double(109.0)]])
        try await store.bulkInsert(
            table: "plate_reads", columns: ["read_id", "plate", "camera_id", "ts"],
            rows: [[.text("R1"), .text("陕A12345"), .text("C1"), .int(Int64(1_700_000_001))],
                   [.text("R2"), .text("陕A12345"), .text("C2"), .int(Int64(1_700_000_002))]])
        let row = try #require(try await store.db.queryOne(
            "SELECT SUM(ts) AS total, AVG(ts) AS mean, SUM(lat) AS lats, COUNT(*) AS n FROM plate_reads JOIN cameras USING (camera_id)"))
        #expect(row["total"].int == 3_400_000_003)
        #expect(row["mean"].double == 1_700_000_001.5)
        #expect(row["lats"].double == 69.5)
        #expect(row["n"].int == 2)
    }
}
