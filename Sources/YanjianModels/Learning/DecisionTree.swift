/// A fitted binary decision tree in flat arrays (node `i`'s children are `left[i]` and `left[i] + 1`).
///
/// Used by the random forest (leaf value = weighted share of the positive class) and the isolation
/// forest (leaf value = the expected remaining path length of the leaf's samples).
public struct DecisionTree: Sendable, Equatable {
    /// The feature a node splits on, or -1 for a leaf.
    public var feature: [Int32] = []
    /// Samples with `value <= threshold` (or NaN) go left.
    public var threshold: [Float] = []
    /// Index of the left child (the right child follows it); 0 for a leaf.
    public var left: [Int32] = []
    /// The leaf's value (unused for inner nodes).
    public var value: [Float] = []

    /// Number of nodes.
    public var nodeCount: Int { feature.count }

    /// Depth of the deepest leaf (a single leaf has depth 0).
    public var depth: Int {
        guard !feature.isEmpty else { return 0 }
        var deepest = 0
        var stack: [(Int32, Int)] = [(0, 0)]
        while let (node, level) = stack.popLast() {
            let index = Int(node)
            if feature[index] < 0 {
                deepest = max(deepest, level)
            } else {
                stack.append((left[index], level + 1))
                stack.append((left[index] + 1, level + 1))
            }
        }
        return deepest
    }

    mutating func addNode() -> Int32 {
        feature.append(-1)
        threshold.append(0)
        left.append(0)
        value.append(0)
        return Int32(feature.count - 1)
    }

    /// The leaf value for one sample (`row` has the tree's features in order).
    @inlinable
    public func leafValue(_ row: UnsafeBufferPointer<Float>) -> Float {
        var node = 0
        while feature[node] >= 0 {
            let x = row[Int(feature[node])]
            node = Int(left[node]) + (x > threshold[node] ? 1 : 0)
        }
        return value[node]
    }

    /// Tree-path contributions (Saabas): walking one sample from the root to its leaf, each split adds
    /// the change in node value (the positive share at the node) to the feature it splits on. Returns the
    /// root's value; the root value plus the contributions is exactly the leaf value.
    public func contributions(_ row: UnsafeBufferPointer<Float>, into out: inout [Double]) -> Float {
        var node = 0
        while feature[node] >= 0 {
            let split = Int(feature[node])
            let next = Int(left[node]) + (row[split] > threshold[node] ? 1 : 0)
            out[split] += Double(value[next] - value[node])
            node = next
        }
        return value[0]
    }

    /// The nodes packed one per 16 bytes, so a step down the tree touches one cache line.
    func packed() -> [PackedNode] {
        (0..<nodeCount).map { PackedNode(feature: feature[$0], threshold: threshold[$0], left: left[$0], value: value[$0]) }
    }
}

/// One tree node in a single 16-byte record (see ``DecisionTree/packed()``).
struct PackedNode: Sendable {
    var feature: Int32
    var threshold: Float
    var left: Int32
    var value: Float

    /// Adds `scale ×` the leaf value of every row of `values` (row-major, `columns` wide) to `sums`.
    /// Eight rows walk the tree together, so their independent memory loads overlap.
    static func accumulate(
        _ nodes: UnsafeBufferPointer<PackedNode>, _ values: UnsafeBufferPointer<Float>, columns: Int, rows: Range<Int>,
        scale: Float, into sums: UnsafeMutableBufferPointer<Float>
    ) {
        var row = rows.lowerBound
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 8) { current in
            while row + 8 <= rows.upperBound {
                for lane in 0..<8 { current[lane] = 0 }
                var moving = true
                while moving {
                    moving = false
                    for lane in 0..<8 {
                        let node = nodes[current[lane]]
                        if node.feature >= 0 {
                            let x = values[(row + lane) * columns + Int(node.feature)]
                            current[lane] = Int(node.left) + (x > node.threshold ? 1 : 0)
                            moving = true
                        }
                    }
                }
                for lane in 0..<8 { sums[row + lane - rows.lowerBound] += scale * nodes[current[lane]].value }
                row += 8
            }
        }
        while row < rows.upperBound {
            let base = row * columns
            var node = nodes[0]
            while node.feature >= 0 {
                let x = values[base + Int(node.feature)]
                node = nodes[Int(node.left) + (x > node.threshold ? 1 : 0)]
            }
            sums[row - rows.lowerBound] += scale * node.value
            row += 1
        }
    }
}
