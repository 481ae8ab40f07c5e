import Foundation
import Testing
@testable import YanjianCore

/// Every chunk size from 1 byte up puts a boundary inside quotes, inside CRLF, inside doubled
/// quotes and inside multibyte UTF-8 and GB18030 sequences somewhere in the fixture.
@Suite("CSVReader chunk boundaries")
struct CSVReaderChunkBoundaryTests {
    typealias S = CSVTestSupport

    /// Quoted commas and line breaks, doubled quotes, CRLF and LF ends, empty fields, blank lines,
    /// two-, three- and four-byte UTF-8 (which become two- and four-byte GB18030).
    static let fixture = """
        waybill_no,sender_phone,receiver_address,weight_kg\r
        YT0000000000001,13812345678,"陕西省西安市雁塔区科技路88号, 3栋201室",1.25\r
        YT0000000000002,,"他说""仓库""在后门",0.5\r
        YT0000000000003,15912345678,"第一行\r
        第二行\n第三行",\r
        \r
        YT0000000000004,17700000000,𠀀路😀号 ©,12.00
        "",,,
        YT0000000000005,18612345678,\"末尾\"\"\",7
        """

    @Test("Every chunk size gives the records of a single read", arguments: Array(1...17) + [64, 4093])
    func chunkSizes(chunkSize: Int) throws {
        let expected = try S.parse(Self.fixture)
        #expect(expected.count == 7)
        #expect(try S.parse(Self.fixture, S.options(chunkSize: chunkSize)) == expected)
    }

    @Test("The fixture's records and line numbers")
    func fixtureContent() throws {
        let outcomes = try S.parse(Self.fixture)
        #expect(outcomes[1].fields?[2] == "陕西省西安市雁塔区科技路88号, 3栋201室")
        #expect(outcomes[2].fields?[2] == "他说\"仓库\"在后门")
        #expect(outcomes[3] == .record(
            fields: ["YT0000000000003", "15912345678", "第一行\r\n第二行\n第三行", ""], firstLine: 4, lastLine: 6,
            warnings: 0))
        #expect(outcomes[4] == .record(
            fields: ["YT0000000000004", "17700000000", "𠀀路😀号 ©", "12.00"], firstLine: 8, lastLine: 8,
            warnings: 0))
        #expect(outcomes[6].fields == ["YT0000000000005", "18612345678", "末尾\"", "7"])
    }

    @Test("A GB18030 file reads as its UTF-8 original at every chunk size", arguments: Array(1...13) + [4096])
    func gb18030(chunkSize: Int) throws {
        let expected = try S.parse(Self.fixture)
        let encoded = try S.gb18030(Self.fixture)
        #expect(encoded != Array(Self.fixture.utf8))
        var reader = try CSVReader(bytes: encoded, options: S.options(chunkSize: chunkSize))
        #expect(reader.encoding == .gb18030)
        #expect(S.outcomes(of: &reader, inputCount: encoded.count) == expected)
        #expect(reader.replacedSequenceCount == 0)
    }

    @Test("A GB18030 file with its BOM and longer than the detection window reads as the original")
    func gb18030Large() throws {
        var text = "编号,地址\n"
        var generator = SplitMix64(seed: 5)
        let pieces = ["西安", "宝鸡", "𠀀", "😀", "咸阳, 渭城区", "\"仓库\"", "abc", "\n"]
        for row in 0..<3000 {
            var address = ""
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                address += pieces[Int.random(in: 0..<pieces.count, using: &generator)]
            }
            text += "\(row),\"\(address.replacingOccurrences(of: "\"", with: "\"\""))\"\n"
        }
        let encoded = try [0x84, 0x31, 0x95, 0x33] + S.gb18030(text)
        #expect(encoded.count > EncodingDetector.windowSize)
        let expected = try S.parse(text)
        for chunkSize in [4093, 65_537, 1 << 20] {
            #expect(try S.parse(encoded, S.options(chunkSize: chunkSize)) == expected)
        }
    }

    @Test("A GB18030 file cut inside a character ends with one replacement character")
    func gb18030Truncated() throws {
        let encoded = try S.gb18030("a,中文")
        let cut = Array(encoded.dropLast())
        for chunkSize in [1, 2, 3, 100] {
            var reader = try CSVReader(bytes: cut, options: S.options(chunkSize: chunkSize, encoding: .gb18030))
            #expect(try reader.next()?.strings() == ["a", "中\u{FFFD}"])
            #expect(reader.replacedSequenceCount == 1)
        }
    }

    @Test("An invalid byte in a GB18030 file becomes a replacement character")
    func gb18030Invalid() throws {
        let encoded = try S.gb18030("a,中") + [0xFF] + S.gb18030("文\n")
        for chunkSize in [1, 3, 100] {
            var reader = try CSVReader(bytes: encoded, options: S.options(chunkSize: chunkSize, encoding: .gb18030))
            #expect(try reader.next()?.strings() == ["a", "中\u{FFFD}文"])
            #expect(reader.replacedSequenceCount == 1)
        }
    }

    @Test("A large field split over many chunks is assembled whole", arguments: [1, 7, 4096])
    func longFieldAcrossChunks(chunkSize: Int) throws {
        let long = String(repeating: "雁塔,\"\"\n", count: 2000)
        let text = "a,\"\(long)\",b\nc,d\n"
        let rows = try S.rows(text, S.options(chunkSize: chunkSize))
        #expect(rows == [["a", long.replacingOccurrences(of: "\"\"", with: "\""), "b"], ["c", "d"]])
    }
}
