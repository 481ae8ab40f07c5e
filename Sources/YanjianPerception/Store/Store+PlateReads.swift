import Foundation
import YanjianCore
import YanjianStore

extension Store {
    /// Every camera, with kinds at logistics parks and retail areas marked as night targets.
    public func perceptionCameras() async throws -> CameraTable {
        let rows = try await db.query("SELECT camera_id, name, kind, lat, lon, adcode FROM cameras ORDER BY camera_id")
        var table = CameraTable()
        for row in rows {
            let values = row.values
            guard values.count >= 6, let id = values[0].text else { continue }
            let kindText = values[2].text
            let kind = kindText.flatMap { CameraKind(code: $0) }
            let location: GeoPoint? = {
                guard let lat = values[3].double, let lon = values[4].double else { return nil }
                return GeoPoint(lat: lat, lon: lon)
            }()
            table.add(CameraTable.Camera(
                id: id, name: values[1].text ?? id, kind: kind?.code ?? kindText, location: location, adcode: values[5].text,
                isNightTarget: kind == .logisticsPark || kind == .retailerVicinity))
        }
        return table
    }

    /// Loads plate reads into a flat set: pages of `pageSize` rows in `read_id` order (keyset
    /// pagination, so memory holds one page of rows at a time), optionally limited to `[from, to)`
    /// Unix seconds or to one plate. Reads of unknown cameras are counted and skipped.
    public func perceptionReads(
        cameras: CameraTable, from: Int64? = nil, to: Int64? = nil, plate: String? = nil, pageSize: Int = 50_000
    ) async throws -> PlateReadSet {
        let expected = plate == nil ? Int(try await db.scalarInt("SELECT COUNT(*) FROM plate_reads")) : 0
        var builder = PlateReadSetBuilder(cameras: cameras, expectedReads: expected)
        var filters: [String] = []
        var arguments: [SQLValue] = []
        if let from {
            filters.append("ts >= ?")
            arguments.append(.int(from))
        }
        if let to {
            filters.append("ts < ?")
            arguments.append(.int(to))
        }
        if let plate {
            filters.append("plate = ?")
            arguments.append(.text(plate))
        }
        var colors: [String: String?] = [:]
        var last = ""
        while true {
            let clause = (["read_id > ?"] + filters).joined(separator: " AND ")
            let rows = try await db.query(
                """
                SELECT read_id, plate, plate_color, camera_id, ts, vehicle_type, confidence FROM plate_reads
                WHERE \(clause) ORDER BY read_id LIMIT ?
                """,
                [.text(last)] + arguments + [.int(Int64(pageSize))])
            for row in rows {
                let values = row.values
                guard values.count >= 7, let plate = values[1].text, let camera = values[3].text, let time = values[4].int else { continue }
                let color: String? = values[2].text.flatMap { raw in
                    if let known = colors[raw] { return known }
                    let canonical = PlateColor(code: raw)?.code ?? raw
                    colors[raw] = canonical
                    return canonical
                }
                builder.append(
                    plate: plate, cameraID: camera, time: time, confidence: values[6].double, color: color,
                    vehicleType: values[5].text)
            }
            guard rows.count == pageSize, let next = rows.last?.values.first?.text else { break }
            last = next
        }
        return builder.build()
    }
}
