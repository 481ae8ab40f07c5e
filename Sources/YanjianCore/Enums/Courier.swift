/// A courier company (`waybills.csv` `courier`).
public enum Courier: String, DomainCode {
    /// 顺丰 SF Express.
    case sfExpress = "顺丰"
    /// 中通 ZTO.
    case zto = "中通"
    /// 圆通 YTO.
    case yto = "圆通"
    /// 申通 STO.
    case sto = "申通"
    /// 韵达 Yunda.
    case yunda = "韵达"
    /// 京东 JD Logistics.
    case jd = "京东"
    /// 邮政EMS China Post / EMS.
    case ems = "邮政EMS"
    /// 极兔 J&T Express.
    case jt = "极兔"
    /// 其他 any other courier.
    case other = "其他"

    /// Other names sources use for the same companies.
    static let aliases: [String: Courier] = [
        "顺丰速运": .sfExpress, "顺丰快递": .sfExpress, "SF": .sfExpress, "中通快递": .zto, "ZTO": .zto,
        "圆通速递": .yto, "圆通快递": .yto, "YTO": .yto, "申通快递": .sto, "STO": .sto, "韵达快递": .yunda,
        "韵达速递": .yunda, "京东物流": .jd, "京东快递": .jd, "JD": .jd, "邮政": .ems, "中国邮政": .ems, "EMS": .ems,
        "邮政快递": .ems, "极兔速递": .jt, "极兔快递": .jt, "J&T": .jt, "JT": .jt,
    ]

    /// Parses the code, the English case name or a common alias (`顺丰速运`, `EMS`, `J&T`).
    public init?(code raw: some StringProtocol) {
        if let value = Self.matchCode(raw) {
            self = value
            return
        }
        let trimmed = DomainCodeText.trimmed(raw)
        guard let value = Self.aliases[trimmed] ?? Self.aliases[trimmed.uppercased()] else { return nil }
        self = value
    }

    public init(from decoder: any Decoder) throws { self = try Self.decodeCode(from: decoder) }
}
