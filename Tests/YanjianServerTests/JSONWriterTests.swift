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
}
