import Testing
@testable import YanjianIngest

@Suite("Reading one JSON Lines record into fields")
struct JSONObjectScannerTests {
    static func scan(_ line: String, keys: [String] = ["id", "text", "n", "flag"]) throws -> JSONObjectScanner {
        var scanner = JSONObjectScanner(keys: keys)
        let bytes = Array(line.utf8)
        try bytes.withUnsafeBufferPointer { buffer throws(JSONObjectScanner.Problem) in try scanner.scan(buffer) }
        return scanner
    }

    static func field(_ scanner: JSONObjectScanner, _ slot: Int) -> String {
        scanner.withField(slot) { String(decoding: $0, as: UTF8.self) }
    }

    @Test("Strings are unescaped, numbers and booleans keep their text, null is absent, unknown keys go to extra")
    func values() throws {
        let s = try Self.scan(#"{"id":"E1","text":"a\"b\\c\u5c0f\ud83d\ude00","n":-1.5e3,"flag":true,"x":{"k":[1,"}"]},"y":null}"#)
        #expect(Self.field(s, 0) == "E1")
        #expect(Self.field(s, 1) == "a\"b\\c小😀")
        #expect(Self.field(s, 2) == "-1.5e3")
        #expect(Self.field(s, 3) == "true")
        #expect(s.extraJSON() == #"{"x":{"k":[1,"}"]}}"#)
        let empty = try Self.scan(#"{"id":null}"#)
        #expect(Self.field(empty, 0).isEmpty)
        #expect(empty.extraJSON() == nil)
    }

    @Test("A nested value under a known key is flagged")
    func nested() throws {
        let s = try Self.scan(#"{"id":"E1","text":["a"]}"#)
        #expect(s.nested == [false, true, false, false])
    }

    @Test("Lines that are not one JSON object are refused", arguments: [
        #"{"id":"E3","#, "[1,2]", #"{"id" "x"}"#, #"{"id":"x"} trailing"#, #"{"id":"x\q"}"#, #"{"id":tru}"#, "",
    ])
    func malformed(line: String) {
        #expect(throws: JSONObjectScanner.Problem.self) { try Self.scan(line) }
    }
}
