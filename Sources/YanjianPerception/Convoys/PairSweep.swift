/// The candidate-pair sweep of convoy detection: walk every camera's reads in time order, pair each
/// read with the reads of other plates that follow within the window, count co-passings per plate pair
/// with a radix sort of packed pair keys, and keep the pairs seen together often enough to matter.
///
/// Each co-passing is keyed by its pair and its time bucket (`bucketSeconds`, the occasion gap), so the
/// count kept per pair is the number of distinct buckets: never fewer than the pair's separate
/// occasions (two occasions more than a bucket apart cannot share one), and far fewer than its
/// co-passings for two cars that met once on a long road. That prunes before the exact evaluation.
///
/// The busy-camera guard: a read is paired with at most `fanOut` following reads, so a toll gate
/// passing a car a second cannot make the pair count explode (the convoy baseline discounts such
/// cameras anyway: two cars there within two minutes is no evidence).
package enum PairSweep {
    /// What the sweep found.
    package struct Result: Sendable {
        /// Co-passing read pairs emitted.
        package var events: Int
        /// Distinct plate pairs among them.
        package var distinctPairs: Int
        /// Pairs with co-passings in at least `minCount` distinct time buckets, as `a << 32 | b` with
        /// `a < b`, ascending.
        package var candidates: [UInt64]
        /// Distinct time buckets of each candidate's co-passings.
        package var candidateCounts: [UInt32]
        /// Per plate: how many distinct plates it co-passed at least once.
        package var partners: [UInt32]
        /// Reads whose window held more than `fanOut` reads.
        package var cappedReads: Int
    }

    /// Runs the sweep over `index`'s camera-major arrays.
    /// - Parameters:
    ///   - window: seconds; two reads at one camera at most this far apart co-pass.
    ///   - fanOut: the most following reads one read is paired with.
    ///   - bucketSeconds: the width of the time buckets counted per pair.
    ///   - minCount: the fewest distinct buckets a pair needs to be kept.
    package static func run(
        index: ReadIndex, plateCount: Int, window: Int32, fanOut: Int, bucketSeconds: Int32, minCount: Int
    ) -> Result {
        run(cameraStart: index.cameraStart, cameraTime: index.cameraTime, cameraPlate: index.cameraPlate,
            plateCount: plateCount, window: window, fanOut: fanOut, bucketSeconds: bucketSeconds, minCount: minCount)
    }

    /// Runs the sweep over camera-major arrays (see ``ReadIndex``).
    package static func run(
        cameraStart: [Int], cameraTime: [Int32], cameraPlate: [Int32], plateCount: Int, window: Int32, fanOut: Int,
        bucketSeconds: Int32, minCount: Int
    ) -> Result {
        let plateBits = RadixSort.bitWidth(UInt64(max(1, plateCount) - 1))
        var maxTime: Int32 = 0
        for time in cameraTime where time > maxTime { maxTime = time }
        let bucketWidth = max(1, bucketSeconds)
        // Buckets only when the key still fits in 64 bits (else each co-passing counts).
        var bucketBits = RadixSort.bitWidth(UInt64(maxTime / bucketWidth))
        if 2 * plateBits + bucketBits > 64 { bucketBits = 0 }
        let pairShift = UInt64(bucketBits)
        let cameraCount = cameraStart.count - 1
        var capacity = max(1024, cameraTime.count)
        var buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        var used = 0
        var capped = 0
        let fan = max(1, fanOut)
        cameraTime.withUnsafeBufferPointer { times in
            cameraPlate.withUnsafeBufferPointer { plates in
                guard let times = times.baseAddress, let plates = plates.baseAddress else { return }
                for camera in 0..<cameraCount {
                    let low = cameraStart[camera], high = cameraStart[camera + 1]
                    let bound = (high - low) * min(fan, max(0, high - low - 1))
                    if capacity - used < bound {
                        let grown = max(used + bound, capacity + capacity / 2)
                        let next = UnsafeMutablePointer<UInt64>.allocate(capacity: grown)
                        next.moveInitialize(from: buffer, count: used)
                        buffer.deallocate()
                        buffer = next
                        capacity = grown
                    }
                    var out = used
                    var i = low
                    while i < high {
                        let time = times[i]
                        let plate = plates[i]
                        let bucket = bucketBits == 0 ? 0 : UInt64(time / bucketWidth)
                        let limit = min(high, i + 1 + fan)
                        var j = i + 1
                        while j < limit && times[j] - time <= window {
                            let other = plates[j]
                            if other != plate {
                                let pair = plate < other
                                    ? UInt64(plate) << plateBits | UInt64(other)
                                    : UInt64(other) << plateBits | UInt64(plate)
                                buffer[out] = pair << pairShift | bucket
                                out += 1
                            }
                            j += 1
                        }
                        if j == limit && j < high && times[j] - time <= window { capped += 1 }
                        i += 1
                    }
                    used = out
                }
            }
        }
        defer { buffer.deallocate() }
        let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: max(1, used))
        defer { scratch.deallocate() }
        RadixSort.sort(
            UnsafeMutableBufferPointer(start: buffer, count: used), scratch: UnsafeMutableBufferPointer(start: scratch, count: used),
            bits: 2 * plateBits + bucketBits)

        var candidates: [UInt64] = []
        var counts: [UInt32] = []
        var partners = [UInt32](repeating: 0, count: plateCount)
        var distinct = 0
        let lowMask = (UInt64(1) << plateBits) - 1
        partners.withUnsafeMutableBufferPointer { partners in
            var run = 0
            while run < used {
                let pair = buffer[run] >> pairShift
                var end = run + 1
                var buckets = 1
                while end < used && buffer[end] >> pairShift == pair {
                    if buffer[end] != buffer[end - 1] { buckets += 1 }
                    end += 1
                }
                distinct += 1
                let a = Int(pair >> plateBits), b = Int(pair & lowMask)
                partners[a] &+= 1
                partners[b] &+= 1
                if buckets >= minCount {
                    candidates.append(UInt64(a) << 32 | UInt64(b))
                    counts.append(UInt32(clamping: buckets))
                }
                run = end
            }
        }
        return Result(
            events: used, distinctPairs: distinct, candidates: candidates, candidateCounts: counts, partners: partners,
            cappedReads: capped)
    }
}
