import Foundation
import Testing
@testable import YanjianServer

@Suite("JSON writer")
struct JSONWriterTests {
    static func written(_ body: (inout JSONWriter) -> Void) -> String {
        var json = JSONWriter()
        body(&json)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    @Test("A string from bytes is written like the same string, escapes included")
    func bytesLikeStrings() throws {
        for text in ["", "abc", "张三\"引号\"\\", "line\nbreak\t\u{1}", "𠀀x"] {
            var copy = text
            let fromBytes = copy.withUTF8 { bytes in Self.written { $0.string(utf8: bytes) } }
            #expect(fromBytes == Self.written { $0.string(text) })
            #expect(try JSONSerialization.jsonObject(with: Data(fromBytes.utf8), options: .fragmentsAllowed) as? String == text)
        }
    }

    @Test("Bytes that are not UTF-8 are written repaired, never passed through", arguments: [
        [0xFF], [0xC0, 0x80], [0xE4, 0xB8], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x61, 0xE4, 0xB8, 0xAD, 0x80],
    ] as [[UInt8]])
    func invalidBytesAreRepaired(bytes: [UInt8]) {
        let written = bytes.withUnsafeBufferPointer { buffer in Self.written { $0.string(utf8: buffer) } }
        #expect(written == Self.written { $0.string(String(decoding: bytes, as: UTF8.self)) })
        #expect(!JSONWriter.isValidUTF8(bytes.withUnsafeBufferPointer { $0 }))
    }

    @Test("Well-formed UTF-8 of every length is accepted")
    func validUTF8() {
        for text in ["a", "é", "中", "𠀀", "a中é𠀀z"] {
            var copy = text
            #expect(copy.withUTF8 { JSONWriter.isValidUTF8($0) })
        }
    }

    @Test("Integers are written as Swift writes them, the extremes included")
    func integers() {
        let values: [Int64] = [0, 7, -7, 10, 99, 100, -100, 1_234_567_890, .max, .min, .max - 1, .min + 1]
        for value in values {
            #expect(Self.written { $0.int(value) } == String(value))
        }
        #expect(Self.written { $0.int(nil) } == "null")
    }

    @Test("Commas are right at every depth, past the 64 kept in a word", arguments: [1, 2, 63, 64, 65, 130])
    func nesting(depth: Int) throws {
        func nest(_ json: inout JSONWriter, _ level: Int) {
            json.array { json in
                json.int(Int64(level))
                if level < depth { nest(&json, level + 1) }
                json.object { json in
                    json.field("a", Int64(level))
                    json.field("b", "x")
                }
                json.bool(true)
            }
        }
        let text = Self.written { json in
            json.object { json in
                json.field("before", 1)
                json.key("items")
                nest(&json, 1)
                json.field("after", 2)
            }
        }
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(parsed["before"] as? Int == 1 && parsed["after"] as? Int == 2)
        var level = parsed["items"] as? [Any]
        var seen = 0
        while let items = level {
            seen += 1
            #expect(items.first as? Int == seen)
            #expect(items.last as? Bool == true)
            level = items.count == 4 ? items[1] as? [Any] : nil
        }
        #expect(seen == depth)
    }
}
