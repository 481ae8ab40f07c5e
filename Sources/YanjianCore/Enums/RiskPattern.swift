import Foundation

/// The retailer risk patterns a score is labelled with (`findings.anomalous_retailers[].pattern`).
public enum RiskPattern: String, CaseIterable, Sendable, Codable {
    /// 外流: more goods ordered than the shop can sell (or ordering at the quota cap).
    case outflow
    /// A jump in the brand mix, usually towards premium brands.
    case brandShift = "brand_shift"
    /// A large share of sales between 22:00 and 06:00.
    case nightTrade = "night_trade"
    /// Orders rising far faster than the shop's own history and its peers, not matched at the till.
    case abnormalGrowth = "abnormal_growth"
    /// Money moving between the shop's accounts and counterparties nobody knows.
    case fundAnomaly = "fund_anomaly"

    /// The Chinese name shown to users.
    public var chineseName: String {
        switch self {
        case .outflow: return "外流"
        case .brandShift: return "品规结构突变"
        case .nightTrade: return "夜间交易"
        case .abnormalGrowth: return "异常增长"
        case .fundAnomaly: return "资金异常"
        }
    }
}
