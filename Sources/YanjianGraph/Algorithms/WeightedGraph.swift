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

    /// Builds the graph from undirected edges; parallel edges are summed (in input order), and
    /// `u == v` is a self-loop. Each node's slots are in ascending order of neighbour.
    ///
    /// Duplicates are found per row, not by one global sort: the edges are bucketed by their smaller
    /// endpoint (a counting sort), each bucket is sorted by the larger one and merged in place. That needs
    /// 12 bytes per edge where sorting an index array by packed keys needed 32 (the projection of the
    /// 4.31M-waybill graph: 15M edges, the link analysis's memory peak), and no comparison sort of
    /// millions of indices.
    public init(nodeCount: Int, sources: consuming [Int32], targets edgeTargets: consuming [Int32], weights edgeWeights: consuming [Double]) {
        let m = sources.count
        // Bucket by the smaller endpoint; `start[a]` serves as a's write cursor and is shifted back after.
        var start = [Int](repeating: 0, count: nodeCount + 1)
        for i in 0..<m { start[Int(min(sources[i], edgeTargets[i])) + 1] += 1 }
        for v in 0..<nodeCount { start[v + 1] += start[v] }
        var other = [Int32](repeating: 0, count: m)
        var strength = [Double](repeating: 0, count: m)
        for i in 0..<m {
            let a = Int(min(sources[i], edgeTargets[i]))
            other[start[a]] = max(sources[i], edgeTargets[i])
            strength[start[a]] = edgeWeights[i]
            start[a] += 1
        }
        for v in stride(from: nodeCount, to: 0, by: -1) { start[v] = start[v - 1] }
        if nodeCount > 0 { start[0] = 0 }
        // The inputs are no longer needed; the caller handed them over.
        sources = []
        edgeTargets = []
        edgeWeights = []
        // Sort each bucket by the larger endpoint (stably, so duplicates sum in input order), merge, and
        // compact the merged buckets to the front; `start` then delimits the compacted buckets.
        var scratch: [(Int32, Int32)] = []
        var buffer: [Double] = []
        var write = 0
        var bucketStart = 0
        for a in 0..<nodeCount {
            let from = bucketStart, to = start[a + 1]
            bucketStart = to
            if to - from > 1 {
                if to - from <= 16 {
                    for i in (from + 1)..<to {
                        let key = other[i], w = strength[i]
                        var j = i - 1
                        while j >= from && other[j] > key {
                            other[j + 1] = other[j]
                            strength[j + 1] = strength[j]
                            j -= 1
                        }
                        other[j + 1] = key
                        strength[j + 1] = w
                    }
                } else {
                    scratch.removeAll(keepingCapacity: true)
                    for i in from..<to { scratch.append((other[i], Int32(i - from))) }
                    scratch.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
                    buffer.removeAll(keepingCapacity: true)
                    buffer.append(contentsOf: strength[from..<to])
                    for (offset, entry) in scratch.enumerated() {
                        other[from + offset] = entry.0
                        strength[from + offset] = buffer[Int(entry.1)]
                    }
                }
            }
            start[a] = write
            for i in from..<to {
                if write > start[a] && other[write - 1] == other[i] {
                    strength[write - 1] += strength[i]
                } else {
                    other[write] = other[i]
                    strength[write] = strength[i]
                    write += 1
                }
            }
        }
        start[nodeCount] = write
        // Both directions, self-loops once; rows come out ascending because the smaller endpoints are
        // visited in order. `offsets[v]` is v's write cursor during the fill, shifted back after.
        var offsets = [Int](repeating: 0, count: nodeCount + 1)
        for a in 0..<nodeCount {
            for i in start[a]..<start[a + 1] {
                offsets[a + 1] += 1
                let b = Int(other[i])
                if b != a { offsets[b + 1] += 1 }
            }
        }
        for v in 0..<nodeCount { offsets[v + 1] += offsets[v] }
        var targets = [Int32](repeating: 0, count: offsets[nodeCount])
        var weights = [Double](repeating: 0, count: offsets[nodeCount])
        for a in 0..<nodeCount {
            for i in start[a]..<start[a + 1] {
                let b = Int(other[i])
                targets[offsets[a]] = Int32(b)
                weights[offsets[a]] = strength[i]
                offsets[a] += 1
                if b != a {
                    targets[offsets[b]] = Int32(a)
                    weights[offsets[b]] = strength[i]
                    offsets[b] += 1
                }
            }
        }
        for v in stride(from: nodeCount, to: 0, by: -1) { offsets[v] = offsets[v - 1] }
        if nodeCount > 0 { offsets[0] = 0 }
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
