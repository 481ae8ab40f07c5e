import Foundation
import YanjianCore
import YanjianStore

/// Video events joined to places and vehicles: each loading/unloading or vehicle-stop event is tied to
/// the licensed retailers within `retailerMetres` of its camera and to the plates read at cameras within
/// `plateMetres` in the `windowSeconds` around it, giving one `retailer_video` finding per retailer
/// that had such events (score: night loading events count double; label `night_loading` when any
/// happened between 00:00 and 05:00); crowd events become one `crowd_heat` finding per district with
/// the count per hour of day.
public enum VideoLinkAnalysis {
    public static let name = "video"
    public static let retailerKind = "retailer_video"
    public static let crowdKind = "crowd_heat"

    public struct Parameters: Sendable, Equatable, Codable {
        public var retailerMetres = 300.0
        public var plateMetres = 1_000.0
        public var windowSeconds: Int64 = 900
        /// Night is [nightStart, nightEnd) o'clock, Asia/Shanghai.
        public var nightStart = 0
        public var nightEnd = 5
        public var eventsPerRetailer = 20
        public var platesPerEvent = 10
        public init() {}
    }

    public struct Summary: Sendable, Equatable, Codable {
        public var events = 0
        public var linkedEvents = 0
        public var retailers = 0
        public var nightLoadingRetailers = 0
        public var crowdDistricts = 0

        enum CodingKeys: String, CodingKey {
            case events, retailers
            case linkedEvents = "linked_events"
            case nightLoadingRetailers = "night_loading_retailers"
            case crowdDistricts = "crowd_districts"
        }
    }

    struct Place {
        var id: String
        var point: GeoPoint
        var adcode: String?
    }

    struct EventLink: Encodable {
        var eventID: String
        var time: String
        var type: String
        var camera: String
        var distanceM: Double
        var night: Bool
        var plates: [String]
        var snapshot: String?

        enum CodingKeys: String, CodingKey {
            case time, type, camera, night, plates, snapshot
            case eventID = "event_id"
            case distanceM = "distance_m"
        }
    }

    struct RetailerVideoDetails: Encodable {
        var nightLoading: Int
        var loading: Int
        var stops: Int
        var events: [EventLink]

        enum CodingKeys: String, CodingKey {
            case loading, stops, events
            case nightLoading = "night_loading"
        }
    }

    /// Places within `metres` of `point`, nearest first, from a grid of ~1 km cells.
    struct Grid {
        var cells: [Int64: [Int]] = [:]
        let places: [Place]

        init(_ places: [Place]) {
            self.places = places
            for (index, place) in places.enumerated() { cells[Self.key(place.point), default: []].append(index) }
        }

        static func key(_ point: GeoPoint) -> Int64 { Int64((point.lat * 100).rounded(.down)) * 100_000 + Int64((point.lon * 100).rounded(.down)) }

        func near(_ point: GeoPoint, metres: Double) -> [(place: Place, metres: Double)] {
            let reach = Int(ceil(metres / 1_000)) + 1
            let (row, column) = (Int64((point.lat * 100).rounded(.down)), Int64((point.lon * 100).rounded(.down)))
            var found: [(Place, Double)] = []
            for dr in -reach...reach {
                for dc in -reach...reach {
                    for index in cells[(row + Int64(dr)) * 100_000 + column + Int64(dc)] ?? [] {
                        let distance = GeoPoint.distanceKm(point, places[index].point) * 1000
                        if distance <= metres { found.append((places[index], distance)) }
                    }
                }
            }
            return found.sorted { $0.1 < $1.1 }
        }
    }

    /// Joins the events and replaces the `retailer_video` and `crowd_heat` findings.
    @discardableResult
    public static func run(store: Store, parameters: Parameters = Parameters()) async throws -> Summary {
        let parametersText = String(decoding: try JSONEncoder().encode(parameters), as: UTF8.self)
        let run = try await store.beginAnalysis(name, parameters: parametersText)
        do {
            let (findings, summary) = try await analyze(store: store, parameters: parameters)
            let summaryText = String(decoding: try JSONEncoder().encode(summary), as: UTF8.self)
            try await store.publishFindings(run: run, analysis: name, kinds: [retailerKind, crowdKind], findings: findings, summary: summaryText)
            return summary
        } catch {
            try? await store.failAnalysis(run: run, reason: String(describing: error))
            throw error
        }
    }

    static func analyze(store: Store, parameters p: Parameters) async throws -> ([StoredFinding], Summary) {
        func places(_ sql: String) async throws -> [Place] {
            try await store.db.query(sql, []).compactMap { row in
                guard let id = row["id"].text, let lat = row["lat"].double, let lon = row["lon"].double,
                      (-90...90).contains(lat), (-180...180).contains(lon) else { return nil }
                return Place(id: id, point: GeoPoint(lat: lat, lon: lon), adcode: row["adcode"].text)
            }
        }
        let retailers = Grid(try await places("SELECT licence_no AS id, lat, lon, adcode FROM retailers WHERE lat IS NOT NULL AND lon IS NOT NULL"))
        let cameraList = try await places("SELECT camera_id AS id, lat, lon, adcode FROM cameras")
        let cameras = Grid(cameraList)
        let cameraByID = Dictionary(cameraList.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

        var summary = Summary()
        var byRetailer: [String: RetailerVideoDetails] = [:]
        var adcodes: [String: String?] = [:]
        var crowd: [String: [Int]] = [:]
        for row in try await store.db.query(
            "SELECT event_id, camera_id, ts, type, plate, snapshot, adcode FROM video_events ORDER BY ts, event_id", []) {
            summary.events += 1
            guard let type = row["type"].text, let cameraID = row["camera_id"].text, let ts = row["ts"].int else { continue }
            let hour = Int(((ts + 8 * 3600) % 86_400 + 86_400) % 86_400 / 3600)
            if type == "crowd" {
                let district = row["adcode"].text ?? cameraByID[cameraID]?.adcode ?? ""
                if !district.isEmpty { crowd[district, default: Array(repeating: 0, count: 24)][hour] += 1 }
                continue
            }
            guard type == "loading_unloading" || type == "vehicle_stop", let camera = cameraByID[cameraID] else { continue }
            let shops = retailers.near(camera.point, metres: p.retailerMetres)
            guard !shops.isEmpty else { continue }
            summary.linkedEvents += 1
            let night = hour >= p.nightStart && hour < p.nightEnd
            // Plates at this and nearby cameras around the event: the vehicles that may have been loaded.
            var plates: [String] = []
            if let own = row["plate"].text, !own.isEmpty { plates.append(own) }
            for nearby in cameras.near(camera.point, metres: p.plateMetres) where plates.count < p.platesPerEvent {
                for read in try await store.db.query(
                    "SELECT DISTINCT plate FROM plate_reads WHERE camera_id = ? AND ts BETWEEN ? AND ? LIMIT ?",
                    [.text(nearby.place.id), .int(ts - p.windowSeconds), .int(ts + p.windowSeconds), .int(Int64(p.platesPerEvent))]) {
                    if let plate = read["plate"].text, !plates.contains(plate), plates.count < p.platesPerEvent { plates.append(plate) }
                }
            }
            for (shop, metres) in shops {
                var details = byRetailer[shop.id] ?? RetailerVideoDetails(nightLoading: 0, loading: 0, stops: 0, events: [])
                if type == "loading_unloading" {
                    details.loading += 1
                    if night { details.nightLoading += 1 }
                } else {
                    details.stops += 1
                }
                if details.events.count < p.eventsPerRetailer {
                    details.events.append(EventLink(eventID: row["event_id"].text ?? "", time: Timestamp.format(ts), type: type, camera: cameraID,
                                                    distanceM: (metres * 10).rounded() / 10, night: night, plates: plates, snapshot: row["snapshot"].text))
                }
                byRetailer[shop.id] = details
                adcodes[shop.id] = shop.adcode
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var findings: [StoredFinding] = []
        for (licence, details) in byRetailer.sorted(by: { $0.key < $1.key }) {
            let score = Double(details.nightLoading * 2 + (details.loading - details.nightLoading)) + 0.5 * Double(details.stops)
            findings.append(StoredFinding(kind: retailerKind, subject: licence, score: score, label: details.nightLoading > 0 ? "night_loading" : nil,
                                          adcode: adcodes[licence] ?? nil, details: String(decoding: try encoder.encode(details), as: UTF8.self)))
            if details.nightLoading > 0 { summary.nightLoadingRetailers += 1 }
        }
        summary.retailers = byRetailer.count
        for (district, hours) in crowd.sorted(by: { $0.key < $1.key }) {
            let peak = hours.indices.max { hours[$0] < hours[$1] } ?? 0
            findings.append(StoredFinding(kind: crowdKind, subject: district, score: Double(hours.reduce(0, +)), label: "peak_\(peak)h", adcode: district,
                                          details: String(decoding: try encoder.encode(["hours": hours]), as: UTF8.self)))
        }
        summary.crowdDistricts = crowd.count
        return (findings, summary)
    }
}
