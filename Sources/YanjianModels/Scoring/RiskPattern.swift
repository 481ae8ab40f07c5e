import Foundation
import YanjianCore

/// One measured piece of evidence about a retailer, named for explanations and the model features.
public enum RiskFactor: String, CaseIterable, Sendable, Codable {
    case peerVolume = "peer_volume"
    case posRatio = "pos_ratio"
    case growth
    case stepChange = "step_change"
    case quotaCap = "quota_cap"
    case brandDivergence = "brand_divergence"
    case premiumShift = "premium_shift"
    case nightShare = "night_share"
    case unknownFunds = "unknown_funds"
    case monthEnd = "month_end"
    case posGrowth = "pos_growth"
}
