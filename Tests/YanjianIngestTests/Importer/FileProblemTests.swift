import Foundation
import Testing
import YanjianCore
import YanjianIngest
import YanjianStore
import YanjianTesting

@Suite("Problems with whole files are reported by file name and never stop the other files")
struct FileProblemTests {
    @Test("A file of random bytes and a header-only file give file-level reports, the rest loads", arguments: StoreKind.allCases)
    func randomBytesAndHeaderOnly(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        var generator = SplitMix64(seed: 7)
        let noise = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let fixture = try DeliveryFixture(withDefects: false, extra: [
            "waybills.csv": noise,
            "payments.csv": Array("txn_id,ts,payer_account,payer_name,payee_account,payee_name,amount,channel\n".utf8),
            "notes.txt": Array("not data".utf8),
            "truth.json": Array("{}".utf8),
        ])
        defer { fixture.remove() }
        try await DeliveryFixture.withImporter(kind) { store, importer in
            let report = try await importer.run(paths: [fixture.folder])
            let waybills = try #require(report.rejects.first { $0.file == "waybills.csv" })
            #expect(waybills.line == 0 && waybills.reason.contains("not a text file"))
            #expect(report.files.first { $0.file == "waybills.csv" } == ImportReport.FileSummary(file: "waybills.csv"))
            let payments = try #require(report.warnings.first { $0.file == "payments.csv" })
            #expect(payments.line == 1 && payments.reason.contains("no records"))
            #expect(report.warnings.contains { $0.file == "notes.txt" && $0.reason.contains("skipped") })
            #expect(!report.warnings.contains { $0.file == "truth.json" })
            #expect(try await store.db.scalarInt("SELECT COUNT(*) FROM waybills") == 0)
            #expect(try await store.db.scalarInt("SELECT COUNT(*) FROM orders") == 2)
            #expect(try await store.recentImports(limit: 1).first?.status == "committed")
        }
    }

    @Test("A missing required column, a duplicated column and an unterminated quote are reported with the file", arguments: StoreKind.allCases)
    func headerAndQuoteProblems(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let fixture = try DeliveryFixture(withDefects: false, extra: [
            "orders.csv": Array("order_id,licence_no,brand,cartons,unit_price,amount\nO1,L1,中华,1,1,1\n".utf8),
            "units.csv": Array("unit_id,unit_id,department,name,lat,lon,members,status\n".utf8),
            "payments.csv": Array("""
                txn_id,ts,payer_account,payee_account,amount,channel
                T1,2026-03-01 20:00:00,A,B,1.00,微信
                T2,2026-03-01 20:00:00,"A,B,1.00,微信
                T3,2026-03-01 20:00:00,A,B,1.00,微信

                """.utf8),
        ])
        defer { fixture.remove() }
        try await DeliveryFixture.withImporter(kind) { store, importer in
            let report = try await importer.run(paths: [fixture.folder])
            let orders = try #require(report.rejects.first { $0.file == "orders.csv" })
            #expect(orders.line == 1 && orders.field == "order_date" && orders.reason.contains("required column"))
            let units = try #require(report.rejects.first { $0.file == "units.csv" })
            #expect(units.line == 1 && units.field == "unit_id" && units.reason.contains("twice"))
            let quote = try #require(report.rejects.first { $0.file == "payments.csv" })
            #expect(quote.line == 3 && quote.reason.contains("not closed"))
            #expect(try await store.db.scalarInt("SELECT COUNT(*) FROM payments") == 1)
            #expect(try await store.db.scalarInt("SELECT COUNT(*) FROM orders") == 0)
            #expect(try await store.db.scalarInt("SELECT COUNT(*) FROM retailers") == 2)
        }
    }

    @Test("A file with a BOM and CRLF line ends, and a GB18030 file, load like plain UTF-8", arguments: StoreKind.allCases)
    func encodings(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let crlf = "\u{FEFF}camera_id,name,kind,lat,lon\r\nCAM9,\"东门\r\n卡口\",卡口,34.2,108.9\r\nCAM8,西门,治安,34.3,108.8\r\n"
        let gbHeader = Array("licence_no,name,owner_name,address,business_type,status,issued_on\n".utf8)
        // "610113000009,雁塔烟酒店,王五,陕西省西安市雁塔区科技路9号,烟酒店,有效,2024-05-01\n" in GB18030.
        let gbRow: [UInt8] = [
            0x36, 0x31, 0x30, 0x31, 0x31, 0x33, 0x30, 0x30, 0x30, 0x30, 0x30, 0x39, 0x2C, 0xD1, 0xE3, 0xCB, 0xFE, 0xD1,
            0xCC, 0xBE, 0xC6, 0xB5, 0xEA, 0x2C, 0xCD, 0xF5, 0xCE, 0xE5, 0x2C, 0xC9, 0xC2, 0xCE, 0xF7, 0xCA, 0xA1, 0xCE,
            0xF7, 0xB0, 0xB2, 0xCA, 0xD0, 0xD1, 0xE3, 0xCB, 0xFE, 0xC7, 0xF8, 0xBF, 0xC6, 0xBC, 0xBC, 0xC2, 0xB7, 0x39,
            0xBA, 0xC5, 0x2C, 0xD1, 0xCC, 0xBE, 0xC6, 0xB5, 0xEA, 0x2C, 0xD3, 0xD0, 0xD0, 0xA7, 0x2C, 0x32, 0x30, 0x32,
            0x34, 0x2D, 0x30, 0x35, 0x2D, 0x30, 0x31, 0x0A,
        ]
        let fixture = try DeliveryFixture(withDefects: false, extra: [
            "cameras.csv": Array(crlf.utf8), "retailers.csv": gbHeader + gbRow,
        ])
        defer { fixture.remove() }
        try await DeliveryFixture.withImporter(kind) { store, importer in
            let report = try await importer.run(paths: [fixture.url("cameras.csv"), fixture.url("retailers.csv")])
            #expect(report.rejected == 0)
            #expect(try await store.value("SELECT name FROM cameras WHERE camera_id = 'CAM9'") == .text("东门\r\n卡口"))
            #expect(try await store.value("SELECT source_line FROM cameras WHERE camera_id = 'CAM8'") == .int(4))
            #expect(try await store.value("SELECT name FROM retailers WHERE licence_no = '610113000009'") == .text("雁塔烟酒店"))
            #expect(try await store.value("SELECT adcode FROM retailers WHERE licence_no = '610113000009'") == .text("610113"))
            #expect(report.fields.contains { $0.file == "cameras.csv" && $0.field == "camera_id" && $0.present == 2 })
        }
    }

    @Test("Nothing importable marks the batch failed; an unknown file named explicitly is a reject", arguments: StoreKind.allCases)
    func nothingCommitted(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let fixture = try DeliveryFixture(withDefects: false, extra: ["stock.csv": Array("a,b\n1,2\n".utf8)])
        defer { fixture.remove() }
        try await DeliveryFixture.withImporter(kind) { store, importer in
            let report = try await importer.run(paths: [
                fixture.url("stock.csv"), fixture.folder.appendingPathComponent("missing.csv"),
            ])
            #expect(report.accepted == 0 && report.files.isEmpty)
            #expect(report.rejects.map(\.file) == ["stock.csv", "missing.csv", "stock.csv, missing.csv"])
            #expect(try await store.recentImports(limit: 1).first?.status == "failed")
        }
    }
}
