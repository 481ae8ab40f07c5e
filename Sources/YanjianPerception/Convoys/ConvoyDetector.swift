import Foundation

/// Convoy (伴随车) detection: plates passing the same cameras within a window on several separate
/// occasions at several cameras, judged against what their own habits predict by chance.
///
/// The steps:
/// 1. ``PairSweep``: per camera, co-passing read pairs; pairs with at least `minOccasions`
///    co-passings become candidates.
/// 2. For each candidate, its co-passings are recomputed exactly from both plates' reads at every
///    shared camera, grouped into occasions, and set against a baseline: **the same habits on
///    shuffled days**. At camera `c`, the chance that a read of A and a read of B on *different* days
///    fall within the window in time of day estimates how aligned their routines are (a bus on its
///    timetable and a commuter at 07:30 are aligned every day); multiplied by the read pairs that
///    fall on the *same* day, it gives the co-passings chance and routine explain. A camera-level
///    prior (how peaked the camera's traffic is over the day) stabilises sparse estimates.
/// 3. Occasions are the unit of evidence (co-passings on one trip are not independent): the expected
///    count is divided by the observed co-passings per occasion, and a Poisson tail gives the surprise.
///    A pair is flagged when the surprise beats `minSurprise + log10(pairs that co-passed at least
///    once)` (a Bonferroni correction over every pair that could have been chosen) and it has enough
///    occasions and cameras.
/// 4. Flagged pairs that form cliques become convoys of up to `maxGroupSize` plates.
public enum ConvoyDetector {
    /// Runs convoy detection over indexed reads.
    package static func detect(
        reads: PlateReadSet, index: ReadIndex, parameters: ConvoyParameters = ConvoyParameters()
    ) async -> ConvoyReport {
        let clock = ContinuousClock()
        let started = clock.now
        let sweep = PairSweep.run(
            index: index, plateCount: reads.plateCount, window: Int32(clamping: parameters.windowSeconds),
            fanOut: parameters.fanOut, bucketSeconds: Int32(clamping: max(1, parameters.tripGapSeconds)),
            minCount: max(1, parameters.minOccasions))
        let swept = clock.now
        let context = PairContext(reads: reads, index: index, parameters: parameters, partners: sweep.partners)
        let prepared = clock.now
        let candidates = sweep.candidates
        // Every pair that co-passed at least once was, in effect, tested: the candidates were chosen
        // by looking at the same data, so the correction counts all of them.
        let threshold = parameters.minSurprise + log10(Double(max(1, sweep.distinctPairs)))

        // Evaluate candidates in parallel over contiguous chunks.
        let chunkCount = candidates.isEmpty ? 0 : min(candidates.count, 16)
        var evaluated = [ConvoyPair?](repeating: nil, count: candidates.count)
        await withTaskGroup(of: (Int, [ConvoyPair]).self) { group in
            for chunk in 0..<chunkCount {
                let low = candidates.count * chunk / chunkCount, high = candidates.count * (chunk + 1) / chunkCount
                group.addTask {
                    var scratch = PairScratch()
                    var result: [ConvoyPair] = []
                    result.reserveCapacity(high - low)
                    for position in low..<high {
                        let key = candidates[position]
                        result.append(context.evaluate(Int32(key >> 32), Int32(truncatingIfNeeded: key), threshold: threshold, scratch: &scratch))
                    }
                    return (low, result)
                }
            }
            for await (low, pairs) in group {
                for (offset, pair) in pairs.enumerated() { evaluated[low + offset] = pair }
            }
        }
        let evaluatedAt = clock.now
        var pairs = evaluated.compactMap { $0 }
        pairs.sort { ($0.surprise, $1.first, $1.second) > ($1.surprise, $0.first, $0.second) }
        let convoys = group(pairs.filter(\.flagged), threshold: threshold, maxSize: parameters.maxGroupSize)
        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        }
        var report = ConvoyReport(
            convoys: convoys, candidates: pairs, coPassingEvents: sweep.events, distinctPairs: sweep.distinctPairs,
            cappedReads: sweep.cappedReads, threshold: threshold, parameters: parameters)
        report.stageSeconds = (seconds(swept - started), seconds(prepared - swept), seconds(evaluatedAt - prepared))
        return report
    }

    /// Score in 0…1 from a surprise and the threshold: 0.5 at the threshold, towards 1 beyond.
    package static func score(surprise: Double, threshold: Double) -> Double {
        guard surprise.isFinite else { return 1 }
        return max(0, min(1, surprise / (surprise + max(1e-9, threshold))))
    }

    /// Groups flagged pairs into convoys: a connected set of plates whose every pair is flagged and
    /// that is no larger than `maxSize`; anything else stays as separate pairs.
    package static func group(_ flagged: [ConvoyPair], threshold: Double, maxSize: Int) -> [Convoy] {
        var parent: [Int32: Int32] = [:]
        func find(_ x: Int32) -> Int32 {
            var root = x
            while let up = parent[root], up != root { root = up }
            var node = x
            while let up = parent[node], up != root {
                parent[node] = root
                node = up
            }
            return root
        }
        for pair in flagged {
            if parent[pair.first] == nil { parent[pair.first] = pair.first }
            if parent[pair.second] == nil { parent[pair.second] = pair.second }
            let a = find(pair.first), b = find(pair.second)
            if a != b { parent[max(a, b)] = min(a, b) }
        }
        var components: [Int32: [ConvoyPair]] = [:]
        for pair in flagged { components[find(pair.first), default: []].append(pair) }
        var convoys: [Convoy] = []
        for (_, pairs) in components {
            let plates = Array(Set(pairs.flatMap { [$0.first, $0.second] })).sorted()
            let isClique = pairs.count == plates.count * (plates.count - 1) / 2
            if plates.count <= maxSize && isClique {
                let weakest = pairs.map(\.surprise).min() ?? 0
                convoys.append(Convoy(plates: plates, score: score(surprise: weakest, threshold: threshold), pairs: pairs))
            } else {
                for pair in pairs {
                    convoys.append(Convoy(plates: [pair.first, pair.second], score: score(surprise: pair.surprise, threshold: threshold), pairs: [pair]))
                }
            }
        }
        convoys.sort { ($0.score, $1.plates.first ?? 0) > ($1.score, $0.plates.first ?? 0) }
        return convoys
    }
}
