import Foundation
import YanjianCore

/// The `details` JSON of a retailer-risk finding: reasons in zh-CN (`reasons`, what the findings export
/// carries) and English, the score's components, every pattern's evidence and every factor against peers.
struct RiskDetails: Codable {
    struct Pattern: Codable {
        var evidence: Double
        var score: Double
    }

    struct Factor: Codable {
        var value: Double?
        var peerMedian: Double?
        var z: Double?
        var evidence: Double
        var peerLevel: String
        var peers: Int

        enum CodingKeys: String, CodingKey {
            case value, z, evidence, peers
            case peerMedian = "peer_median"
            case peerLevel = "peer_level"
        }
    }

    struct Components: Codable {
        var rule: Double
        var secondPattern: Double
        var isolation: Double
        var context: Double
        var forest: Double?

        enum CodingKeys: String, CodingKey {
            case rule, isolation, context, forest
            case secondPattern = "second_pattern"
        }
    }

    var reasons: [String]
    var reasonsEnglish: [String]
    var pattern: String
    var patternChinese: String
    var flagged: Bool
    var components: Components
    var patterns: [String: Pattern]
    var factors: [String: Factor]
    var peerGroup: [String: String]
    var segment: Int
    /// Measured facts beside the factors: `return_share`, `logistics_park_km`, `highway_exit_km` (each
    /// only when measurable; distances are capped at 50 km).
    var context: [String: Double]
    /// The random forest's strongest tree-path contributions (feature → change in probability), when it was used.
    var forestContributions: [String: Double]?

    enum CodingKeys: String, CodingKey {
        case reasons, pattern, flagged, components, patterns, factors, segment, context
        case reasonsEnglish = "reasons_en"
        case forestContributions = "forest_contributions"
        case patternChinese = "pattern_zh"
        case peerGroup = "peer_group"
    }

    static let levelCodes = ["county_type", "city_type", "type", "all"]

    init(directory: RetailerDirectory, measurements m: RetailerMeasurements, scores: RiskScores, retailer i: Int) {
        let explanation = RiskExplanation.explain(scores, m, retailer: i)
        reasons = explanation.reasons
        reasonsEnglish = explanation.reasonsEnglish
        pattern = scores.pattern[i].rawValue
        patternChinese = scores.pattern[i].chineseName
        flagged = scores.flagged[i]
        components = Components(
            rule: Self.round(scores.rule[i]), secondPattern: Self.round(scores.secondPattern[i]),
            isolation: Self.round(scores.isolation[i]), context: Self.round(scores.context[i]),
            forest: scores.forest[i].isNaN ? nil : Self.round(scores.forest[i]))
        var patterns: [String: Pattern] = [:]
        for (k, p) in RiskScores.patterns.enumerated() {
            let index = i * RiskScores.patterns.count + k
            patterns[p.rawValue] = Pattern(
                evidence: Self.round(scores.patternEvidence[index]), score: Self.round(scores.patternScore[index]))
        }
        self.patterns = patterns
        var factors: [String: Factor] = [:]
        for factor in RiskScores.factors {
            let d = scores.factor(i, factor)
            factors[factor.rawValue] = Factor(
                value: Self.optional(d.value), peerMedian: Self.optional(d.reference), z: Self.optional(d.z),
                evidence: Self.round(d.evidence), peerLevel: Self.levelCodes[min(d.level, 3)], peers: d.peers)
        }
        self.factors = factors
        peerGroup = ["adcode": directory.adcodes[i], "business_type": directory.businessTypes[i]]
        segment = Int(scores.segment[i])
        var context: [String: Double] = [:]
        for (key, value) in [("return_share", m.returnShare[i]), ("logistics_park_km", m.logisticsParkKm[i]), ("highway_exit_km", m.highwayExitKm[i])] {
            if let value = Self.optional(value) { context[key] = value }
        }
        self.context = context
        let contributions = i < scores.forestContributions.count ? scores.forestContributions[i] : []
        forestContributions = contributions.isEmpty ? nil : Dictionary(contributions.map { ($0.feature, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    static func round(_ x: Double) -> Double { x.isFinite ? (x * 1000).rounded() / 1000 : 0 }
    static func optional(_ x: Double) -> Double? { x.isFinite ? round(x) : nil }
}
