import Foundation
import YanjianCore

/// Grows one CART classification tree (Gini impurity or entropy, binary labels) on binned features,
/// depth first.
///
/// Each node builds a weighted class histogram per candidate feature in one pass over its samples and
/// scans the bin edges for the split that most reduces weighted impurity. Candidate features are
/// drawn at random without replacement until `maxFeatures` non-constant ones have been tried (features
/// constant in the node do not count, as in scikit-learn). Samples live in three parallel arrays
/// (index, weight, positive weight) that are partitioned in place, so a node is a contiguous range.
struct TreeBuilder {
    let binned: UnsafeBufferPointer<UInt8>
    let rows: Int
    let features: Int
    let binner: FeatureBinner
    let maxDepth: Int
    let minSamplesSplit: Int
    let minSamplesLeaf: Int
    let maxFeatures: Int
    /// Entropy instead of Gini impurity.
    var entropy = false

    /// The part of a node's weighted impurity that a split changes, larger for purer nodes, so that
    /// children − parent is the weighted impurity decrease: Gini (p² + n²)/w = w − w·gini; entropy
    /// p ln p + n ln n − w ln w = −w·H (nats).
    @inline(__always)
    func purity(weight: Double, positive: Double) -> Double {
        let negative = weight - positive
        guard entropy else { return (positive * positive + negative * negative) / weight }
        func xlogx(_ x: Double) -> Double { x > 0 ? x * log(x) : 0 }
        return xlogx(positive) + xlogx(negative) - xlogx(weight)
    }

    private struct Pending {
        var node: Int32
        var start: Int
        var end: Int
        var depth: Int
        var weight: Double
        var positive: Double
    }

    /// Grows a tree over the samples `indices` with per-sample `weights` and `positives` (the weight
    /// when the label is positive, else 0); the three arrays are reordered. Returns the tree and the
    /// total weighted impurity decrease per feature.
    func grow(
        indices: inout [Int32], weights: inout [Float], positives: inout [Float], rng: inout SplitMix64
    ) -> (tree: DecisionTree, importance: [Double]) {
        var tree = DecisionTree()
        var importance = [Double](repeating: 0, count: features)
        let count = indices.count
        guard count > 0 else {
            _ = tree.addNode()
            return (tree, importance)
        }
        var histWeight = [Double](repeating: 0, count: 256)
        var histPositive = [Double](repeating: 0, count: 256)
        var histCount = [Int32](repeating: 0, count: 256)
        var order = Array(0..<features)
        var totalWeight = 0.0
        var totalPositive = 0.0
        for position in 0..<count {
            totalWeight += Double(weights[position])
            totalPositive += Double(positives[position])
        }
        let root = tree.addNode()
        var stack = [Pending(node: root, start: 0, end: count, depth: 0, weight: totalWeight, positive: totalPositive)]
        let featureLimit = max(1, min(maxFeatures, features))

        indices.withUnsafeMutableBufferPointer { idx in
            weights.withUnsafeMutableBufferPointer { w in
                positives.withUnsafeMutableBufferPointer { p in
                    histWeight.withUnsafeMutableBufferPointer { hw in
                        histPositive.withUnsafeMutableBufferPointer { hp in
                            histCount.withUnsafeMutableBufferPointer { hc in
                                while let item = stack.popLast() {
                                    let node = Int(item.node)
                                    let size = item.end - item.start
                                    let negative = item.weight - item.positive
                                    tree.value[node] = item.weight > 0 ? Float(item.positive / item.weight) : 0
                                    if item.depth >= maxDepth || size < minSamplesSplit || size < 2 * minSamplesLeaf
                                        || item.positive <= 0 || negative <= 1e-12 * item.weight
                                    {
                                        continue
                                    }
                                    let parentProxy = purity(weight: item.weight, positive: item.positive)
                                    var bestProxy = parentProxy + 1e-9 * item.weight
                                    var bestFeature = -1
                                    var bestBin = 0
                                    var bestLeft = (weight: 0.0, positive: 0.0)
                                    var visited = 0
                                    var drawn = 0
                                    while drawn < features && visited < featureLimit {
                                        let pick = drawn + rng.below(features - drawn)
                                        order.swapAt(drawn, pick)
                                        let feature = order[drawn]
                                        drawn += 1
                                        let column = binned.baseAddress.map { $0 + feature * rows }
                                        guard let column else { continue }
                                        var low = 255
                                        var high = 0
                                        for position in item.start..<item.end {
                                            let b = Int(column[Int(idx[position])])
                                            hw[b] += Double(w[position])
                                            hp[b] += Double(p[position])
                                            hc[b] += 1
                                            if b < low { low = b }
                                            if b > high { high = b }
                                        }
                                        if low == high {
                                            hw[low] = 0
                                            hp[low] = 0
                                            hc[low] = 0
                                            continue
                                        }
                                        visited += 1
                                        var leftWeight = 0.0
                                        var leftPositive = 0.0
                                        var leftCount = 0
                                        for b in low..<high {
                                            leftWeight += hw[b]
                                            leftPositive += hp[b]
                                            leftCount += Int(hc[b])
                                            if hc[b] == 0 { continue }
                                            let rightCount = size - leftCount
                                            if leftCount < minSamplesLeaf { continue }
                                            if rightCount < minSamplesLeaf { break }
                                            let rightWeight = item.weight - leftWeight
                                            guard leftWeight > 0, rightWeight > 0 else { continue }
                                            let rightPositive = item.positive - leftPositive
                                            let proxy = purity(weight: leftWeight, positive: leftPositive)
                                                + purity(weight: rightWeight, positive: rightPositive)
                                            if proxy > bestProxy {
                                                bestProxy = proxy
                                                bestFeature = feature
                                                bestBin = b
                                                bestLeft = (leftWeight, leftPositive)
                                            }
                                        }
                                        for b in low...high {
                                            hw[b] = 0
                                            hp[b] = 0
                                            hc[b] = 0
                                        }
                                    }
                                    guard bestFeature >= 0, let base = binned.baseAddress else { continue }
                                    // Partition the node's range: bins <= bestBin first.
                                    let column = base + bestFeature * rows
                                    var i = item.start
                                    var j = item.end - 1
                                    let cut = UInt8(truncatingIfNeeded: bestBin)
                                    while i <= j {
                                        if column[Int(idx[i])] <= cut {
                                            i += 1
                                        } else {
                                            idx.swapAt(i, j)
                                            w.swapAt(i, j)
                                            p.swapAt(i, j)
                                            j -= 1
                                        }
                                    }
                                    let middle = i
                                    importance[bestFeature] += bestProxy - parentProxy
                                    let leftChild = tree.addNode()
                                    _ = tree.addNode()
                                    tree.feature[node] = Int32(bestFeature)
                                    tree.threshold[node] = binner.threshold(feature: bestFeature, bin: bestBin)
                                    tree.left[node] = leftChild
                                    stack.append(
                                        Pending(
                                            node: leftChild + 1, start: middle, end: item.end, depth: item.depth + 1,
                                            weight: item.weight - bestLeft.weight,
                                            positive: item.positive - bestLeft.positive))
                                    stack.append(
                                        Pending(
                                            node: leftChild, start: item.start, end: middle, depth: item.depth + 1,
                                            weight: bestLeft.weight, positive: bestLeft.positive))
                                }
                            }
                        }
                    }
                }
            }
        }
        return (tree, importance)
    }
}
