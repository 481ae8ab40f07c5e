import YanjianCore
import YanjianStore

/// The licensed retailers being scored, in licence order, with what explanations and matching need.
public struct RetailerDirectory: Sendable {
    public var licenceNos: [String] = []
    public var names: [String] = []
    public var addresses: [String] = []
    public var adcodes: [String] = []
    public var businessTypes: [String] = []
    public var statuses: [String] = []
    public var expiresOn: [String] = []
    public var creditCodes: [String] = []
    public var ownerIDs: [String] = []
    public var phones: [String] = []
    public var accounts: [[String]] = []
    /// The shop's position (nil when the licence has no usable coordinates).
    public var points: [GeoPoint?] = []
    /// Licence number → index.
    public var index: [String: Int] = [:]

    public var count: Int { licenceNos.count }

    /// Reads every retailer from the store.
    public static func load(from store: Store) async throws -> RetailerDirectory {
        let rows = try await store.db.query(
            """
            SELECT licence_no, name, address, adcode, business_type, status, expires_on, credit_code,
                   owner_id_no, phone, accounts, lat, lon
            FROM retailers ORDER BY licence_no
            """)
        var directory = RetailerDirectory()
        directory.licenceNos.reserveCapacity(rows.count)
        for row in rows {
            guard let licence = row["licence_no"].text, !licence.isEmpty else { continue }
            directory.index[licence] = directory.licenceNos.count
            directory.licenceNos.append(licence)
            directory.names.append(row["name"].text ?? "")
            directory.addresses.append(row["address"].text ?? "")
            directory.adcodes.append(row["adcode"].text ?? "")
            directory.businessTypes.append(row["business_type"].text ?? "")
            directory.statuses.append(row["status"].text ?? "")
            directory.expiresOn.append(row["expires_on"].text ?? "")
            directory.creditCodes.append(row["credit_code"].text ?? "")
            directory.ownerIDs.append(row["owner_id_no"].text ?? "")
            directory.phones.append(row["phone"].text ?? "")
            directory.accounts.append(Self.splitList(row["accounts"].text ?? ""))
            directory.points.append(Self.point(lat: row["lat"].double, lon: row["lon"].double))
        }
        return directory
    }

    /// A position when both coordinates are present and on Earth, and not the (0, 0) of an empty export.
    static func point(lat: Double?, lon: Double?) -> GeoPoint? {
        guard let lat, let lon, lat.isFinite, lon.isFinite, abs(lat) <= 90, abs(lon) <= 180, lat != 0 || lon != 0 else { return nil }
        return GeoPoint(lat: lat, lon: lon)
    }

    /// Values joined by `|` (or `,` `;` `、` and spaces), trimmed, empty ones dropped.
    static func splitList(_ text: String) -> [String] {
        text.split(whereSeparator: { "|,;、 ，；".contains($0) }).map { String($0) }.filter { !$0.isEmpty }
    }

    /// Nested peer-group ids: county × type, city × type (adcode prefix), type (see
    /// ``RetailerMeasurements``).
    func peerGroups() -> (county: [Int32], city: [Int32], type: [Int32]) {
        var countyIDs: [String: Int32] = [:]
        var cityIDs: [String: Int32] = [:]
        var typeIDs: [String: Int32] = [:]
        func id(_ key: String, _ table: inout [String: Int32]) -> Int32 {
            if let known = table[key] { return known }
            let next = Int32(table.count)
            table[key] = next
            return next
        }
        var county: [Int32] = []
        var city: [Int32] = []
        var type: [Int32] = []
        for i in 0..<count {
            let adcode = adcodes[i]
            let kind = businessTypes[i]
            county.append(id(adcode + "|" + kind, &countyIDs))
            city.append(id(String(adcode.prefix(4)) + "|" + kind, &cityIDs))
            type.append(id(kind, &typeIDs))
        }
        return (county, city, type)
    }
}
