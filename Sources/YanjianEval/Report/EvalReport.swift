/// How well a platform's findings match a world's ground truth: every score the issues set a target for,
/// the counts behind each ratio, and which targets pass.
///
/// A ratio whose denominator is 0 is `nil` and encodes as JSON `null`, never NaN. Build one with
/// ``Evaluator/evaluate(truth:findings:targets:)``; print it with ``renderTable()``.
public struct EvalReport: Codable, Sendable, Equatable {
    /// The seed of the world that was scored.
    public var seed: UInt64
    /// Gang discovery.
    public var gangs: GangScores
    /// The anomalous-retailer ranking.
    public var retailers: RetailerScores
    /// Convoys, scored as unordered plate pairs.
    public var convoys: SetScores
    /// Cloned plates.
    public var clonedPlates: SetScores
    /// Night vehicles.
    public var nightVehicles: SetScores
    /// The tip credibility ranking.
    public var tips: TipScores
    /// Innocent values that ended up in a conclusion.
    public var decoys: DecoyScores
    /// Each target, in a fixed order, with its value and verdict.
    public var checks: [TargetCheck]
    /// The verdict of each target by its stable name (`gangs.adjusted_rand_index`…).
    public var passes: [String: Bool]
    /// Whether every target passes.
    public var allPass: Bool

    enum CodingKeys: String, CodingKey {
        case seed
        case gangs
        case retailers = "anomalous_retailers"
        case convoys
        case clonedPlates = "cloned_plates"
        case nightVehicles = "night_vehicles"
        case tips
        case decoys
        case checks
        case passes
        case allPass = "all_pass"
    }
}

extension EvalReport {
    /// Scores of gang discovery over the true gangs' scored members (kinds `phone`, `id_no`, `account`).
    public struct GangScores: Codable, Sendable, Equatable {
        /// Gangs in the truth.
        public var trueGangs: Int
        /// Gangs in the findings.
        public var predictedGangs: Int
        /// Distinct scored members of the true gangs.
        public var trueMembers: Int
        /// Distinct scored members of the predicted gangs.
        public var predictedMembers: Int
        /// Adjusted Rand index over the true members; an unpredicted member is a singleton.
        public var adjustedRandIndex: Double?
        /// Predicted members that belong to some true gang, over predicted members.
        public var memberPrecision: Double?
        /// True members found in some predicted gang, over true members.
        public var memberRecall: Double?
        /// Predicted members that sit in the true gang their predicted gang is matched to.
        public var matchedMembers: Int
        /// Matched members that carry a predicted tier.
        public var matchedWithTier: Int
        /// Matched members whose predicted tier is right.
        public var tierCorrect: Int
        /// `tierCorrect / matchedWithTier`.
        public var tierAccuracy: Double?
        /// True tier-1 scored members.
        public var tier1Total: Int
        /// True tier-1 scored members present in some predicted gang.
        public var tier1Found: Int
        /// `tier1Found / tier1Total`.
        public var tier1Fraction: Double?

        enum CodingKeys: String, CodingKey {
            case trueGangs = "true_gangs"
            case predictedGangs = "predicted_gangs"
            case trueMembers = "true_members"
            case predictedMembers = "predicted_members"
            case adjustedRandIndex = "adjusted_rand_index"
            case memberPrecision = "member_precision"
            case memberRecall = "member_recall"
            case matchedMembers = "matched_members"
            case matchedWithTier = "matched_with_tier"
            case tierCorrect = "tier_correct"
            case tierAccuracy = "tier_accuracy"
            case tier1Total = "tier1_total"
            case tier1Found = "tier1_found"
            case tier1Fraction = "tier1_fraction"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(trueGangs, forKey: .trueGangs)
            try container.encode(predictedGangs, forKey: .predictedGangs)
            try container.encode(trueMembers, forKey: .trueMembers)
            try container.encode(predictedMembers, forKey: .predictedMembers)
            try container.encode(adjustedRandIndex, forKey: .adjustedRandIndex)
            try container.encode(memberPrecision, forKey: .memberPrecision)
            try container.encode(memberRecall, forKey: .memberRecall)
            try container.encode(matchedMembers, forKey: .matchedMembers)
            try container.encode(matchedWithTier, forKey: .matchedWithTier)
            try container.encode(tierCorrect, forKey: .tierCorrect)
            try container.encode(tierAccuracy, forKey: .tierAccuracy)
            try container.encode(tier1Total, forKey: .tier1Total)
            try container.encode(tier1Found, forKey: .tier1Found)
            try container.encode(tier1Fraction, forKey: .tier1Fraction)
        }
    }

    /// Scores of the anomalous-retailer ranking, with k = the number of true anomalous retailers.
    public struct RetailerScores: Codable, Sendable, Equatable {
        /// The cut-off: how many retailers are truly anomalous.
        public var k: Int
        /// Distinct retailers in the ranking.
        public var ranked: Int
        /// True anomalous retailers among the top k.
        public var hitsAtK: Int
        /// `hitsAtK / k`.
        public var precisionAtK: Double?
        /// Average precision over the whole ranking.
        public var averagePrecision: Double?
        /// Per true pattern, the share of its retailers in the top k; sorted by pattern.
        public var patternRecall: [PatternRecall]
        /// Among true retailers in the top k that carry a predicted pattern, the share whose pattern is right.
        public var patternAccuracy: Double?
        /// Decoy licence numbers in the top k.
        public var decoysInTopK: Int

        enum CodingKeys: String, CodingKey {
            case k
            case ranked
            case hitsAtK = "hits_at_k"
            case precisionAtK = "precision_at_k"
            case averagePrecision = "average_precision"
            case patternRecall = "pattern_recall"
            case patternAccuracy = "pattern_accuracy"
            case decoysInTopK = "decoys_in_top_k"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(k, forKey: .k)
            try container.encode(ranked, forKey: .ranked)
            try container.encode(hitsAtK, forKey: .hitsAtK)
            try container.encode(precisionAtK, forKey: .precisionAtK)
            try container.encode(averagePrecision, forKey: .averagePrecision)
            try container.encode(patternRecall, forKey: .patternRecall)
            try container.encode(patternAccuracy, forKey: .patternAccuracy)
            try container.encode(decoysInTopK, forKey: .decoysInTopK)
        }
    }

    /// How many retailers of one true pattern the top k holds.
    public struct PatternRecall: Codable, Sendable, Equatable {
        /// `outflow`, `brand_shift`, `night_trade`, `abnormal_growth` or `fund_anomaly`.
        public var pattern: String
        /// True retailers of the pattern.
        public var actual: Int
        /// Of those, how many are in the top k.
        public var inTopK: Int
        /// `inTopK / actual`.
        public var recall: Double

        enum CodingKeys: String, CodingKey {
            case pattern
            case actual
            case inTopK = "in_top_k"
            case recall
        }
    }

    /// Scores of the tip credibility ranking.
    public struct TipScores: Codable, Sendable, Equatable {
        /// True tips.
        public var trueTips: Int
        /// Distinct tips in the ranking.
        public var ranked: Int
        /// Precision in the top k, k = the number of true tips.
        public var precisionAtK: Double?
        /// Average precision over the whole ranking.
        public var averagePrecision: Double?

        enum CodingKeys: String, CodingKey {
            case trueTips = "true_tips"
            case ranked
            case precisionAtK = "precision_at_k"
            case averagePrecision = "average_precision"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(trueTips, forKey: .trueTips)
            try container.encode(ranked, forKey: .ranked)
            try container.encode(precisionAtK, forKey: .precisionAtK)
            try container.encode(averagePrecision, forKey: .averagePrecision)
        }
    }

    /// Decoys (innocent look-alikes) that ended up in a conclusion.
    public struct DecoyScores: Codable, Sendable, Equatable {
        /// Distinct decoys in the truth.
        public var total: Int
        /// Distinct decoys found in some conclusion; the target is 0.
        public var flagged: Int
        /// Each flagged decoy with the first conclusion it was found in.
        public var flaggedDecoys: [FlaggedDecoy]

        enum CodingKeys: String, CodingKey {
            case total
            case flagged
            case flaggedDecoys = "flagged_decoys"
        }
    }

    /// A decoy the findings concluded on, and where.
    public struct FlaggedDecoy: Codable, Sendable, Equatable {
        /// The decoy's kind.
        public var kind: String
        /// The decoy's canonical value.
        public var value: String
        /// Where it was found: `gang <id>`, `convoys`, `cloned_plates`, `night_vehicles` or
        /// `anomalous_retailers top k`.
        public var foundIn: String

        enum CodingKeys: String, CodingKey {
            case kind
            case value
            case foundIn = "found_in"
        }
    }

    /// One target and its verdict.
    public struct TargetCheck: Codable, Sendable, Equatable {
        /// Stable name (`gangs.adjusted_rand_index`, `anomalous_retailers.recall.outflow`…).
        public var name: String
        /// The measured value; `nil` when there was nothing to measure.
        public var value: Double?
        /// The target in words (`>= 0.90`).
        public var target: String
        /// Whether the value meets the target. Nothing to find and nothing flagged passes.
        public var passed: Bool

        enum CodingKeys: String, CodingKey {
            case name
            case value
            case target
            case passed
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(value, forKey: .value)
            try container.encode(target, forKey: .target)
            try container.encode(passed, forKey: .passed)
        }
    }
}
