/// Reusable buffers for evaluating one pair after another on one task.
struct PairScratch {
    var events: [CoPassing] = []
    var occasionCameras: [Int32] = []
    var offsets: [Int32] = []
    /// Shared cameras of the pair: camera, the two plates' segment bounds, co-passings there.
    var shared: [SharedCamera] = []
}

/// One camera both plates of a pair passed, with where their reads there are.
struct SharedCamera {
    var camera: Int32
    var lowA: Int
    var highA: Int
    var lowB: Int
    var highB: Int
    var coPassings: Int
}

/// What evaluating a candidate pair needs, shared read-only by the tasks: every plate's reads grouped
/// into per-camera segments, each segment holding its times (ascending), local days, and times of
/// day sorted on their own, plus each camera's chance-alignment prior.
struct PairContext: Sendable {
    /// Segments of plate `p` are at `segmentStart[p]..<segmentStart[p + 1]`.
    let segmentStart: [Int]
    /// Per segment: the camera, and where its reads begin (they end where the next segment begins).
    let segmentCamera: [Int32]
    let segmentBegin: [Int]
    /// Per read, plate-major then camera-major: relative seconds (ascending within a segment)…
    let time: [Int32]
    /// …local day (relative, same order)…
    let day: [Int32]
    /// …and second of day, sorted ascending within each segment (not aligned with `time`).
    let timeOfDay: [Int32]
    /// Per camera: the chance that two reads on different days fall within the window in time of day,
    /// from how peaked the camera's traffic is over the day.
    let prior: [Double]
    /// Trips of plate `p` begin at the relative times `tripBegin[tripStart[p]..<tripStart[p + 1]]`.
    let tripStart: [Int]
    let tripBegin: [Int32]
    let baseTime: Int64
    let parameters: ConvoyParameters
    let partners: [UInt32]

    /// Width of the time-of-day histogram bins of the camera prior.
    static let priorBinSeconds = 300

    init(reads: PlateReadSet, index: ReadIndex, parameters: ConvoyParameters, partners: [UInt32]) {
        self.parameters = parameters
        self.partners = partners
        baseTime = index.baseTime
        let clock = LocalClock(offsetSeconds: Int64(parameters.utcOffsetSeconds))
        let count = index.count
        let plateCount = index.plateStart.count - 1
        let cameraCount = index.cameraStart.count - 1
        let base = index.baseTime
        let firstDay = clock.day(base)
        // Scatter camera-major reads by plate (stable: camera, then time, within a plate).
        var camera = [Int32](repeating: 0, count: count)
        var time = [Int32](repeating: 0, count: count)
        var day = [Int32](repeating: 0, count: count)
        var timeOfDay = [Int32](repeating: 0, count: count)
        var cursor = index.plateStart
        let window = Double(max(0, parameters.windowSeconds))
        let bins = 86_400 / Self.priorBinSeconds
        var prior = [Double](repeating: 0, count: cameraCount)
        var histogram = [Int](repeating: 0, count: bins)
        index.cameraPlate.withUnsafeBufferPointer { plates in
            index.cameraTime.withUnsafeBufferPointer { times in
                for c in 0..<cameraCount {
                    let low = index.cameraStart[c], high = index.cameraStart[c + 1]
                    for bin in 0..<bins { histogram[bin] = 0 }
                    for k in low..<high {
                        let p = Int(plates[k])
                        let slot = cursor[p]
                        cursor[p] = slot + 1
                        let absolute = base + Int64(times[k])
                        let second = clock.secondOfDay(absolute)
                        camera[slot] = Int32(c)
                        time[slot] = times[k]
                        day[slot] = Int32(clock.day(absolute) - firstDay)
                        timeOfDay[slot] = Int32(second)
                        histogram[Int(second) / Self.priorBinSeconds] += 1
                    }
                    let n = Double(high - low)
                    var squares = 0.0
                    if n > 0 {
                        for bin in 0..<bins {
                            let share = Double(histogram[bin]) / n
                            squares += share * share
                        }
                    }
                    let uniform = 2 * window / 86_400
                    prior[c] = min(1, max(uniform, 2 * window / Double(Self.priorBinSeconds) * squares))
                }
            }
        }
        // Segments, and times of day sorted within each.
        var segmentStart = [Int](repeating: 0, count: plateCount + 1)
        var segmentCamera: [Int32] = []
        var segmentBegin: [Int] = []
        segmentCamera.reserveCapacity(count / 4)
        segmentBegin.reserveCapacity(count / 4)
        timeOfDay.withUnsafeMutableBufferPointer { tod in
            for p in 0..<plateCount {
                segmentStart[p] = segmentCamera.count
                var k = index.plateStart[p]
                let end = index.plateStart[p + 1]
                while k < end {
                    let c = camera[k]
                    var stop = k + 1
                    while stop < end && camera[stop] == c { stop += 1 }
                    segmentCamera.append(c)
                    segmentBegin.append(k)
                    if stop - k > 1 {
                        var slice = UnsafeMutableBufferPointer(rebasing: tod[k..<stop])
                        slice.sort()
                    }
                    k = stop
                }
            }
        }
        segmentStart[plateCount] = segmentCamera.count
        segmentBegin.append(count)
        self.segmentStart = segmentStart
        self.segmentCamera = segmentCamera
        self.segmentBegin = segmentBegin
        self.time = time
        self.day = day
        self.timeOfDay = timeOfDay
        self.prior = prior
        // Trip beginnings per plate, from the time order.
        let gap = Int64(max(1, parameters.tripGapSeconds))
        var tripStart = [Int](repeating: 0, count: plateCount + 1)
        var tripBegin: [Int32] = []
        tripBegin.reserveCapacity(count / 3)
        reads.time.withUnsafeBufferPointer { readTime in
            index.plateReads.withUnsafeBufferPointer { order in
                for p in 0..<plateCount {
                    tripStart[p] = tripBegin.count
                    var last = Int64.min
                    for k in index.plateStart[p]..<index.plateStart[p + 1] {
                        let t = readTime[Int(order[k])]
                        if last == Int64.min || t - last > gap { tripBegin.append(Int32(truncatingIfNeeded: t - base)) }
                        last = t
                    }
                }
            }
        }
        tripStart[plateCount] = tripBegin.count
        self.tripStart = tripStart
        self.tripBegin = tripBegin
    }

    /// The trip (index among the plate's trips) a plate was on at relative time `t`.
    @inline(__always)
    func trip(_ plate: Int32, at t: Int32) -> Int {
        var low = tripStart[Int(plate)], high = tripStart[Int(plate) + 1]
        while low < high {
            let middle = (low + high) >> 1
            if tripBegin[middle] <= t { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Evaluates one candidate pair (`a < b`) against the baseline, in three steps so that most chance
    /// pairs stop early without changing any verdict:
    /// 1. co-passings at every shared camera; a pair short of occasions or cameras stops here;
    /// 2. the expected count over the cameras where they co-passed only: a lower bound of the full
    ///    expectation, so if even it leaves the pair below the threshold, the pair cannot be flagged;
    /// 3. the expected count over every shared camera, and the verdict.
    /// A pair stopped early reports the surprise known so far (an upper bound; 0 after step 1).
    func evaluate(_ a: Int32, _ b: Int32, threshold: Double, scratch: inout PairScratch) -> ConvoyPair {
        let window = Int32(clamping: parameters.windowSeconds)
        scratch.events.removeAll(keepingCapacity: true)
        scratch.shared.removeAll(keepingCapacity: true)
        var coPassings = 0
        var cameras = 0
        let firstA = segmentStart[Int(a)], endA = segmentStart[Int(a) + 1]
        let firstB = segmentStart[Int(b)], endB = segmentStart[Int(b) + 1]
        // Walk the plate with fewer cameras and find each of its cameras among the other's.
        let walkA = endA - firstA <= endB - firstB
        let (walkFirst, walkEnd) = walkA ? (firstA, endA) : (firstB, endB)
        var searchLow = walkA ? firstB : firstA
        let searchEnd = walkA ? endB : endA
        time.withUnsafeBufferPointer { time in
            segmentCamera.withUnsafeBufferPointer { segmentCamera in
                // Bisection pays when one list is much longer; else a merge step is cheaper.
                let bisect = (walkEnd - walkFirst) * 8 < searchEnd - searchLow
                for walked in walkFirst..<walkEnd {
                    let camera = segmentCamera[walked]
                    var low = searchLow
                    if bisect {
                        var high = searchEnd
                        while low < high {
                            let middle = (low + high) >> 1
                            if segmentCamera[middle] < camera { low = middle + 1 } else { high = middle }
                        }
                    } else {
                        while low < searchEnd && segmentCamera[low] < camera { low += 1 }
                    }
                    searchLow = low
                    guard low < searchEnd && segmentCamera[low] == camera else { continue }
                    let sa = walkA ? walked : low, sb = walkA ? low : walked
                    let ia = segmentBegin[sa], ja = segmentBegin[sa + 1]
                    let ib = segmentBegin[sb], jb = segmentBegin[sb + 1]
                    let before = scratch.events.count
                    if ja - ia <= jb - ib {
                        Self.coPassings(time, small: ia..<ja, large: ib..<jb, window: window, camera: camera, base: baseTime, smallIsFirst: true, into: &scratch.events)
                    } else {
                        Self.coPassings(time, small: ib..<jb, large: ia..<ja, window: window, camera: camera, base: baseTime, smallIsFirst: false, into: &scratch.events)
                    }
                    let observed = scratch.events.count - before
                    if observed > 0 { cameras += 1 }
                    coPassings += observed
                    scratch.shared.append(SharedCamera(camera: camera, lowA: ia, highA: ja, lowB: ib, highB: jb, coPassings: observed))
                }
            }
        }
        var pair = summarise(a, b, coPassings: coPassings, cameras: cameras, scratch: &scratch)
        guard pair.occasions >= parameters.minOccasions && pair.cameras >= parameters.minCameras else { return pair }
        let perOccasion = max(1, Double(coPassings) / Double(max(1, pair.occasions)))
        func judge(_ expected: Double) {
            pair.expectedCoPassings = expected
            pair.expectedOccasions = expected / perOccasion
            pair.surprise = -Tails.poissonLog10(atLeast: pair.occasions, mean: pair.expectedOccasions)
        }
        var partial = 0.0
        for camera in scratch.shared where camera.coPassings > 0 { partial += expected(at: camera) }
        judge(partial)
        guard pair.surprise >= threshold || parameters.fullBaseline else { return pair }
        var full = partial
        for camera in scratch.shared where camera.coPassings == 0 { full += expected(at: camera) }
        judge(full)
        pair.flagged = pair.surprise >= threshold
        if pair.flagged { pair.events = scratch.events }
        return pair
    }

    /// Appends the read pairs of one camera within the window: for each read of the smaller side, the
    /// window of the larger side found from where the previous one began (by bisection when the
    /// larger side is much longer, else by stepping). Times are relative seconds; events carry the
    /// first plate's time and the second's offset from it.
    @inline(__always)
    static func coPassings(
        _ time: UnsafeBufferPointer<Int32>, small: Range<Int>, large: Range<Int>, window: Int32, camera: Int32, base: Int64,
        smallIsFirst: Bool, into events: inout [CoPassing]
    ) {
        var from = large.lowerBound
        let bisect = small.count * 8 < large.count
        for i in small {
            let t = time[i]
            var low = from
            if bisect {
                var high = large.upperBound
                while low < high {
                    let middle = (low + high) >> 1
                    if time[middle] < t - window { low = middle + 1 } else { high = middle }
                }
            } else {
                while low < large.upperBound && time[low] < t - window { low += 1 }
            }
            from = low
            var j = low
            while j < large.upperBound && time[j] <= t + window {
                let other = time[j]
                events.append(smallIsFirst
                    ? CoPassing(camera: camera, time: base + Int64(t), offsetSeconds: other - t)
                    : CoPassing(camera: camera, time: base + Int64(other), offsetSeconds: t - other))
                j += 1
            }
        }
    }

    /// Co-passings chance and routine explain at one shared camera: read pairs on the same local day
    /// times the share of read pairs on different days that fall within the window in time of day
    /// (shrunk towards the camera's prior).
    private func expected(at shared: SharedCamera) -> Double {
        let window = Int32(clamping: parameters.windowSeconds)
        let alpha = max(0, parameters.priorPairs)
        return day.withUnsafeBufferPointer { day in
            timeOfDay.withUnsafeBufferPointer { tod in
                var sameDay = 0
                var i = shared.lowA, j = shared.lowB
                while i < shared.highA && j < shared.highB {
                    let dayA = day[i], dayB = day[j]
                    if dayA < dayB {
                        i += 1
                    } else if dayB < dayA {
                        j += 1
                    } else {
                        var runA = 0, runB = 0
                        while i < shared.highA && day[i] == dayA { runA += 1; i += 1 }
                        while j < shared.highB && day[j] == dayA { runB += 1; j += 1 }
                        sameDay += runA * runB
                    }
                }
                guard sameDay > 0 else { return 0 }
                let xs = UnsafeBufferPointer(rebasing: tod[shared.lowA..<shared.highA])
                let ys = UnsafeBufferPointer(rebasing: tod[shared.lowB..<shared.highB])
                let aligned = Self.countWithin(xs, ys, window: window) + Self.countAcrossMidnight(xs, ys, window: window)
                    + Self.countAcrossMidnight(ys, xs, window: window)
                let crossPairs = Double((shared.highA - shared.lowA) * (shared.highB - shared.lowB) - sameDay)
                let crossAligned = Double(max(0, aligned - shared.coPassings))
                let chance = (crossAligned + alpha * prior[Int(shared.camera)]) / (crossPairs + alpha)
                return min(1, chance) * Double(sameDay)
            }
        }
    }

    /// Occasions, offsets and the verdict from the collected co-passings.
    private func summarise(_ a: Int32, _ b: Int32, coPassings: Int, cameras: Int, scratch: inout PairScratch) -> ConvoyPair {
        scratch.events.sort { ($0.time, $0.camera) < ($1.time, $1.camera) }
        var occasions = 0, multiCamera = 0
        var lastTrips = (-1, -1)
        scratch.occasionCameras.removeAll(keepingCapacity: true)
        scratch.offsets.removeAll(keepingCapacity: true)
        var leads = 0
        for position in scratch.events.indices {
            let event = scratch.events[position]
            let relative = Int32(truncatingIfNeeded: event.time - baseTime)
            let trips = (trip(a, at: relative), trip(b, at: relative + event.offsetSeconds))
            if trips != lastTrips {
                if scratch.occasionCameras.count >= 2 { multiCamera += 1 }
                scratch.occasionCameras.removeAll(keepingCapacity: true)
                occasions += 1
                lastTrips = trips
            }
            scratch.events[position].occasion = Int32(occasions - 1)
            if !scratch.occasionCameras.contains(event.camera) { scratch.occasionCameras.append(event.camera) }
            scratch.offsets.append(abs(event.offsetSeconds))
            if event.offsetSeconds > 0 { leads += 1 }
        }
        if scratch.occasionCameras.count >= 2 { multiCamera += 1 }
        scratch.offsets.sort()
        let median = scratch.offsets.isEmpty ? 0 : Int(scratch.offsets[scratch.offsets.count / 2])
        let leadShare = scratch.events.isEmpty ? 0 : Double(leads) / Double(scratch.events.count)
        return ConvoyPair(
            first: a, second: b, occasions: occasions, coPassings: coPassings, cameras: cameras,
            multiCameraOccasions: multiCamera, expectedCoPassings: 0, expectedOccasions: 0, surprise: 0,
            medianOffsetSeconds: median, firstLeadsShare: leadShare, firstPartners: Int(partners[Int(a)]),
            secondPartners: Int(partners[Int(b)]), flagged: false, events: [])
    }

    /// Pairs `(x, y)` of two ascending lists with `|x − y| ≤ window`.
    static func countWithin(_ xs: UnsafeBufferPointer<Int32>, _ ys: UnsafeBufferPointer<Int32>, window: Int32) -> Int {
        var low = 0, high = 0, total = 0
        let m = ys.count
        for x in xs {
            while low < m && ys[low] < x - window { low += 1 }
            if high < low { high = low }
            while high < m && ys[high] <= x + window { high += 1 }
            total += high - low
        }
        return total
    }

    /// Pairs of times of day within the window across midnight: `x` late in the day, `y` early the
    /// next (`y + 86 400 − x ≤ window`). Only the ends of the two lists are walked.
    static func countAcrossMidnight(_ xs: UnsafeBufferPointer<Int32>, _ ys: UnsafeBufferPointer<Int32>, window: Int32) -> Int {
        guard let lastX = xs.last, let firstY = ys.first, lastX >= 86_400 - window, firstY <= window else { return 0 }
        var total = 0
        var k = xs.count - 1
        while k >= 0 && xs[k] >= 86_400 - window {
            let x = xs[k]
            var j = 0
            while j < ys.count && ys[j] + 86_400 - x <= window { j += 1 }
            total += j
            k -= 1
        }
        return total
    }
}
