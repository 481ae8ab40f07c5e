import Crypto
import Foundation
import YanjianCore
import YanjianStore

/// Camera linkage for evidence (卡口取证包): for a plate, every camera and time window where it was
/// read, with the video events at those cameras around each read (loading/unloading, stops, crowds,
/// and their snapshot references), as one JSON document whose items each carry a SHA-256 — stored on
/// a case as a `camera_package` evidence item, so it is content-addressed and on the chain of custody.
public enum CameraEvidencePackage {
    /// Minutes either side of a read in which video events at the same camera are included.
    public static let windowMinutes: Int64 = 10
    /// The most reads a package lists (the newest first).
    public static let maxReads = 2000

    /// Builds the package for `plate` between `from` and `to` (epoch seconds; nil = open) and stores
    /// it on `caseNo`. Fails with not-found when the plate has no read in the range.
    public static func attach(store: Store, caseNo: String, plate raw: String, from: Int64?, to: Int64?,
                              actor: String, scope: AccessScope) async throws -> EvidenceItem {
        guard let plate = try? Plate(validating: raw) else { throw StoreError.invalid(field: "plate", reason: "not a plate number") }
        if let from, let to, from > to { throw StoreError.invalid(field: "from", reason: "from is after to") }
        let reads = try await store.db.query(
            """
            SELECT r.read_id, r.ts, r.camera_id, r.plate_color, r.vehicle_type, c.name, c.kind, c.lat, c.lon, c.adcode
            FROM plate_reads r JOIN cameras c ON c.camera_id = r.camera_id
            WHERE r.plate = ? AND r.ts >= ? AND r.ts <= ? ORDER BY r.ts DESC LIMIT ?
            """, [.text(plate.value), .int(from ?? 0), .int(to ?? Int64.max), .int(Int64(maxReads))])
        guard !reads.isEmpty else { throw StoreError.notFound(kind: "plate read of", id: plate.value) }
        let window = windowMinutes * 60
        var items: [[String: Any]] = []
        for read in reads.reversed() {
            let ts = read["ts"].int ?? 0
            let camera = read["camera_id"].text ?? ""
            let events = try await store.db.query(
                """
                SELECT event_id, ts, type, confidence, plate, count, snapshot FROM video_events
                WHERE camera_id = ? AND ts BETWEEN ? AND ? ORDER BY ts
                """, [.text(camera), .int(ts - window), .int(ts + window)]
            ).map { event -> [String: Any] in
                var item: [String: Any] = ["event_id": event["event_id"].text ?? "", "ts": event["ts"].int ?? 0, "type": event["type"].text ?? ""]
                if let confidence = event["confidence"].double { item["confidence"] = confidence }
                if let plate = event["plate"].text { item["plate"] = plate }
                if let snapshot = event["snapshot"].text { item["snapshot"] = snapshot }
                return item
            }
            var item: [String: Any] = [
                "read_id": read["read_id"].text ?? "", "ts": ts, "time": Timestamp.format(ts), "camera_id": camera,
                "camera": read["name"].text ?? "", "camera_kind": read["kind"].text ?? "",
                "lat": read["lat"].double ?? 0, "lon": read["lon"].double ?? 0, "video_events": events,
            ]
            if let adcode = read["adcode"].text { item["adcode"] = adcode }
            if let colour = read["plate_color"].text { item["plate_color"] = colour }
            if let type = read["vehicle_type"].text { item["vehicle_type"] = type }
            let canonical = try JSONSerialization.data(withJSONObject: item, options: [.sortedKeys, .withoutEscapingSlashes])
            item["sha256"] = SHA256.hash(data: canonical).map { String(format: "%02x", $0) }.joined()
            items.append(item)
        }
        let cameras = Set(items.compactMap { $0["camera_id"] as? String }).count
        let package: [String: Any] = [
            "plate": plate.value, "from": from.map { Timestamp.format($0) } ?? NSNull(), "to": to.map { Timestamp.format($0) } ?? NSNull(),
            "window_minutes": windowMinutes, "reads": items.count, "cameras": cameras, "items": items,
        ]
        let data = try JSONSerialization.data(withJSONObject: package, options: [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted])
        return try await store.addEvidence(
            caseNo: caseNo, kind: .cameraPackage, filename: "camera-package-\(plate.value).json", mediaType: "application/json",
            content: Array(data), description: "\(plate.value)：\(items.count) 次过车，\(cameras) 个卡口", actor: actor, scope: scope)
    }
}
