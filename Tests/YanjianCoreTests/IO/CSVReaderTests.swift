import Foundation
import Testing
@testable import YanjianCore

@Suite("CSVReader")
struct CSVReaderTests {
    typealias S = CSVTestSupport

    @Test("Plain rows read the same with and without a final newline")
    func trailingNewline() throws {
        let with = try S.rows("a,b,c\n1,2,3\n")
        let without = try S.rows("a,b,c\n1,2,3")
        #expect(with == [["a", "b", "c"], ["1", "2", "3"]])
        #expect(without == with)
    }

    @Test("CRLF record ends are accepted and not kept in the last field")
    func crlf() throws {
        #expect(try S.rows("a,b\r\n1,2\r\n") == [["a", "b"], ["1", "2"]])
        #expect(try S.rows("a,b\r\n1,2") == [["a", "b"], ["1", "2"]])
    }

    @Test("A lone CR ends a record, as in old Mac exports")
    func loneCR() throws {
        let outcomes = try S.parse("a,b\r1,2\r")
        #expect(outcomes == [
            .record(fields: ["a", "b"], firstLine: 1, lastLine: 1, warnings: 0),
            .record(fields: ["1", "2"], firstLine: 2, lastLine: 2, warnings: 0),
        ])
    }

    @Test("Quoted fields keep embedded commas, doubled quotes and line breaks")
    func quotedFields() throws {
        let text = "id,addr\n1,\"西安市,雁塔区\"\n2,\"他说\"\"仓库\"\"在这\"\n3,\"第一行\n第二行\"\n4,\"a\r\nb\"\r\n"
        #expect(try S.rows(text) == [
            ["id", "addr"], ["1", "西安市,雁塔区"], ["2", "他说\"仓库\"在这"], ["3", "第一行\n第二行"], ["4", "a\r\nb"],
        ])
    }

    @Test("Records after multi-line quoted fields carry their physical line numbers")
    func lineNumbers() throws {
        let text = "h1,h2\n1,\"x\ny\nz\"\n2,b\n\n3,\"p\r\nq\"\r\n4,\"r\rs\"\n5,e"
        let outcomes = try S.parse(text)
        #expect(outcomes == [
            .record(fields: ["h1", "h2"], firstLine: 1, lastLine: 1, warnings: 0),
            .record(fields: ["1", "x\ny\nz"], firstLine: 2, lastLine: 4, warnings: 0),
            .record(fields: ["2", "b"], firstLine: 5, lastLine: 5, warnings: 0),
            .record(fields: ["3", "p\r\nq"], firstLine: 7, lastLine: 8, warnings: 0),
            .record(fields: ["4", "r\rs"], firstLine: 9, lastLine: 10, warnings: 0),
            .record(fields: ["5", "e"], firstLine: 11, lastLine: 11, warnings: 0),
        ])
    }

    @Test("Empty fields are kept wherever they stand")
    func emptyFields() throws {
        #expect(try S.rows("a,,c\n,,\n,x\nx,\n\"\"\n\"\",\"\"\n") == [
            ["a", "", "c"], ["", "", ""], ["", "x"], ["x", ""], [""], ["", ""],
        ])
    }

    @Test("Blank lines are skipped but still counted")
    func blankLines() throws {
        let outcomes = try S.parse("a\n\n\r\n\nb\n\n")
        #expect(outcomes == [
            .record(fields: ["a"], firstLine: 1, lastLine: 1, warnings: 0),
            .record(fields: ["b"], firstLine: 5, lastLine: 5, warnings: 0),
        ])
    }

    @Test("A UTF-8 BOM is skipped and reported as the encoding")
    func bom() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("名称,电话\n张三,138\n".utf8)
        var reader = try CSVReader(bytes: bytes)
        #expect(reader.encoding == .utf8BOM)
        let header = try #require(try reader.next())
        #expect(header.strings() == ["名称", "电话"])
        #expect(header.field(0, equals: "名称"))
        #expect(try reader.next()?.strings() == ["张三", "138"])
        #expect(try reader.next() == nil)
    }

    @Test("A header-only file gives one record, an empty file none")
    func headerOnlyAndEmpty() throws {
        #expect(try S.rows("a,b\n") == [["a", "b"]])
        #expect(try S.rows("a,b") == [["a", "b"]])
        #expect(try S.parse([UInt8]()).isEmpty)
        #expect(try S.parse([0xEF, 0xBB, 0xBF]).isEmpty)
        #expect(try S.parse("\n\n").isEmpty)
    }

    @Test("A quoted field running to the end of the file is a record error, after the good records")
    func unterminatedQuote() throws {
        var reader = try CSVReader(bytes: Array("a,b\n1,2\n3,\"open\nstill open,4\n".utf8))
        #expect(try reader.next()?.strings() == ["a", "b"])
        #expect(try reader.next()?.strings() == ["1", "2"])
        #expect(throws: CSVError.unterminatedQuote(line: 3)) { try reader.next() }
        #expect(try reader.next() == nil)
    }

    @Test("A bare quote in an unquoted field is kept and flagged")
    func bareQuote() throws {
        let outcomes = try S.parse("a,5\"x\",c\n\"ab\"cd,e\n")
        #expect(outcomes == [
            .record(fields: ["a", "5\"x\"", "c"], firstLine: 1, lastLine: 1, warnings: CSVRecordWarnings.bareQuote.rawValue),
            .record(
                fields: ["abcd", "e"], firstLine: 2, lastLine: 2,
                warnings: CSVRecordWarnings.textAfterClosingQuote.rawValue),
        ])
    }

    @Test("Rows with the wrong number of fields are returned with their own count")
    func ragged() throws {
        var reader = try CSVReader(bytes: Array("a,b,c\n1,2\n1,2,3,4\n".utf8))
        #expect(try reader.next()?.count == 3)
        #expect(try reader.next()?.count == 2)
        let long = try #require(try reader.next())
        #expect(long.count == 4)
        #expect(long.string(7) == "")
        #expect(long.fieldLength(-1) == 0)
    }

    @Test("A 10 MB field fails its record, and the next record is still read", arguments: [false, true])
    func hugeField(quoted: Bool) throws {
        let huge = [UInt8](repeating: UInt8(ascii: "x"), count: 10_000_000)
        var bytes = Array("h1,h2\n1,ok\n2,".utf8)
        if quoted {
            bytes += [UInt8(ascii: "\"")] + huge.prefix(5_000_000) + Array("\n,\"\"\n".utf8) + huge.prefix(5_000_000)
                + [UInt8(ascii: "\"")]
        } else {
            bytes += huge
        }
        bytes += Array("\n3,after\n".utf8)
        var reader = try CSVReader(bytes: bytes, options: S.options(chunkSize: 1 << 20))
        #expect(try reader.next()?.strings() == ["h1", "h2"])
        #expect(try reader.next()?.strings() == ["1", "ok"])
        #expect(throws: CSVError.fieldTooLarge(line: 3, limit: 1 << 20)) { try reader.next() }
        let after = try #require(try reader.next())
        #expect(after.strings() == ["3", "after"])
        #expect(after.firstLine == (quoted ? 6 : 4))
        #expect(try reader.next() == nil)
        // The reader stopped buffering at the limit instead of holding the whole field.
        #expect(reader.rowBufferCapacity <= 4 << 20)
    }

    @Test("A record over the record limit fails alone")
    func hugeRecord() throws {
        let wide = Array(repeating: "abcdefgh", count: 100).joined(separator: ",")
        let text = "a\n\(wide)\nb\n"
        let outcomes = try S.parse(text, S.options(maxField: 64, maxRecord: 256))
        #expect(outcomes == [
            .record(fields: ["a"], firstLine: 1, lastLine: 1, warnings: 0),
            .failure(.recordTooLarge(line: 2, limit: 256)),
            .record(fields: ["b"], firstLine: 3, lastLine: 3, warnings: 0),
        ])
    }

    @Test("A record kept past next() keeps its own values")
    func recordOutlivesNext() throws {
        var reader = try CSVReader(bytes: Array("first,row\nsecond,one\n".utf8))
        let first = try #require(try reader.next())
        let second = try #require(try reader.next())
        #expect(first.strings() == ["first", "row"])
        #expect(second.strings() == ["second", "one"])
    }

    @Test("Delimiters are detected from the header line", arguments: [
        ("a\tb\tc\n1\t2\t3\n", CSVDialect.tab),
        ("a;b;c\n1;2;3\n", CSVDialect.semicolon),
        ("a|b|c\n1|2|3\n", CSVDialect.pipe),
        ("a,b,c\n1,2,3\n", CSVDialect.comma),
    ])
    func detectDelimiter(text: String, expected: CSVDialect) throws {
        var options = CSVReader.Options()
        options.detectDialect = true
        var reader = try CSVReader(bytes: Array(text.utf8), options: options)
        #expect(reader.dialect == expected)
        #expect(try reader.next()?.strings() == ["a", "b", "c"])
        #expect(try reader.next()?.strings() == ["1", "2", "3"])
    }

    @Test("A GB18030 file's delimiter is detected after transcoding")
    func detectDelimiterInGB18030() throws {
        // In GB18030 a trail byte can be 0x7C ("|"), so detection must look at the decoded text.
        let text = "编号\t地址\t备注\n1\t西安\t亅\n"
        var options = CSVReader.Options()
        options.detectDialect = true
        var reader = try CSVReader(bytes: CSVTestSupport.gb18030(text), options: options)
        #expect(reader.encoding == .gb18030)
        #expect(reader.dialect == .tab)
        #expect(try reader.next()?.strings() == ["编号", "地址", "备注"])
        let record = try #require(try reader.next())
        #expect(record.strings() == ["1", "西安", "亅"])
        #expect(record.field(0, equals: "1"))
        #expect(!record.field(1, equals: "西"))
    }

    @Test("Dialect detection ignores delimiters inside quotes and defaults to comma")
    func dialectDetection() {
        #expect(CSVDialect.detect(headerLine: Array("\"a;b;c\",d,e".utf8)) == .comma)
        #expect(CSVDialect.detect(headerLine: Array("\"a,b,c\";d;e".utf8)) == .semicolon)
        #expect(CSVDialect.detect(headerLine: Array("single".utf8)) == .comma)
        #expect(CSVDialect.detect(headerLine: Array("a|b\nc,d,e,f".utf8)) == .pipe)
        #expect(CSVDialect(delimiter: UInt8(ascii: "\"")) == nil)
        #expect(CSVDialect(delimiter: 0x0A) == nil)
        #expect(CSVDialect(delimiter: 0xE4) == nil)
        #expect(CSVDialect(delimiter: UInt8(ascii: "^"))?.delimiter == UInt8(ascii: "^"))
    }

    @Test("A file is read from disk and a missing file is an I/O error naming it")
    func fileInput() throws {
        let directory = try S.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("w.csv").path
        try Data("a,b\n\"x,y\",z\n".utf8).write(to: URL(fileURLWithPath: path))
        var reader = try CSVReader(path: path)
        #expect(try reader.next()?.strings() == ["a", "b"])
        #expect(try reader.next()?.strings() == ["x,y", "z"])
        #expect(try reader.next() == nil)

        let missing = directory.appendingPathComponent("missing.csv").path
        do {
            _ = try CSVReader(path: missing)
            Issue.record("opening a missing file succeeded")
        } catch let error as CSVError {
            #expect(error.code == "io.read_failed")
            #expect(error.description.contains("missing.csv"))
            #expect(!error.isRecordLevel)
        }
    }

    @Test("Random bytes are rejected as a file-level error")
    func binaryRejected() throws {
        var generator = SplitMix64(seed: 11)
        let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        do {
            _ = try CSVReader(bytes: bytes)
            Issue.record("random bytes were accepted")
        } catch let error as CSVError {
            #expect(error.code == "io.not_text")
        }
    }

    @Test("Errors describe themselves with the line")
    func errorDescriptions() {
        #expect(CSVError.unterminatedQuote(line: 7).description.contains("line 7"))
        #expect(CSVError.fieldTooLarge(line: 3, limit: 10).description.contains("10 bytes"))
        #expect(CSVError.fieldTooLarge(line: 3, limit: 10).line == 3)
        #expect(CSVError.io("x").line == nil)
    }
}
