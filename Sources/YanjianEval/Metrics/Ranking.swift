/// Ranking metrics: the order of a scored list and how well the relevant items rise to its top.
public enum Ranking {
    /// Identifiers ordered riskiest first: by score descending, ties by identifier ascending so that the
    /// order never depends on the file's order. A non-finite score sorts last; a repeated identifier keeps
    /// its best place only.
    public static func order(_ items: [(id: String, score: Double)]) -> [String] {
        let sorted = items.map { (id: $0.id, score: $0.score.isNaN ? -Double.infinity : $0.score) }
            .sorted { lhs, rhs in
                if lhs.score != rhs.score { return lhs.score > rhs.score }
                return lhs.id < rhs.id
            }
        var seen = Set<String>()
        seen.reserveCapacity(sorted.count)
        var ordered: [String] = []
        ordered.reserveCapacity(sorted.count)
        for item in sorted where seen.insert(item.id).inserted {
            ordered.append(item.id)
        }
        return ordered
    }

    /// The share of relevant items among the first `k` of a ranking (`relevance[i]` tells whether the
    /// item at rank `i + 1` is relevant). A ranking shorter than `k` counts its missing places as misses.
    /// `nil` when `k` is 0.
    public static func precisionAtK(_ relevance: [Bool], k: Int) -> Double? {
        guard k > 0 else { return nil }
        let hits = relevance.prefix(k).reduce(0) { $0 + ($1 ? 1 : 0) }
        return Double(hits) / Double(k)
    }

    /// Average precision: the mean, over all `relevantCount` relevant items, of the precision at the rank
    /// where each appears; a relevant item missing from the ranking contributes 0. `nil` when nothing is
    /// relevant.
    public static func averagePrecision(_ relevance: [Bool], relevantCount: Int) -> Double? {
        guard relevantCount > 0 else { return nil }
        var hits = 0
        var sum = 0.0
        for (offset, relevant) in relevance.enumerated() where relevant {
            hits += 1
            sum += Double(hits) / Double(offset + 1)
        }
        return sum / Double(relevantCount)
    }
}
