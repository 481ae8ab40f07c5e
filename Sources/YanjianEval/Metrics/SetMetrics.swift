/// Precision, recall and F1 of a flagged set against the true set.
public struct SetScores: Codable, Sendable, Equatable {
    /// Flagged items that are true.
    public var truePositives: Int
    /// Items flagged.
    public var predicted: Int
    /// True items.
    public var actual: Int
    /// `truePositives / predicted`; `nil` when nothing was flagged.
    public var precision: Double?
    /// `truePositives / actual`; `nil` when nothing is true.
    public var recall: Double?
    /// Harmonic mean of precision and recall; `nil` when either is `nil`, 0 when both are 0.
    public var f1: Double?

    /// Scores the flagged set against the true set.
    public init<Element: Hashable>(predicted: Set<Element>, actual: Set<Element>) {
        let truePositives = predicted.intersection(actual).count
        self.truePositives = truePositives
        self.predicted = predicted.count
        self.actual = actual.count
        precision = predicted.isEmpty ? nil : Double(truePositives) / Double(predicted.count)
        recall = actual.isEmpty ? nil : Double(truePositives) / Double(actual.count)
        if let precision, let recall {
            f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        } else {
            f1 = nil
        }
    }

    /// Whether recall reaches `minimumRecall` while precision holds `minimumPrecision`. Nothing true and
    /// nothing flagged passes; something true and nothing flagged has recall 0; nothing true and
    /// something flagged has precision 0.
    public func passes(minimumRecall: Double, minimumPrecision: Double) -> Bool {
        let effectiveRecall = actual == 0 ? 1 : (recall ?? 0)
        let effectivePrecision = predicted == 0 ? 1 : (precision ?? 0)
        return effectiveRecall >= minimumRecall && effectivePrecision >= minimumPrecision
    }

    enum CodingKeys: String, CodingKey {
        case truePositives = "true_positives"
        case predicted
        case actual
        case precision
        case recall
        case f1
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(truePositives, forKey: .truePositives)
        try container.encode(predicted, forKey: .predicted)
        try container.encode(actual, forKey: .actual)
        // Explicit nulls: a missing ratio is reported, not hidden.
        try container.encode(precision, forKey: .precision)
        try container.encode(recall, forKey: .recall)
        try container.encode(f1, forKey: .f1)
    }
}

/// An unordered pair of distinct plates, the unit convoys are scored in.
public struct PlatePair: Hashable, Sendable, Comparable {
    /// The smaller plate of the pair.
    public let first: String
    /// The larger plate of the pair.
    public let second: String

    /// Creates the pair of two distinct plates in either order; `nil` when they are equal.
    public init?(_ a: String, _ b: String) {
        guard a != b else { return nil }
        (first, second) = a < b ? (a, b) : (b, a)
    }

    public static func < (lhs: PlatePair, rhs: PlatePair) -> Bool {
        (lhs.first, lhs.second) < (rhs.first, rhs.second)
    }

    /// All k·(k−1)/2 pairs of each group of plates, canonicalised; repeated plates within a group count once.
    public static func expand(_ groups: [[String]]) -> Set<PlatePair> {
        var result = Set<PlatePair>()
        for group in groups {
            let plates = Array(Set(group.map(Canonical.plate))).sorted()
            for i in plates.indices {
                for j in plates.indices where j > i {
                    if let pair = PlatePair(plates[i], plates[j]) { result.insert(pair) }
                }
            }
        }
        return result
    }
}
