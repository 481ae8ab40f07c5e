import Foundation

/// Two reads of one plate too far apart for the time between them.
public struct ImpossibleJourney: Sendable, Equatable {
    /// Dense camera ids and Unix seconds of the earlier and the later read.
    public var fromCamera: Int32
    public var fromTime: Int64
    public var toCamera: Int32
    public var toTime: Int64
    /// Great-circle kilometres between the cameras.
    public var distanceKm: Double
    /// The speed the journey implies, in km/h (using the real time gap, at least one second).
    public var speedKmh: Double
    /// Whether both reads belong to plausible trips (other reads of the plate nearby in time and
    /// reachable), so neither is a lone misread.
    public var corroborated: Bool
}

/// A plate read with two colours or vehicle types often enough to matter.
public struct AttributeConflict: Sendable, Equatable {
    /// Value → confident reads, most frequent first.
    public var counts: [(value: String, reads: Int)]
    /// Distinct local days with the minority value.
    public var minorityDays: Int

    public static func == (lhs: AttributeConflict, rhs: AttributeConflict) -> Bool {
        lhs.minorityDays == rhs.minorityDays && lhs.counts.map(\.value) == rhs.counts.map(\.value)
            && lhs.counts.map(\.reads) == rhs.counts.map(\.reads)
    }
}

/// A plate believed cloned, with the evidence.
public struct ClonedPlate: Sendable, Equatable {
    /// Dense plate id.
    public var plate: Int32
    /// 0…1, higher is more certain.
    public var score: Double
    /// Impossible journeys (at most `maxEvidence`, fastest first).
    public var journeys: [ImpossibleJourney]
    /// All impossible journeys found, and how many are corroborated.
    public var impossibleCount: Int
    public var corroboratedCount: Int
    /// Distinct local days with an impossible journey.
    public var impossibleDays: Int
    /// Colour and vehicle-type conflicts, if any.
    public var colorConflict: AttributeConflict?
    public var typeConflict: AttributeConflict?
    /// Short reasons, in English codes (`impossible_speed`, `color_conflict`, `type_conflict`).
    public var reasons: [String]
}

/// The outcome of a cloned-plate run.
public struct ClonedPlateReport: Sendable {
    /// Flagged plates, highest score first.
    public var plates: [ClonedPlate]
    /// Consecutive confident read pairs checked.
    public var journeysChecked: Int
    /// Impossible journeys before camera blame.
    public var impossibleJourneys: Int
    /// Cameras whose journeys were discarded (broken clock or position), dense ids.
    public var blamedCameras: [Int32]
    /// The parameters used.
    public var parameters: ClonedPlateParameters
}

/// Cloned-plate (套牌) detection: per plate, consecutive confident reads whose great-circle distance
/// cannot be covered in the time between them (with a clock-skew allowance), plus colour and type
/// conflicts.
///
/// Robustness: reads below the confidence floor are skipped (misreads make false twins); a camera
/// implicated with many plates is blamed instead of the plates (a wrong clock or position shows up
/// as every vehicle "teleporting"); a journey whose far end is a lone read, with no trip around it,
/// counts only half (it may be one misread).
public enum ClonedPlateDetector {
    /// Runs detection over indexed reads.
    package static func detect(
        reads: PlateReadSet, index: ReadIndex, parameters: ClonedPlateParameters = ClonedPlateParameters()
    ) -> ClonedPlateReport {
        let clock = LocalClock(offsetSeconds: Int64(parameters.utcOffsetSeconds))
        let cameras = reads.cameras
        let minChord = CameraTable.chordSquared(km: parameters.minDistanceKm)
        let minConfidence = UInt8(clamping: parameters.minConfidence)
        let skew = Int64(max(0, parameters.clockSkewSeconds))
        var found: [(plate: Int32, journey: ImpossibleJourney)] = []
        var checked = 0
        let plateCount = reads.plateCount
        reads.time.withUnsafeBufferPointer { time in
            reads.camera.withUnsafeBufferPointer { camera in
                reads.confidence.withUnsafeBufferPointer { confidence in
                    index.plateReads.withUnsafeBufferPointer { order in
                        for plate in 0..<plateCount {
                            var previous = -1
                            for k in index.plateStart[plate]..<index.plateStart[plate + 1] {
                                let read = Int(order[k])
                                let c = confidence[read]
                                if c < minConfidence { continue }
                                defer { previous = read }
                                guard previous >= 0 else { continue }
                                checked += 1
                                let a = camera[previous], b = camera[read]
                                if a == b { continue }
                                // Cheap chord test first; NaN (unknown position) fails it.
                                guard cameras.chordSquared(a, b) >= minChord else { continue }
                                let km = cameras.distanceKm(a, b)
                                let gap = time[read] - time[previous]
                                guard km > parameters.maxSpeedKmh * Double(gap + skew) / 3600 else { continue }
                                found.append((Int32(plate), ImpossibleJourney(
                                    fromCamera: a, fromTime: time[previous], toCamera: b, toTime: time[read], distanceKm: km,
                                    speedKmh: km / Double(max(1, gap)) * 3600, corroborated: false)))
                            }
                        }
                    }
                }
            }
        }
        let blamed = blame(found, reads: reads, index: index, parameters: parameters)
        var byPlate: [Int32: [ImpossibleJourney]] = [:]
        for (plate, journey) in found where !blamed.contains(journey.fromCamera) && !blamed.contains(journey.toCamera) {
            byPlate[plate, default: []].append(journey)
        }
        var conflicts = Set<Int32>()
        var colorConflicts: [Int32: AttributeConflict] = [:]
        var typeConflicts: [Int32: AttributeConflict] = [:]
        for plate in 0..<Int32(plateCount) {
            if let conflict = attributeConflict(plate, reads: reads, index: index, values: reads.color, names: reads.colorNames, family: colorFamily, parameters: parameters, clock: clock) {
                colorConflicts[plate] = conflict
                conflicts.insert(plate)
            }
            if let conflict = attributeConflict(plate, reads: reads, index: index, values: reads.vehicleType, names: reads.typeNames, family: { $0 }, parameters: parameters, clock: clock) {
                typeConflicts[plate] = conflict
                conflicts.insert(plate)
            }
        }
        var result: [ClonedPlate] = []
        for plate in Set(byPlate.keys).union(conflicts) {
            var journeys = byPlate[plate] ?? []
            for position in journeys.indices {
                journeys[position].corroborated = corroborated(journeys[position], plate: plate, reads: reads, index: index, parameters: parameters)
            }
            let corroboratedDays = Set(journeys.filter(\.corroborated).map { clock.day($0.toTime) }).count
            let allDays = Set(journeys.map { clock.day($0.toTime) }).count
            let colour = colorConflicts[plate], type = typeConflicts[plate]
            // Flag: a corroborated impossible journey, or lone ones on two days, or a repeated colour conflict.
            let colourAlone = colour.map { $0.minorityDays >= 2 } ?? false
            guard corroboratedDays >= 1 || allDays >= 2 || colourAlone else { continue }
            var evidence = Double(corroboratedDays) + 0.5 * Double(allDays - corroboratedDays)
            var reasons: [String] = []
            if !journeys.isEmpty { reasons.append("impossible_speed") }
            if colour != nil {
                evidence += 1
                reasons.append("color_conflict")
            }
            if type != nil {
                evidence += 0.5
                reasons.append("type_conflict")
            }
            journeys.sort { ($0.corroborated ? 1 : 0, $0.speedKmh) > ($1.corroborated ? 1 : 0, $1.speedKmh) }
            result.append(ClonedPlate(
                plate: plate, score: 1 - pow(0.5, evidence), journeys: Array(journeys.prefix(max(0, parameters.maxEvidence))),
                impossibleCount: journeys.count, corroboratedCount: journeys.filter(\.corroborated).count,
                impossibleDays: allDays, colorConflict: colour, typeConflict: type, reasons: reasons))
        }
        result.sort { ($0.score, $1.plate) > ($1.score, $0.plate) }
        return ClonedPlateReport(
            plates: result, journeysChecked: checked, impossibleJourneys: found.count, blamedCameras: blamed.sorted(),
            parameters: parameters)
    }

    /// Cameras implicated with many plates, relative to the plates they read: the most implicated
    /// camera is blamed first and its journeys set aside before the next is judged, so the neighbours
    /// of a misplaced camera are not blamed with it.
    static func blame(
        _ found: [(plate: Int32, journey: ImpossibleJourney)], reads: PlateReadSet, index: ReadIndex, parameters: ClonedPlateParameters
    ) -> Set<Int32> {
        var blamed = Set<Int32>()
        var remaining = found
        while true {
            var implicated: [Int32: Set<Int32>] = [:]
            for (plate, journey) in remaining {
                implicated[journey.fromCamera, default: []].insert(plate)
                implicated[journey.toCamera, default: []].insert(plate)
            }
            let ranked = implicated.filter { $0.value.count >= max(1, parameters.blameMinPlates) }
                .sorted { ($0.value.count, $1.key) > ($1.value.count, $0.key) }
            var next: Int32?
            for (camera, plates) in ranked {
                let low = index.cameraStart[Int(camera)], high = index.cameraStart[Int(camera) + 1]
                let distinct = Set(index.cameraPlate[low..<high]).count
                if Double(plates.count) >= parameters.blameShare * Double(distinct) {
                    next = camera
                    break
                }
            }
            guard let camera = next else { return blamed }
            blamed.insert(camera)
            remaining.removeAll { $0.journey.fromCamera == camera || $0.journey.toCamera == camera }
        }
    }

    /// Whether both ends of a journey have another confident read of the plate within the trip time,
    /// reachable at a plausible speed (so each end is part of a trip, not a lone misread).
    static func corroborated(_ journey: ImpossibleJourney, plate: Int32, reads: PlateReadSet, index: ReadIndex, parameters: ClonedPlateParameters) -> Bool {
        func supported(camera: Int32, time: Int64) -> Bool {
            let low = index.plateStart[Int(plate)], high = index.plateStart[Int(plate) + 1]
            for k in low..<high {
                let read = Int(index.plateReads[k])
                let t = reads.time[read]
                guard abs(t - time) <= Int64(parameters.tripSeconds), t != time || reads.camera[read] != camera else { continue }
                guard reads.confidence[read] >= UInt8(clamping: parameters.minConfidence) else { continue }
                let km = reads.cameras.distanceKm(camera, reads.camera[read])
                guard km.isFinite else { continue }
                if km <= parameters.maxSpeedKmh * Double(abs(t - time) + Int64(parameters.clockSkewSeconds)) / 3600 { return true }
            }
            return false
        }
        return supported(camera: journey.fromCamera, time: journey.fromTime) && supported(camera: journey.toCamera, time: journey.toTime)
    }

    /// Colour families: the greens of new-energy plates are one colour.
    static func colorFamily(_ name: String) -> String { name.contains("绿") ? "绿" : name }

    /// A second value of an attribute read often enough, on confident reads.
    static func attributeConflict(
        _ plate: Int32, reads: PlateReadSet, index: ReadIndex, values: [UInt16], names: [String], family: (String) -> String,
        parameters: ClonedPlateParameters, clock: LocalClock
    ) -> AttributeConflict? {
        let low = index.plateStart[Int(plate)], high = index.plateStart[Int(plate) + 1]
        guard high - low >= 2 * parameters.minConflictReads else { return nil }
        let minConfidence = UInt8(clamping: parameters.minConfidence)
        // Cheap pass: most plates show one value only.
        var first: UInt16 = 0
        var mixed = false
        for k in low..<high {
            let read = Int(index.plateReads[k])
            let value = values[read]
            guard value != 0, reads.confidence[read] >= minConfidence else { continue }
            if first == 0 {
                first = value
            } else if value != first {
                mixed = true
                break
            }
        }
        guard mixed else { return nil }
        var counts: [String: Int] = [:]
        for k in low..<high {
            let read = Int(index.plateReads[k])
            let value = values[read]
            guard value != 0, reads.confidence[read] >= minConfidence else { continue }
            counts[family(names[Int(value)]), default: 0] += 1
        }
        guard counts.count >= 2 else { return nil }
        let ranked = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { (value: $0.key, reads: $0.value) }
        let total = ranked.reduce(0) { $0 + $1.reads }
        let minority = ranked[1]
        guard minority.reads >= parameters.minConflictReads,
              Double(minority.reads) >= parameters.minConflictShare * Double(total) else { return nil }
        var days = Set<Int64>()
        for k in low..<high {
            let read = Int(index.plateReads[k])
            let value = values[read]
            guard value != 0, reads.confidence[read] >= minConfidence, family(names[Int(value)]) == minority.value else { continue }
            days.insert(clock.day(reads.time[read]))
        }
        return AttributeConflict(counts: ranked, minorityDays: days.count)
    }
}
