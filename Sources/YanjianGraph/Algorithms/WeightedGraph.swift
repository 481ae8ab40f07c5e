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
    public init(nodeCount: Int, sources: [Int32], targets edgeTargets: [Int32], weights edgeWeights: [Double]) {
        let m = sources.count
        // Bucket by the smaller endpoint.
        var rowStart = [Int](repeating: 0, count: nodeCount + 1)
        for i in 0..<m { rowStart[Int(min(sources[i], edgeTargets[i])) + 1] += 1 }
        for v in 0..<nodeCount { rowStart[v + 1] += rowStart[v] }
        var other = [Int32](repeating: 0, count: m)
        var strength = [Double](repeating: 0, count: m)
        do {
            var cursor = rowStart
            for i in 0..<m {
                let a = Int(min(sources[i], edgeTargets[i]))
                other[cursor[a]] = max(sources[i], edgeTargets[i])
                strength[cursor[a]] = edgeWeights[i]
                cursor[a] += 1
            }
        }
        // Sort each bucket by the larger endpoint (stably, so duplicates sum in input order) and merge.
        var rowEnd = [Int](repeating: 0, count: nodeCount)
        var scratch: [(Int32, Int32)] = []
        var buffer: [Double] = []
        for a in 0..<nodeCount {
            let start = rowStart[a], end = rowStart[a + 1]
            if end - start > 1 {
                if end - start <= 16 {
                    for i in (start + 1)..<end {
                        let key = other[i], w = strength[i]
                        var j = i - 1
                        while j >= start && other[j] > key {
                            other[j + 1] = other[j]
                            strength[j + 1] = strength[j]
                            j -= 1
                        }
                        other[j + 1] = key
                        strength[j + 1] = w
                    }
                } else {
                    scratch.removeAll(keepingCapacity: true)
                    for i in start..<end { scratch.append((other[i], Int32(i - start))) }
                    scratch.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
                    buffer.removeAll(keepingCapacity: true)
                    buffer.append(contentsOf: strength[start..<end])
                    for (offset, entry) in scratch.enumerated() {
                        other[start + offset] = entry.0
                        strength[start + offset] = buffer[Int(entry.1)]
                    }
                }
            }
            var write = start
            for i in start..<end {
                if write > start && other[write - 1] == other[i] {
                    strength[write - 1] += strength[i]
                } else {
                    other[write] = other[i]
                    strength[write] = strength[i]
                    write += 1
                }
            }
            rowEnd[a] = write
        }
        // Both directions, self-loops once; rows come out ascending because the smaller endpoints are
        // visited in order.
        var offsets = [Int](repeating: 0, count: nodeCount + 1)
        for a in 0..<nodeCount {
            for i in rowStart[a]..<rowEnd[a] {
                offsets[a + 1] += 1
                let b = Int(other[i])
                if b != a { offsets[b + 1] += 1 }
            }
        }
        for v in 0..<nodeCount { offsets[v + 1] += offsets[v] }
        var cursor = offsets
        var targets = [Int32](repeating: 0, count: offsets[nodeCount])
        var weights = [Double](repeating: 0, count: offsets[nodeCount])
        for a in 0..<nodeCount {
            for i in rowStart[a]..<rowEnd[a] {
                let b = Int(other[i])
                targets[cursor[a]] = Int32(b)
                weights[cursor[a]] = strength[i]
                cursor[a] += 1
                if b != a {
                    targets[cursor[b]] = Int32(a)
                    weights[cursor[b]] = strength[i]
                    cursor[b] += 1
                }
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
