/// Disjoint sets over `0..<count` with union by size and path halving: near-constant time per
/// operation, two flat `Int32` arrays.
public struct UnionFind: Sendable {
    private var parent: [Int32]
    private var size: [Int32]

    /// Creates `count` singleton sets.
    public init(count: Int) {
        parent = (0..<Int32(count)).map { $0 }
        size = [Int32](repeating: 1, count: count)
    }

    /// The number of elements.
    public var count: Int { parent.count }

    /// The representative of `x`'s set.
    public mutating func find(_ x: Int32) -> Int32 {
        var x = Int(x)
        return parent.withUnsafeMutableBufferPointer { p in
            while Int(p[x]) != x {
                let grand = p[Int(p[x])]
                p[x] = grand
                x = Int(grand)
            }
            return Int32(x)
        }
    }

    /// Merges the sets of `a` and `b`; returns false when they were already one set.
    @discardableResult
    public mutating func union(_ a: Int32, _ b: Int32) -> Bool {
        var ra = find(a)
        var rb = find(b)
        if ra == rb { return false }
        if size[Int(ra)] < size[Int(rb)] { swap(&ra, &rb) }
        parent[Int(rb)] = ra
        size[Int(ra)] += size[Int(rb)]
        return true
    }

    /// The size of `x`'s set.
    public mutating func setSize(_ x: Int32) -> Int {
        Int(size[Int(find(x))])
    }

    /// Dense component labels `0..<k` in order of each component's smallest element, and `k`.
    public mutating func labels() -> (labels: [Int32], count: Int) {
        var label = [Int32](repeating: -1, count: parent.count)
        var result = [Int32](repeating: 0, count: parent.count)
        var next: Int32 = 0
        for x in 0..<parent.count {
            let root = Int(find(Int32(x)))
            if label[root] < 0 {
                label[root] = next
                next += 1
            }
            result[x] = label[root]
        }
        return (result, Int(next))
    }
}
