import Testing
import YanjianCore

@Suite("AddressNormalizer")
struct AddressNormalizerTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let raw: String
        let adcode: String?
        let province: String
        let city: String
        let district: String
        let rest: String
        var testDescription: String { raw }
    }

    static let cases: [Case] = [
        Case(raw: "陕西省西安市雁塔区科技路10号", adcode: "610113", province: "陕西省", city: "西安市", district: "雁塔区", rest: "科技路10号"),
        Case(raw: "西安雁塔区科技路10号", adcode: "610113", province: "陕西省", city: "西安市", district: "雁塔区", rest: "科技路10号"),
        Case(raw: "陕西西安市雁塔区科技路10号", adcode: "610113", province: "陕西省", city: "西安市", district: "雁塔区", rest: "科技路10号"),
        Case(raw: "陕西 西安 雁塔 科技路１０号", adcode: "610113", province: "陕西省", city: "西安市", district: "雁塔区", rest: "科技路10号"),
        Case(raw: "中国陕西省西安市雁塔区科技路10号", adcode: "610113", province: "陕西省", city: "西安市", district: "雁塔区", rest: "科技路10号"),
        Case(raw: "雁塔区科技路10号", adcode: "610113", province: "陕西省", city: "西安市", district: "雁塔区", rest: "科技路10号"),
        Case(raw: "山东省潍坊市奎文区胜利东街100号3号楼2单元", adcode: "370705", province: "山东省", city: "潍坊市", district: "奎文区", rest: "胜利东街100号3栋2单元"),
        Case(raw: "山东潍坊奎文区胜利东街100号3#楼2单元", adcode: "370705", province: "山东省", city: "潍坊市", district: "奎文区", rest: "胜利东街100号3栋2单元"),
        Case(raw: "潍坊市潍城区 北宫西街 ２８号", adcode: "370702", province: "山东省", city: "潍坊市", district: "潍城区", rest: "北宫西街28号"),
        Case(raw: "北京市朝阳区建国路88号", adcode: "110105", province: "北京市", city: "北京市", district: "朝阳区", rest: "建国路88号"),
        Case(raw: "上海浦东新区世纪大道100号", adcode: "310115", province: "上海市", city: "上海市", district: "浦东新区", rest: "世纪大道100号"),
        Case(raw: "广西南宁市青秀区民族大道1号", adcode: "450103", province: "广西壮族自治区", city: "南宁市", district: "青秀区", rest: "民族大道1号"),
        Case(raw: "内蒙古呼和浩特市新城区", adcode: "150102", province: "内蒙古自治区", city: "呼和浩特市", district: "新城区", rest: ""),
        Case(raw: "渭南市临渭区站南路5号（菜市场旁）", adcode: "610502", province: "陕西省", city: "渭南市", district: "临渭区", rest: "站南路5号菜市场旁"),
        Case(raw: "湖北省仙桃市干河街道", adcode: "429004", province: "湖北省", city: "仙桃市", district: "仙桃市", rest: "干河街道"),
        Case(raw: "吉林市船营区解放路1号", adcode: "220204", province: "吉林省", city: "吉林市", district: "船营区", rest: "解放路1号"),
        Case(raw: "西安市科技路10号", adcode: "610100", province: "陕西省", city: "西安市", district: "", rest: "科技路10号"),
        Case(raw: "雁塔路10号", adcode: nil, province: "", city: "", district: "", rest: "雁塔路10号"),
        Case(raw: "朝阳区建国路88号", adcode: nil, province: "", city: "", district: "", rest: "朝阳区建国路88号"),
    ]

    @Test("Realistic addresses resolve to division and rest", arguments: cases)
    func addresses(_ c: Case) {
        let n = NormalizedAddress.normalize(c.raw)
        #expect(n.adcode == c.adcode)
        #expect(n.province == c.province)
        #expect(n.city == c.city)
        #expect(n.district == c.district)
        #expect(n.rest == c.rest)
        #expect(n.key == (c.adcode ?? "") + "|" + c.rest)
    }

    @Test("Spellings of one address share a key")
    func sameKey() {
        let spellings = [
            "陕西省西安市雁塔区科技路10号", "西安雁塔区科技路10号", "陕西西安市雁塔区科技路10号", "陕西省 西安市 雁塔区 科技路 10 号",
            "陕西省西安市雁塔区科技路１０号", "中国陕西西安雁塔科技路10号",
        ]
        let keys = Set(spellings.map { AddressNormalizer.normalize($0).key })
        #expect(keys == ["610113|科技路10号"])
    }

    @Test("Normalising the normalised form again keeps the key")
    func idempotent() {
        for c in Self.cases {
            let once = AddressNormalizer.normalize(c.raw)
            let city = once.city == once.district ? "" : once.city
            let again = AddressNormalizer.normalize(once.province + city + once.district + once.rest)
            if once.adcode != nil { #expect(again.key == once.key, "\(c.raw)") }
        }
    }

    /// Spellings that go each way through ``AddressNormalizer/appendKey(utf8:divisions:scratch:to:)``:
    /// plain, full-width, with a country name, spaces, punctuation and building spellings, and ones
    /// that need Foundation's NFKC (a decomposed accent, circled digits, a compatibility ideograph,
    /// an emoji), plus the empty and all-space texts.
    static let byteSpellings = cases.map(\.raw) + [
        "", " ", "\u{3000}\u{3000}", "中华人民共和国陕西省西安市雁塔区科技路10号", "ＡＢＣ路１２＃楼", "西安市雁塔区Ｅ座-12—3",
        "西安市雁塔区科技路①号", "西安市雁塔区Cafe\u{0301}路", "西安市雁塔区\u{F900}路9号", "西安市雁塔区🚚路8号",
        "西安市雁塔区科技路10号\u{00B7}3幢", "\t西安市雁塔区 科技路10号\r\n", "西安市雁塔区科技路10号\u{00A0}", "a",
    ]

    @Test("The key appended from UTF-8 bytes is the key of the String, byte for byte")
    func bytesAgreeWithStrings() {
        var scratch = AddressNormalizer.Scratch()
        for raw in Self.byteSpellings {
            var text = raw
            var out: [UInt8] = [0x41]
            let rest = text.withUTF8 { AddressNormalizer.appendKey(utf8: $0, scratch: &scratch, to: &out) }
            let expected = AddressNormalizer.normalize(raw)
            #expect(String(decoding: out.dropFirst(), as: UTF8.self) == expected.key, "\(raw)")
            #expect(out.first == 0x41)
            #expect(rest == expected.rest.unicodeScalars.count, "\(raw)")
        }
    }

    @Test("Bytes that are not valid UTF-8 are keyed as their repaired String is")
    func invalidUTF8() {
        var scratch = AddressNormalizer.Scratch()
        let prefix = Array("西安市雁塔区科技路".utf8)
        let tails: [[UInt8]] = [[0xFF], [0xC0, 0x80], [0xE5, 0x8F], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80, 0x31], [0xE5]]
        for tail in tails {
            let bytes = prefix + tail + Array("号".utf8)
            var out: [UInt8] = []
            _ = bytes.withUnsafeBufferPointer { AddressNormalizer.appendKey(utf8: $0, scratch: &scratch, to: &out) }
            let expected = AddressNormalizer.normalize(String(decoding: bytes, as: UTF8.self)).key
            #expect(String(decoding: out, as: UTF8.self) == expected, "\(tail)")
        }
    }
}
