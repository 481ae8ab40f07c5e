/// Which edges and nodes a traversal may use.
public struct TraversalFilter: Sendable {
    /// Edge kinds that may be followed.
    public var edgeKinds: EdgeKindSet
    /// Node kinds that may be entered (as a bit mask of `EntityKind` raw values).
    public var nodeKindMask: UInt32
    /// Only edges dated in this window (Unix seconds); undated edges (files) always pass.
    public var window: ClosedRange<Int64>?
    /// Nodes with more slots than this are reached but not expanded (hubs would flood the result).
    public var expandLimit: Int
    /// Node kinds never expanded (outlets by default: everybody hands parcels in there).
    public var noExpandMask: UInt32

    /// Everything, with outlets and nodes of more than 10,000 links not expanded.
    public init(
        edgeKinds: EdgeKindSet = .all, nodeKinds: Set<EntityKind> = Set(EntityKind.allCases), window: ClosedRange<Int64>? = nil,
        expandLimit: Int = 10_000, noExpand: Set<EntityKind> = [.outlet]
    ) {
        self.edgeKinds = edgeKinds
        nodeKindMask = nodeKinds.reduce(0) { $0 | 1 << UInt32($1.rawValue) }
        self.window = window
        self.expandLimit = expandLimit
        noExpandMask = noExpand.reduce(0) { $0 | 1 << UInt32($1.rawValue) }
    }

    @inline(__always) func allows(edge e: Int, in graph: EntityGraph) -> Bool {
        guard edgeKinds.contains(raw: graph.edgeKinds[e]) else { return false }
        if let window {
            let time = graph.edgeTimes[e]
            if time != EntityGraph.undated && !window.contains(time) { return false }
        }
        return true
    }

    @inline(__always) func enters(_ v: Int32, in graph: EntityGraph) -> Bool {
        nodeKindMask & (1 << UInt32(graph.nodeKinds[Int(v)])) != 0
    }

    /// Whether every link and every node passes (no kind or time restriction): the walk then skips the
    /// per-link checks, which cost three random reads a link (node kind, link kind, link time).
    var admitsEverything: Bool {
        window == nil && edgeKinds.mask & EdgeKindSet.all.mask == EdgeKindSet.all.mask
            && EntityKind.allCases.allSatisfy { nodeKindMask & (1 << UInt32($0.rawValue)) != 0 }
    }

    @inline(__always) func expands(_ v: Int32, in graph: EntityGraph) -> Bool {
        noExpandMask & (1 << UInt32(graph.nodeKinds[Int(v)])) == 0 && graph.degree(v) <= expandLimit
    }
}

/// Reusable visit marks for traversals: a generation stamp per node, so a query costs nothing to
/// reset (petgraph keeps `FixedBitSet`s for the same reason).
public struct TraversalScratch: Sendable {
    var stamps: [UInt32]
    var generation: UInt32 = 0
    var frontier: [Int32] = []
    var next: [Int32] = []
    var parentEdge: [Int32]

    /// Scratch for a graph of `nodeCount` nodes.
    public init(nodeCount: Int) {
        stamps = [UInt32](repeating: 0, count: nodeCount)
        parentEdge = [Int32](repeating: -1, count: nodeCount)
        frontier.reserveCapacity(1024)
        next.reserveCapacity(1024)
    }

    mutating func begin() {
        generation &+= 1
        if generation == 0 {
            for i in stamps.indices { stamps[i] = 0 }
            generation = 1
        }
    }
}

/// The nodes within `hops` of a seed, each with its distance.
public struct Neighborhood: Sendable, Equatable {
    /// Reached nodes (the seed first), in breadth-first order.
    public var nodes: [Int32]
    /// Distance of each node from the seed.
    public var hops: [UInt8]
}

/// A path with the edge used between consecutive nodes.
public struct GraphPath: Sendable, Equatable {
    /// Nodes from the start to the end.
    public var nodes: [Int32]
    /// `edges[i]` links `nodes[i]` and `nodes[i + 1]`.
    public var edges: [Int32]
}

extension EntityGraph {
    /// Breadth-first neighbourhood of `seed` up to `hops` steps under `filter`.
    public func neighborhood(of seed: Int32, hops: Int, filter: TraversalFilter = TraversalFilter(), scratch: inout TraversalScratch) -> Neighborhood {
        var result = Neighborhood(nodes: [seed], hops: [0])
        walk(from: seed, hops: hops, filter: filter, scratch: &scratch) { node, depth in
            result.nodes.append(node)
            result.hops.append(UInt8(depth))
        }
        return result
    }

    /// The number of nodes within `hops` of `seed` (no result arrays: for latency benchmarks).
    public func neighborhoodCount(of seed: Int32, hops: Int, filter: TraversalFilter = TraversalFilter(), scratch: inout TraversalScratch) -> Int {
        var count = 1
        walk(from: seed, hops: hops, filter: filter, scratch: &scratch) { _, _ in count += 1 }
        return count
    }

    /// Visits every node first reached within `hops` of `seed` (not `seed` itself) with its depth.
    @inline(__always)
    func walk(from seed: Int32, hops: Int, filter: TraversalFilter, scratch: inout TraversalScratch, visit: (Int32, Int) -> Void) {
        scratch.begin()
        let generation = scratch.generation
        scratch.stamps[Int(seed)] = generation
        scratch.frontier.removeAll(keepingCapacity: true)
        scratch.frontier.append(seed)
        if filter.admitsEverything {
            walkUnfiltered(hops: hops, filter: filter, scratch: &scratch, visit: visit)
            return
        }
        var depth = 1
        while depth <= hops && !scratch.frontier.isEmpty {
            scratch.next.removeAll(keepingCapacity: true)
            for v in scratch.frontier where depth == 1 || filter.expands(v, in: self) {
                for slot in self.slots(v) {
                    let u = neighbours[slot]
                    guard scratch.stamps[Int(u)] != generation, filter.enters(u, in: self),
                        filter.allows(edge: Int(slotEdges[slot]), in: self)
                    else { continue }
                    scratch.stamps[Int(u)] = generation
                    scratch.next.append(u)
                    visit(u, depth)
                }
            }
            swap(&scratch.frontier, &scratch.next)
            depth += 1
        }
    }

    /// The walk when every link and node passes: no per-link checks (three random reads a link: node
    /// kind, link kind, link time), the arrays borrowed once per query rather than once per node, the
    /// expansion check only when something is not expanded, and the last ring counted without being
    /// kept as a next frontier. A 2-hop query's p99 is a hub's neighbourhood of some 10^5 nodes, so
    /// the per-node and per-link constant is the whole cost.
    @inline(__always)
    private func walkUnfiltered(hops: Int, filter: TraversalFilter, scratch: inout TraversalScratch, visit: (Int32, Int) -> Void) {
        let generation = scratch.generation
        let checksExpansion = filter.noExpandMask != 0 || filter.expandLimit < Int(Int32.max)
        var frontier: [Int32] = []
        var next: [Int32] = []
        swap(&frontier, &scratch.frontier)
        swap(&next, &scratch.next)
        defer {
            swap(&frontier, &scratch.frontier)
            swap(&next, &scratch.next)
        }
        neighbours.withUnsafeBufferPointer { adjacent in
            offsets.withUnsafeBufferPointer { offsets in
                nodeKinds.withUnsafeBufferPointer { kinds in
                    scratch.stamps.withUnsafeMutableBufferPointer { stamps in
                        var depth = 1
                        while depth <= hops && !frontier.isEmpty {
                            let keeps = depth < hops
                            next.removeAll(keepingCapacity: true)
                            for v in frontier {
                                let low = Int(offsets[Int(v)])
                                let high = Int(offsets[Int(v) + 1])
                                if depth > 1 && checksExpansion
                                    && (filter.noExpandMask & (1 << UInt32(kinds[Int(v)])) != 0 || high - low > filter.expandLimit)
                                {
                                    continue
                                }
                                for slot in low..<high {
                                    let u = adjacent[slot]
                                    guard stamps[Int(u)] != generation else { continue }
                                    stamps[Int(u)] = generation
                                    if keeps { next.append(u) }
                                    visit(u, depth)
                                }
                            }
                            swap(&frontier, &next)
                            depth += 1
                        }
                    }
                }
            }
        }
    }

    /// A shortest path (fewest edges) from `start` to `end` under `filter`, at most `maxHops` long;
    /// nil when there is none. Breadth-first from both ends, expanding the smaller frontier.
    public func shortestPath(
        from start: Int32, to end: Int32, filter: TraversalFilter = TraversalFilter(), maxHops: Int = 8
    ) -> GraphPath? {
        if start == end { return GraphPath(nodes: [start], edges: []) }
        var forward = TraversalScratch(nodeCount: nodeCount)
        var backward = TraversalScratch(nodeCount: nodeCount)
        forward.begin()
        backward.begin()
        forward.stamps[Int(start)] = forward.generation
        backward.stamps[Int(end)] = backward.generation
        forward.frontier = [start]
        backward.frontier = [end]
        var hops = 0
        while hops < maxHops && !forward.frontier.isEmpty && !backward.frontier.isEmpty {
            let expandForward = forward.frontier.count <= backward.frontier.count
            var meet: Int32 = -1
            if expandForward {
                meet = step(&forward, other: backward, filter: filter, pinned: [start, end])
            } else {
                meet = step(&backward, other: forward, filter: filter, pinned: [start, end])
            }
            hops += 1
            if meet >= 0 {
                var nodes: [Int32] = [meet]
                var edges: [Int32] = []
                var v = meet
                while v != start {
                    let e = forward.parentEdge[Int(v)]
                    edges.insert(e, at: 0)
                    v = edgeSource[Int(e)] == v ? edgeTarget[Int(e)] : edgeSource[Int(e)]
                    nodes.insert(v, at: 0)
                }
                v = meet
                while v != end {
                    let e = backward.parentEdge[Int(v)]
                    edges.append(e)
                    v = edgeSource[Int(e)] == v ? edgeTarget[Int(e)] : edgeSource[Int(e)]
                    nodes.append(v)
                }
                return GraphPath(nodes: nodes, edges: edges)
            }
        }
        return nil
    }

    /// Expands one frontier by a level; returns a node the other side has reached, or -1.
    private func step(_ side: inout TraversalScratch, other: TraversalScratch, filter: TraversalFilter, pinned: [Int32]) -> Int32 {
        side.next.removeAll(keepingCapacity: true)
        let generation = side.generation
        for v in side.frontier where pinned.contains(v) || filter.expands(v, in: self) {
            for slot in slots(v) {
                let u = neighbours[slot]
                let e = Int(slotEdges[slot])
                guard side.stamps[Int(u)] != generation, filter.enters(u, in: self) || pinned.contains(u),
                    filter.allows(edge: e, in: self)
                else { continue }
                side.stamps[Int(u)] = generation
                side.parentEdge[Int(u)] = Int32(e)
                if other.stamps[Int(u)] == other.generation { return u }
                side.next.append(u)
            }
        }
        swap(&side.frontier, &side.next)
        return -1
    }
}
