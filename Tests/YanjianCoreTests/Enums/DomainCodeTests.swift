import Foundation
import Testing
import YanjianCore

@Suite("Domain code enums")
struct DomainCodeTests {
    @Test("Each set has exactly the codes of the interchange spec")
    func codes() {
        #expect(BusinessType.allCases.map(\.code) == ["便利店", "超市", "烟酒店", "食杂店", "娱乐场所", "其他"])
        #expect(LicenceStatus.allCases.map(\.code) == ["有效", "暂停", "注销"])
        #expect(RegistryStatus.allCases.map(\.code) == ["存续", "吊销", "注销"])
        #expect(Courier.allCases.map(\.code) == ["顺丰", "中通", "圆通", "申通", "韵达", "京东", "邮政EMS", "极兔", "其他"])
        #expect(CaseKind.allCases.map(\.code) == ["假烟", "走私烟", "无证经营", "非法运输", "非法经营", "其他"])
        #expect(CaseStatus.allCases.map(\.code) == ["线索", "立案", "移送", "结案", "撤销"])
        #expect(CaseEntityKind.allCases.map(\.code) == ["waybill_no", "phone", "id_no", "plate", "licence_no", "address", "account"])
        #expect(CameraKind.allCases.map(\.code) == ["卡口", "治安", "物流园", "零售户周边", "高速出入口"])
        #expect(UnitStatus.allCases.map(\.code) == ["空闲", "出勤", "休整"])
        #expect(VideoEventType.allCases.map(\.code) == ["loading_unloading", "loitering", "crowd", "vehicle_stop"])
        #expect(PlateColor.allCases.map(\.code) == ["蓝", "黄", "绿", "渐变绿", "黄绿", "白", "黑"])
        #expect(WarningLevel.allCases.map(\.code) == ["红", "橙", "黄", "蓝"])
    }

    @Test("Codes parse trimmed, and English case names parse too")
    func parsing() {
        #expect(BusinessType(code: " 便利店 ") == .convenienceStore)
        #expect(BusinessType(code: "convenienceStore") == .convenienceStore)
        #expect(BusinessType(code: "便利") == nil)
        #expect(LicenceStatus(code: "暂停\u{3000}") == .suspended)
        #expect(CaseEntityKind(code: "id_no") == .idNo)
        #expect(CaseEntityKind(code: "idNo") == .idNo)
        #expect(VideoEventType(code: "vehicle_stop") == .vehicleStop)
        #expect(CaseStatus(code: "") == nil)
    }

    @Test("Courier aliases", arguments: [
        ("顺丰速运", Courier.sfExpress), ("EMS", .ems), ("ems", .ems), ("中国邮政", .ems), ("J&T", .jt), ("京东物流", .jd), ("邮政EMS", .ems),
    ])
    func courierAliases(_ raw: String, _ courier: Courier) {
        #expect(Courier(code: raw) == courier)
    }

    @Test("Plate colour variants", arguments: [
        ("蓝", PlateColor.blue), ("蓝色", .blue), ("蓝牌", .blue), ("blue", .blue), ("黄色", .yellow), ("黄绿双拼", .yellowGreen),
        ("黄绿色", .yellowGreen), ("渐变绿色", .gradientGreen), ("绿色", .green), ("白色", .white), ("黑", .black), ("黑色牌", .black),
    ])
    func plateColors(_ raw: String, _ color: PlateColor) {
        #expect(PlateColor(code: raw) == color)
    }

    @Test("Warning levels: ranks, order and spellings")
    func warningLevels() throws {
        #expect(WarningLevel.allCases.map(\.rank) == [4, 3, 2, 1])
        #expect(WarningLevel.red > .orange && WarningLevel.yellow > .blue)
        #expect(WarningLevel(code: "红") == .red && WarningLevel(code: "red") == .red && WarningLevel(code: "橙色预警") == .orange)
        #expect(WarningLevel(code: "RED") == .red)
        let json = try JSONEncoder().encode([WarningLevel.red])
        #expect(String(decoding: json, as: UTF8.self) == #"["red"]"#)
        #expect(try JSONDecoder().decode([WarningLevel].self, from: Data(#"["蓝"]"#.utf8)) == [.blue])
    }

    @Test("Codable writes the code and reads codes leniently")
    func codable() throws {
        let json = try JSONEncoder().encode([BusinessType.grocery])
        #expect(String(decoding: json, as: UTF8.self) == #"["食杂店"]"#)
        let back = try JSONDecoder().decode([Courier].self, from: Data(#"[" 顺丰 ", "EMS"]"#.utf8))
        #expect(back == [.sfExpress, .ems])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CaseKind].self, from: Data(#"["假"]"#.utf8)) }
    }
}
