import Foundation
import YanjianCore
import YanjianStore

extension PerceptionAnalysis {
    /// The stored findings of a result: one per convoy, cloned plate and night vehicle (conclusions
    /// only), each with its score, the adcode of the cameras involved, and the evidence as details.
    public static func findings(_ result: PerceptionResult) -> [StoredFinding] {
        findings(result, video: [:])
    }

    /// The stored findings, with video events attached to night vehicles (see `Store.videoEvidence`).
    static func findings(_ result: PerceptionResult, video: [Int32: [VideoEvidence]]) -> [StoredFinding] {
        let reads = result.reads
        let cameras = reads.cameras.cameras
        func cameraID(_ id: Int32) -> String { cameras[Int(id)].id }
        func adcode(_ ids: [Int32]) -> String? {
            var counts: [String: Int] = [:]
            for id in ids { if let code = cameras[Int(id)].adcode { counts[code, default: 0] += 1 } }
            return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        }
        var findings: [StoredFinding] = []
        let maxOccasions = result.convoys.parameters.maxEvidenceOccasions
        for convoy in result.convoys.convoys {
            let names = convoy.plates.map { reads.plateNames[Int($0)] }.sorted()
            let pairs = convoy.pairs.map { pair in
                let first = reads.plateNames[Int(pair.first)], second = reads.plateNames[Int(pair.second)]
                var occasions: [FindingDetails.Occasion] = []
                var last = Int32.min
                for event in pair.events {
                    if event.occasion != last {
                        if occasions.count == maxOccasions { break }
                        occasions.append(FindingDetails.Occasion(start: FindingDetails.time(event.time), passes: []))
                    }
                    last = event.occasion
                    occasions[occasions.count - 1].passes.append(FindingDetails.Pass(
                        camera: cameraID(event.camera), cameraName: cameras[Int(event.camera)].name,
                        time: FindingDetails.time(event.time), offsetSeconds: Int(event.offsetSeconds)))
                }
                let leads = pair.firstLeadsShare >= 0.5
                return FindingDetails.Pair(
                    plates: [first, second], occasions: pair.occasions, coPassings: pair.coPassings,
                    cameras: Array(Set(pair.events.map { cameraID($0.camera) })).sorted(),
                    expectedOccasions: FindingDetails.rounded(pair.expectedOccasions, digits: 1e6),
                    surprise: FindingDetails.rounded(pair.surprise), medianOffsetSeconds: pair.medianOffsetSeconds,
                    leader: leads ? first : second,
                    leaderShare: FindingDetails.rounded(leads ? pair.firstLeadsShare : 1 - pair.firstLeadsShare),
                    partners: [pair.firstPartners, pair.secondPartners], evidence: occasions)
            }
            let details = FindingDetails.ConvoyDetails(
                plates: names,
                reasons: ["repeated_co_passing", "beats_chance_baseline"],
                threshold: FindingDetails.rounded(result.convoys.threshold), pairs: pairs)
            findings.append(StoredFinding(
                kind: FindingKind.convoy, subject: names.joined(separator: "|"), score: convoy.score,
                label: "\(names.count) vehicles", adcode: adcode(convoy.pairs.flatMap { $0.events.map(\.camera) }),
                details: FindingDetails.encode(details)))
        }
        for plate in result.clonedPlates.plates {
            let journeys = plate.journeys.map { journey in
                FindingDetails.Journey(
                    fromCamera: cameraID(journey.fromCamera), fromTime: FindingDetails.time(journey.fromTime),
                    toCamera: cameraID(journey.toCamera), toTime: FindingDetails.time(journey.toTime),
                    distanceKm: FindingDetails.rounded(journey.distanceKm, digits: 10),
                    minutes: FindingDetails.rounded(Double(journey.toTime - journey.fromTime) / 60, digits: 10),
                    speedKmh: FindingDetails.rounded(journey.speedKmh, digits: 1), corroborated: journey.corroborated)
            }
            func conflict(_ value: AttributeConflict?) -> FindingDetails.Conflict? {
                value.map { FindingDetails.Conflict(values: $0.counts.map(\.value), reads: $0.counts.map(\.reads), minorityDays: $0.minorityDays) }
            }
            let details = FindingDetails.ClonedDetails(
                reasons: plate.reasons, impossibleJourneys: plate.impossibleCount, corroboratedJourneys: plate.corroboratedCount,
                impossibleDays: plate.impossibleDays,
                maxSpeedKmh: FindingDetails.rounded(plate.journeys.map(\.speedKmh).max() ?? 0, digits: 1),
                journeys: journeys, colorConflict: conflict(plate.colorConflict), typeConflict: conflict(plate.typeConflict))
            findings.append(StoredFinding(
                kind: FindingKind.clonedPlate, subject: reads.plateNames[Int(plate.plate)], score: plate.score,
                label: plate.reasons.joined(separator: ","),
                adcode: adcode(plate.journeys.flatMap { [$0.fromCamera, $0.toCamera] }), details: FindingDetails.encode(details)))
        }
        for vehicle in result.nightVehicles.vehicles {
            let targets = vehicle.targetCameras.map {
                FindingDetails.TargetVisit(
                    camera: cameraID($0.camera), name: cameras[Int($0.camera)].name, kind: cameras[Int($0.camera)].kind, nights: $0.nights)
            }
            let nights = vehicle.trips.map {
                FindingDetails.Night(
                    first: FindingDetails.time($0.first), last: FindingDetails.time($0.last), cameras: $0.cameras.map(cameraID),
                    targets: $0.targets.map(cameraID))
            }
            let events = video[vehicle.plate] ?? []
            var reasons = ["repeated_night_trips", "above_own_habit", "above_peers"]
            if events.contains(where: \.plateMatches) { reasons.append("video_loading_at_target") }
            let details = FindingDetails.NightDetails(
                reasons: reasons, nights: vehicle.nights,
                nightsAnyCamera: vehicle.nightsAnyCamera, activeDays: vehicle.activeDays,
                nightShare: FindingDetails.rounded(vehicle.nightShare), peerGroup: vehicle.peerGroup,
                peerRate: FindingDetails.rounded(vehicle.peerRate, digits: 1e6),
                expectedNights: FindingDetails.rounded(vehicle.expectedNights), surprise: FindingDetails.rounded(vehicle.surprise),
                threshold: FindingDetails.rounded(result.nightVehicles.threshold), targets: targets, evidence: nights,
                videoEvents: events)
            findings.append(StoredFinding(
                kind: FindingKind.nightVehicle, subject: reads.plateNames[Int(vehicle.plate)], score: vehicle.score,
                label: vehicle.peerGroup, adcode: adcode(vehicle.targetCameras.map(\.camera)), details: FindingDetails.encode(details)))
        }
        return findings
    }
}

/// The vehicle sections of findings.json, read back from the stored findings (for the export, and
/// for tests that score a run with `Evaluator.evaluate(truth:findings:)`).
public enum PerceptionFindings {
    /// Convoys, cloned plates and night vehicles stored by the last run, highest score first.
    public static func export(store: Store, scope: AccessScope = .system) async throws
        -> (convoys: [Findings.Convoy], clonedPlates: [Findings.Scored], nightVehicles: [Findings.Scored])
    {
        let convoys = try await store.findings(kind: FindingKind.convoy, scope: scope).map {
            Findings.Convoy(plates: $0.subject.split(separator: "|").map(String.init), score: $0.score)
        }
        let cloned = try await store.findings(kind: FindingKind.clonedPlate, scope: scope).map {
            Findings.Scored(plate: $0.subject, score: $0.score)
        }
        let night = try await store.findings(kind: FindingKind.nightVehicle, scope: scope).map {
            Findings.Scored(plate: $0.subject, score: $0.score)
        }
        return (convoys, cloned, night)
    }
}
