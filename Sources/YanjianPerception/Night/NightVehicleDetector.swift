import Foundation

/// One night of a night vehicle: its night reads between the first and the last.
public struct NightTrip: Sendable, Equatable {
    /// Unix seconds of the first and last night read.
    public var first: Int64
    public var last: Int64
    /// Cameras passed that night, in order of first pass (dense ids).
    public var cameras: [Int32]
    /// Those of them at logistics parks or retail areas.
    public var targets: [Int32]
}

/// A plate flagged for moving at night, with its habits and its peers' as evidence.
public struct NightVehicle: Sendable, Equatable {
    /// Dense plate id.
    public var plate: Int32
    /// 0…1, higher is more certain.
    public var score: Double
    /// Nights with night reads at target cameras (or any camera when none are marked).
    public var nights: Int
    /// Nights with any night read.
    public var nightsAnyCamera: Int
    /// Distinct local days with any read.
    public var activeDays: Int
    /// `nights / activeDays`: the vehicle's own habit.
    public var nightShare: Double
    /// The peer group (the dominant vehicle type, or "all") and its rate of night trips per trip.
    public var peerGroup: String
    public var peerRate: Double
    /// Nights the peer rate predicts for the trips the vehicle drove on its active days.
    public var expectedNights: Double
    /// −log10 of the chance of at least `nights` such nights at the peer rate.
    public var surprise: Double
    /// Target cameras with the number of nights each was visited, most first (dense ids).
    public var targetCameras: [(camera: Int32, nights: Int)]
    /// The nights, in time order (at most `maxEvidenceNights`).
    public var trips: [NightTrip]

    public static func == (lhs: NightVehicle, rhs: NightVehicle) -> Bool {
        lhs.plate == rhs.plate && lhs.score == rhs.score && lhs.nights == rhs.nights && lhs.trips == rhs.trips
    }
}

/// The outcome of a night-vehicle run.
public struct NightVehicleReport: Sendable {
    /// Flagged plates, highest score first.
    public var vehicles: [NightVehicle]
    /// Plates with at least `minNights` nights (the ones tested).
    public var tested: Int
    /// The surprise a plate needed.
    public var threshold: Double
    /// Whether target cameras (logistics parks, retail areas) were known; if not, any camera counted.
    public var usedTargetCameras: Bool
    /// The population rate of night trips per trip.
    public var populationRate: Double
    /// The parameters used.
    public var parameters: NightVehicleParameters
}

/// Night vehicles: plates with repeated 00:00–05:00 trips to logistics parks and retail areas, judged
/// against their own habits and their peers'.
///
/// Reads are cut into trips (gaps over `tripGapSeconds`). A *night* counts when the plate reads, in the
/// night window, at a target camera (any camera when none is marked) that it visits at night on at
/// least `minNightsPerTarget` nights: repeated night destinations, not a shop camera passed once on the
/// way elsewhere. A candidate has at least `minNights` such nights, they are at least `minNightShare`
/// of its active days (its own habit), and at least `minFocus` of its nights go to its most visited
/// target (night runs keep going to the same park or shop; a night-shift taxi's go everywhere).
///
/// The peers (plates of the same dominant vehicle type, else everyone) give the rate of night trips
/// per trip, leaving out candidates that are a minority of their group. A plate driving `t` trips on a
/// day would make that day a night by chance with probability `1 − (1 − rate)^t`, so a taxi driving
/// twenty trips a day is expected to have many nights and a van that drives once a day is not. The
/// surprise is the Poisson tail of the plate's nights against that expectation, and must beat
/// `minSurprise + log10(active plates)`.
public enum NightVehicleDetector {
    /// Per-plate counters from one pass over the reads.
    struct PlateNights {
        var activeDays: Int32 = 0
        var nightDays: Int32 = 0
        var targetNights: Int32 = 0
        /// Nights at the plate's most visited target camera.
        var topTargetNights: Int32 = 0
        var trips: Int32 = 0
        var nightTrips: Int32 = 0
        var type: UInt16 = 0
    }

    /// Runs detection over indexed reads.
    package static func detect(
        reads: PlateReadSet, index: ReadIndex, parameters: NightVehicleParameters = NightVehicleParameters()
    ) -> NightVehicleReport {
        let clock = LocalClock(offsetSeconds: Int64(parameters.utcOffsetSeconds))
        let window = Int64(max(0, parameters.startHour)) * 3600..<Int64(min(24, parameters.endHour)) * 3600
        var targets = reads.cameras.cameras.map(\.isNightTarget)
        let plateCount = reads.plateCount
        var usedTargets = false
        for camera in 0..<reads.cameras.count where targets[camera] && index.cameraStart[camera + 1] > index.cameraStart[camera] {
            usedTargets = true
            break
        }
        if !usedTargets { targets = [Bool](repeating: true, count: targets.count) }
        let gap = Int64(max(1, parameters.tripGapSeconds))
        var stats = [PlateNights](repeating: PlateNights(), count: plateCount)
        var typeCounts = [Int](repeating: 0, count: reads.typeNames.count)
        reads.time.withUnsafeBufferPointer { time in
            reads.camera.withUnsafeBufferPointer { camera in
                reads.vehicleType.withUnsafeBufferPointer { vehicleType in
                    index.plateReads.withUnsafeBufferPointer { order in
                        var touched: [UInt16] = []
                        var visits: [NightVisit] = []
                        for plate in 0..<plateCount {
                            var entry = PlateNights()
                            var lastDay = Int64.min, lastNight = Int64.min
                            var lastTime = Int64.min
                            touched.removeAll(keepingCapacity: true)
                            visits.removeAll(keepingCapacity: true)
                            for k in index.plateStart[plate]..<index.plateStart[plate + 1] {
                                let read = Int(order[k])
                                let t = time[read]
                                if lastTime == Int64.min || t - lastTime > gap { entry.trips += 1 }
                                lastTime = t
                                let day = clock.day(t)
                                if day != lastDay {
                                    entry.activeDays += 1
                                    lastDay = day
                                }
                                if window.contains(clock.secondOfDay(t)) {
                                    if day != lastNight {
                                        entry.nightDays += 1
                                        lastNight = day
                                    }
                                    let c = camera[read]
                                    if targets[Int(c)] {
                                        visits.append(NightVisit(camera: c, day: Int32(truncatingIfNeeded: day), trip: entry.trips))
                                    }
                                }
                                let type = Int(vehicleType[read])
                                if type != 0 {
                                    if typeCounts[type] == 0 { touched.append(UInt16(type)) }
                                    typeCounts[type] += 1
                                }
                            }
                            if !visits.isEmpty {
                                (entry.targetNights, entry.nightTrips, entry.topTargetNights) = repeatedNights(&visits, minNights: parameters.minNightsPerTarget)
                            }
                            var best = 0
                            for type in touched {
                                if typeCounts[Int(type)] > best || (typeCounts[Int(type)] == best && type < entry.type) {
                                    best = typeCounts[Int(type)]
                                    entry.type = type
                                }
                                typeCounts[Int(type)] = 0
                            }
                            stats[plate] = entry
                        }
                    }
                }
            }
        }
        let minNights = max(1, parameters.minNights)
        let tested = stats.filter { Int($0.targetNights) >= minNights }.count
        // Every active plate was, in effect, tested (the ones with enough nights were chosen by
        // looking at the same data), so the correction counts them all.
        let active = stats.filter { $0.activeDays > 0 }.count
        let threshold = parameters.minSurprise + log10(Double(max(1, active)))
        // Candidates: enough nights, a large enough share of the plate's own active days, and focus
        // (its nights keep going to the same place: a night-shift taxi's go everywhere).
        var candidates: [(plate: Int, share: Double)] = []
        for plate in 0..<plateCount {
            let entry = stats[plate]
            guard Int(entry.targetNights) >= minNights else { continue }
            let share = Double(entry.targetNights) / Double(max(1, entry.activeDays))
            let focus = Double(entry.topTargetNights) / Double(max(1, entry.nightDays))
            if share >= parameters.minNightShare && focus >= parameters.minFocus { candidates.append((plate, share)) }
        }
        // Peer rates, leaving the candidates out of any group they are a minority of (a few night
        // runners must not make night runs look normal; a group that mostly runs at night is normal).
        var groupSize = [Int](repeating: 0, count: reads.typeNames.count)
        var groupCandidates = [Int](repeating: 0, count: reads.typeNames.count)
        for entry in stats where entry.trips > 0 { groupSize[Int(entry.type)] += 1 }
        for (plate, _) in candidates { groupCandidates[Int(stats[plate].type)] += 1 }
        let minority = candidates.count * 5 < stats.filter { $0.trips > 0 }.count
        let excluded = Set(candidates.map(\.plate).filter {
            let type = Int(stats[$0].type)
            return groupCandidates[type] * 5 < groupSize[type]
        })
        let rates = PeerRates(stats, typeCount: reads.typeNames.count, excluding: excluded)
        let everyone = minority ? PeerRates(stats, typeCount: reads.typeNames.count, excluding: Set(candidates.map(\.plate))).population : rates.population
        let populationRate = everyone
        var verdicts: [Verdict] = []
        for (plate, share) in candidates {
            let entry = stats[plate]
            let type = Int(entry.type)
            let usePeers = type != 0 && rates.plates[type] >= parameters.minPeerGroup
            let rate = usePeers ? rates.rate(type) : everyone
            let expected = expectedNights(plate: plate, rate: rate, reads: reads, index: index, clock: clock, gap: gap)
            let surprise = -Tails.poissonLog10(atLeast: Int(entry.targetNights), mean: expected)
            guard surprise >= threshold else { continue }
            verdicts.append(Verdict(
                plate: plate, share: share, peerGroup: usePeers ? reads.typeNames[type] : "all", rate: rate, expected: expected,
                surprise: surprise))
        }
        var flagged: [NightVehicle] = []
        for verdict in verdicts {
            let entry = stats[verdict.plate]
            var vehicle = NightVehicle(
                plate: Int32(verdict.plate), score: ConvoyDetector.score(surprise: verdict.surprise, threshold: threshold),
                nights: Int(entry.targetNights), nightsAnyCamera: Int(entry.nightDays), activeDays: Int(entry.activeDays),
                nightShare: verdict.share, peerGroup: verdict.peerGroup, peerRate: verdict.rate, expectedNights: verdict.expected,
                surprise: verdict.surprise, targetCameras: [], trips: [])
            evidence(&vehicle, reads: reads, index: index, clock: clock, window: window, targets: usedTargets ? targets : nil,
                     minNightsPerTarget: max(1, parameters.minNightsPerTarget), limit: parameters.maxEvidenceNights)
            flagged.append(vehicle)
        }
        flagged.sort { ($0.score, $1.plate) > ($1.score, $0.plate) }
        return NightVehicleReport(
            vehicles: flagged, tested: tested, threshold: threshold, usedTargetCameras: usedTargets,
            populationRate: populationRate, parameters: parameters)
    }

    /// A plate's verdict before its evidence is gathered.
    struct Verdict {
        var plate: Int
        var share: Double
        var peerGroup: String
        var rate: Double
        var expected: Double
        var surprise: Double
    }

    /// Night trips per trip by dominant vehicle type and overall, leaving out the excluded plates (the
    /// candidates themselves, so that a few night runners in a small group do not make night runs
    /// look normal); half a night trip of prior keeps a rate of zero from making any night infinitely
    /// surprising.
    struct PeerRates {
        var nightTrips: [Double]
        var trips: [Double]
        var plates: [Int]
        var population: Double

        init(_ stats: [PlateNights], typeCount: Int, excluding excluded: Set<Int>) {
            nightTrips = [Double](repeating: 0, count: typeCount)
            trips = [Double](repeating: 0, count: typeCount)
            plates = [Int](repeating: 0, count: typeCount)
            var allNight = 0.0, all = 0.0
            for (plate, entry) in stats.enumerated() where entry.trips > 0 && !excluded.contains(plate) {
                nightTrips[Int(entry.type)] += Double(entry.nightTrips)
                trips[Int(entry.type)] += Double(entry.trips)
                plates[Int(entry.type)] += 1
                allNight += Double(entry.nightTrips)
                all += Double(entry.trips)
            }
            population = (allNight + 0.5) / (all + 1)
        }

        func rate(_ type: Int) -> Double { (nightTrips[type] + 0.5) / (trips[type] + 1) }
    }

    /// One night read at a target camera.
    struct NightVisit {
        var camera: Int32
        var day: Int32
        var trip: Int32
    }

    /// Nights and trips with a visit to a target camera the plate visits on at least `minNights`
    /// nights: repeated night destinations, not a target passed once on the way elsewhere.
    static func repeatedNights(_ visits: inout [NightVisit], minNights: Int) -> (nights: Int32, trips: Int32, top: Int32) {
        visits.sort { ($0.camera, $0.day) < ($1.camera, $1.day) }
        var keep: [Bool] = Array(repeating: false, count: visits.count)
        var start = 0
        var top = 0
        while start < visits.count {
            var end = start + 1
            var nights = 1
            while end < visits.count && visits[end].camera == visits[start].camera {
                if visits[end].day != visits[end - 1].day { nights += 1 }
                end += 1
            }
            top = max(top, nights)
            if nights >= max(1, minNights) { for position in start..<end { keep[position] = true } }
            start = end
        }
        var days = Set<Int32>(), trips = Set<Int32>()
        for (position, visit) in visits.enumerated() where keep[position] {
            days.insert(visit.day)
            trips.insert(visit.trip)
        }
        return (Int32(days.count), Int32(trips.count), Int32(top))
    }

    /// Nights chance predicts: over the plate's active days, `1 − (1 − rate)^trips` each.
    static func expectedNights(plate: Int, rate: Double, reads: PlateReadSet, index: ReadIndex, clock: LocalClock, gap: Int64) -> Double {
        var expected = 0.0
        var lastTime = Int64.min, currentDay = Int64.min
        var trips = 0
        let miss = log1p(-min(rate, 1 - 1e-12))
        for k in index.plateStart[plate]..<index.plateStart[plate + 1] {
            let t = reads.time[Int(index.plateReads[k])]
            if lastTime == Int64.min || t - lastTime > gap {
                let day = clock.day(t)
                if day != currentDay {
                    if trips > 0 { expected += -expm1(Double(trips) * miss) }
                    currentDay = day
                    trips = 0
                }
                trips += 1
            }
            lastTime = t
        }
        if trips > 0 { expected += -expm1(Double(trips) * miss) }
        return expected
    }

    /// Fills the nights and the target cameras of a flagged plate.
    static func evidence(
        _ vehicle: inout NightVehicle, reads: PlateReadSet, index: ReadIndex, clock: LocalClock, window: Range<Int64>,
        targets: [Bool]?, minNightsPerTarget: Int, limit: Int
    ) {
        let plate = Int(vehicle.plate)
        var trips: [NightTrip] = []
        var lastDay = Int64.min
        var visits: [Int32: Set<Int64>] = [:]
        for k in index.plateStart[plate]..<index.plateStart[plate + 1] {
            let read = Int(index.plateReads[k])
            let t = reads.time[read]
            guard window.contains(clock.secondOfDay(t)) else { continue }
            let camera = reads.camera[read]
            let isTarget = targets.map { $0[Int(camera)] } ?? true
            let day = clock.day(t)
            if day != lastDay {
                trips.append(NightTrip(first: t, last: t, cameras: [], targets: []))
                lastDay = day
            }
            let position = trips.count - 1
            trips[position].last = t
            if !trips[position].cameras.contains(camera) { trips[position].cameras.append(camera) }
            if isTarget {
                if !trips[position].targets.contains(camera) { trips[position].targets.append(camera) }
                visits[camera, default: []].insert(day)
            }
        }
        let repeated = Set(visits.filter { $0.value.count >= minNightsPerTarget }.keys)
        for position in trips.indices { trips[position].targets.removeAll { !repeated.contains($0) } }
        vehicle.trips = Array(trips.filter { !$0.targets.isEmpty }.prefix(max(0, limit)))
        vehicle.targetCameras = visits.filter { repeated.contains($0.key) }.map { (camera: $0.key, nights: $0.value.count) }
            .sorted { ($0.nights, $1.camera) > ($1.nights, $0.camera) }
    }
}
