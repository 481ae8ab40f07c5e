/// Orders that depend on what entities are (their kind and key), not on where their records sit in
/// the store.
///
/// The loader numbers nodes as their rows come, and storage order is not a fact of the data: the same
/// delivery with its rows in another order, or imported in other batches, is stored otherwise. So
/// nothing the analysis concludes may follow node numbers. Where it must visit entities in some order,
/// break a tie or add up weights, it does so in these orders instead:
///
/// - nodes by a 64-bit hash of their key (the key's bytes when two hashes are equal): a scattered
///   order, as good as storage order for the random-order passes of community detection;
/// - names and place codes by their text;
/// - weights rounded to a multiple of 2⁻²⁰ before they are summed, so that their sums are exact, and
///   the same, in any order (sums stay exact below 2³³).
enum CanonicalOrder {
    /// The resolution of link weights.
    static let weightQuantum = 1.0 / 1_048_576

    /// `weight` rounded to a multiple of ``weightQuantum``.
    @inline(__always) static func exact(_ weight: Double) -> Double {
        (weight / weightQuantum).rounded() * weightQuantum
    }

    /// FNV-1a over the key's bytes, finished with a splitmix step so that keys differing in their last
    /// bytes scatter.
    static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 31)
    }

    /// The hash of node `v`'s key.
    @inline(__always) static func hash(_ v: Int32, in graph: EntityGraph) -> UInt64 {
        hash(graph.keys.bytes(v))
    }

    /// `nodes` in canonical order.
    static func sorted(_ nodes: [Int32], in graph: EntityGraph) -> [Int32] {
        sorted(nodes, by: { $0 }, in: graph)
    }

    /// `items` (records, say) in the canonical order of their nodes (`node(item)`), items of one node
    /// in their own order.
    static func sorted(_ items: [Int32], by node: (Int32) -> Int32, in graph: EntityGraph) -> [Int32] {
        var keyed = items.map { (hash: hash(node($0), in: graph), item: $0) }
        keyed.sort { a, b in
            if a.hash != b.hash { return a.hash < b.hash }
            let x = graph.keys.bytes(node(a.item)), y = graph.keys.bytes(node(b.item))
            return x == y ? a.item < b.item : x.lexicographicallyPrecedes(y)
        }
        return keyed.map(\.item)
    }

    /// Whether interned text `a` sorts before `b` (names, place codes), by their bytes.
    @inline(__always) static func precedes(_ a: Int32, _ b: Int32, in strings: KeyInterner) -> Bool {
        a != b && strings.bytes(a).lexicographicallyPrecedes(strings.bytes(b))
    }
}
