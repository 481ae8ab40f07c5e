import Foundation
import Testing
@testable import YanjianSynth

@Suite("The streaming writers format and quote like RFC 4180 and count physical lines")
struct CSVWriterTests {
    static func folder(_ name: String) throws -> URL {
        let url = TestWorlds.root.appendingPathComponent("writer-\(name)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("Fields with commas, quotes or line breaks are quoted; line numbers count embedded breaks")
    func quoting() throws {
        let directory = try CSVWriterTests.folder("quoting")
        let writer = try CSVWriter(directory: directory, name: "t.csv", header: ["a", "b", "c"])
        writer.field("plain")
        writer.field("has,comma")
        writer.field("say \"hi\"")
        #expect(try writer.endRow() == 2)
        writer.field("two\nlines")
        writer.field(int: -42)
        writer.field(fixed: 12_345, fractionDigits: 2)
        #expect(try writer.endRow() == 3)
        writer.beginField()
        writer.append(Array("composed,field".utf8))
        writer.endField()
        writer.emptyField()
        writer.field(date: 0)
        #expect(try writer.endRow() == 5)
        try writer.close()
        let text = String(decoding: try Data(contentsOf: directory.appendingPathComponent("t.csv")), as: UTF8.self)
        #expect(text == "a,b,c\nplain,\"has,comma\",\"say \"\"hi\"\"\"\n\"two\nlines\",-42,123.45\n\"composed,field\",,1970-01-01\n")
        let table = CSVTable(text: text)
        #expect(table.rows.map(\.line) == [2, 3, 5])
        #expect(table.rows[0].fields == ["plain", "has,comma", "say \"hi\""])
    }

    @Test("A repeated row is written byte for byte on its own line")
    func repeatRow() throws {
        let directory = try CSVWriterTests.folder("repeat")
        let writer = try CSVWriter(directory: directory, name: "r.csv", header: ["id", "v"], style: FileStyle(crlf: true))
        writer.field("X1")
        writer.field("v,1")
        let bytes = writer.currentRowBytes()
        try writer.endRow()
        #expect(try writer.writeRawRow(bytes) == 3)
        try writer.close()
        let text = String(decoding: try Data(contentsOf: directory.appendingPathComponent("r.csv")), as: UTF8.self)
        #expect(text == "id,v\r\nX1,\"v,1\"\r\nX1,\"v,1\"\r\n")
    }

    static let stamps: [(Int64, String)] = [
        (0, "1970-01-01T00:00:00+08:00"),
        (20_513 * 86_400 + 21 * 3600 + 15 * 60, "2026-03-01T21:15:00+08:00"),
        (-1, "1969-12-31T23:59:59+08:00"),
    ]

    @Test("Timestamps are formatted from local seconds with the +08:00 offset", arguments: stamps)
    func timestamps(_ seconds: Int64, _ expected: String) {
        #expect(ByteFormat.timestampString(local: seconds) == expected)
    }

    static let fixedCases: [(Int64, Int, String)] = [(5, 2, "0.05"), (-12_345, 2, "-123.45"), (34_123_456, 6, "34.123456"), (7, 0, "7")]

    @Test("Fixed-point values keep their decimals, negatives included", arguments: fixedCases)
    func fixed(_ value: Int64, _ digits: Int, _ expected: String) {
        var bytes: [UInt8] = []
        ByteFormat.appendFixed(value, fractionDigits: digits, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }

    @Test("JSON Lines strings are escaped and Chinese stays as UTF-8")
    func jsonLines() throws {
        let directory = try CSVWriterTests.folder("jsonl")
        let writer = try JSONLWriter(directory: directory, name: "e.jsonl")
        writer.beginObject()
        writer.string("text", "他说\"快\"\n\\")
        writer.int("n", 3)
        writer.string("missing", nil)
        #expect(try writer.endObject() == 1)
        try writer.close()
        let text = String(decoding: try Data(contentsOf: directory.appendingPathComponent("e.jsonl")), as: UTF8.self)
        #expect(text == "{\"text\":\"他说\\\"快\\\"\\n\\\\\",\"n\":3}\n")
    }

    @Test("GB18030 output matches the reference bytes of iconv")
    func gb18030() throws {
        #expect(GB18030Encoder.backend != .none)
        let encoded = try #require(GB18030Encoder.encode(Array("潍坊市烟草公司，中华(硬)".utf8)))
        let reference: [UInt8] = [
            0xCE, 0xAB, 0xB7, 0xBB, 0xCA, 0xD0, 0xD1, 0xCC, 0xB2, 0xDD, 0xB9, 0xAB, 0xCB, 0xBE, 0xA3, 0xAC, 0xD6, 0xD0, 0xBB,
            0xAA, 0x28, 0xD3, 0xB2, 0x29,
        ]
        #expect(encoded == reference)
        let viaIconv: [UInt8]? = GB18030Encoder.encodeWithIconv(Array("潍坊".utf8))
        let weifang: [UInt8] = [0xCE, 0xAB, 0xB7, 0xBB]
        #expect(viaIconv == weifang)
    }
}
