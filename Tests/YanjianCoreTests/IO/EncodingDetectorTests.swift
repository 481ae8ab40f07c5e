import Foundation
import Testing
@testable import YanjianCore

@Suite("EncodingDetector")
struct EncodingDetectorTests {
    typealias S = CSVTestSupport

    @Test("Text is recognised by its bytes", arguments: [
        ("", TextEncoding.utf8),
        ("waybill_no,weight_kg\nYT1,1.5\n", .utf8),
        ("编号,地址\n1,西安市雁塔区\n", .utf8),
        ("\u{FEFF}编号\n", .utf8BOM),
        ("tab\tand form feed \u{0C} are text\n", .utf8),
    ])
    func text(text: String, expected: TextEncoding) {
        #expect(EncodingDetector.detect(prefix: Array(text.utf8)) == expected)
    }

    @Test("UTF-8 cut inside a character at the end of the window is still UTF-8")
    func truncatedUTF8() {
        let bytes = Array("地址,西安".utf8)
        for cut in 1...2 {
            #expect(EncodingDetector.detect(prefix: Array(bytes.dropLast(cut))) == .utf8)
        }
    }

    @Test("Chinese GB18030 text is GB18030, not UTF-8")
    func gb18030() throws {
        let encoded = try S.gb18030("编号,地址,备注\n1,陕西省西安市雁塔区,𠀀😀©\n")
        #expect(EncodingDetector.detect(prefix: encoded) == .gb18030)
        #expect(EncodingDetector.detect(prefix: Array(encoded.dropLast(2))) == .gb18030)
    }

    @Test("Overlong forms and surrogates are not UTF-8")
    func malformedUTF8() {
        for bad: [UInt8] in [[0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF]] {
            let valid = bad.withUnsafeBufferPointer { EncodingDetector.isValidUTF8($0, allowTruncatedTail: true) }
            #expect(!valid, "\(bad)")
        }
    }

    @Test("Random bytes are binary, whatever the seed", arguments: [1, 2, 3, 42, 2026] as [UInt64])
    func randomBytes(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(EncodingDetector.detect(prefix: bytes) == .binary)
        #expect(EncodingDetector.binaryReason(prefix: bytes) != nil)
    }

    @Test("NUL bytes, UTF-16 and control characters are binary with a reason")
    func binaryReasons() throws {
        let nul = Array("a,b\n".utf8) + [0] + Array("c\n".utf8)
        #expect(EncodingDetector.detect(prefix: nul) == .binary)
        let utf16: [UInt8] = [0xFF, 0xFE, 0x61, 0x00]
        #expect(try #require(EncodingDetector.binaryReason(prefix: utf16)).contains("UTF-16"))
        let controls: [UInt8] = Array(repeating: 0x01, count: 10) + Array("abc".utf8)
        #expect(EncodingDetector.detect(prefix: controls) == .binary)
        #expect(EncodingDetector.binaryReason(prefix: Array("ok".utf8)) == nil)
    }

    @Test("This system's iconv converts GB18030")
    func iconvSupportsGB18030() {
        #expect(IconvDecoder(sourceEncoding: "GB18030") != nil)
    }
}
