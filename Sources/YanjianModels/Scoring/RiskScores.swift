import YanjianCore
/// The scorer's output for every retailer, in flat arrays (retailer `i`, factor `f`, pattern `p`).
public struct RiskScores: Sendable {
    public static let factors = RiskFactor.allCases
    public static let patterns = RiskPattern.allCases

    public var count: Int
    /// The training label of each retailer (case-linked or confirmed on site, and not dismissed).
    public var labels: [Bool]
    /// Combined score 0–100.
    public var score: [Double]
    /// Strongest pattern (after the growth/outflow shape rule) and whether the retailer is flagged.
    public var pattern: [RiskPattern]
    public var flagged: [Bool]
    /// Components of the score, each 0…1 (forest NaN when the forest was not used).
    public var rule: [Double]
    public var secondPattern: [Double]
    public var isolation: [Double]
    public var context: [Double]
    public var forest: [Double]
    /// Behaviour segment (k-means cluster) and the segment sizes.
    public var segment: [Int32]
    public var segmentSizes: [Int]
    /// `[i * patterns.count + p]`: evidence in robust-z units and the 0…1 pattern score.
    public var patternEvidence: [Double]
    public var patternScore: [Double]
    /// `[i * factors.count + f]`: the measured value, the peers' median, the robust z against peers,
    /// the evidence (z capped by the domain threshold), and the peer level used (0 county … 3 all).
    public var factorValue: [Double]
    public var factorReference: [Double]
    public var factorZ: [Double]
    public var factorEvidence: [Double]
    public var factorPeerLevel: [UInt8]
    public var factorPeers: [Int32]
    /// How the score was put together this run.
    public var summary: RiskRunSummary
    /// For flagged retailers when the random forest was used: the features that moved its probability
    /// most (tree-path contributions), strongest first; empty otherwise.
    public var forestContributions: [[(feature: String, value: Double)]] = []

    public func evidence(_ retailer: Int, _ pattern: RiskPattern) -> Double {
        patternEvidence[retailer * Self.patterns.count + Self.patternIndex(pattern)]
    }

    public func factor(_ retailer: Int, _ factor: RiskFactor) -> (value: Double, reference: Double, z: Double, evidence: Double, level: Int, peers: Int) {
        let index = retailer * Self.factors.count + Self.factorIndex(factor)
        return (factorValue[index], factorReference[index], factorZ[index], factorEvidence[index], Int(factorPeerLevel[index]), Int(factorPeers[index]))
    }

    static func patternIndex(_ pattern: RiskPattern) -> Int { patterns.firstIndex(of: pattern) ?? 0 }
    static func factorIndex(_ factor: RiskFactor) -> Int { factors.firstIndex(of: factor) ?? 0 }
}

/// What a scoring run used: label counts, whether the random forest passed its gate and why.
public struct RiskRunSummary: Sendable, Codable, Equatable {
    public var retailers: Int
    public var flagged: Int
    public var flaggedByPattern: [String: Int]
    public var caseLabelled: Int
    public var forestUsed: Bool
    public var forestOutOfBagAUC: Double?
    public var forestNote: String
    public var segments: Int
    /// Labels from the closed loop: retailers confirmed and dismissed on site.
    public var verifiedPositive: Int = 0
    public var verifiedNegative: Int = 0
    /// The random forest's feature importances (when it was trained), by feature name.
    public var importances: [String: Double] = [:]
    /// The registered model version these scores come from (see `ModelRegistry`).
    public var modelVersion: Int = 0
}
