/// An undirected weighted graph in CSR form (each edge stored in both directions, self-loops once),
/// the input of community detection and centrality.
public struct WeightedGraph: Sendable, WeightedNeighborsGraph {
    /// Slot ranges per node: `offsets[v]..<offsets[v + 1]`.
    public let offsets: [Int]
    /// The neighbour of each slot.
    public let targets: [Int32]
    /// The weight of each slot.
    public let weights: [Double]

    /// The number of nodes.
    public var nodeCount: Int { offsets.count - 1 }

    /// Builds the graph from undirected edges; parallel edges are summed, and `u == v` is a self-loop.
    public init(nodeCount: Int, sources: [Int32], targets edgeTargets: [Int32], weights edgeWeights: [Double]) {
        // Merge duplicates by sorting packed (min, max) keys.
        var order = [Int](0..<sources.count)
        let packed = (0..<sources.count).map { i -> UInt64 in
            let a = UInt64(UInt32(min(sources[i], edgeTargets[i])))
            let b = UInt64(UInt32(max(sources[i], edgeTargets[i])))
            return a << 32 | b
        }
        order.sort { packed[$0] < packed[$1] }
        var us: [Int32] = []
        var vs: [Int32] = []
        var ws: [Double] = []
        us.reserveCapacity(order.count)
        vs.reserveCapacity(order.count)
        ws.reserveCapacity(order.count)
        var previous = UInt64.max
        for i in order {
            if packed[i] == previous {
                ws[ws.count - 1] += edgeWeights[i]
                continue
            }
            previous = packed[i]
            us.append(Int32(truncatingIfNeeded: packed[i] >> 32))
            vs.append(Int32(truncatingIfNeeded: packed[i] & 0xFFFF_FFFF))
            ws.append(edgeWeights[i])
        }
        var offsets = [Int](repeating: 0, count: nodeCount + 1)
        for i in 0..<us.count {
            offsets[Int(us[i]) + 1] += 1
            if us[i] != vs[i] { offsets[Int(vs[i]) + 1] += 1 }
        }
        for v in 0..<nodeCount { offsets[v + 1] += offsets[v] }
        var cursor = offsets
        var targets = [Int32](repeating: 0, count: offsets[nodeCount])
        var weights = [Double](repeating: 0, count: offsets[nodeCount])
        for i in 0..<us.count {
            let u = Int(us[i])
            targets[cursor[u]] = vs[i]
            weights[cursor[u]] = ws[i]
            cursor[u] += 1
            if us[i] != vs[i] {
                let v = Int(vs[i])
                targets[cursor[v]] = us[i]
                weights[cursor[v]] = ws[i]
                cursor[v] += 1
            }
        }
        self.offsets = offsets
        self.targets = targets
        self.weights = weights
    }

    /// Wraps ready CSR arrays.
    public init(offsets: [Int], targets: [Int32], weights: [Double]) {
        self.offsets = offsets
        self.targets = targets
        self.weights = weights
    }

    /// The number of stored slots.
    public var slotCount: Int { targets.count }

    @inlinable
    public func forEachWeightedNeighbor(of node: Int32, _ body: (Int32, Double) -> Void) {
        for slot in offsets[Int(node)]..<offsets[Int(node) + 1] { body(targets[slot], weights[slot]) }
    }

    /// Weighted degree of each node (a self-loop counts twice, as in modularity).
    public func strengths() -> [Double] {
        var result = [Double](repeating: 0, count: nodeCount)
        for v in 0..<nodeCount {
            var s = 0.0
            for slot in offsets[v]..<offsets[v + 1] {
                s += targets[slot] == Int32(v) ? 2 * weights[slot] : weights[slot]
            }
            result[v] = s
        }
        return result
    }
}
