import Foundation
import YanjianCore
import YanjianStore

/// What a run did, as stored in `analysis_runs.summary` and printed by the CLI.
public struct PerceptionSummary: Sendable, Codable, Equatable {
    public var reads: Int
    public var plates: Int
    public var cameras: Int
    public var unknownCameraReads: Int
    public var coPassingEvents: Int
    public var distinctPairs: Int
    public var candidatePairs: Int
    public var flaggedPairs: Int
    public var convoys: Int
    public var convoyThreshold: Double
    public var cappedReads: Int
    public var journeysChecked: Int
    public var impossibleJourneys: Int
    public var blamedCameras: [String]
    public var clonedPlates: Int
    public var nightPlatesTested: Int
    public var nightVehicles: Int
    public var nightUsedTargetCameras: Bool
    public var seconds: [String: Double]

    enum CodingKeys: String, CodingKey {
        case reads, plates, cameras, convoys, seconds
        case unknownCameraReads = "unknown_camera_reads"
        case coPassingEvents = "co_passing_events"
        case distinctPairs = "distinct_pairs"
        case candidatePairs = "candidate_pairs"
        case flaggedPairs = "flagged_pairs"
        case convoyThreshold = "convoy_threshold"
        case cappedReads = "capped_reads"
        case journeysChecked = "journeys_checked"
        case impossibleJourneys = "impossible_journeys"
        case blamedCameras = "blamed_cameras"
        case clonedPlates = "cloned_plates"
        case nightPlatesTested = "night_plates_tested"
        case nightVehicles = "night_vehicles"
        case nightUsedTargetCameras = "night_used_target_cameras"
    }
}

extension PerceptionAnalysis {
    /// The finding kinds a run replaces.
    public static let kinds = [FindingKind.convoy, FindingKind.clonedPlate, FindingKind.nightVehicle]

    /// Loads every plate read, analyses them, and replaces the stored vehicle findings; night vehicles
    /// carry the video events at their targets on their nights (camera linkage).
    public static func run(
        store: Store, parameters: PerceptionParameters = PerceptionParameters(), progress: (@Sendable (String) -> Void)? = nil
    ) async throws -> PerceptionSummary {
        let parameterText = FindingDetails.encode(parameters)
        let run = try await store.beginAnalysis(name, parameters: parameterText)
        do {
            let clock = ContinuousClock()
            let start = clock.now
            progress?("loading plate reads")
            let cameras = try await store.perceptionCameras()
            let reads = try await store.perceptionReads(cameras: cameras)
            let loadDuration = clock.now - start
            let unknown = try await Int(store.db.scalarInt("SELECT COUNT(*) FROM plate_reads")) - reads.count
            progress?("analysing \(reads.count) reads of \(reads.plateCount) plates")
            var result = try await analyze(reads, parameters: parameters)
            result.seconds["load"] = Double(loadDuration.components.seconds) + Double(loadDuration.components.attoseconds) * 1e-18
            let video = try await store.videoEvidence(for: result.nightVehicles, reads: reads)
            let findings = Self.findings(result, video: video)
            var summary = Self.summary(result)
            summary.unknownCameraReads = max(0, unknown)
            try await store.publishFindings(
                run: run, analysis: name, kinds: kinds, findings: findings, summary: FindingDetails.encode(summary))
            return summary
        } catch {
            try? await store.failAnalysis(run: run, reason: String(describing: error))
            throw error
        }
    }

    /// The counts of a result.
    public static func summary(_ result: PerceptionResult) -> PerceptionSummary {
        let reads = result.reads
        return PerceptionSummary(
            reads: reads.count, plates: reads.plateCount, cameras: reads.cameras.count, unknownCameraReads: 0,
            coPassingEvents: result.convoys.coPassingEvents, distinctPairs: result.convoys.distinctPairs,
            candidatePairs: result.convoys.candidates.count,
            flaggedPairs: result.convoys.candidates.filter(\.flagged).count, convoys: result.convoys.convoys.count,
            convoyThreshold: FindingDetails.rounded(result.convoys.threshold), cappedReads: result.convoys.cappedReads,
            journeysChecked: result.clonedPlates.journeysChecked, impossibleJourneys: result.clonedPlates.impossibleJourneys,
            blamedCameras: result.clonedPlates.blamedCameras.map { reads.cameras.cameras[Int($0)].id },
            clonedPlates: result.clonedPlates.plates.count, nightPlatesTested: result.nightVehicles.tested,
            nightVehicles: result.nightVehicles.vehicles.count, nightUsedTargetCameras: result.nightVehicles.usedTargetCameras,
            seconds: result.seconds.mapValues { FindingDetails.rounded($0) })
    }
}
