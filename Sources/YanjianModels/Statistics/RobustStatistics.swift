/// Location and scale that a few extreme values cannot drag: median, quantiles, MAD, and the robust
/// z-score built from them (Iglewicz and Hoaglin's modified z-score, `(x − median) / (1.4826 × MAD)`).
public enum RobustStatistics {
    /// The `q`-quantile (0…1) of `values` by linear interpolation; NaN values are ignored; nil if none.
    public static func quantile(_ values: [Double], _ q: Double) -> Double? {
        let sorted = values.filter { !$0.isNaN }.sorted()
        return quantile(sorted: sorted, q)
    }

    /// The `q`-quantile of already sorted values without NaN.
    public static func quantile(sorted: [Double], _ q: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let position = min(max(q, 0), 1) * Double(sorted.count - 1)
        let low = Int(position.rounded(.down))
        let high = min(sorted.count - 1, low + 1)
        let fraction = position - Double(low)
        return sorted[low] + (sorted[high] - sorted[low]) * fraction
    }

    /// The median of `values` (NaN ignored), nil if none.
    public static func median(_ values: [Double]) -> Double? { quantile(values, 0.5) }

    /// A robust centre and spread of a reference sample.
    public struct Scale: Sendable, Equatable {
        public var centre: Double
        /// A standard-deviation-like spread, never zero.
        public var spread: Double
        /// Reference values it was computed from.
        public var count: Int
        /// More than half the values are equal (MAD = 0): the spread is a fallback, not a real scale.
        public var degenerate: Bool = false

        /// The robust z-score of `value`.
        @inlinable
        public func z(_ value: Double) -> Double { (value - centre) / spread }
    }

    /// The median and a robust spread of `values`: 1.4826 × MAD; when more than half the values are
    /// equal (MAD = 0, common for counts that are mostly zero) the spread falls back to the distance from
    /// the median to the 90th, then 99th percentile scaled to a normal's (÷1.2816, ÷2.3263), then to the
    /// mean absolute deviation, and finally to `floor`.
    public static func scale(_ values: [Double], floor: Double = 1e-6) -> Scale {
        var work = values.filter { !$0.isNaN }
        let count = work.count
        guard count > 0 else { return Scale(centre: 0, spread: 1, count: 0) }
        let centre = selectQuantile(&work, 0.5)
        var deviations = work.map { abs($0 - centre) }
        var spread = 1.4826 * selectQuantile(&deviations, 0.5)
        let degenerate = spread <= floor
        if spread <= floor { spread = (selectQuantile(&work, 0.9) - centre) / 1.2816 }
        if spread <= floor { spread = (selectQuantile(&work, 0.99) - centre) / 2.3263 }
        if spread <= floor {
            spread = deviations.reduce(0, +) / Double(max(1, deviations.count)) * 1.2533
        }
        return Scale(centre: centre, spread: max(spread, floor), count: count, degenerate: degenerate)
    }

    /// The `q`-quantile of `values` (no NaN, not empty) by linear interpolation, found by selection in
    /// linear time; `values` is reordered.
    static func selectQuantile(_ values: inout [Double], _ q: Double) -> Double {
        let position = min(max(q, 0), 1) * Double(values.count - 1)
        let low = Int(position.rounded(.down))
        let lowValue = select(&values, low)
        let fraction = position - Double(low)
        guard fraction > 0, low + 1 < values.count else { return lowValue }
        // The next order statistic is the smallest value above position `low`.
        var next = Double.infinity
        for index in (low + 1)..<values.count where values[index] < next { next = values[index] }
        return lowValue + (next - lowValue) * fraction
    }

    /// Moves the `k`-th smallest value to index `k` (everything before it is ≤, after it ≥) and returns
    /// it: Hoare's quickselect with a median-of-three pivot.
    static func select(_ values: inout [Double], _ k: Int) -> Double {
        var low = 0
        var high = values.count - 1
        while high > low {
            let middle = low + (high - low) / 2
            if values[middle] < values[low] { values.swapAt(middle, low) }
            if values[high] < values[low] { values.swapAt(high, low) }
            if values[high] < values[middle] { values.swapAt(high, middle) }
            let pivot = values[middle]
            var i = low
            var j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j {
                high = j
            } else if k >= i {
                low = i
            } else {
                break
            }
        }
        return values[k]
    }

    /// The area under the ROC curve of `scores` for `labels` (ties count half): the probability that a
    /// random positive scores above a random negative. Nil when a class is missing.
    public static func auc(scores: [Double], labels: [Bool]) -> Double? {
        guard scores.count == labels.count else { return nil }
        let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSum = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let averageRank = Double(i + j) / 2 + 1
            for k in i...j where labels[order[k]] { rankSum += averageRank }
            i = j + 1
        }
        return (rankSum - Double(positives) * Double(positives + 1) / 2) / (Double(positives) * Double(negatives))
    }
}
