import Testing
import YanjianCore

@Suite("Plate")
struct PlateTests {
    @Test(
        "Plates of every kind normalise and classify",
        arguments: [
            ("陕A12345", "陕A12345", Plate.Kind.ordinary),
            ("陕A·12345", "陕A12345", .ordinary),
            ("陕A•12345", "陕A12345", .ordinary),
            ("陕A・12345", "陕A12345", .ordinary),
            ("陕A-12345", "陕A12345", .ordinary),
            ("陕A 123 45", "陕A12345", .ordinary),
            ("陕a.c123d", "陕AC123D", .ordinary),
            ("鲁G_AB123", "鲁GAB123", .ordinary),
            ("陕Ａ１２３４５", "陕A12345", .ordinary),
            ("陕Ａ・１２３４５", "陕A12345", .ordinary),
            ("粤BD12345", "粤BD12345", .newEnergySmall),
            ("粤B·FA1234", "粤BFA1234", .newEnergySmall),
            ("粤bd12345", "粤BD12345", .newEnergySmall),
            ("苏E12345D", "苏E12345D", .newEnergyLarge),
            ("苏E·12345F", "苏E12345F", .newEnergyLarge),
            ("陕A1234警", "陕A1234警", .police),
            ("陕A·A123警", "陕AA123警", .police),
            ("陕A1234学", "陕A1234学", .coach),
            ("鲁G1234挂", "鲁G1234挂", .trailer),
            ("沪A1234领", "沪A1234领", .consulate),
            ("粤Z1234港", "粤Z1234港", .hongKongMacau),
            ("粤Z·A123澳", "粤ZA123澳", .hongKongMacau),
            ("使123456", "使123456", .embassy),
            ("使·123·456", "使123456", .embassy),
            ("WJ陕12345", "WJ陕12345", .special),
            ("KA12345", "KA12345", .special),
            ("陕A1234试", "陕A1234试", .special),
            ("陕A1234超", "陕A1234超", .special),
            ("陕A1234应急", "陕A1234应急", .special),
        ])
    func kinds(_ raw: String, _ value: String, _ kind: Plate.Kind) throws {
        let plate = try Plate(validating: raw)
        #expect(plate.value == value)
        #expect(plate.kind == kind)
        #expect(plate.fixes.isEmpty)
    }

    @Test("O and I in serial positions become 0 and 1, and the fixes are recorded")
    func fixes() throws {
        let plate = try Plate(validating: "陕AO12I5")
        #expect(plate.value == "陕A01215")
        #expect(plate.fixes == [Plate.Fix(position: 2, from: "O", to: "0"), Plate.Fix(position: 5, from: "I", to: "1")])
        let lower = try Plate(validating: "陕a·o1234")
        #expect(lower.value == "陕A01234")
        #expect(lower.fixes.count == 1)
        // The issuing letter is not a serial position: 粤O (police-only letter) stays.
        let police = try Plate(validating: "粤O1234警")
        #expect(police.value == "粤O1234警" && police.fixes.isEmpty && police.kind == .police)
        let nev = try Plate(validating: "粤BDO1234")
        #expect(nev.value == "粤BD01234" && nev.kind == .newEnergySmall && nev.fixes.count == 1)
    }

    @Test("Prefix, province, serial and issuing place")
    func parts() throws {
        let plate = try Plate(validating: "陕A·12345")
        #expect(plate.prefix == "陕A")
        #expect(plate.province == "陕")
        #expect(plate.serial == "12345")
        #expect(plate.issuingPlace()?.city == "西安市")
        #expect(try Plate(validating: "鲁V12345").issuingPlace()?.adcode == "370700")
        #expect(try Plate(validating: "使123456").province == nil)
        #expect(try Plate(validating: "WJ陕12345").province == nil)
    }

    @Test(
        "Invalid plates are rejected with the reason",
        arguments: [
            ("", Plate.Invalid.empty),
            (" · ", .empty),
            ("A12345", .wrongLength(6)),
            ("陕A1234", .wrongLength(6)),
            ("陕A1234567", .wrongLength(9)),
            ("陕A12345678", .wrongLength(10)),
            ("A123456", .badProvince),
            ("日A12345", .badProvince),
            ("陕112345", .badIssuingLetter),
            ("陕I12345", .badIssuingLetter),
            ("陕A12?45", .badSerial),
            ("粤B123456", .badSerial),
            ("沪A12A4领", .badSerial),
            ("陕A1234港", .badSerial),
            ("使12345A", .badSerial),
        ])
    func rejects(_ raw: String, _ expected: Plate.Invalid) {
        #expect(throws: expected) { try Plate(validating: raw) }
    }

    @Test("The confusable key maps B D Q Z S G in the serial part only")
    func confusableKey() throws {
        #expect(try Plate(validating: "陕B8D0QZ").confusableKey == "陕B80002")
        let misread = try Plate(validating: "陕AB8SG1")
        let read = try Plate(validating: "陕A88561")
        #expect(misread.confusableKey == read.confusableKey)
        #expect(try Plate(validating: "粤Z1234港").confusableKey == "粤Z1234港")
    }

    @Test("Normalising twice equals once, over seeded random plates and spellings")
    func idempotent() throws {
        var rng = SplitMix64(seed: 36)
        let provinces = PlatePrefixes.provinceCharacters
        let letters = Array("ABCDEFGHJKLMNPQRSTUVWXYZ")
        let serial = Array("0123456789ABCDEFGHJKLMNPQRSTUVWXYZOI")
        let separators = ["", "·", " ", "-", "•", "・", "."]
        for _ in 0..<3_000 {
            var raw = String(provinces[Int(rng.next() % 31)]) + String(letters[Int(rng.next() % 24)])
            raw += separators[Int(rng.next() % UInt64(separators.count))]
            for _ in 0..<5 { raw.append(serial[Int(rng.next() % UInt64(serial.count))]) }
            if rng.next() % 2 == 0 { raw = raw.lowercased() }
            let once = try Plate(validating: raw)
            let twice = try Plate(validating: once.value)
            #expect(once == twice && twice.fixes.isEmpty && once.kind == twice.kind, "seed 36 \(raw)")
        }
    }
}
