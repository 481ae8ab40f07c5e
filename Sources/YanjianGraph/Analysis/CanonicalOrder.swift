/// Orders that depend on what entities are (their kind and key), not on where their records sit in
/// the store.
///
/// The loader numbers nodes as their rows come, and storage order is not a fact of the data: the same
/// delivery with its rows in another order, or imported in other batches, is stored otherwise. So
/// nothing the analysis concludes may follow node numbers. Where it must visit entities in some order,
/// break a tie or add up weights, it does so in these orders instead:
///
/// - nodes by a 64-bit hash of their key (the key's bytes when two hashes are equal), and the
///   projection's parties breadth first from there, so that linked parties have near numbers;
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
    @inline(__always) static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 31)
    }

    /// The hashes of the keys of `node(i)` for `i` in `0..<count`, read straight from the arena.
    static func hashes(count: Int, in graph: EntityGraph, _ node: (Int) -> Int32) -> [UInt64] {
        let keys = graph.keys
        return keys.arena.withUnsafeBufferPointer { arena in
            keys.ends.withUnsafeBufferPointer { ends in
                (0..<count).map { i in
                    let v = Int(node(i))
                    let start = v == 0 ? 0 : Int(ends[v - 1])
                    return hash(UnsafeBufferPointer(rebasing: arena[start..<Int(ends[v])]))
                }
            }
        }
    }

    /// `nodes` in canonical order.
    static func sorted(_ nodes: [Int32], in graph: EntityGraph) -> [Int32] {
        sorted(nodes, by: { $0 }, in: graph)
    }

    /// `items` (records, say) in the canonical order of their nodes (`node(item)`), items of one node
    /// in their own order.
    static func sorted(_ items: [Int32], by node: (Int32) -> Int32, in graph: EntityGraph) -> [Int32] {
        let hashes = hashes(count: items.count, in: graph) { node(items[$0]) }
        var order = radixSorted(hashes)
        // Equal hashes (equal keys, or a rare collision): by the keys' bytes, then the items.
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && hashes[Int(order[end])] == hashes[Int(order[start])] { end += 1 }
            if end - start > 1 {
                order[start..<end].sort { a, b in
                    let x = graph.keys.bytes(node(items[Int(a)])), y = graph.keys.bytes(node(items[Int(b)]))
                    return x == y ? items[Int(a)] < items[Int(b)] : x.lexicographicallyPrecedes(y)
                }
            }
            start = end
        }
        return order.map { items[Int($0)] }
    }

    /// Each distinct node of `nodes` with its position in canonical order (for sort keys of records
    /// that hold several nodes).
    static func ranks(_ nodes: [Int32], in graph: EntityGraph) -> [Int32: Int32] {
        var distinct = nodes
        distinct.sortAndRemoveDuplicates()
        var rank = [Int32: Int32](minimumCapacity: distinct.count)
        for (position, node) in sorted(distinct, in: graph).enumerated() { rank[node] = Int32(position) }
        return rank
    }

    /// The positions of `keys` in ascending order of key (stable), by ``RadixSort`` when there are many.
    static func radixSorted(_ keys: [UInt64]) -> [Int32] {
        guard keys.count > RadixSort.smallInput else {
            return (0..<Int32(keys.count)).sorted { (keys[Int($0)], $0) < (keys[Int($1)], $1) }
        }
        var sortedKeys = keys
        var positions = (0..<Int32(keys.count)).map { $0 }
        RadixSort.sort(&sortedKeys, carrying: &positions)
        return positions
    }

    /// `nodes` in a canonical order that keeps linked nodes close together: breadth first over
    /// `links`, from each not yet placed node in hash order, a node's new neighbours in hash order.
    /// Community detection reads each node's neighbours' labels; numbered in hash order alone those
    /// are scattered over memory, and detection on the 4.31M-waybill graph took a third longer.
    static func breadthFirst(_ nodes: [Int32], links: WeightedGraph, in graph: EntityGraph) -> [Int32] {
        let byHash = sorted(nodes, in: graph)
        var rank = [Int32](repeating: -1, count: graph.nodeCount)
        for (r, v) in byHash.enumerated() { rank[Int(v)] = Int32(r) }
        var order: [Int32] = []
        order.reserveCapacity(byHash.count)
        var found: [Int32] = []
        for root in byHash where rank[Int(root)] >= 0 {
            rank[Int(root)] = -1
            order.append(root)
            var head = order.count - 1
            while head < order.count {
                let u = Int(order[head])
                head += 1
                found.removeAll(keepingCapacity: true)
                for slot in links.offsets[u]..<links.offsets[u + 1] {
                    let v = Int(links.targets[slot])
                    guard rank[v] >= 0 else { continue }
                    found.append(rank[v])
                    rank[v] = -1
                }
                found.sort()
                for r in found { order.append(byHash[Int(r)]) }
            }
        }
        return order
    }

    /// Whether interned text `a` sorts before `b` (names, place codes), by their bytes.
    @inline(__always) static func precedes(_ a: Int32, _ b: Int32, in strings: KeyInterner) -> Bool {
        a != b && strings.bytes(a).lexicographicallyPrecedes(strings.bytes(b))
    }
}
