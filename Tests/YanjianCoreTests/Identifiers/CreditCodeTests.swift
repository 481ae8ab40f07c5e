import Foundation
import Testing
import YanjianCore

@Suite("CreditCode")
struct CreditCodeTests {
    @Test("The worked example validates and exposes its parts")
    func workedExample() throws {
        let code = try CreditCode(validating: "91370702MA3C4D5E7P")
        #expect(code.value == "91370702MA3C4D5E7P")
        #expect(code.registrationAuthority == "9")
        #expect(code.entityType == "1")
        #expect(code.adcode == "370702")
        #expect(code.organisationCode == "MA3C4D5E7")
        #expect(code.organisationCodeValid)
    }

    @Test("Check characters match domain facts §9")
    func checks() {
        #expect(CreditCode.checkCharacter(forFirst17: "91370702MA3C4D5E7") == "P")
        #expect(CreditCode.organisationCheck(forBody8: "MA3C4D5E") == "7")
        #expect(CreditCode.checkCharacter(forFirst17: "91370702MA3C4D5E") == nil)
        #expect(CreditCode.checkCharacter(forFirst17: "91370702MA3C4D5EI") == nil)
        #expect(CreditCode.organisationCheck(forBody8: "MA3C4D5") == nil)
        #expect(CreditCode.organisationCheck(forBody8: "MA3C4D5-") == nil)
    }

    @Test(
        "Spellings normalise: lower case, spaces, dashes, full width",
        arguments: [
            "91370702ma3c4d5e7p", " 91370702 MA3C4D5E7P ", "91370702-MA3C4D5E7-P", "９１３７０７０２ＭＡ３Ｃ４Ｄ５Ｅ７Ｐ",
        ])
    func spellings(_ raw: String) throws {
        #expect(try CreditCode(validating: raw).value == "91370702MA3C4D5E7P")
    }

    @Test(
        "Invalid codes are rejected with the reason",
        arguments: [
            ("", CreditCode.Invalid.empty),
            ("91370702MA3C4D5E7", .wrongLength(17)),
            ("91370702MA3C4D5E7Q", .badChecksum(expected: "P")),
            ("91370702MA3C4D5E7I", .badCharacter),
            ("9137070AMA3C4D5E7P", .badCharacter),
            ("91370702MA3C4D5O7P", .badCharacter),
            ("9137070２MA3C4D5E7中", .badCharacter),
        ])
    func rejects(_ raw: String, _ expected: CreditCode.Invalid) {
        #expect(throws: expected) { try CreditCode(validating: raw) }
    }

    @Test("A wrong organisation check is only a warning")
    func organisationWarning() throws {
        let first17 = "91370702MA3C4D5E8"
        let check = try #require(CreditCode.checkCharacter(forFirst17: first17))
        let code = try CreditCode(validating: first17 + String(check))
        #expect(!code.organisationCodeValid)
    }

    @Test("Normalising twice equals once, over seeded random codes")
    func idempotent() throws {
        var rng = SplitMix64(seed: 32100)
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        for _ in 0..<2_000 {
            var body = "9" + String(alphabet[Int(rng.next() % 3) + 1])
            for _ in 0..<6 { body.append(alphabet[Int(rng.next() % 10)]) }
            for _ in 0..<9 { body.append(alphabet[Int(rng.next() % 31)]) }
            let check = try #require(CreditCode.checkCharacter(forFirst17: body))
            let once = try CreditCode(validating: (body + String(check)).lowercased())
            #expect(try CreditCode(validating: once.value) == once)
        }
    }

    @Test("JSON decoding validates")
    func json() throws {
        let good = try JSONDecoder().decode([CreditCode].self, from: Data(#"["91370702ma3c4d5e7p"]"#.utf8))
        #expect(good.first?.value == "91370702MA3C4D5E7P")
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CreditCode].self, from: Data(#"["91370702MA3C4D5E7Q"]"#.utf8))
        }
    }
}
