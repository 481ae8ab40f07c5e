import Testing
import YanjianCore

@Suite("ResidentID")
struct ResidentIDTests {
    struct Example: Sendable, CustomTestStringConvertible {
        let number: String
        let address: String
        let birth: (Int, Int, Int)
        let male: Bool
        var testDescription: String { number }
    }

    static let examples: [Example] = [
        Example(number: "370702198503123418", address: "370702", birth: (1985, 3, 12), male: true),
        Example(number: "61011320010815128X", address: "610113", birth: (2001, 8, 15), male: false),
        Example(number: "610502196802240622", address: "610502", birth: (1968, 2, 24), male: false),
    ]

    @Test("The worked examples validate and expose address, birth date and sex", arguments: examples)
    func workedExamples(_ example: Example) throws {
        let id = try ResidentID(validating: example.number)
        #expect(id.value == example.number)
        #expect(id.addressCode == example.address)
        #expect(id.birthDate.year == example.birth.0)
        #expect(id.birthDate.month == example.birth.1)
        #expect(id.birthDate.day == example.birth.2)
        #expect(id.isMale == example.male)
        #expect(!id.wasUpgradedFromLegacy)
    }

    @Test("Check characters match domain facts §9")
    func checkCharacters() {
        #expect(ResidentID.checkCharacter(forFirst17: "37070219850312341") == "8")
        #expect(ResidentID.checkCharacter(forFirst17: "61011320010815128") == "X")
        #expect(ResidentID.checkCharacter(forFirst17: "61050219680224062") == "2")
        #expect(ResidentID.checkCharacter(forFirst17: "6105021968022406") == nil)
        #expect(ResidentID.checkCharacter(forFirst17: "6105021968022406A") == nil)
    }

    @Test("A legacy 15-digit number is upgraded to 18 characters")
    func legacyUpgrade() throws {
        let id = try ResidentID(validating: "610502680224062")
        #expect(id.value == "610502196802240622")
        #expect(id.wasUpgradedFromLegacy)
        #expect(!id.isMale)
        #expect(id == (try ResidentID(validating: "610502196802240622")))
    }

    @Test(
        "Spellings with spaces, lower-case x and full-width digits normalise to the canonical form",
        arguments: [
            ("61011320010815128x", "61011320010815128X"),
            ("610113 20010815 128X", "61011320010815128X"),
            (" 370702198503123418 ", "370702198503123418"),
            ("３７０７０２１９８５０３１２３４１８", "370702198503123418"),
            ("６１０１１３２００１０８１５１２８ｘ", "61011320010815128X"),
            ("610502　680224　062", "610502196802240622"),
            ("610502６8022４06２", "610502196802240622"),
        ])
    func spellings(_ raw: String, _ expected: String) throws {
        #expect(try ResidentID(validating: raw).value == expected)
    }

    @Test(
        "Invalid numbers are rejected with the reason",
        arguments: [
            ("", ResidentID.Invalid.empty),
            ("   ", .empty),
            ("3707**********3418", .masked),
            ("370702********341X", .masked),
            ("37070219850312341", .wrongLength(17)),
            ("3707021985031234188", .wrongLength(19)),
            ("37070219850312341A", .badCharacter),
            ("3707021985031234X8", .badCharacter),
            ("370702198503123417", .badChecksum(expected: "8")),
            ("61011320010815128Y", .badCharacter),
            ("610113200108151282", .badChecksum(expected: "X")),
            ("990702198503123418", .badProvince),
            ("070702198503123418", .badProvince),
            ("370702198502303418", .badDate),
            ("370702189912313418", .badDate),
            ("370702210101013418", .badDate),
            ("370702198513013418", .badDate),
            ("610502680230062", .badDate),
            ("61050268022406X", .badCharacter),
        ])
    func rejects(_ raw: String, _ expected: ResidentID.Invalid) {
        #expect(throws: expected) { try ResidentID(validating: raw) }
    }

    @Test("A birth date after the injected reference day is detectable")
    func futureBirth() throws {
        let id = try ResidentID(validating: "61011320010815128X")
        let birth = CivilCalendar.daysFromCivil(year: 2001, month: 8, day: 15)
        #expect(id.birthDays == birth)
        #expect(id.isBorn(onOrBefore: birth))
        #expect(!id.isBorn(onOrBefore: birth - 1))
    }

    @Test("February 29 is accepted only in leap years")
    func leapDay() throws {
        let body = "11010120000229001"
        let check = try #require(ResidentID.checkCharacter(forFirst17: body))
        #expect(throws: Never.self) { try ResidentID(validating: body + String(check)) }
        let body1900 = "11010119000229001"
        let check1900 = try #require(ResidentID.checkCharacter(forFirst17: body1900))
        #expect(throws: ResidentID.Invalid.badDate) { try ResidentID(validating: body1900 + String(check1900)) }
    }

    @Test("Normalising twice equals normalising once, over seeded random valid numbers")
    func idempotent() throws {
        var rng = SplitMix64(seed: 0x1D)
        let provinces = [11, 37, 61, 65, 82]
        for _ in 0..<2_000 {
            let province = provinces[Int(rng.next() % UInt64(provinces.count))]
            let days = Int(rng.next() % 40_000) - 25_000
            let date = CivilCalendar.civilFromDays(days)
            var body = String(province) + String(format2(Int(rng.next() % 100))) + String(format2(Int(rng.next() % 100)))
            body += String(date.year) + format2(date.month) + format2(date.day)
            body += String(100 + Int(rng.next() % 900))
            let check = try #require(ResidentID.checkCharacter(forFirst17: body))
            let once = try ResidentID(validating: body + String(check).lowercased())
            let twice = try ResidentID(validating: once.value)
            #expect(once == twice)
            #expect(once.value == twice.value)
            #expect(once.value == body + String(check))
        }
    }

    @Test("Codable goes through validation and LosslessStringConvertible round-trips")
    func codable() throws {
        let id = try ResidentID(validating: "61011320010815128x")
        #expect(ResidentID(id.description) == id)
        #expect(ResidentID("not a number") == nil)
    }

    private func format2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
