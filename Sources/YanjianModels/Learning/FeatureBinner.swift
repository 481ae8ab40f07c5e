/// Maps each feature to at most 256 ordered bins by its quantiles, as histogram-based tree learners do
/// (LightGBM, scikit-learn's `HistGradientBoosting`): a split is then a choice among bin edges instead of
/// among all distinct values, and a node's histogram is built in one pass over its samples.
///
/// Bin `b` of feature `f` holds values `v` with `edges[f][b-1] < v <= edges[f][b]`; the last bin is
/// unbounded above. NaN falls in bin 0.
public struct FeatureBinner: Sendable, Equatable {
    /// Upper edges per feature (ascending, at most `maxBins - 1` each).
    public let edges: [[Float]]

    /// Learns the edges from `matrix`: midpoints between distinct values when a feature has few of
    /// them, otherwise midpoints at evenly spaced quantiles.
    public init(fitting matrix: FeatureMatrix, maxBins: Int = 256) {
        let bins = min(256, max(2, maxBins))
        var all: [[Float]] = []
        all.reserveCapacity(matrix.columns)
        var column = [Float](repeating: 0, count: matrix.rows)
        for feature in 0..<matrix.columns {
            var count = 0
            for row in 0..<matrix.rows {
                let value = matrix.values[row * matrix.columns + feature]
                if !value.isNaN {
                    column[count] = value
                    count += 1
                }
            }
            var values = Array(column[0..<count])
            values.sort()
            all.append(Self.edges(sorted: values, bins: bins))
        }
        edges = all
    }

    static func edges(sorted values: [Float], bins: Int) -> [Float] {
        guard !values.isEmpty else { return [] }
        var distinct: [Float] = []
        distinct.reserveCapacity(min(values.count, bins + 1))
        for value in values where distinct.last != value {
            distinct.append(value)
            if distinct.count > bins { break }
        }
        var result: [Float] = []
        if distinct.count <= bins {
            for index in 0..<(distinct.count - 1) {
                result.append(midpoint(distinct[index], distinct[index + 1]))
            }
            return result
        }
        // Quantile edges: the value at each of bins-1 evenly spaced ranks, kept when it rises.
        let n = values.count
        for cut in 1..<bins {
            let rank = min(n - 1, (cut * n) / bins)
            guard rank > 0 else { continue }
            let low = values[rank - 1]
            let high = values[rank]
            let edge = low == high ? low : midpoint(low, high)
            if let last = result.last, edge <= last { continue }
            if edge >= values[n - 1] { break }
            result.append(edge)
        }
        return result
    }

    private static func midpoint(_ low: Float, _ high: Float) -> Float {
        let middle = low + (high - low) / 2
        return middle < high ? middle : low
    }

    /// The number of bins of `feature`.
    public func binCount(_ feature: Int) -> Int { edges[feature].count + 1 }

    /// The bin of `value` in `feature`.
    @inlinable
    public func bin(_ value: Float, feature: Int) -> UInt8 {
        if value.isNaN { return 0 }
        let cuts = edges[feature]
        var low = 0
        var high = cuts.count
        while low < high {
            let middle = (low + high) >> 1
            if value <= cuts[middle] { high = middle } else { low = middle + 1 }
        }
        return UInt8(truncatingIfNeeded: low)
    }

    /// The bins of every sample, column-major (`result[feature * rows + row]`), so a node's histogram
    /// reads one short array per feature.
    public func transform(_ matrix: FeatureMatrix) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: matrix.rows * matrix.columns)
        let rows = matrix.rows
        let columns = matrix.columns
        result.withUnsafeMutableBufferPointer { out in
            matrix.values.withUnsafeBufferPointer { values in
                for feature in 0..<min(columns, edges.count) {
                    let cuts = edges[feature]
                    cuts.withUnsafeBufferPointer { cut in
                        let base = feature * rows
                        for row in 0..<rows {
                            let value = values[row * columns + feature]
                            if value.isNaN { continue }
                            var low = 0
                            var high = cut.count
                            while low < high {
                                let middle = (low + high) >> 1
                                if value <= cut[middle] { high = middle } else { low = middle + 1 }
                            }
                            out[base + row] = UInt8(truncatingIfNeeded: low)
                        }
                    }
                }
            }
        }
        return result
    }

    /// The upper edge of `bin` in `feature`: the raw threshold a split "bin <= b" stands for.
    public func threshold(feature: Int, bin: Int) -> Float {
        let cuts = edges[feature]
        return bin < cuts.count ? cuts[bin] : .infinity
    }
}
