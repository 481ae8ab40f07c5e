import Testing
import YanjianCore

@Suite("WaybillNo, LicenceNo and Adcode")
struct WaybillNoTests {
    @Test("The S10 worked example: serial 47312482 gives check digit 9")
    func s10() throws {
        #expect(WaybillNo.s10Check(serial8: "47312482") == "9")
        #expect(WaybillNo.s10Check(serial8: "4731248") == nil)
        #expect(WaybillNo.s10Check(serial8: "4731248A") == nil)
        let ems = try WaybillNo(validating: "ea 473124829 cn")
        #expect(ems.value == "EA473124829CN")
        #expect(ems.isS10 && ems.s10CheckValid == true)
        #expect(ems.guessedCourier == .ems)
        #expect(try WaybillNo(validating: "EA473124828CN").s10CheckValid == false)
    }

    @Test(
        "Couriers are guessed from prefixes",
        arguments: [
            ("SF1234567890123", Courier?.some(.sfExpress)), ("sf-1234-5678-90123", .sfExpress), ("JT1234567890123", .jt),
            ("YT1234567890123", .yto), ("JDV123456789012", .jd), ("ＪＤ1234567890123", .jd), ("731234567890", nil),
            ("1234567890123", nil),
        ])
    func couriers(_ raw: String, _ courier: Courier?) throws {
        #expect(try WaybillNo(validating: raw).guessedCourier == courier)
    }

    @Test("Bad waybill numbers are rejected", arguments: [
        ("", WaybillNo.Invalid.empty), ("SF12", .wrongLength(4)), ("SF123456789/0", .badCharacter),
        ("运单SF1234567890", .badCharacter),
    ])
    func waybillRejects(_ raw: String, _ expected: WaybillNo.Invalid) {
        #expect(throws: expected) { try WaybillNo(validating: raw) }
    }

    @Test("Licence numbers are soft: anything alphanumeric, with a standard-shape flag")
    func licences() throws {
        let standard = try LicenceNo(validating: " 610113 100123 ")
        #expect(standard.value == "610113100123" && standard.looksStandard && standard.adcodePrefix == "610113")
        #expect(try LicenceNo(validating: "６１０１１３１００１２３４５").looksStandard)
        let odd = try LicenceNo(validating: "xa-2019-0001")
        #expect(odd.value == "XA20190001" && !odd.looksStandard && odd.adcodePrefix == nil)
        #expect(throws: LicenceNo.Invalid.empty) { try LicenceNo(validating: "  ") }
        #expect(throws: LicenceNo.Invalid.badCharacter) { try LicenceNo(validating: "许可证123") }
    }

    @Test("Adcodes have a level, prefixes and a table check")
    func adcodes() throws {
        let yanta = try Adcode(validating: "610113")
        #expect(yanta.level == .district && yanta.provincePrefix == "61" && yanta.cityPrefix == "6101")
        #expect(yanta.provinceCode.value == "610000" && yanta.cityCode.value == "610100")
        #expect(yanta.isKnown)
        let xian = try Adcode(validating: "610100")
        let shandong = try Adcode(validating: "370000")
        #expect(yanta.isWithin(xian) && !yanta.isWithin(shandong))
        #expect(try Adcode(validating: "610000").level == .province)
        #expect(try Adcode(validating: "610100").level == .city)
        #expect(try Adcode(validating: "419001").isDirectlyUnderProvince)
        #expect(try !Adcode(validating: "371200").isKnown)
        #expect(throws: Adcode.Invalid.wrongLength(5)) { try Adcode(validating: "61011") }
        #expect(throws: Adcode.Invalid.badCharacter) { try Adcode(validating: "61011X") }
        #expect(try Adcode(validating: "６１０１１３").value == "610113")
    }
}
