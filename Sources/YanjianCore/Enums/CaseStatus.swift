/// Status of a case (`cases.csv` `status`).
public enum CaseStatus: String, DomainCode {
    /// 线索 clue, not yet opened.
    case clue = "线索"
    /// 立案 opened.
    case opened = "立案"
    /// 移送 transferred to another department.
    case transferred = "移送"
    /// 结案 closed.
    case closed = "结案"
    /// 撤销 dropped.
    case dropped = "撤销"

    public init(from decoder: any Decoder) throws { self = try Self.decodeCode(from: decoder) }
}
