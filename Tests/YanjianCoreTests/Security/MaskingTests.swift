import Testing
@testable import YanjianCore

@Suite("Masking personal data")
struct MaskingTests {
    @Test("The documented shapes")
    func shapes() {
        #expect(Masking.phone("13812345678") == "138****5678")
        #expect(Masking.phone("05361234567") == "0536***4567")
        #expect(Masking.idNumber("610102199001011234") == "610102********1234")
        #expect(Masking.name("张三") == "张*")
        #expect(Masking.name("欧阳娜娜") == "欧***")
        #expect(Masking.name("张") == "*")
        #expect(Masking.account("6222021234567890123") == "***************0123")
        #expect(Masking.address("陕西省西安市雁塔区长安南路88号") == "陕西省西安市雁塔****")
        #expect(Masking.phone("") == "")
        #expect(Masking.phone("12345") == "*****")
    }

    /// The rule applied the slow, obvious way: on an array of Characters.
    static func reference(_ value: String, head: Int, tail: Int) -> String {
        let characters = Array(value)
        guard head + tail <= characters.count else { return String(repeating: "*", count: characters.count) }
        return String(characters[..<head]) + String(repeating: "*", count: characters.count - head - tail)
            + String(characters[(characters.count - tail)...])
    }

    @Test("Any head and tail on ASCII, CJK, mixed and four-byte text equal the Character-based rule")
    func agreesWithReference() {
        let values = ["", "a", "ab", "张", "张三", "13812345678", "欧阳娜娜", "A张b三C", "𠀀𠀁x𠀂", "ＡＢＣ１２３", "1234567890abcdef"]
        for value in values {
            for head in 0...5 {
                for tail in 0...5 {
                    let masked = Masking.masked(value) { _, _ in (head, tail) }
                    #expect(masked == Self.reference(value, head: head, tail: tail), "\(value) \(head) \(tail)")
                }
            }
            #expect(Masking.masked(value) { _, _ in nil } == String(repeating: "*", count: value.count))
        }
    }
}

@Suite("Masking bytes in place")
struct MaskingBytesTests {
    @Test("Masking UTF-8 bytes gives the string masks, item by item for |-lists", arguments: PersonalField.allCases)
    func bytesAgreeWithStrings(field: PersonalField) {
        let values = [
            "", "13812345678", "05361234567", "610102199001011234", "张三", "欧阳娜娜", "6222021234567890123",
            "陕西省西安市雁塔区长安南路88号", "陕西省西安", "13812345678|13987654321", "|a||", "张三|李四五",
        ]
        for value in values {
            var text = value
            var out: [UInt8] = [0x41]
            text.withUTF8 { field.mask($0, into: &out) }
            let expected = "A" + value.split(separator: "|", omittingEmptySubsequences: false).map { field.mask(String($0)) }.joined(separator: "|")
            #expect(String(decoding: out, as: UTF8.self) == expected, "\(field) \(value)")
        }
    }
}
