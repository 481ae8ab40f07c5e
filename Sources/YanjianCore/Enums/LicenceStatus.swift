/// Status of a retail licence (`retailers.csv` `status`).
public enum LicenceStatus: String, DomainCode {
    /// 有效 valid.
    case valid = "有效"
    /// 暂停 suspended.
    case suspended = "暂停"
    /// 注销 cancelled.
    case cancelled = "注销"

    public init(from decoder: any Decoder) throws { self = try Self.decodeCode(from: decoder) }
}
