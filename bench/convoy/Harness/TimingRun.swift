import Foundation
import YanjianCore
import YanjianPerception

#if canImport(Glibc)
import Glibc
#endif

/// `convoybench reads FILE`: loads a `gen_reads` file and times, on the same reads as
/// `convoy_reference`: the candidate-pair sweep (time order, camera scatter, sweep, pair sort and
/// count: the C reference's exact steps), then the whole convoy analysis with its baseline, the
/// cloned-plate pass and the night-vehicle pass, and the peak RSS.
enum TimingRun {
    static func run(file: String, sweepOnly: Bool, window: Int32 = 120, fanOut: Int = 64, minCount: Int = 4) async throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        guard data.count >= 24, data.prefix(4) == Data("YJR1".utf8) else { throw CocoaError(.fileReadCorruptFile) }
        let reads: PlateReadSet = data.withUnsafeBytes { raw in
            let count = Int(raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
            let plates = Int(raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
            let cameraCount = Int(raw.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
            var offset = 24
            let plateOffset = offset; offset += 4 * count
            let cameraOffset = offset; offset += 4 * count
            let timeOffset = offset; offset += 8 * count
            let confidenceOffset = offset; offset += count
            let latOffset = offset; offset += 8 * cameraCount
            let lonOffset = offset; offset += 8 * cameraCount
            let targetOffset = offset
            var table = CameraTable()
            for c in 0..<cameraCount {
                let lat = raw.loadUnaligned(fromByteOffset: latOffset + 8 * c, as: Double.self)
                let lon = raw.loadUnaligned(fromByteOffset: lonOffset + 8 * c, as: Double.self)
                table.add(CameraTable.Camera(
                    id: "C\(c)", name: "camera \(c)", kind: nil, location: GeoPoint(lat: lat, lon: lon), adcode: nil,
                    isNightTarget: raw[targetOffset + c] != 0))
            }
            var builder = PlateReadSetBuilder(cameras: table, expectedReads: count)
            builder.declarePlates((0..<plates).map { "P\($0)" })
            for i in 0..<count {
                builder.append(
                    plate: Int32(raw.loadUnaligned(fromByteOffset: plateOffset + 4 * i, as: UInt32.self)),
                    camera: Int32(raw.loadUnaligned(fromByteOffset: cameraOffset + 4 * i, as: UInt32.self)),
                    time: raw.loadUnaligned(fromByteOffset: timeOffset + 8 * i, as: Int64.self),
                    confidence: raw[confidenceOffset + i])
            }
            return builder.build()
        }
        let clock = ContinuousClock()
        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        }
        // The candidate-pair sweep, step for step as convoy_reference.c.
        let cpuStart = cpuSeconds()
        let start = clock.now
        guard let range = reads.timeRange else { return }
        let order = ReadIndex.timeOrder(reads.time, base: range.lowerBound)
        let (cameraStart, cameraTime, cameraPlate) = ReadIndex.cameraMajor(reads, order: order, base: range.lowerBound)
        let ordered = clock.now
        let sweep = PairSweep.run(
            cameraStart: cameraStart, cameraTime: cameraTime, cameraPlate: cameraPlate, plateCount: reads.plateCount,
            window: window, fanOut: fanOut, bucketSeconds: 1800, minCount: minCount)
        let swept = clock.now
        let sweepCPU = cpuSeconds() - cpuStart
        var checksum: UInt64 = 0
        for (key, count) in zip(sweep.candidates, sweep.candidateCounts) { checksum &+= key &* UInt64(count) }
        print("Swift: reads \(reads.count) events \(sweep.events) distinct \(sweep.distinctPairs) candidates \(sweep.candidates.count) capped \(sweep.cappedReads) checksum \(checksum)")
        print(String(format: "Swift sweep seconds: order %.3f sweep+count %.3f total %.3f cpu %.3f", seconds(ordered - start), seconds(swept - ordered), seconds(swept - start), sweepCPU))
        if sweepOnly {
            print(String(format: "Swift peak_rss_mb %.0f", peakMB()))
            return
        }
        let analysisStart = clock.now
        let analysisCPU = cpuSeconds()
        let index = try ReadIndex(reads)
        let indexed = clock.now
        var parameters = ConvoyParameters()
        parameters.windowSeconds = Int(window)
        parameters.fanOut = fanOut
        parameters.minOccasions = minCount
        let convoys = await ConvoyDetector.detect(reads: reads, index: index, parameters: parameters)
        let detected = clock.now
        let convoyCPU = cpuSeconds() - analysisCPU
        let cloned = ClonedPlateDetector.detect(reads: reads, index: index)
        let clonedDone = clock.now
        let night = NightVehicleDetector.detect(reads: reads, index: index)
        let nightDone = clock.now
        // Score against what gen_reads planted (FILE.truth).
        let truthText = (try? String(contentsOfFile: file + ".truth", encoding: .utf8)) ?? ""
        var plantedPairs = Set<UInt64>(), plantedClones = Set<Int32>(), plantedNight = Set<Int32>()
        for line in truthText.split(separator: "\n") {
            let fields = line.split(separator: " ")
            let ids = fields.dropFirst().compactMap { Int32($0) }
            switch fields.first {
            case "convoy":
                for i in ids.indices { for j in ids.indices where j > i { plantedPairs.insert(UInt64(ids[i]) << 32 | UInt64(ids[j])) } }
            case "clone": plantedClones.formUnion(ids)
            case "night": plantedNight.formUnion(ids)
            default: break
            }
        }
        func line(_ label: String, predicted: Int, hits: Int, actual: Int) -> String {
            String(format: "%@: flagged %d planted %d hits %d precision %.4f recall %.4f", label, predicted, actual, hits,
                   predicted == 0 ? 1 : Double(hits) / Double(predicted), actual == 0 ? 1 : Double(hits) / Double(actual))
        }
        var flagged = Set<UInt64>()
        for convoy in convoys.convoys {
            for i in convoy.plates.indices {
                for j in convoy.plates.indices where j > i { flagged.insert(UInt64(convoy.plates[i]) << 32 | UInt64(convoy.plates[j])) }
            }
        }
        print("Swift " + line("convoy pairs", predicted: flagged.count, hits: flagged.intersection(plantedPairs).count, actual: plantedPairs.count)
              + String(format: " (candidates %d, threshold %.2f)", convoys.candidates.count, convoys.threshold))
        let clonedSet = Set(cloned.plates.map(\.plate)), nightSet = Set(night.vehicles.map(\.plate))
        print("Swift " + line("cloned plates", predicted: clonedSet.count, hits: clonedSet.intersection(plantedClones).count, actual: plantedClones.count)
              + " (journeys checked \(cloned.journeysChecked), impossible \(cloned.impossibleJourneys))")
        print("Swift " + line("night vehicles", predicted: nightSet.count, hits: nightSet.intersection(plantedNight).count, actual: plantedNight.count))
        for plate in cloned.plates where !plantedClones.contains(plate.plate) {
            if let journey = plate.journeys.first { print("  cloned false alarm \(plate.plate): \(journey)") }
            break
        }
        print(String(format: "Swift convoy stages: sweep %.3f context %.3f evaluation %.3f", convoys.stageSeconds.sweep, convoys.stageSeconds.context, convoys.stageSeconds.evaluation))
        print(String(format: "Swift analysis seconds: index %.3f convoys(with baseline) %.3f convoy_total %.3f (cpu %.3f) cloned %.3f night %.3f peak_rss_mb %.0f",
                     seconds(indexed - analysisStart), seconds(detected - indexed), seconds(detected - analysisStart), convoyCPU,
                     seconds(clonedDone - detected), seconds(nightDone - clonedDone), peakMB()))
    }

    /// Process CPU seconds (user + system, all threads).
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    static func peakMB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
