/// Kind of case (`cases.csv` `kind`).
public enum CaseKind: String, DomainCode {
    /// 假烟 counterfeit cigarettes.
    case counterfeit = "假烟"
    /// 走私烟 smuggled cigarettes.
    case smuggled = "走私烟"
    /// 无证经营 selling without a licence.
    case unlicensedBusiness = "无证经营"
    /// 非法运输 illegal transport.
    case illegalTransport = "非法运输"
    /// 非法经营 illegal business (Criminal Law art. 225).
    case illegalBusiness = "非法经营"
    /// 其他 other.
    case other = "其他"

    public init(from decoder: any Decoder) throws { self = try Self.decodeCode(from: decoder) }
}
