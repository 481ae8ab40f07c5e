import Testing
import YanjianCore
@testable import YanjianGraph

@Suite("EntityKeys")
struct EntityKeysTests {
    @Test("A masked phone is kept but never used for linking", arguments: ["138****5678", "138******78", "138•••••678", ""])
    func maskedPhonesAreNotKeys(raw: String) {
        #expect(EntityKeys.phone(raw) == nil)
    }

    @Test("Full phones as the importer stores them are keys")
    func fullPhones() {
        #expect(EntityKeys.phone("13812345678") == "13812345678")
        #expect(EntityKeys.phone("05361234567") == "05361234567")
        #expect(EntityKeys.phone("95338") == nil)
    }

    @Test("ID numbers are upper-cased and masked ones rejected")
    func idNumbers() {
        #expect(EntityKeys.idNumber("11010519491231002x") == "11010519491231002X")
        #expect(EntityKeys.idNumber("110105********002X") == nil)
    }

    @Test("Spellings of one address share a key; a bare district is not a key")
    func addresses() throws {
        let a = try #require(EntityKeys.address("陕西省西安市雁塔区长安南路88号3号楼2单元501室"))
        let b = try #require(EntityKeys.address("西安市雁塔区长安南路８８号3幢2单元501室"))
        #expect(a == b)
        #expect(EntityKeys.address("陕西省西安市雁塔区") == nil)
        #expect(EntityKeys.address("陕西省西安市雁塔区长安南路88号****") == nil)
    }

    static let spellings = [
        "13812345678", "138****5678", "138•••••678", "138●●●●5678", "0536-1234567", "95338", "", " ", "\u{3000}",
        "yt1234567890", " YT 1234 567890\r\n", "ＹＴ１２３４５６７８９０", "SF*123456", "京A·12345", "YT12345\t",
        "张三", "\u{3000}张三\u{3000}", "a", "ab\u{0}cd", "ÉTÉ123", "x\r\n",
    ]

    @Test("Keys read from bytes equal the keys read from strings, for ASCII and every other spelling")
    func bytesAgreeWithStrings() {
        var scratch: [UInt8] = []
        for raw in Self.spellings {
            var text = raw
            text.withUTF8 { bytes in
                #expect(EntityKeys.isPhoneKey(bytes) == (EntityKeys.phone(raw) != nil), "\(raw)")
                #expect(EntityKeys.isMaskedPhone(bytes) == EntityKeys.isMaskedPhone(raw), "\(raw)")
                for (minimum, upper) in [(6, true), (1, true), (2, false)] {
                    let expected = EntityKeys.compact(raw, minimum: minimum, upperCase: upper)
                    let ok = EntityKeys.compact(bytes, minimum: minimum, upperCase: upper, into: &scratch)
                    #expect((ok ? String(decoding: scratch, as: UTF8.self) : nil) == expected, "\(raw) \(minimum) \(upper)")
                }
            }
        }
    }

    @Test("Address keys read from bytes equal the keys read from strings, nil where they are nil")
    func addressBytesAgreeWithStrings() {
        var scratch = AddressNormalizer.Scratch()
        let spellings = Self.spellings + [
            "陕西省西安市雁塔区长安南路88号3号楼2单元501室", "西安市雁塔区长安南路８８号3幢2单元501室", "陕西省西安市雁塔区",
            "陕西省西安市雁塔区长安南路88号****", "陕西省西安市雁塔区X", "\u{3000}西安市雁塔区科技路10号\u{3000}", "雁塔路10号",
            "西安市雁塔区Cafe\u{0301}路",
        ]
        for raw in spellings {
            var text = raw
            var out: [UInt8] = [0x7E]
            let ok = text.withUTF8 { EntityKeys.address($0, divisions: .shared, scratch: &scratch, into: &out) }
            let expected = EntityKeys.address(raw)
            #expect((ok ? String(decoding: out.dropFirst(), as: UTF8.self) : nil) == expected, "\(raw)")
            if !ok { #expect(out == [0x7E], "\(raw)") }
        }
    }

    @Test("Trimming removes ASCII and ideographic spaces at both ends only")
    func trimming() {
        #expect(EntityKeys.trim("  \u{3000}西安市 雁塔区\u{3000}\r\n") == "西安市 雁塔区")
        #expect(EntityKeys.trim("\u{3000}\u{3000}") == "")
        #expect(EntityKeys.trim("") == "")
        #expect(EntityKeys.trim("abc") == "abc")
        #expect(EntityKeys.trim("\u{3001}abc") == "\u{3001}abc")
    }

    @Test("A masked phone on a waybill becomes no node, so two waybills with it stay unlinked")
    func maskedPhoneDoesNotLink() {
        var fixture = GraphFixture()
        fixture.waybill(from: "138****5678", to: "13900000001")
        fixture.waybill(from: "138****5678", to: "13900000002")
        let graph = fixture.build()
        #expect(graph.node(.phone, "138****5678") == nil)
        let first = graph.facts.waybillNode[0]
        var scratch = TraversalScratch(nodeCount: graph.nodeCount)
        let reach = graph.neighborhood(of: first, hops: 4, scratch: &scratch)
        #expect(!reach.nodes.contains(graph.facts.waybillNode[1]))
        #expect(graph.facts.waybillFlags[0] & RecordFacts.WaybillFlag.maskedSender != 0)
    }

    @Test("References name entities the way the graph keys them")
    func references() throws {
        #expect(try EntityReference(parsing: "phone:+86 138-1234-5678").value == "13812345678")
        #expect(try EntityReference(parsing: "13812345678").kind == .phone)
        #expect(try EntityReference(parsing: "id_no:11010519491231002x").value == "11010519491231002X")
        #expect(throws: EntityReference.Invalid.self) { try EntityReference(parsing: "colour:red") }
        #expect(throws: EntityReference.Invalid.self) { try EntityReference(parsing: "phone:138****5678") }
    }
}
