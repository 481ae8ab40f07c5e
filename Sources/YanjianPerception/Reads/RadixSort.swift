/// Least-significant-digit radix sorts over flat buffers of `UInt64` keys: the sorts every pass of
/// the perception analyses is built on (reads by camera and time, co-passing pairs by plate pair).
///
/// Digits are 11 bits (2,048 buckets, so a histogram stays in L1); a pass whose digit is the same for
/// every key is skipped, so sorting 22 significant bits of 64 costs two passes.
package enum RadixSort {
    /// Bits per digit.
    package static let digitBits = 11
    /// Below this many keys an insertion sort is faster than counting.
    package static let smallCount = 48

    /// Sorts `keys` ascending by bits `lowBit..<(lowBit + bits)` (stable: keys equal there keep their
    /// order; with `lowBit` 0 and higher bits zero or equal this is a plain ascending sort), using
    /// `scratch` (at least as long as `keys`) as the second buffer.
    package static func sort(
        _ keys: UnsafeMutableBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>, lowBit: Int = 0, bits: Int
    ) {
        let count = keys.count
        if count <= smallCount && lowBit == 0 {
            insertionSort(keys)
            return
        }
        precondition(scratch.count >= count, "radix scratch buffer too small")
        guard let keyBase = keys.baseAddress, let scratchBase = scratch.baseAddress else { return }
        let radix = 1 << digitBits
        let mask = UInt64(radix - 1)
        var source = keyBase
        var target = scratchBase
        var histogram = [Int](repeating: 0, count: radix)
        histogram.withUnsafeMutableBufferPointer { counts in
            guard let counts = counts.baseAddress else { return }
            var shift = lowBit
            while shift < lowBit + bits {
                for bucket in 0..<radix { counts[bucket] = 0 }
                for index in 0..<count { counts[Int((source[index] >> UInt64(shift)) & mask)] += 1 }
                // A digit shared by every key needs no pass.
                if counts[Int((source[0] >> UInt64(shift)) & mask)] == count {
                    shift += digitBits
                    continue
                }
                var total = 0
                for bucket in 0..<radix {
                    let size = counts[bucket]
                    counts[bucket] = total
                    total += size
                }
                for index in 0..<count {
                    let key = source[index]
                    let bucket = Int((key >> UInt64(shift)) & mask)
                    target[counts[bucket]] = key
                    counts[bucket] += 1
                }
                swap(&source, &target)
                shift += digitBits
            }
        }
        if source != keyBase { keyBase.update(from: source, count: count) }
    }

    /// Sorts a short buffer in place.
    package static func insertionSort(_ keys: UnsafeMutableBufferPointer<UInt64>) {
        guard keys.count > 1 else { return }
        for index in 1..<keys.count {
            let key = keys[index]
            var position = index
            while position > 0 && keys[position - 1] > key {
                keys[position] = keys[position - 1]
                position -= 1
            }
            keys[position] = key
        }
    }

    /// Sorts an array ascending by its low `bits` bits.
    package static func sort(_ keys: inout [UInt64], bits: Int) {
        guard keys.count > 1 else { return }
        var scratch = [UInt64](repeating: 0, count: keys.count)
        keys.withUnsafeMutableBufferPointer { keyBuffer in
            scratch.withUnsafeMutableBufferPointer { scratchBuffer in
                sort(keyBuffer, scratch: scratchBuffer, bits: bits)
            }
        }
    }

    /// The number of bits needed to hold values up to `maximum`.
    package static func bitWidth(_ maximum: UInt64) -> Int { maximum == 0 ? 1 : 64 - maximum.leadingZeroBitCount }
}
