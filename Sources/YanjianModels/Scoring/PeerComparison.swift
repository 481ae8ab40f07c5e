import Foundation

/// Robust centre and spread of a measurement among each retailer's peers: the finest peer level whose
/// group holds at least `minimum` measured members, else all measured retailers.
///
/// The centre is the group's median. The spread is partially pooled: the log of the group's robust
/// spread is shrunk towards the log of the spread of all residuals (value − own group median) at that
/// level, with weight `n / (n + 30)` on the group, so a small group's spread is not left to chance.
struct PeerComparison {
    /// Per retailer: the peer median, the robust spread, the level used (0 = finest … levels.count = all),
    /// and the number of peers.
    var centre: [Double]
    var spread: [Double]
    var level: [UInt8]
    var peers: [Int32]
    /// Whether the scale used has no real spread (most peers share one value).
    var degenerate: [Bool]

    init(values: [Double], levels: [[Int32]], minimum: Int) {
        let count = values.count
        centre = [Double](repeating: .nan, count: count)
        spread = [Double](repeating: .nan, count: count)
        level = [UInt8](repeating: UInt8(levels.count), count: count)
        peers = [Int32](repeating: 0, count: count)
        degenerate = [Bool](repeating: false, count: count)
        var resolved = [Bool](repeating: false, count: count)
        for (depth, groups) in levels.enumerated() {
            var members: [Int32: [Double]] = [:]
            for i in 0..<count where !values[i].isNaN { members[groups[i], default: []].append(values[i]) }
            var scales: [Int32: RobustStatistics.Scale] = [:]
            var residuals: [Double] = []
            for (group, list) in members where list.count >= minimum {
                let scale = RobustStatistics.scale(list)
                scales[group] = scale
                for x in list { residuals.append(x - scale.centre) }
            }
            let pooled = RobustStatistics.scale(residuals).spread
            for (group, scale) in scales {
                let weight = Double(scale.count) / (Double(scale.count) + 30)
                var shrunk = scale
                shrunk.spread = exp(weight * log(scale.spread) + (1 - weight) * log(pooled))
                scales[group] = shrunk
            }
            for i in 0..<count where !resolved[i] {
                guard let scale = scales[groups[i]] else { continue }
                centre[i] = scale.centre
                spread[i] = scale.spread
                level[i] = UInt8(depth)
                peers[i] = Int32(scale.count)
                degenerate[i] = scale.degenerate
                resolved[i] = true
            }
        }
        let global = RobustStatistics.scale(values)
        for i in 0..<count where !resolved[i] {
            centre[i] = global.centre
            spread[i] = global.spread
            peers[i] = Int32(global.count)
            degenerate[i] = global.degenerate
        }
    }
}
