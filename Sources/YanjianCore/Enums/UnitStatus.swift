/// Status of an enforcement unit (`units.csv` `status`).
public enum UnitStatus: String, DomainCode {
    /// 空闲 available.
    case idle = "空闲"
    /// 出勤 out on a task.
    case onDuty = "出勤"
    /// 休整 resting.
    case resting = "休整"

    public init(from decoder: any Decoder) throws { self = try Self.decodeCode(from: decoder) }
}
