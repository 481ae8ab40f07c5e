/// Kind of camera (`cameras.csv` `kind`).
public enum CameraKind: String, DomainCode {
    /// 卡口 checkpoint (ANPR) camera.
    case checkpoint = "卡口"
    /// 治安 public-security surveillance camera.
    case publicSecurity = "治安"
    /// 物流园 logistics park camera.
    case logisticsPark = "物流园"
    /// 零售户周边 camera near retailers.
    case retailerVicinity = "零售户周边"
    /// 高速出入口 highway entrance or exit.
    case highwayGate = "高速出入口"

    public init(from decoder: any Decoder) throws { self = try Self.decodeCode(from: decoder) }
}
