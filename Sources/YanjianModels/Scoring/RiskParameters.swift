/// Every threshold and weight of the retailer risk score, with the defaults documented in
/// `docs/RISK.md`. Domain thresholds come from domain-facts §8 (marked approximate there and meant to be
/// tuned against feedback); statistical ones are conventions (3.5 is Iglewicz and Hoaglin's cut-off
/// for a modified z-score).
public struct RiskParameters: Sendable, Equatable {
    /// Evidence (in robust-z units) at which a pattern counts as present: its pattern score is 0.5 there.
    public var flagLevel: Double = 3.5
    /// Steepness of the logistic turning evidence into a pattern score in 0…1.
    public var steepness: Double = 1.5
    /// Smallest peer group used for a comparison before falling back to a wider one.
    public var minimumPeers: Int = 15

    /// Domain levels that count as `flagLevel` of evidence (domain-facts §8).
    public var volumeVersusPeers: Double = 2.0      // orders > 2 × the peer median
    public var ordersVersusSales: Double = 1.5      // orders > 1.5 × POS sales
    public var growthVersusHistory: Double = 2.0    // orders doubled against own history beyond peers
    public var quotaCapShare: Double = 0.8          // ordering at the cap in ≥ 80 % of quota lines
    public var brandDivergence: Double = 0.3        // Jensen–Shannon divergence > 0.3
    public var premiumShift: Double = 0.3           // premium share up by 30 points
    public var nightShare: Double = 0.2             // > 20 % of POS sales at night
    public var unknownFundsShare: Double = 0.25     // flows with unknown counterparties ≥ 25 % of purchases
    public var monthEndShare: Double = 0.4          // > 40 % of a month's volume in its last days

    /// Weights of the combined score (they sum to 1) when no supervised model is used.
    public var ruleWeight: Double = 0.75
    public var secondPatternWeight: Double = 0.05
    public var isolationWeight: Double = 0.10
    public var contextWeight: Double = 0.10
    /// Weights when the random forest passed its gate (sum to 1 with `forestWeight`).
    public var supervisedRuleWeight: Double = 0.60
    public var supervisedIsolationWeight: Double = 0.08
    public var supervisedContextWeight: Double = 0.07
    public var forestWeight: Double = 0.20

    /// The random forest is used only with at least this many case-linked retailers (and as many
    /// without), and only when its out-of-bag AUC reaches `minimumForestAUC`.
    public var minimumLabels: Int = 10
    public var minimumForestAUC: Double = 0.70

    /// A retailer is flagged (and labelled with a pattern) at this combined score or when its strongest
    /// pattern reaches `flagLevel`.
    public var flagScore: Double = 50

    /// Model sizes and seed.
    public var trees: Int = 100
    public var segments: Int = 8
    public var seed: UInt64 = 20_260_301
    public var parallelism: Int = 2

    public init() {}
}
