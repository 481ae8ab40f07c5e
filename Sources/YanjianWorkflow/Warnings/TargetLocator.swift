import Foundation
import YanjianCore
import YanjianStore

/// Where a warning's target is, so that the nearest units can be sent: a retailer at its shop, a tip
/// where the tipster put it, a vehicle (or the first of a convoy) at the camera of its last read. A gang
/// has no single place; its warning is dispatched to a location the commander gives.
struct TargetLocator {
    var retailers: [String: (point: GeoPoint?, adcode: String?)] = [:]
    var tips: [String: (point: GeoPoint?, adcode: String?)] = [:]
    let store: Store

    static func load(store: Store) async throws -> TargetLocator {
        var locator = TargetLocator(store: store)
        for row in try await store.db.query("SELECT licence_no, lat, lon, adcode FROM retailers", []) {
            guard let licence = row["licence_no"].text else { continue }
            locator.retailers[licence] = (point(row), row["adcode"].text)
        }
        for row in try await store.db.query("SELECT tip_id, lat, lon, adcode FROM tips", []) {
            guard let id = row["tip_id"].text else { continue }
            locator.tips[id] = (point(row), row["adcode"].text)
        }
        return locator
    }

    static func point(_ row: SQLRow) -> GeoPoint? {
        guard let lat = row["lat"].double, let lon = row["lon"].double, (-90...90).contains(lat), (-180...180).contains(lon),
              lat != 0 || lon != 0 else { return nil }
        return GeoPoint(lat: lat, lon: lon)
    }

    func locate(_ key: WarningKey, findingAdcode: String?) async throws -> (point: GeoPoint?, adcode: String?) {
        switch key.targetKind {
        case "retailer":
            let place = retailers[key.target]
            return (place?.point, findingAdcode ?? place?.adcode)
        case "tip":
            let place = tips[key.target]
            return (place?.point, findingAdcode ?? place?.adcode)
        case "vehicle", "convoy":
            let plate = String(key.target.split(separator: "|").first ?? "")
            let row = try await store.db.queryOne(
                """
                SELECT c.lat, c.lon, c.adcode FROM plate_reads r JOIN cameras c ON c.camera_id = r.camera_id
                WHERE r.plate = ? ORDER BY r.ts DESC LIMIT 1
                """, [.text(plate)])
            return (row.flatMap(Self.point), findingAdcode ?? row?["adcode"].text)
        default:
            return (nil, findingAdcode)
        }
    }
}
