import CMemoryHints
import Foundation

/// Collects nodes and edges, then freezes them into an ``EntityGraph`` with a CSR adjacency built by
/// counting sort (two passes over the edges, no per-node arrays).
public struct EntityGraphBuilder: Sendable {
    private var keys: KeyInterner
    private var nodeKinds: [UInt8] = []
    private var recordOrdinal: [Int32] = []
    private var edgeSource: [Int32] = []
    private var edgeTarget: [Int32] = []
    private var edgeKinds: [UInt8] = []
    private var edgeTimes = EdgeTimeColumn()
    private var edgeRecords = EdgeRecordColumn()
    /// (node << 32 | place) pairs, deduplicated at build time.
    private var placePairs: [UInt64] = []
    /// The last place recorded per node, to skip the common repeat cheaply.
    private var lastPlace: [Int32] = []
    private var scratch: [UInt8] = []
    /// The record attributes, filled by the loader.
    public var facts = RecordFacts()

    /// Creates a builder sized for about `nodes` nodes and `edges` edges.
    ///
    /// The columns reserve twice that: an array that outgrows its capacity at the end of a load copies
    /// itself into one twice as large while the old one is still held (on the 4.31M-waybill world the
    /// edge columns overflowed by the last few case links: a spike of several hundred MB at the load's
    /// end), whereas capacity never written costs address space, not memory. The key table, which is
    /// written when created, is sized for `nodes`.
    public init(nodes: Int = 1 << 16, edges: Int = 1 << 17) {
        keys = KeyInterner(capacity: nodes, bytes: nodes * 32)
        nodeKinds.reserveCapacity(2 * nodes)
        recordOrdinal.reserveCapacity(2 * nodes)
        lastPlace.reserveCapacity(2 * nodes)
        edgeSource.reserveCapacity(2 * edges)
        edgeTarget.reserveCapacity(2 * edges)
        edgeKinds.reserveCapacity(2 * edges)
        edgeTimes.reserveCapacity(2 * edges)
        scratch.reserveCapacity(256)
    }

    /// The number of nodes so far.
    public var nodeCount: Int { nodeKinds.count }

    /// The node for `(kind, value)`, created on first sight. `value` must be normalised.
    public mutating func node(_ kind: EntityKind, _ value: UnsafeBufferPointer<UInt8>) -> Int32 {
        setScratch(kind, value)
        let id = scratch.withUnsafeBufferPointer { keys.intern($0) }
        return addNode(kind, id)
    }

    /// The node for `(kind, value)` whose ``keyHash(_:_:)`` is `hash`, created on first sight.
    mutating func node(_ kind: EntityKind, _ value: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int32 {
        setScratch(kind, value)
        let id = scratch.withUnsafeBufferPointer { keys.intern($0, hash: hash) }
        return addNode(kind, id)
    }

    /// The hash under which `(kind, value)` is keyed, for ``prefetch(_:stage:)`` and
    /// ``node(_:_:hash:)``.
    mutating func keyHash(_ kind: EntityKind, _ value: UnsafeBufferPointer<UInt8>) -> UInt32 {
        setScratch(kind, value)
        return scratch.withUnsafeBufferPointer { KeyInterner.hash($0) }
    }

    /// ``KeyInterner/prefetch(_:stage:)`` for a coming ``node(_:_:hash:)``.
    @inline(__always)
    mutating func prefetch(_ hash: UInt32, stage: Int) {
        keys.prefetch(hash, stage: stage)
    }

    private mutating func setScratch(_ kind: EntityKind, _ value: UnsafeBufferPointer<UInt8>) {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(kind.rawValue)
        scratch.append(contentsOf: value)
    }

    /// Records node `id` of `kind` when it is new.
    @inline(__always)
    private mutating func addNode(_ kind: EntityKind, _ id: Int32) -> Int32 {
        if Int(id) == nodeKinds.count {
            nodeKinds.append(kind.rawValue)
            recordOrdinal.append(-1)
            lastPlace.append(-1)
        }
        return id
    }

    /// The node for `(kind, value)`, created on first sight.
    public mutating func node(_ kind: EntityKind, _ value: String) -> Int32 {
        var value = value
        return value.withUTF8 { node(kind, $0) }
    }

    /// Marks `node` as the record with this ordinal in its facts column.
    public mutating func setRecord(_ node: Int32, ordinal: Int) {
        recordOrdinal[Int(node)] = Int32(ordinal)
    }

    /// Adds an edge.
    public mutating func edge(_ source: Int32, _ target: Int32, _ kind: EdgeKind, time: Int64 = EntityGraph.undated, record: Int32 = -1) {
        edgeSource.append(source)
        edgeTarget.append(target)
        edgeKinds.append(kind.rawValue)
        edgeTimes.append(time)
        if record >= 0 { edgeRecords.set(edgeKinds.count - 1, record) }
    }

    /// Records that `node` was seen in the place with index `place` (an index into `facts.adcodes`).
    public mutating func touch(_ node: Int32, place: Int32) {
        guard node >= 0, place >= 0, lastPlace[Int(node)] != place else { return }
        lastPlace[Int(node)] = place
        placePairs.append(UInt64(UInt32(node)) << 32 | UInt64(UInt32(place)))
    }

    /// ``touch(_:place:)`` for each `(node, place)` of `pairs`, in order, with the node's last place
    /// prefetched eight pairs ahead (a random read in a column of millions of nodes).
    mutating func touch(_ pairs: [(node: Int32, place: Int32)]) {
        for k in pairs.indices {
            if k + 8 < pairs.count { prefetchLastPlace(pairs[k + 8].node) }
            touch(pairs[k].node, place: pairs[k].place)
        }
    }

    /// Mutating, so that the column is borrowed in place, not copied and retained per hint.
    @inline(__always)
    private mutating func prefetchLastPlace(_ node: Int32) {
        guard node >= 0, Int(node) < lastPlace.count else { return }
        lastPlace.withUnsafeBufferPointer { yanjian_prefetch($0.baseAddress! + Int(node)) }
    }

    /// Writes or reads everything added so far (``SnapshotColumns``). Place pairs are sorted and
    /// deduplicated first (the freeze does so anyway). A read builder is checked whole: node columns as
    /// long as the key table, edge columns equally long, every edge and place naming a node that
    /// exists, and the facts (``RecordFacts/snapshot(_:nodes:)``); nil when it is not.
    mutating func snapshot(_ columns: inout some SnapshotColumns) throws -> Bool {
        placePairs.sortAndRemoveDuplicates()
        guard try keys.snapshot(&columns) else { return false }
        try columns.column(&nodeKinds)
        try columns.column(&recordOrdinal)
        try columns.column(&edgeSource)
        try columns.column(&edgeTarget)
        try columns.column(&edgeKinds)
        try edgeTimes.snapshot(&columns)
        try columns.column(&placePairs)
        let n = keys.count
        let m = edgeKinds.count
        guard try edgeRecords.snapshot(&columns, edges: m), nodeKinds.count == n, recordOrdinal.count == n,
            edgeSource.count == m, edgeTarget.count == m, edgeTimes.count == m,
            edgeSource.allSatisfy({ $0 >= 0 && Int($0) < n }), edgeTarget.allSatisfy({ $0 >= 0 && Int($0) < n }),
            placePairs.allSatisfy({ Int($0 >> 32) < n })
        else { return false }
        lastPlace = [Int32](repeating: -1, count: n)
        guard try facts.snapshot(&columns, nodes: n) else { return false }
        let records = [facts.waybillCount, facts.personNode.count, facts.caseNode.count, facts.retailerNode.count, facts.companyNode.count].max()!
        let placeCount = UInt64(facts.adcodes.count)
        return recordOrdinal.allSatisfy { $0 >= -1 && Int($0) < records } && placePairs.allSatisfy { $0 & 0xFFFF_FFFF < placeCount }
    }

    /// Freezes the graph.
    public consuming func build() -> EntityGraph {
        let n = nodeKinds.count
        let m = edgeKinds.count
        precondition(2 * m < Int(Int32.max), "the entity graph holds fewer than 2³⁰ edges")
        // The places on a second thread while this one builds the adjacency (the sort is a fifth of
        // the freeze).
        lastPlace = []
        let placeSide = PlaceFreeze(pairs: placePairs, nodes: n)
        placePairs = []
        let placeThread = Thread { placeSide.run() }
        placeThread.name = "yanjian.graph-places"
        placeThread.start()
        var offsets = [Int32](repeating: 0, count: n + 1)
        for e in 0..<m {
            offsets[Int(edgeSource[e]) + 1] += 1
            offsets[Int(edgeTarget[e]) + 1] += 1
        }
        for v in 0..<n { offsets[v + 1] += offsets[v] }
        // `offsets[v]` serves as node v's write cursor (no copy of the array: 88 MB on the 4.31M-waybill
        // graph, at the load's memory peak); after the fill it holds v's end, and a shift puts it back.
        var neighbours = [Int32](repeating: 0, count: 2 * m)
        var slotEdges = [Int32](repeating: 0, count: 2 * m)
        neighbours.withUnsafeMutableBufferPointer { nb in
            slotEdges.withUnsafeMutableBufferPointer { se in
                // Outgoing slots first, then incoming, each in insertion (mostly time) order.
                for e in 0..<m {
                    let s = Int(edgeSource[e])
                    let slot = Int(offsets[s])
                    nb[slot] = edgeTarget[e]
                    se[slot] = Int32(e)
                    offsets[s] = Int32(slot + 1)
                }
                for e in 0..<m {
                    let t = Int(edgeTarget[e])
                    let slot = Int(offsets[t])
                    nb[slot] = edgeSource[e]
                    se[slot] = Int32(e)
                    offsets[t] = Int32(slot + 1)
                }
            }
        }
        for v in stride(from: n, to: 0, by: -1) { offsets[v] = offsets[v - 1] }
        offsets[0] = 0
        let (placeOffsets, places) = placeSide.wait()
        return EntityGraph(
            keys: keys, nodeKinds: nodeKinds, recordOrdinal: recordOrdinal, edgeSource: edgeSource,
            edgeTarget: edgeTarget, edgeKinds: edgeKinds, edgeTimes: edgeTimes, edgeRecords: edgeRecords,
            offsets: offsets, neighbours: neighbours, slotEdges: slotEdges, placeOffsets: placeOffsets,
            places: places, facts: facts)
    }
}

/// The freeze's place index, built on a thread of its own: `(node << 32 | place)` pairs sorted and
/// deduplicated into per-node offsets and places.
private final class PlaceFreeze: @unchecked Sendable {
    private var pairs: [UInt64]
    private let nodes: Int
    private var offsets: [Int32] = []
    private var places: [Int32] = []
    private let done = DispatchSemaphore(value: 0)

    init(pairs: [UInt64], nodes: Int) {
        self.pairs = pairs
        self.nodes = nodes
    }

    /// Builds the index (on the place thread), then signals.
    func run() {
        pairs.radixSort()
        offsets = [Int32](repeating: 0, count: nodes + 1)
        places.reserveCapacity(pairs.count)
        var previous = UInt64.max
        for pair in pairs where pair != previous {
            previous = pair
            offsets[Int(pair >> 32) + 1] += 1
            places.append(Int32(truncatingIfNeeded: pair & 0xFFFF_FFFF))
        }
        for v in 0..<nodes { offsets[v + 1] += offsets[v] }
        pairs = []
        done.signal()
    }

    /// Waits for ``run()`` and hands its result over.
    func wait() -> (offsets: [Int32], places: [Int32]) {
        done.wait()
        defer { (offsets, places) = ([], []) }
        return (offsets, places)
    }
}
