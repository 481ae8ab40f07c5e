/// A graph whose nodes are `0..<nodeCount` with no holes (petgraph's `NodeCompactIndexable`), so
/// algorithms index flat arrays and bitsets by node.
public protocol CompactGraph {
    /// The number of nodes.
    var nodeCount: Int { get }
}

/// A graph that lists the neighbours of a node (petgraph's `IntoNeighbors`), in both directions for
/// directed storage.
public protocol NeighborsGraph: CompactGraph {
    /// Calls `body` with each neighbour of `node` (repeats allowed).
    func forEachNeighbor(of node: Int32, _ body: (Int32) -> Void)
}

/// An undirected graph with a weight per adjacency slot.
public protocol WeightedNeighborsGraph: CompactGraph {
    /// Calls `body` with each neighbour of `node` and the weight of the edge.
    func forEachWeightedNeighbor(of node: Int32, _ body: (Int32, Double) -> Void)
}

extension EntityGraph: NeighborsGraph {
    @inlinable
    public func forEachNeighbor(of node: Int32, _ body: (Int32) -> Void) {
        for slot in slots(node) { body(neighbours[slot]) }
    }
}
