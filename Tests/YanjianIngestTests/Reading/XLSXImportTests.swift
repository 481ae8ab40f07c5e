import Foundation
import Logging
import Testing
import YanjianCore
import YanjianIngest
import YanjianStore
import YanjianTesting
import ZIPFoundation

@Suite("Excel workbooks (.xlsx) import like CSV: shared strings, numbers as stored, date cells as dates, rejects by sheet row")
struct XLSXImportTests {
    /// A workbook with a "说明" sheet first and the data on sheet "waybills": shared strings, an inline
    /// string, a phone stored as a number, a date-formatted acceptance time, a row without a waybill number.
    static func workbook(at url: URL) throws {
        let archive = try Archive(url: url, accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        try add("[Content_Types].xml", #"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#)
        try add("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
            <sheets><sheet name="说明" sheetId="1" r:id="rId1"/><sheet name="waybills" sheetId="2" r:id="rId2"/></sheets></workbook>
            """)
        try add("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>
            <Relationship Id="rId2" Type="worksheet" Target="worksheets/sheet2.xml"/></Relationships>
            """)
        let headers = ["waybill_no", "courier", "sender_phone", "receiver_phone", "pieces", "weight_kg", "accepted_at", "item_desc"]
        try add("xl/sharedStrings.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
            \(headers.map { "<si><t>\($0)</t></si>" }.joined())<si><t>SF2000000001</t></si><si><r><t>顺</t></r><r><t>丰</t></r></si><si><t>茶叶, 散装</t></si></sst>
            """)
        try add("xl/styles.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
            <numFmts><numFmt numFmtId="164" formatCode="yyyy/m/d\\ h:mm:ss"/></numFmts>
            <cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="2"/></cellXfs></styleSheet>
            """)
        try add("xl/worksheets/sheet1.xml", #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>导出说明</t></is></c></row></sheetData></worksheet>"#)
        let header = headers.enumerated().map { index, _ in "<c r=\"\(Character(UnicodeScalar(65 + index)!))1\" t=\"s\"><v>\(index)</v></c>" }.joined()
        try add("xl/worksheets/sheet2.xml", """
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
            <row r="1">\(header)</row>
            <row r="2"><c r="A2" t="s"><v>8</v></c><c r="B2" t="s"><v>9</v></c><c r="C2"><v>13812345678</v></c><c r="D2"><v>1.39000011E10</v></c>
            <c r="E2"><v>2</v></c><c r="F2" s="2"><v>12.5</v></c><c r="G2" s="1"><v>46082.885416666664</v></c><c r="H2" t="s"><v>10</v></c></row>
            <row r="4"><c r="B4" t="inlineStr"><is><t>圆通</t></is></c><c r="C4"><v>13800000000</v></c><c r="E4"><v>1</v></c><c r="F4"><v>3</v></c><c r="G4" s="1"><v>46083.5</v></c></row>
            </sheetData></worksheet>
            """)
    }

    @Test("waybills.xlsx loads its waybills sheet; the row without a number is rejected at its sheet row", arguments: StoreKind.allCases)
    func workbookImport(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yanjian-xlsx-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.workbook(at: folder.appendingPathComponent("waybills.xlsx"))
        try Data("not a zip".utf8).write(to: folder.appendingPathComponent("orders.xlsx"))
        try Data("PK junk".utf8).write(to: folder.appendingPathComponent("tips.xlsx"))
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        var logger = Logger(label: "yanjian.test.xlsx")
        logger.logLevel = .warning
        let report = try await Importer(store: store, logger: logger, source: "xlsx", actor: "t").run(paths: [folder])
        let waybills = try #require(report.files.first { $0.file == "waybills.xlsx" })
        #expect(waybills.accepted == 1 && waybills.rejected == 1, "\(report.rejects)")
        #expect(report.rejects.contains { $0.file == "waybills.xlsx" && $0.line == 4 && $0.field == "waybill_no" }, "\(report.rejects) \(report.warnings)")
        #expect(report.rejects.contains { $0.file == "orders.xlsx" && $0.reason.contains("workbook") }, "a broken workbook is a file problem")
        #expect(report.rejects.contains { $0.file == "tips.xlsx" && $0.reason.contains("JSON Lines") })
        let row = try #require(try await store.db.queryOne(
            "SELECT courier, sender_phone, receiver_phone, weight_kg, accepted_at, item_desc FROM waybills WHERE waybill_no = 'SF2000000001'"))
        #expect(row["courier"].text == "顺丰" && row["sender_phone"].text == "13812345678" && row["receiver_phone"].text == "13900001100")
        #expect(row["weight_kg"].double == 12.5 && row["item_desc"].text == "茶叶, 散装")
        #expect(row["accepted_at"].int == Timestamp.parse("2026-03-01T21:15:00+08:00"), "a date cell, as wall-clock time in Shanghai")
    }
}
