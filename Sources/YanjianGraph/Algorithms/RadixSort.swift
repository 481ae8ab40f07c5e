/// Least-significant-digit radix sort of 64-bit keys: six counting passes of 11 bits, every pass's
/// histogram taken in one read, and passes where all keys share the digit skipped (packed pairs of
/// node ids leave their top bits zero). Stable, and it carries an optional `Int32` value per key.
/// On millions of keys it is several times faster than a comparison sort; it needs a second buffer
/// as large as the input while it runs.
enum RadixSort {
    /// Below this many keys a comparison sort is as fast and needs no buffer.
    static let smallInput = 1 << 12

    /// Sorts `keys` ascending and moves `values` (empty, or one per key) with them.
    static func sort(_ keys: inout [UInt64], carrying values: inout [Int32]) {
        let n = keys.count
        let carry = !values.isEmpty
        precondition(!carry || values.count == n, "one value per key")
        guard n > 1 else { return }
        let bits = 11, digits = 1 << bits, passes = (64 + bits - 1) / bits
        let mask = UInt64(digits - 1)
        var counts = [Int](repeating: 0, count: digits * passes)
        for key in keys {
            for pass in 0..<passes { counts[pass * digits + Int((key >> UInt64(bits * pass)) & mask)] += 1 }
        }
        var spareKeys = [UInt64](repeating: 0, count: n)
        var spareValues = [Int32](repeating: 0, count: carry ? n : 0)
        for pass in 0..<passes {
            let base = pass * digits
            let shift = UInt64(bits * pass)
            // Every key has this digit: the pass would move nothing.
            if counts[base + Int((keys[0] >> shift) & mask)] == n { continue }
            var total = 0
            for d in 0..<digits {
                let c = counts[base + d]
                counts[base + d] = total
                total += c
            }
            for i in 0..<n {
                let digit = base + Int((keys[i] >> shift) & mask)
                let at = counts[digit]
                counts[digit] = at + 1
                spareKeys[at] = keys[i]
                if carry { spareValues[at] = values[i] }
            }
            swap(&keys, &spareKeys)
            if carry { swap(&values, &spareValues) }
        }
    }
}

extension Array where Element == UInt64 {
    /// Sorts ascending: a radix sort for large arrays (packed pairs), a comparison sort for small ones.
    mutating func radixSort() {
        guard count > RadixSort.smallInput else {
            sort()
            return
        }
        var none: [Int32] = []
        RadixSort.sort(&self, carrying: &none)
    }

    /// Sorts the array and removes repeated elements in place, by radix sort when it is large.
    mutating func sortAndRemoveDuplicates() {
        radixSort()
        removeAdjacentDuplicates()
    }
}
