/// Why the reads cannot be indexed.
public enum PerceptionError: Error, Equatable, CustomStringConvertible {
    /// The reads span more time than relative `Int32` seconds hold (about 68 years): a broken clock.
    case timeSpanTooLong(first: Int64, last: Int64)
    /// More reads or plates than the flat indexes hold.
    case tooManyReads(Int)

    public var description: String {
        switch self {
        case .timeSpanTooLong(let first, let last):
            return "plate reads span \(first)…\(last) (Unix seconds): more than 68 years; check camera clocks"
        case .tooManyReads(let count):
            return "\(count) plate reads exceed what one analysis run indexes (2^31)"
        }
    }
}

/// The reads sorted the ways the analyses walk them, built once with a radix sort and two stable
/// counting scatters:
/// - by camera, then time (``cameraStart``, ``cameraTime``, ``cameraPlate``): the convoy sweep;
/// - by plate, then time (``plateStart``, ``plateReads``): trajectories, cloned plates, night trips.
///
/// Times are seconds relative to ``baseTime`` so that a sort key packs time and read index in 64 bits.
package struct ReadIndex: Sendable {
    /// The earliest read's Unix seconds; relative times count from it.
    package let baseTime: Int64
    /// Read indices in time order.
    package let byTime: [Int32]
    /// Reads of camera `c` are at `cameraStart[c]..<cameraStart[c + 1]` of the camera arrays.
    package let cameraStart: [Int]
    /// Relative seconds, camera-major, time ascending within a camera.
    package let cameraTime: [Int32]
    /// Plate ids in the same order as ``cameraTime``.
    package let cameraPlate: [Int32]
    /// Reads of plate `p` are at `plateStart[p]..<plateStart[p + 1]` of ``plateReads``.
    package let plateStart: [Int]
    /// Read indices, plate-major, time ascending within a plate.
    package let plateReads: [Int32]

    /// Sorts the reads of `reads`.
    package init(_ reads: PlateReadSet) throws {
        let count = reads.count
        guard count < Int(Int32.max) else { throw PerceptionError.tooManyReads(count) }
        guard let range = reads.timeRange else {
            baseTime = 0
            byTime = []
            cameraStart = [Int](repeating: 0, count: reads.cameras.count + 1)
            cameraTime = []
            cameraPlate = []
            plateStart = [Int](repeating: 0, count: reads.plateCount + 1)
            plateReads = []
            return
        }
        guard range.upperBound - range.lowerBound < Int64(Int32.max) else {
            throw PerceptionError.timeSpanTooLong(first: range.lowerBound, last: range.upperBound)
        }
        let base = range.lowerBound
        baseTime = base
        byTime = Self.timeOrder(reads.time, base: base)
        (cameraStart, cameraTime, cameraPlate) = Self.cameraMajor(reads, order: byTime, base: base)
        (plateStart, plateReads) = Self.plateMajor(reads, order: byTime)
    }

    /// The number of reads.
    package var count: Int { byTime.count }

    /// Read indices in time order: identity when the input already is, else an LSD radix sort of
    /// `(relative time << 32 | index)` keys on the time digits only.
    package static func timeOrder(_ time: [Int64], base: Int64) -> [Int32] {
        let count = time.count
        return time.withUnsafeBufferPointer { time -> [Int32] in
            var sorted = true
            var index = 1
            while index < count {
                if time[index] < time[index - 1] {
                    sorted = false
                    break
                }
                index += 1
            }
            if sorted {
                return [Int32](unsafeUninitializedCapacity: count) { order, initialized in
                    for index in 0..<count { order[index] = Int32(truncatingIfNeeded: index) }
                    initialized = count
                }
            }
            let keys = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: count)
            let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: count)
            defer {
                keys.deallocate()
                scratch.deallocate()
            }
            var span: Int64 = 0
            for index in 0..<count {
                let relative = time[index] - base
                if relative > span { span = relative }
                keys[index] = UInt64(relative) << 32 | UInt64(index)
            }
            RadixSort.sort(keys, scratch: scratch, lowBit: 32, bits: RadixSort.bitWidth(UInt64(span)))
            return [Int32](unsafeUninitializedCapacity: count) { order, initialized in
                for index in 0..<count { order[index] = Int32(truncatingIfNeeded: keys[index]) }
                initialized = count
            }
        }
    }

    /// Scatters the time order by camera (stable, so each camera stays time-sorted).
    package static func cameraMajor(_ reads: PlateReadSet, order: [Int32], base: Int64) -> ([Int], [Int32], [Int32]) {
        let count = order.count
        let start = bucketStarts(reads.camera, buckets: reads.cameras.count)
        var times = [Int32](repeating: 0, count: count)
        var plates = [Int32](repeating: 0, count: count)
        var cursor = start
        cursor.withUnsafeMutableBufferPointer { cursor in
            reads.camera.withUnsafeBufferPointer { camera in
                reads.time.withUnsafeBufferPointer { time in
                    reads.plate.withUnsafeBufferPointer { plate in
                        times.withUnsafeMutableBufferPointer { times in
                            plates.withUnsafeMutableBufferPointer { plates in
                                order.withUnsafeBufferPointer { order in
                                    for read in order {
                                        let index = Int(read)
                                        let c = Int(camera[index])
                                        let slot = cursor[c]
                                        cursor[c] = slot + 1
                                        times[slot] = Int32(truncatingIfNeeded: time[index] - base)
                                        plates[slot] = plate[index]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (start, times, plates)
    }

    /// Scatters the time order by plate (stable, so each plate stays time-sorted).
    package static func plateMajor(_ reads: PlateReadSet, order: [Int32]) -> ([Int], [Int32]) {
        let start = bucketStarts(reads.plate, buckets: reads.plateCount)
        var result = [Int32](repeating: 0, count: order.count)
        var cursor = start
        cursor.withUnsafeMutableBufferPointer { cursor in
            reads.plate.withUnsafeBufferPointer { plate in
                result.withUnsafeMutableBufferPointer { result in
                    order.withUnsafeBufferPointer { order in
                        for read in order {
                            let p = Int(plate[Int(read)])
                            result[cursor[p]] = read
                            cursor[p] += 1
                        }
                    }
                }
            }
        }
        return (start, result)
    }

    /// Where each bucket's items begin in a counting sort of `values` (`buckets + 1` offsets).
    static func bucketStarts(_ values: [Int32], buckets: Int) -> [Int] {
        var start = [Int](repeating: 0, count: buckets + 1)
        start.withUnsafeMutableBufferPointer { start in
            values.withUnsafeBufferPointer { values in
                for value in values { start[Int(value) + 1] += 1 }
            }
            for bucket in 0..<buckets { start[bucket + 1] += start[bucket] }
        }
        return start
    }
}

/// Local wall-clock arithmetic at a fixed UTC offset (Asia/Shanghai: +08:00, no daylight saving).
package struct LocalClock: Sendable {
    /// Seconds east of UTC.
    package let offsetSeconds: Int64

    package init(offsetSeconds: Int64) {
        self.offsetSeconds = offsetSeconds
    }

    /// Days since 1970-01-01 of the local date.
    @inline(__always)
    package func day(_ unixSeconds: Int64) -> Int64 {
        let shifted = unixSeconds + offsetSeconds
        return shifted >= 0 ? shifted / 86_400 : (shifted - 86_399) / 86_400
    }

    /// Seconds since local midnight.
    @inline(__always)
    package func secondOfDay(_ unixSeconds: Int64) -> Int64 {
        let shifted = unixSeconds + offsetSeconds
        let rest = shifted % 86_400
        return rest < 0 ? rest + 86_400 : rest
    }
}
