/// An immutable snapshot of the entity graph: nodes with dense `Int32` ids (entities and records),
/// typed and time-stamped edges, and a CSR adjacency holding both directions of every edge.
///
/// Built once from the store by ``EntityGraphLoader`` (or by hand in tests through
/// ``EntityGraphBuilder``), shared as a `let`, replaced whole on rebuild. Ids are `0..<nodeCount` with
/// no holes, so algorithms use flat arrays and bitsets indexed by node.
public struct EntityGraph: Sendable {
    /// Time of an edge that has none (an identity fact from a person or retailer file).
    public static let undated = Int64.min

    /// Node keys: one kind byte followed by the normalised value.
    public let keys: KeyInterner
    /// Kind of each node (an `EntityKind` raw value).
    public let nodeKinds: [UInt8]
    /// For record nodes, the ordinal of the record in ``facts`` (waybill, person, case, retailer or
    /// business column); `-1` for other nodes.
    public let recordOrdinal: [Int32]

    /// Edge endpoints, kinds, times (Unix seconds or ``undated``) and the record ordinal that states the
    /// edge where the endpoints do not say it themselves (the transfer of a `paid` edge, the case link
    /// of a `caseNames` edge; `-1` otherwise).
    public let edgeSource: [Int32]
    public let edgeTarget: [Int32]
    public let edgeKinds: [UInt8]
    public let edgeTimes: EdgeTimeColumn
    public let edgeRecords: EdgeRecordColumn

    /// CSR over both directions: the slots of node `v` are `offsets[v]..<offsets[v + 1]`; each slot
    /// names the neighbour and the edge. 32-bit: 2 × edges stays far below 2³¹ (43M slots at 4.31M
    /// waybills), and the builder refuses more.
    public let offsets: [Int32]
    public let neighbours: [Int32]
    public let slotEdges: [Int32]

    /// Places (indices into `facts.adcodes`) each node was seen in: `placeOffsets[v]..<placeOffsets[v+1]`.
    public let placeOffsets: [Int32]
    public let places: [Int32]

    /// The records' attributes.
    public let facts: RecordFacts

    init(
        keys: KeyInterner, nodeKinds: [UInt8], recordOrdinal: [Int32], edgeSource: [Int32], edgeTarget: [Int32],
        edgeKinds: [UInt8], edgeTimes: EdgeTimeColumn, edgeRecords: EdgeRecordColumn, offsets: [Int32], neighbours: [Int32],
        slotEdges: [Int32], placeOffsets: [Int32], places: [Int32], facts: RecordFacts
    ) {
        self.keys = keys
        self.nodeKinds = nodeKinds
        self.recordOrdinal = recordOrdinal
        self.edgeSource = edgeSource
        self.edgeTarget = edgeTarget
        self.edgeKinds = edgeKinds
        self.edgeTimes = edgeTimes
        self.edgeRecords = edgeRecords
        self.offsets = offsets
        self.neighbours = neighbours
        self.slotEdges = slotEdges
        self.placeOffsets = placeOffsets
        self.places = places
        self.facts = facts
    }

    /// The number of nodes.
    public var nodeCount: Int { nodeKinds.count }
    /// The number of edges.
    public var edgeCount: Int { edgeKinds.count }

    /// The kind of node `v`.
    @inlinable public func kind(_ v: Int32) -> EntityKind {
        EntityKind(rawValue: nodeKinds[Int(v)]) ?? .phone
    }

    /// The normalised value of node `v` (its key without the kind byte).
    public func value(_ v: Int32) -> String {
        String(decoding: keys.bytes(v).dropFirst(), as: UTF8.self)
    }

    /// The value as people wrote it: for an address the first spelling seen, otherwise ``value(_:)``.
    public func displayValue(_ v: Int32) -> String {
        if kind(v) == .address, let text = facts.addressText(v) { return text }
        return value(v)
    }

    /// `kind:value`, the spelling used in findings subjects and the CLI.
    public func label(_ v: Int32) -> String {
        kind(v).code + ":" + value(v)
    }

    /// The node of an entity, or nil when the graph has none. `value` must already be normalised
    /// (see ``EntityKeys``).
    public func node(_ kind: EntityKind, _ value: String) -> Int32? {
        var key: [UInt8] = [kind.rawValue]
        key.append(contentsOf: value.utf8)
        return key.withUnsafeBufferPointer { keys.find($0) }
    }

    /// The number of slots (edges in either direction) of `v`.
    @inlinable public func degree(_ v: Int32) -> Int {
        Int(offsets[Int(v) + 1] - offsets[Int(v)])
    }

    /// The slot range of `v`.
    @inlinable public func slots(_ v: Int32) -> Range<Int> {
        Int(offsets[Int(v)])..<Int(offsets[Int(v) + 1])
    }

    /// The places node `v` was seen in, as adcodes.
    public func placeCodes(_ v: Int32) -> [String] {
        (Int(placeOffsets[Int(v)])..<Int(placeOffsets[Int(v) + 1])).map { facts.adcodes.string(places[$0]) }
    }

    /// Whether edge `e` leaves `v` (true) or arrives at it (false).
    @inlinable public func isOutgoing(_ e: Int32, from v: Int32) -> Bool {
        edgeSource[Int(e)] == v
    }
}

/// Edge times in 32 bits: seconds from 2000-01-01 UTC, which covers 1932–2068 (a time outside reads as
/// that range's end), with ``EntityGraph/undated`` kept apart. Half the memory of `[Int64]`: 87 MB on
/// the 4.31M-waybill graph's 21.7M edges.
public struct EdgeTimeColumn: Sendable, Equatable {
    static let epoch: Int64 = 946_684_800
    private static let none = Int32.min
    private var stored: [Int32] = []

    public init() {}

    public var count: Int { stored.count }

    /// The time of edge `e` (Unix seconds), or ``EntityGraph/undated``.
    @inlinable public subscript(e: Int) -> Int64 {
        let value = storedValue(e)
        return value == Int32.min ? EntityGraph.undated : Self.epochValue + Int64(value)
    }

    @usableFromInline static var epochValue: Int64 { epoch }
    @usableFromInline func storedValue(_ e: Int) -> Int32 { stored[e] }

    mutating func reserveCapacity(_ count: Int) { stored.reserveCapacity(count) }

    /// Writes or reads the column (``SnapshotColumns``).
    mutating func snapshot(_ columns: inout some SnapshotColumns) throws {
        try columns.column(&stored)
    }

    mutating func append(_ time: Int64) {
        guard time != EntityGraph.undated else {
            stored.append(Self.none)
            return
        }
        stored.append(Int32(clamping: max(time - Self.epoch, Int64(Int32.min) + 1)))
    }
}

/// The record ordinal behind each edge, kept only for the edges that have one (transfers, case links):
/// the 4.31M-waybill graph's 21.7M edges are nearly all waybill edges without one, so a dense column
/// of `-1`s cost 87 MB. Lookups are binary searches over edges added in order.
public struct EdgeRecordColumn: Sendable, Equatable {
    private var edges: [Int32] = []
    private var records: [Int32] = []

    public init() {}

    /// The record ordinal of edge `e`, or `-1`.
    public subscript(e: Int) -> Int32 {
        var low = 0
        var high = edges.count
        let target = Int32(truncatingIfNeeded: e)
        while low < high {
            let middle = (low + high) >> 1
            if edges[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low < edges.count && edges[low] == target ? records[low] : -1
    }

    /// Writes or reads the column (``SnapshotColumns``); a read one must name edges below `edges` in
    /// increasing order.
    mutating func snapshot(_ columns: inout some SnapshotColumns, edges count: Int) throws -> Bool {
        try columns.column(&edges)
        try columns.column(&records)
        var previous = Int32(-1)
        for edge in edges {
            guard edge > previous, Int(edge) < count else { return false }
            previous = edge
        }
        return records.count == edges.count
    }

    /// Records `record` for edge `e`; edges must come in increasing order.
    mutating func set(_ e: Int, _ record: Int32) {
        precondition(edges.last.map { Int($0) < e } ?? true, "edge records are added in edge order")
        edges.append(Int32(truncatingIfNeeded: e))
        records.append(record)
    }
}
