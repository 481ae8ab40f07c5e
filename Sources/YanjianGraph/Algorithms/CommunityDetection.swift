import YanjianCore

/// Modularity-based community detection in the Leiden style (Traag, Waltman and van Eck, 2019):
/// fast local moving of nodes between communities, a refinement that splits every community into its
/// connected parts (so no community is ever disconnected, the known flaw of Louvain), aggregation on
/// the refined partition with the unrefined one as the starting point, repeated until nothing moves.
///
/// Deterministic for a given graph and seed: nodes are visited in a seeded random order.
public struct CommunityDetection: Sendable {
    /// The modularity resolution γ (1 = classic modularity; higher gives smaller communities).
    public var resolution: Double
    /// Seed of the visiting order.
    public var seed: UInt64
    /// Upper bound on aggregation levels.
    public var maximumLevels: Int

    /// Creates a detector.
    public init(resolution: Double = 1, seed: UInt64 = 0x5EED, maximumLevels: Int = 20) {
        self.resolution = resolution
        self.seed = seed
        self.maximumLevels = maximumLevels
    }

    /// A partition: a dense community label per node and the number of communities.
    public struct Partition: Sendable, Equatable {
        /// Community of each node, `0..<count`.
        public var labels: [Int32]
        /// The number of communities.
        public var count: Int
    }

    /// Detects communities of `graph`.
    public func run(_ graph: WeightedGraph) -> Partition {
        var rng = SplitMix64(seed: seed)
        var current = graph
        // membership[v] = node of `current` that original node v belongs to.
        var membership = (0..<Int32(graph.nodeCount)).map { $0 }
        var start: [Int32] = (0..<Int32(graph.nodeCount)).map { $0 }
        for _ in 0..<maximumLevels {
            let moved = localMoving(current, start: start, rng: &rng)
            let refined = splitDisconnected(current, moved)
            if refined.count == current.nodeCount {
                // Nothing can be aggregated: every node is alone in its refined community.
                let final = relabel(moved)
                return Partition(labels: membership.map { final.labels[Int($0)] }, count: final.count)
            }
            // Aggregate on the refined partition; start the next level from the moved partition.
            var nextStart = [Int32](repeating: 0, count: refined.count)
            for v in 0..<current.nodeCount { nextStart[Int(refined.labels[v])] = moved[v] }
            let movedDense = relabel(nextStart)
            current = aggregate(current, refined)
            membership = membership.map { refined.labels[Int($0)] }
            start = movedDense.labels
        }
        let final = relabel(start)
        return Partition(labels: membership.map { final.labels[Int($0)] }, count: final.count)
    }

    /// Splits every community of more than `limit` nodes by detecting communities again on the
    /// subgraph it induces (links leaving it dropped), and the parts again while any is over the
    /// limit and still splits; smaller communities keep their labels, the parts of a split one are
    /// numbered after them. Modularity cannot see a group far smaller than the square root of the
    /// graph's total weight (its resolution limit): in a world ten times the usual size a 147-entity
    /// gang sat inside a community of 53,786 entities whose rates it could not move. Inside that
    /// community's own graph the gang is again a clear cluster.
    public func refine(_ graph: WeightedGraph, _ partition: Partition, limit: Int) -> Partition {
        var current = partition
        var pending = Set(0..<partition.count)
        while !pending.isEmpty {
            let before = current.count
            let (next, split) = refineOnce(graph, current, limit: limit, only: pending)
            current = next
            // A split community's first part keeps its label; its other parts are the new labels.
            pending = split.union(before..<current.count)
            if split.isEmpty { break }
        }
        return current
    }

    /// One round of ``refine(_:_:limit:)`` over the communities in `only`; returns the partition and
    /// the communities that were split.
    private func refineOnce(_ graph: WeightedGraph, _ partition: Partition, limit: Int, only: Set<Int>) -> (Partition, Set<Int>) {
        var members = [[Int32]](repeating: [], count: partition.count)
        for (v, c) in partition.labels.enumerated() { members[Int(c)].append(Int32(v)) }
        var labels = partition.labels
        var count = partition.count
        var split = Set<Int>()
        var local = [Int32](repeating: -1, count: graph.nodeCount)
        for c in 0..<partition.count where members[c].count > limit && only.contains(c) {
            let nodes = members[c]
            for (i, v) in nodes.enumerated() { local[Int(v)] = Int32(i) }
            var offsets = [Int](repeating: 0, count: nodes.count + 1)
            var targets: [Int32] = []
            var weights: [Double] = []
            for (i, v) in nodes.enumerated() {
                graph.forEachWeightedNeighbor(of: v) { u, w in
                    guard partition.labels[Int(u)] == Int32(c) else { return }
                    targets.append(local[Int(u)])
                    weights.append(w)
                }
                offsets[i + 1] = targets.count
            }
            let parts = run(WeightedGraph(offsets: offsets, targets: targets, weights: weights))
            for v in nodes { local[Int(v)] = -1 }
            guard parts.count > 1 else { continue }
            split.insert(c)
            // Part 0 keeps the label; the others get new ones.
            for (i, v) in nodes.enumerated() {
                let part = Int(parts.labels[i])
                labels[Int(v)] = part == 0 ? Int32(c) : Int32(count + part - 1)
            }
            count += parts.count - 1
        }
        return (Partition(labels: labels, count: count), split)
    }

    /// The modularity of a partition (for tests and reports).
    public func modularity(_ graph: WeightedGraph, _ labels: [Int32]) -> Double {
        let k = graph.strengths()
        let m2 = k.reduce(0, +)
        guard m2 > 0 else { return 0 }
        var inside = [Double](repeating: 0, count: graph.nodeCount)
        var total = [Double](repeating: 0, count: graph.nodeCount)
        for v in 0..<graph.nodeCount {
            total[Int(labels[v])] += k[v]
            for slot in graph.offsets[v]..<graph.offsets[v + 1] where labels[Int(graph.targets[slot])] == labels[v] {
                inside[Int(labels[v])] += graph.targets[slot] == Int32(v) ? 2 * graph.weights[slot] : graph.weights[slot]
            }
        }
        var q = 0.0
        for c in 0..<graph.nodeCount where total[c] > 0 {
            q += inside[c] / m2 - resolution * (total[c] / m2) * (total[c] / m2)
        }
        return q
    }

    // MARK: Phases

    /// Fast local moving: a queue of nodes; each moves to the neighbouring community with the best
    /// modularity gain, and its neighbours outside that community are queued again.
    func localMoving(_ g: WeightedGraph, start: [Int32], rng: inout SplitMix64) -> [Int32] {
        let n = g.nodeCount
        let k = g.strengths()
        let m2 = k.reduce(0, +)
        var community = start
        guard m2 > 0, n > 1 else { return community }
        var total = [Double](repeating: 0, count: n)
        for v in 0..<n { total[Int(community[v])] += k[v] }
        var order = Array(0..<Int32(n))
        for i in stride(from: n - 1, to: 0, by: -1) {
            let j = Int(rng.next() % UInt64(i + 1))
            order.swapAt(i, j)
        }
        var queue = order
        var head = 0
        var queued = [Bool](repeating: true, count: n)
        var weightTo = [Double](repeating: 0, count: n)
        var touched: [Int32] = []
        touched.reserveCapacity(64)
        let gamma = resolution
        while head < queue.count {
            let v = Int(queue[head])
            head += 1
            if head > 1 << 20 && head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            queued[v] = false
            let own = Int(community[v])
            var selfLoop = 0.0
            for slot in g.offsets[v]..<g.offsets[v + 1] {
                let u = Int(g.targets[slot])
                if u == v {
                    selfLoop += g.weights[slot]
                    continue
                }
                let c = Int(community[u])
                if weightTo[c] == 0 { touched.append(Int32(c)) }
                weightTo[c] += g.weights[slot]
            }
            _ = selfLoop
            total[own] -= k[v]
            let scale = gamma * k[v] / m2
            var best = own
            var bestGain = weightTo[own] - scale * total[own]
            for c32 in touched {
                let c = Int(c32)
                let gain = weightTo[c] - scale * total[c]
                if gain > bestGain + 1e-12 || (abs(gain - bestGain) <= 1e-12 && c < best && best != own) {
                    best = c
                    bestGain = gain
                }
            }
            total[best] += k[v]
            for c in touched { weightTo[Int(c)] = 0 }
            weightTo[own] = 0
            touched.removeAll(keepingCapacity: true)
            if best != own {
                community[v] = Int32(best)
                for slot in g.offsets[v]..<g.offsets[v + 1] {
                    let u = Int(g.targets[slot])
                    if !queued[u] && Int(community[u]) != best {
                        queued[u] = true
                        queue.append(Int32(u))
                    }
                }
            }
        }
        return community
    }

    /// Splits every community into its connected parts; returns dense labels of the parts.
    func splitDisconnected(_ g: WeightedGraph, _ community: [Int32]) -> Partition {
        let n = g.nodeCount
        var label = [Int32](repeating: -1, count: n)
        var next: Int32 = 0
        var stack: [Int32] = []
        for s in 0..<n where label[s] < 0 {
            label[s] = next
            stack.append(Int32(s))
            while let v = stack.popLast() {
                for slot in g.offsets[Int(v)]..<g.offsets[Int(v) + 1] {
                    let u = Int(g.targets[slot])
                    if label[u] < 0 && community[u] == community[Int(v)] {
                        label[u] = next
                        stack.append(Int32(u))
                    }
                }
            }
            next += 1
        }
        return Partition(labels: label, count: Int(next))
    }

    /// The graph of communities: one node per community, edge weights summed, internal weight as a
    /// self-loop.
    func aggregate(_ g: WeightedGraph, _ partition: Partition) -> WeightedGraph {
        var sources: [Int32] = []
        var targets: [Int32] = []
        var weights: [Double] = []
        sources.reserveCapacity(g.slotCount / 2 + partition.count)
        targets.reserveCapacity(g.slotCount / 2 + partition.count)
        weights.reserveCapacity(g.slotCount / 2 + partition.count)
        for v in 0..<g.nodeCount {
            let cv = partition.labels[v]
            for slot in g.offsets[v]..<g.offsets[v + 1] {
                let u = Int(g.targets[slot])
                guard u >= v else { continue }  // each undirected edge once (self-loops once)
                sources.append(cv)
                targets.append(partition.labels[u])
                weights.append(g.weights[slot])
            }
        }
        return WeightedGraph(nodeCount: partition.count, sources: sources, targets: targets, weights: weights)
    }

    /// Dense labels in order of first appearance.
    func relabel(_ labels: [Int32]) -> Partition {
        var map = [Int32](repeating: -1, count: Int(labels.max() ?? 0) + 1)
        var next: Int32 = 0
        var out = [Int32](repeating: 0, count: labels.count)
        for (i, label) in labels.enumerated() {
            if map[Int(label)] < 0 {
                map[Int(label)] = next
                next += 1
            }
            out[i] = map[Int(label)]
        }
        return Partition(labels: out, count: Int(next))
    }
}
