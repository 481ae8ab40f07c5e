import Foundation
import Testing
import YanjianCore
import YanjianSynth

@Suite("Generated identifiers are valid")
struct IdentifierTests {
    @Test("Resident ID numbers have a real address code, birth date and check character")
    func idNumbers() throws {
        let world = try TestWorlds.clean.get()
        var values = try world.table("retailers.csv").values("owner_id_no")
        values += try world.table("persons.csv").values("id_no").filter { !$0.isEmpty }
        values += try world.table("business_registry.csv").values("legal_person_id_no")
        #expect(values.count > 100)
        for value in values {
            let id = try ResidentID(validating: value)
            #expect(!id.wasUpgradedFromLegacy)
            #expect(AdminDivisions.shared[adcode: id.addressCode] != nil, "\(value) has an unknown address code")
        }
    }

    @Test("Owners' ID numbers are registered in the prefecture the world centres on")
    func idRegion() throws {
        let world = try TestWorlds.weifang.get()
        for value in try world.table("retailers.csv").values("owner_id_no") { #expect(value.hasPrefix("3707")) }
    }

    @Test("Credit codes pass both check characters")
    func creditCodes() throws {
        let world = try TestWorlds.clean.get()
        let codes = try world.table("business_registry.csv").values("credit_code")
            + (try world.table("retailers.csv").values("credit_code").filter { !$0.isEmpty })
        for code in codes {
            let credit = try CreditCode(validating: code)
            #expect(credit.organisationCodeValid, "\(code)")
        }
    }

    @Test("Phones are 11-digit mobile numbers with real prefixes")
    func phones() throws {
        let world = try TestWorlds.clean.get()
        let prefixes = Set(PhoneNumber.mobilePrefixes)
        var values = try world.table("waybills.csv").values("sender_phone")
        values += try world.table("retailers.csv").values("phone")
        for value in values {
            #expect(value.count == 11 && value.allSatisfy(\.isNumber))
            #expect(prefixes.contains(String(value.prefix(3))), "\(value)")
        }
    }

    @Test("Waybill numbers follow each courier's form and never repeat")
    func waybillNumbers() throws {
        let world = try TestWorlds.clean.get()
        let table = try world.table("waybills.csv")
        let prefixes = ["顺丰": "SF", "圆通": "YT", "极兔": "JT", "京东": "JDX", "中通": "75", "申通": "77", "韵达": "43", "邮政EMS": "1", "其他": "DPK"]
        for record in table.records {
            let number = record["waybill_no"] ?? ""
            let prefix = try #require(prefixes[record["courier"] ?? ""])
            #expect(number.hasPrefix(prefix), "\(number) for \(record["courier"] ?? "")")
            #expect(number.count >= 12 && number.count <= 16)
        }
    }

    @Test("Bank cards pass the Luhn check")
    func bankCards() throws {
        let world = try TestWorlds.clean.get()
        let cards = Set(try world.table("payments.csv").values("payer_account")).filter { $0.allSatisfy(\.isNumber) }
        #expect(!cards.isEmpty)
        for card in cards {
            var sum = 0
            for (offset, character) in card.reversed().enumerated() {
                var digit = character.wholeNumberValue ?? 0
                if offset % 2 == 1 {
                    digit *= 2
                    if digit > 9 { digit -= 9 }
                }
                sum += digit
            }
            #expect(sum % 10 == 0, "\(card)")
        }
    }
}
