/// The targets the issues set for an analysis run, so that a report can say pass or fail.
public struct EvalTargets: Codable, Sendable, Equatable {
    /// Minimum adjusted Rand index of gangs.
    public var gangAdjustedRandIndex: Double
    /// Minimum tier accuracy on matched gang members.
    public var tierAccuracy: Double
    /// Minimum share of true tier-1 members found (1: all of them).
    public var tier1Fraction: Double
    /// Minimum precision@k of the anomalous-retailer ranking.
    public var retailerPrecisionAtK: Double
    /// Minimum recall in the top k for each anomaly pattern.
    public var patternRecall: Double
    /// Minimum recall of convoys, cloned plates and night vehicles…
    public var vehicleRecall: Double
    /// …while precision holds at least this.
    public var vehiclePrecision: Double
    /// Maximum number of decoys in conclusions.
    public var maximumDecoysFlagged: Int

    /// The targets in the issues: gang ARI ≥ 0.9, tier accuracy ≥ 0.85, every tier-1 member found,
    /// retailer precision@k ≥ 0.8 and per-pattern recall ≥ 0.8, convoy, cloned-plate and night-vehicle
    /// recall ≥ 0.95 at precision ≥ 0.9, no decoy flagged.
    public static let standard = EvalTargets(
        gangAdjustedRandIndex: 0.9,
        tierAccuracy: 0.85,
        tier1Fraction: 1,
        retailerPrecisionAtK: 0.8,
        patternRecall: 0.8,
        vehicleRecall: 0.95,
        vehiclePrecision: 0.9,
        maximumDecoysFlagged: 0
    )

    /// Creates targets.
    public init(
        gangAdjustedRandIndex: Double,
        tierAccuracy: Double,
        tier1Fraction: Double,
        retailerPrecisionAtK: Double,
        patternRecall: Double,
        vehicleRecall: Double,
        vehiclePrecision: Double,
        maximumDecoysFlagged: Int
    ) {
        self.gangAdjustedRandIndex = gangAdjustedRandIndex
        self.tierAccuracy = tierAccuracy
        self.tier1Fraction = tier1Fraction
        self.retailerPrecisionAtK = retailerPrecisionAtK
        self.patternRecall = patternRecall
        self.vehicleRecall = vehicleRecall
        self.vehiclePrecision = vehiclePrecision
        self.maximumDecoysFlagged = maximumDecoysFlagged
    }
}
