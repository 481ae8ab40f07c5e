import Foundation
import Testing
import YanjianCore

@Suite("PhoneNumber")
struct PhoneNumberTests {
    @Test(
        "Every mobile spelling of domain facts §3 normalises to the bare 11 digits",
        arguments: [
            "+86 138 1234 5678", "+8613812345678", "008613812345678", "86-138-1234-5678", "138-1234-5678",
            "138 1234 5678", "13812345678", "８６１３８１２３４５６７８", "１３８１２３４５６７８", "(+86) 138-1234-5678",
            "+86-138-1234-5678", "0086 138 1234 5678", "8613812345678", " 138 1234 5678 ", "＋８６ １３８ １２３４ ５６７８",
        ])
    func mobileSpellings(_ raw: String) throws {
        let phone = try PhoneNumber(validating: raw)
        #expect(phone.digits == "13812345678")
        #expect(phone.kind == .mobile)
        #expect(phone.extension == nil)
        #expect(phone.carrierHint == "中国移动")
        #expect(!phone.isVirtualOperator)
    }

    @Test(
        "Landline spellings normalise to area code plus local number",
        arguments: [
            ("0536-1234567", "05361234567"),
            ("(0536)1234567", "05361234567"),
            ("（0536）1234567", "05361234567"),
            ("0536 12345678", "053612345678"),
            ("+86 536 1234567", "05361234567"),
            ("+86 (0)536 1234567", "05361234567"),
            ("0086 536 1234567", "05361234567"),
            ("86-0536-1234567", "05361234567"),
            ("029-88888888", "02988888888"),
            ("029-8765-4321", "02987654321"),
            ("010-62345678", "01062345678"),
            ("+86 10 6234 5678", "01062345678"),
            ("０５３６－１２３４５６７", "05361234567"),
        ])
    func landlineSpellings(_ raw: String, _ expected: String) throws {
        let phone = try PhoneNumber(validating: raw)
        #expect(phone.digits == expected)
        #expect(phone.kind == .landline)
        #expect(phone.extension == nil)
    }

    @Test(
        "An extension is dropped from the number and kept apart",
        arguments: [
            ("0536-1234567-801", "05361234567", "801"),
            ("0536-1234567转801", "05361234567", "801"),
            ("(0536)1234567 转 801", "05361234567", "801"),
            ("0536-1234567 分机 801", "05361234567", "801"),
            ("0536-1234567 ext. 801", "05361234567", "801"),
            ("0536-1234567 801", "05361234567", "801"),
            ("029-88888888-1234", "02988888888", "1234"),
            ("0536-2345678-9", "05362345678", "9"),
            ("+86 536 1234567-801", "05361234567", "801"),
        ])
    func extensions(_ raw: String, _ expected: String, _ ext: String) throws {
        let phone = try PhoneNumber(validating: raw)
        #expect(phone.digits == expected)
        #expect(phone.extension == ext)
        #expect(phone.areaCode == String(expected.prefix(expected.hasPrefix("02") || expected.hasPrefix("01") ? 3 : 4)))
    }

    @Test(
        "Service numbers are recognised and not personal lines",
        arguments: ["400-123-4567", "800 123 4567", "95588", "12345", "12313", "+86 400 123 4567"])
    func serviceNumbers(_ raw: String) throws {
        #expect(try PhoneNumber(validating: raw).kind == .service)
    }

    @Test(
        "Invalid phone strings are rejected with the reason",
        arguments: [
            ("", PhoneNumber.Invalid.empty),
            (" - ", .empty),
            ("138****5678", .masked),
            ("138xxxx5678", .masked),
            ("1381234567", .wrongLength(10)),
            ("138123456789", .wrongLength(12)),
            ("12812345678", .unknownPrefix),
            ("+1 415 555 0100", .unknownPrefix),
            ("00144155501000", .unknownPrefix),
            ("8123456", .missingAreaCode),
            ("0536-0234567", .unknownPrefix),
            ("053612345", .wrongLength(9)),
            ("电话13812345678", .badCharacter),
            ("138-1234-567a", .badCharacter),
        ])
    func rejects(_ raw: String, _ expected: PhoneNumber.Invalid) {
        #expect(throws: expected) { try PhoneNumber(validating: raw) }
    }

    @Test(
        "Virtual-operator prefixes are flagged", arguments: ["17012345678", "17112345678", "16212345678", "16512345678", "16712345678"])
    func virtualOperators(_ raw: String) throws {
        let phone = try PhoneNumber(validating: raw)
        #expect(phone.isVirtualOperator)
        #expect(phone.carrierHint == PhoneNumber.virtualCarrier)
    }

    @Test("Non-virtual 17x prefixes are not flagged", arguments: ["17212345678", "17312345678", "17812345678"])
    func notVirtual(_ raw: String) throws {
        #expect(try !PhoneNumber(validating: raw).isVirtualOperator)
    }

    @Test("Carrier tables hold 3-digit prefixes that all validate as mobiles")
    func carrierTables() throws {
        #expect(PhoneNumber.carrierPrefixes.map(\.carrier) == ["中国移动", "中国联通", "中国电信", "中国广电"])
        #expect(Set(PhoneNumber.mobilePrefixes).count == PhoneNumber.mobilePrefixes.count)
        for prefix in PhoneNumber.mobilePrefixes {
            #expect(prefix.count == 3)
            let phone = try PhoneNumber(validating: prefix + "12345678")
            #expect(phone.kind == .mobile)
            #expect(phone.carrierHint != nil)
        }
    }

    @Test("Masked phones are observations with prefix and suffix, never numbers")
    func maskedObservations() throws {
        #expect(PhoneObservation.parse("138****5678") == .masked(prefix: "138", suffix: "5678"))
        #expect(PhoneObservation.parse("138******78") == .masked(prefix: "138", suffix: "78"))
        #expect(PhoneObservation.parse("+86 138****5678") == .masked(prefix: "138", suffix: "5678"))
        #expect(PhoneObservation.parse("138 **** 5678") == .masked(prefix: "138", suffix: "5678"))
        #expect(PhoneObservation.parse("１３８＊＊＊＊５６７８") == .masked(prefix: "138", suffix: "5678"))
        #expect(PhoneObservation.parse("0536-****567") == .masked(prefix: "0536", suffix: "567"))
        let full = try #require(PhoneObservation.parse("138-1234-5678"))
        #expect(full == .full(try PhoneNumber(validating: "13812345678")))
        let masked = try #require(PhoneObservation.parse("138****5678"))
        #expect(masked.number == nil)
        #expect(masked.matches(try PhoneNumber(validating: "13812345678")))
        #expect(!masked.matches(try PhoneNumber(validating: "13912345678")))
    }

    @Test(
        "Strings that are not phones parse to nil",
        arguments: ["", "hello", "12", "138**56**78", "****", "1*", "地址不详", "1381234567890123"])
    func notPhones(_ raw: String) {
        #expect(PhoneObservation.parse(raw) == nil)
    }

    @Test("Normalising twice equals once, over seeded random spellings")
    func idempotent() throws {
        var rng = SplitMix64(seed: 86)
        let prefixes = PhoneNumber.mobilePrefixes
        let areaCodes = PhoneNumber.knownAreaCodes.map(\.areaCode)
        for _ in 0..<3_000 {
            var digits: String
            if rng.next() % 3 == 0 {
                digits = areaCodes[Int(rng.next() % UInt64(areaCodes.count))]
                digits += String(2 + rng.next() % 8)
                let localRest = digits.count == 3 || rng.next() % 2 == 0 ? 7 : 6
                for _ in 0..<localRest { digits += String(rng.next() % 10) }
            } else {
                digits = prefixes[Int(rng.next() % UInt64(prefixes.count))]
                for _ in 0..<8 { digits += String(rng.next() % 10) }
            }
            let spelled = spell(digits, &rng)
            let once = try PhoneNumber(validating: spelled)
            #expect(once.digits == digits, "seed 86 spelling \(spelled)")
            let twice = try PhoneNumber(validating: once.digits)
            #expect(twice == once && twice.digits == once.digits && twice.kind == once.kind)
        }
    }

    @Test("Codable keeps the extension")
    func codable() throws {
        let phone = try PhoneNumber(validating: "0536-1234567转801")
        let data = try JSONEncoder().encode(phone)
        let back = try JSONDecoder().decode(PhoneNumber.self, from: data)
        #expect(back == phone)
        #expect(back.extension == "801")
        #expect(PhoneNumber("13812345678")?.kind == .mobile)
    }

    private func spell(_ digits: String, _ rng: inout SplitMix64) -> String {
        let chars = Array(digits)
        var out = ""
        switch rng.next() % 5 {
        case 0: out = digits
        case 1:
            out = digits.hasPrefix("0") ? "+86 " + String(chars.dropFirst()) : "+86" + digits
        case 2:
            for (i, c) in chars.enumerated() {
                out.append(c)
                if i == 2 || i == 6 { out.append(rng.next() % 2 == 0 ? "-" : " ") }
            }
            if digits.hasPrefix("0") { out = digits }  // landlines keep their own grouping here
        case 3:
            let full = "０１２３４５６７８９"
            let map = Array(full)
            for c in chars { out.append(map[Int(String(c)) ?? 0]) }
        default:
            out = digits.hasPrefix("0") ? digits : "0086" + digits
        }
        return out
    }
}
