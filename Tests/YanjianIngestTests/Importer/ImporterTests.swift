import Foundation
import Testing
import YanjianCore
import YanjianIngest
import YanjianStore
import YanjianTesting

@Suite("Importing a delivery of the interchange format, on every engine")
struct ImporterTests {
    static let expectedCounts: [String: Int64] = [
        "cameras": 2, "retailers": 2, "business_registrations": 1, "units": 1, "persons": 1, "cases": 1,
        "waybills": 2, "payments": 1, "tips": 1, "orders": 2, "pos_sales": 1, "plate_reads": 2,
        "video_events": 1, "case_links": 2,
    ]

    @Test("A delivery of all 14 files loads with the right counts, conversions and lineage", arguments: StoreKind.allCases)
    func fullDelivery(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let fixture = try DeliveryFixture(withDefects: false)
        defer { fixture.remove() }
        try await DeliveryFixture.withImporter(kind) { store, importer in
            let report = try await importer.run(paths: [fixture.folder])
            #expect(try await store.tableCounts() == Self.expectedCounts)
            #expect(report.files.count == 14)
            #expect(report.rejected == 0)
            #expect(report.files.map(\.file).first == "cameras.csv")
            #expect(report.files.map(\.file).last == "case_links.csv")

            // Money in fen, times in Unix seconds (local time is Asia/Shanghai), dates as YYYY-MM-DD.
            #expect(try await store.value("SELECT unit_price_fen FROM orders WHERE order_id = 'O1'") == .int(9550))
            #expect(try await store.value("SELECT amount_fen FROM orders WHERE order_id = 'O1'") == .int(95500))
            #expect(try await store.value("SELECT amount_fen FROM payments WHERE txn_id = 'T1'") == .int(29))
            #expect(try await store.value("SELECT value_fen FROM cases WHERE case_no = 'C1'") == .int(1_200_050))
            #expect(try await store.value("SELECT accepted_at FROM waybills WHERE waybill_no = 'SF1234567890123'") == .int(1_772_370_900))
            #expect(try await store.value("SELECT delivered_at FROM waybills WHERE waybill_no = 'SF1234567890123'") == .int(1_772_503_200))
            #expect(try await store.value("SELECT accepted_at FROM waybills WHERE waybill_no = 'YT1234567890123'") == .int(1_772_438_400))
            #expect(try await store.value("SELECT issued_on FROM retailers WHERE licence_no = '610113000001'") == .text("2024-03-01"))

            // Identifiers normalised; masked values kept as written.
            #expect(try await store.value("SELECT phone FROM retailers WHERE licence_no = '610113000001'") == .text("13812345678"))
            #expect(try await store.value("SELECT phone FROM retailers WHERE licence_no = '370702000002'") == .text("05361234567"))
            #expect(try await store.value("SELECT owner_id_no FROM retailers WHERE licence_no = '610113000001'") == .text("610502196802240622"))
            #expect(try await store.value("SELECT sender_phone FROM waybills WHERE waybill_no = 'SF1234567890123'") == .text("13812345678"))
            #expect(try await store.value("SELECT receiver_phone FROM waybills WHERE waybill_no = 'SF1234567890123'") == .text("138****5678"))
            #expect(try await store.value("SELECT id_no FROM persons WHERE person_id = 'P1'") == .text("610502196802240622"))
            #expect(try await store.value("SELECT phones FROM persons WHERE person_id = 'P1'") == .text("13812345678|13912345678"))
            #expect(try await store.value("SELECT plates FROM persons WHERE person_id = 'P1'") == .text("陕A12345"))
            #expect(try await store.value("SELECT plate FROM plate_reads WHERE read_id = 'R1'") == .text("陕A12345"))
            #expect(try await store.value("SELECT xray_suspect FROM waybills WHERE waybill_no = 'SF1234567890123'") == .int(1))
            #expect(try await store.value("SELECT seized FROM waybills WHERE waybill_no = 'YT1234567890123'") == .int(0))
            #expect(try await store.value("SELECT abnormal_list FROM business_registrations") == .int(1))

            // Adcodes: own column, address, parent record, coordinates.
            #expect(try await store.value("SELECT adcode FROM retailers WHERE licence_no = '610113000001'") == .text("610113"))
            #expect(try await store.value("SELECT adcode FROM orders WHERE order_id = 'O1'") == .text("610113"))
            #expect(try await store.value("SELECT adcode FROM pos_sales WHERE sale_id = 'S1'") == .text("610113"))
            #expect(try await store.value("SELECT adcode FROM waybills WHERE waybill_no = 'SF1234567890123'") == .text("610113"))
            #expect(try await store.value("SELECT receiver_adcode FROM waybills WHERE waybill_no = 'SF1234567890123'") == .text("370702"))
            #expect(try await store.value("SELECT adcode FROM plate_reads WHERE read_id = 'R1'") == .text("610113"))
            #expect(try await store.value("SELECT adcode FROM video_events WHERE event_id = 'E1'") == .text("610113"))
            #expect(try await store.value("SELECT adcode FROM persons WHERE person_id = 'P1'") == .text("610113"))
            #expect(try await store.value("SELECT adcode FROM case_links WHERE entity_kind = 'plate'") == .text("610113"))
            #expect(try await store.value("SELECT adcode FROM payments WHERE txn_id = 'T1'") == .null)
            let camera = try await store.value("SELECT adcode FROM cameras WHERE camera_id = 'CAM2'")
            #expect(camera.text?.hasPrefix("6101") == true)
            #expect(try await store.value("SELECT adcode FROM plate_reads WHERE read_id = 'R2'") == camera)

            // Lineage and extra attributes.
            let lineage = try #require(try await store.db.queryOne(
                "SELECT batch_id, source_file, source_line, extra FROM retailers WHERE licence_no = '610113000001'"))
            #expect(lineage["batch_id"] == .int(report.batchID))
            #expect(lineage["source_file"] == .text("retailers.csv"))
            #expect(lineage["source_line"] == .int(2))
            #expect(lineage["extra"] == .text(#"{"shop_size":"40"}"#))
            #expect(try await store.value("SELECT extra FROM retailers WHERE licence_no = '370702000002'") == .null)
            #expect(try await store.value("SELECT extra FROM video_events WHERE event_id = 'E1'") == .text(#"{"model":"v2"}"#))
            #expect(try await store.value("SELECT source_line FROM video_events WHERE event_id = 'E1'") == .int(1))

            // The two spellings of one phone link are one link.
            let caseLinks = try #require(report.files.first { $0.file == "case_links.csv" })
            #expect(caseLinks.rows == 3 && caseLinks.accepted == 3 && caseLinks.updated == 1)

            // The batch is recorded with its report.
            let batch = try #require(try await store.recentImports(limit: 1).first)
            #expect(batch.id == report.batchID && batch.status == "committed" && batch.rowsAccepted == Int64(report.accepted))
            let stored = try #require(try await store.importReport(id: report.batchID))
            #expect(try JSONDecoder().decode(ImportReport.self, from: Data(stored.utf8)) == report)
        }
    }

    @Test("A large file loads with its indexes deferred; the result and the indexes are the same", arguments: StoreKind.allCases)
    func deferredIndexes(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let fixture = try DeliveryFixture(withDefects: false)
        defer { fixture.remove() }
        try await DeliveryFixture.withImporter(kind) { store, importer in
            var eager = importer
            eager.options.deferIndexesFromBytes = 1
            let indexes = try await store.secondaryIndexes(of: "waybills").map(\.name)
            let report = try await eager.run(paths: [fixture.folder])
            #expect(report.rejected == 0)
            #expect(try await store.tableCounts() == Self.expectedCounts)
            #expect(try await store.secondaryIndexes(of: "waybills").map(\.name) == indexes)
            #expect(try await store.restoreMissingIndexes().isEmpty)
        }
    }

    @Test("Bad rows are rejected with file, line and field, and the good rows are kept", arguments: StoreKind.allCases)
    func badRows(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let fixture = try DeliveryFixture(withDefects: true)
        defer { fixture.remove() }
        try await DeliveryFixture.withImporter(kind) { store, importer in
            let report = try await importer.run(paths: [fixture.folder])
            #expect(try await store.tableCounts() == Self.expectedCounts)
            let rejects = Set(report.rejects.map { "\($0.file):\($0.line):\($0.field)" })
            #expect(rejects == [
                "orders.csv:4:order_date", "orders.csv:5:cartons", "orders.csv:6:", "orders.csv:7:",
                "waybills.csv:4:courier", "video_events.jsonl:2:type", "video_events.jsonl:3:",
            ])
            let negative = try #require(report.rejects.first { $0.field == "cartons" })
            #expect(negative.id == "O4")
            #expect(negative.reason.contains("negative"))
            #expect(report.rejects.first { $0.field == "courier" }?.reason.contains("某某快递") == true)
            let orders = try #require(report.files.first { $0.file == "orders.csv" })
            #expect(orders.rows == 6 && orders.accepted == 2 && orders.rejected == 4)
            #expect(report.rejected == 7)
        }
    }

    @Test("An order for an unknown licence is kept and listed as an orphan warning", arguments: StoreKind.allCases)
    func orphanOrder(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let fixture = try DeliveryFixture(withDefects: false)
        defer { fixture.remove() }
        try await DeliveryFixture.withImporter(kind) { store, importer in
            let report = try await importer.run(paths: [fixture.folder])
            #expect(try await store.value("SELECT licence_no FROM orders WHERE order_id = 'O2'") == .text("999999999999"))
            #expect(try await store.value("SELECT adcode FROM orders WHERE order_id = 'O2'") == .null)
            let orphan = try #require(report.warnings.first { $0.file == "orders.csv" })
            #expect(orphan.line == 3 && orphan.id == "O2" && orphan.field == "licence_no")
            #expect(orphan.reason.contains("orphan"))
            // Orders loaded alone later still find the retailers already in the store.
            let again = try await importer.run(paths: [fixture.url("orders.csv")])
            #expect(again.warnings.filter { $0.reason.contains("orphan") }.map(\.id) == ["O2"])
        }
    }

    @Test("Importing the same delivery twice changes nothing: every row is unchanged but a repeat within it", arguments: StoreKind.allCases)
    func idempotent(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let fixture = try DeliveryFixture(withDefects: true)
        defer { fixture.remove() }
        try await DeliveryFixture.withImporter(kind) { store, importer in
            let first = try await importer.run(paths: [fixture.folder])
            let countsAfterFirst = try await store.tableCounts()
            let second = try await importer.run(paths: [fixture.folder])
            #expect(try await store.tableCounts() == countsAfterFirst)
            #expect(second.batchID != first.batchID)
            #expect(second.accepted == first.accepted)
            // A record repeated within the delivery still replaces its first row; nothing else is written.
            #expect(second.updated == first.updated)
            #expect(second.unchanged == second.accepted - second.updated)
            #expect(second.rejected == first.rejected)
            #expect(try await store.value("SELECT batch_id FROM orders WHERE order_id = 'O1'") == .int(first.batchID))
            #expect(try await store.db.scalarInt("SELECT COUNT(*) FROM record_versions") == 0)
        }
    }

    @Test("A repeated identifier within a delivery is an update: the last record wins", arguments: StoreKind.allCases)
    func lastWins(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let orders = """
            order_id,licence_no,order_date,brand,cartons,unit_price,amount
            A1,L1,2026-02-01,中华,1,10,10
            A2,L1,2026-02-01,中华,2,10,20
            A1,L1,2026-02-01,中华,3,10,30

            """
        let fixture = try DeliveryFixture(withDefects: false, extra: ["orders.csv": Array(orders.utf8)])
        defer { fixture.remove() }
        try await DeliveryFixture.withImporter(kind) { store, importer in
            var small = importer
            small.options.batchSize = 1  // the repeat lands in another bulk batch
            for runner in [importer, small] {
                let report = try await runner.run(paths: [fixture.url("orders.csv")])
                #expect(try await store.value("SELECT cartons FROM orders WHERE order_id = 'A1'") == .int(3))
                #expect(try await store.value("SELECT source_line FROM orders WHERE order_id = 'A1'") == .int(4))
                #expect(try await store.db.scalarInt("SELECT COUNT(*) FROM orders") == 2)
                #expect(report.files.first?.accepted == 3)
            }
        }
    }

    @Test("An adcode field the spec does not list for a file places the record; a malformed one rejects it", arguments: StoreKind.allCases)
    func implicitAdcode(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let orders = """
            order_id,licence_no,order_date,brand,cartons,unit_price,amount,adcode
            A1,L1,2026-02-01,中华,1,10,10,370702
            A2,L1,2026-02-01,中华,1,10,10,3707

            """
        let tips = #"{"tip_id":"T9","received_at":"2026-03-01 09:00:00","channel":"app","text":"x","adcode":"610113"}"# + "\n"
        let fixture = try DeliveryFixture(withDefects: false, extra: ["orders.csv": Array(orders.utf8), "tips.jsonl": Array(tips.utf8)])
        defer { fixture.remove() }
        try await DeliveryFixture.withImporter(kind) { store, importer in
            let report = try await importer.run(paths: [fixture.url("orders.csv"), fixture.url("tips.jsonl")])
            #expect(try await store.value("SELECT adcode FROM orders WHERE order_id = 'A1'") == .text("370702"))
            #expect(try await store.value("SELECT adcode FROM tips WHERE tip_id = 'T9'") == .text("610113"))
            #expect(report.rejects.map { "\($0.file):\($0.line):\($0.field)" } == ["orders.csv:3:adcode"])
        }
    }
}
