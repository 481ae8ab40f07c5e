import Foundation
import YanjianCore

/// The evidence written into a finding's `details`, one Codable shape per finding kind, with
/// snake_case keys and local (Asia/Shanghai) timestamps so a person can read it as is.
enum FindingDetails {
    /// One co-passing.
    struct Pass: Codable, Equatable {
        var camera: String
        var cameraName: String
        var time: String
        var offsetSeconds: Int

        enum CodingKeys: String, CodingKey {
            case camera, time
            case cameraName = "camera_name"
            case offsetSeconds = "offset_s"
        }
    }

    /// One occasion together.
    struct Occasion: Codable, Equatable {
        var start: String
        var passes: [Pass]
    }

    /// A flagged pair inside a convoy.
    struct Pair: Codable, Equatable {
        var plates: [String]
        var occasions: Int
        var coPassings: Int
        var cameras: [String]
        var expectedOccasions: Double
        var surprise: Double
        var medianOffsetSeconds: Int
        var leader: String
        var leaderShare: Double
        var partners: [Int]
        var evidence: [Occasion]

        enum CodingKeys: String, CodingKey {
            case plates, occasions, cameras, surprise, leader, partners, evidence
            case coPassings = "co_passings"
            case expectedOccasions = "expected_occasions"
            case medianOffsetSeconds = "median_offset_s"
            case leaderShare = "leader_share"
        }
    }

    /// A convoy finding.
    struct ConvoyDetails: Codable, Equatable {
        var plates: [String]
        var reasons: [String]
        var threshold: Double
        var pairs: [Pair]
    }

    /// One impossible journey.
    struct Journey: Codable, Equatable {
        var fromCamera: String
        var fromTime: String
        var toCamera: String
        var toTime: String
        var distanceKm: Double
        var minutes: Double
        var speedKmh: Double
        var corroborated: Bool

        enum CodingKeys: String, CodingKey {
            case corroborated
            case fromCamera = "from_camera"
            case fromTime = "from_time"
            case toCamera = "to_camera"
            case toTime = "to_time"
            case distanceKm = "distance_km"
            case minutes
            case speedKmh = "speed_kmh"
        }
    }

    /// A colour or type conflict: value → reads.
    struct Conflict: Codable, Equatable {
        var values: [String]
        var reads: [Int]
        var minorityDays: Int

        enum CodingKeys: String, CodingKey {
            case values, reads
            case minorityDays = "minority_days"
        }
    }

    /// A cloned-plate finding.
    struct ClonedDetails: Codable, Equatable {
        var reasons: [String]
        var impossibleJourneys: Int
        var corroboratedJourneys: Int
        var impossibleDays: Int
        var maxSpeedKmh: Double
        var journeys: [Journey]
        var colorConflict: Conflict?
        var typeConflict: Conflict?

        enum CodingKeys: String, CodingKey {
            case reasons, journeys
            case impossibleJourneys = "impossible_journeys"
            case corroboratedJourneys = "corroborated_journeys"
            case impossibleDays = "impossible_days"
            case maxSpeedKmh = "max_speed_kmh"
            case colorConflict = "color_conflict"
            case typeConflict = "type_conflict"
        }
    }

    /// One night of a night vehicle.
    struct Night: Codable, Equatable {
        var first: String
        var last: String
        var cameras: [String]
        var targets: [String]
    }

    /// A target camera and the nights it was visited.
    struct TargetVisit: Codable, Equatable {
        var camera: String
        var name: String
        var kind: String?
        var nights: Int
    }

    /// A night-vehicle finding.
    struct NightDetails: Codable, Equatable {
        var reasons: [String]
        var nights: Int
        var nightsAnyCamera: Int
        var activeDays: Int
        var nightShare: Double
        var peerGroup: String
        var peerRate: Double
        var expectedNights: Double
        var surprise: Double
        var threshold: Double
        var targets: [TargetVisit]
        var evidence: [Night]
        /// Video events at the target cameras on those nights (camera linkage).
        var videoEvents: [VideoEvidence]

        enum CodingKeys: String, CodingKey {
            case reasons, nights, surprise, threshold, targets, evidence
            case videoEvents = "video_events"
            case nightsAnyCamera = "nights_any_camera"
            case activeDays = "active_days"
            case nightShare = "night_share"
            case peerGroup = "peer_group"
            case peerRate = "peer_rate"
            case expectedNights = "expected_nights"
        }
    }

    /// Compact JSON with sorted keys.
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Rounds for display (3 decimals), keeping infinities out of JSON.
    static func rounded(_ value: Double, digits: Double = 1000) -> Double {
        guard value.isFinite else { return value > 0 ? 999 : -999 }
        return (value * digits).rounded() / digits
    }

    /// A local ISO timestamp.
    static func time(_ seconds: Int64) -> String { Timestamp.format(seconds) }
}
