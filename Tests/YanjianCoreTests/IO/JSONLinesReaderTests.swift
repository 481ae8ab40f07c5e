import Foundation
import Testing
@testable import YanjianCore

@Suite("JSONLinesReader")
struct JSONLinesReaderTests {
    typealias S = CSVTestSupport

    /// Every line as (number, text), continuing after record-level errors.
    static func lines(_ bytes: [UInt8], _ options: JSONLinesReader.Options) throws -> [String] {
        var reader = try JSONLinesReader(bytes: bytes, options: options)
        var result: [String] = []
        for _ in 0..<(bytes.count + 3) {
            do {
                guard let line = try reader.next() else { return result }
                result.append("\(line.number):\(line.string)")
            } catch let error as CSVError {
                result.append("error:\(error)")
            }
        }
        Issue.record("the reader did not stop")
        return result
    }

    static func options(chunkSize: Int = 4 << 20, maxLine: Int = 16 << 20) -> JSONLinesReader.Options {
        var options = JSONLinesReader.Options()
        options.chunkSize = chunkSize
        options.maxLineBytes = maxLine
        return options
    }

    @Test("Lines come with their numbers; CRLF, blank lines and a missing final newline are handled",
          arguments: [1, 2, 5, 4096])
    func lines(chunkSize: Int) throws {
        let text = "{\"tip_id\":\"T1\",\"text\":\"仓库有烟\"}\r\n\n  \n{\"tip_id\":\"T2\"}\n{\"tip_id\":\"T3\"}"
        #expect(try Self.lines(Array(text.utf8), Self.options(chunkSize: chunkSize)) == [
            "1:{\"tip_id\":\"T1\",\"text\":\"仓库有烟\"}", "4:{\"tip_id\":\"T2\"}", "5:{\"tip_id\":\"T3\"}",
        ])
    }

    @Test("A line over the limit fails alone and reading goes on", arguments: [1, 3, 4096])
    func longLine(chunkSize: Int) throws {
        let text = "{\"a\":1}\n{\"long\":\"\(String(repeating: "x", count: 100))\"}\n{\"b\":2}\n"
        #expect(try Self.lines(Array(text.utf8), Self.options(chunkSize: chunkSize, maxLine: 32)) == [
            "1:{\"a\":1}", "error:line 2: the line is longer than 32 bytes; it was skipped", "3:{\"b\":2}",
        ])
    }

    @Test("Lines decode with JSONDecoder, and GB18030 input arrives as UTF-8")
    func decodeAndTranscode() throws {
        struct Tip: Decodable, Equatable {
            let tipID: String
            let text: String
            enum CodingKeys: String, CodingKey {
                case tipID = "tip_id"
                case text
            }
        }
        let text = "{\"tip_id\":\"T9\",\"text\":\"西安市𠀀路\"}\n"
        var reader = try JSONLinesReader(bytes: S.gb18030(text), options: Self.options(chunkSize: 3))
        #expect(reader.encoding == .gb18030)
        let line = try #require(try reader.next())
        #expect(try JSONDecoder().decode(Tip.self, from: line.data) == Tip(tipID: "T9", text: "西安市𠀀路"))
        #expect(try reader.next() == nil)
    }

    @Test("An empty file has no lines")
    func empty() throws {
        #expect(try Self.lines([], Self.options()).isEmpty)
        #expect(try Self.lines(Array("\n\r\n".utf8), Self.options()).isEmpty)
    }
}
