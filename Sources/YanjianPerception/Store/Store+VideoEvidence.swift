import Foundation
import YanjianCore
import YanjianStore

/// A video-analytics event that backs a finding: at a camera the vehicle visited, close in time.
struct VideoEvidence: Codable, Equatable {
    var eventID: String
    var camera: String
    var time: String
    var type: String
    var confidence: Double?
    var plate: String?
    /// Whether the event read the flagged vehicle's own plate (else no plate, or another one).
    var plateMatches: Bool
    var snapshot: String?

    enum CodingKeys: String, CodingKey {
        case camera, time, type, confidence, plate, snapshot
        case eventID = "event_id"
        case plateMatches = "plate_matches"
    }
}

extension Store {
    /// Camera linkage for night vehicles: the video events (loading and unloading first) at the target
    /// cameras of each flagged night, from 10 minutes before its first night read to 30 minutes after
    /// its last, keyed by plate. At most `limit` events per vehicle.
    func videoEvidence(for report: NightVehicleReport, reads: PlateReadSet, limit: Int = 20) async throws -> [Int32: [VideoEvidence]] {
        var result: [Int32: [VideoEvidence]] = [:]
        let cameras = reads.cameras.cameras
        for vehicle in report.vehicles {
            let plate = reads.plateNames[Int(vehicle.plate)]
            var found: [VideoEvidence] = []
            var seen = Set<String>()
            for trip in vehicle.trips {
                for camera in trip.targets {
                    let rows = try await db.query(
                        """
                        SELECT event_id, camera_id, ts, type, confidence, plate, snapshot FROM video_events
                        WHERE camera_id = ? AND ts >= ? AND ts <= ? ORDER BY ts
                        """,
                        [.text(cameras[Int(camera)].id), .int(trip.first - 600), .int(trip.last + 1800)])
                    for row in rows {
                        let values = row.values
                        guard values.count >= 7, let id = values[0].text, seen.insert(id).inserted else { continue }
                        let eventPlate = values[5].text
                        // An event that read another vehicle's plate is not this vehicle's evidence.
                        if let eventPlate, !eventPlate.isEmpty, eventPlate != plate { continue }
                        found.append(VideoEvidence(
                            eventID: id, camera: values[1].text ?? "", time: Timestamp.format(values[2].int ?? 0),
                            type: values[3].text ?? "", confidence: values[4].double, plate: eventPlate,
                            plateMatches: eventPlate == plate, snapshot: values[6].text))
                    }
                }
            }
            let loading = VideoEventType.loadingUnloading.code
            found.sort { ($0.plateMatches ? 0 : 1, $0.type == loading ? 0 : 1, $0.time) < ($1.plateMatches ? 0 : 1, $1.type == loading ? 0 : 1, $1.time) }
            if !found.isEmpty { result[vehicle.plate] = Array(found.prefix(max(0, limit))) }
        }
        return result
    }
}
