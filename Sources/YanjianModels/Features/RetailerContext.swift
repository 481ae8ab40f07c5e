import Foundation
import YanjianCore
import YanjianStore

/// Facts about a retailer that support a score without being a trading pattern: cases naming the licence
/// or its owner, tips naming the shop, night loading seen by cameras nearby, the business-registry status,
/// a licence that is no longer valid while orders go on, and how close the shop is to logistics parks and
/// highway exits (where outflowing stock leaves).
struct RetailerContext {
    static func measure(
        from store: Store, directory: RetailerDirectory, orders: OrderHistory, asOf: Int64? = nil, into m: inout RetailerMeasurements
    ) async throws {
        try await cases(store, directory, asOf, &m)
        try await verifications(store, directory, asOf, &m)
        try await tips(store, directory, asOf, &m)
        if asOf == nil { try await nightLoading(store, directory, &m) }
        try await registry(store, directory, &m)
        licence(directory, orders, &m)
        try await hubs(store, directory, &m)
    }

    /// Warnings about the shop that a unit confirmed or dismissed on site (the closed loop's labels).
    static func verifications(_ store: Store, _ directory: RetailerDirectory, _ asOf: Int64?, _ m: inout RetailerMeasurements) async throws {
        let labels = try await store.warningLabels(targetKind: "retailer", before: asOf)
        guard !labels.isEmpty else { return }
        for i in 0..<directory.count {
            if let confirmed = labels[directory.licenceNos[i]] { m.verified[i] = confirmed ? 1 : -1 }
        }
    }

    static func cases(_ store: Store, _ directory: RetailerDirectory, _ asOf: Int64?, _ m: inout RetailerMeasurements) async throws {
        // As of a cutoff: only cases opened before its day.
        let opened = asOf.map { " AND l.case_no IN (SELECT case_no FROM cases WHERE opened_on < '\(Timestamp.formatDate($0))')" } ?? ""
        let rows = try await store.db.query(
            """
            SELECT l.entity_kind AS entity_kind, l.entity_value AS entity_value, COUNT(DISTINCT l.case_no) AS cases FROM case_links l
            WHERE l.entity_kind IN ('licence_no', 'id_no', 'phone')\(opened) GROUP BY l.entity_kind, l.entity_value
            """)
        var byLicence: [String: Double] = [:]
        var byPerson: [String: Double] = [:]
        for row in rows {
            guard let kind = row["entity_kind"].text, let value = row["entity_value"].text else { continue }
            let count = row["cases"].double ?? 0
            if kind == "licence_no" { byLicence[value, default: 0] += count } else { byPerson[kind + ":" + value, default: 0] += count }
        }
        for i in 0..<directory.count {
            m.licenceCases[i] = byLicence[directory.licenceNos[i]] ?? 0
            var owner = 0.0
            if !directory.ownerIDs[i].isEmpty { owner += byPerson["id_no:" + directory.ownerIDs[i]] ?? 0 }
            if !directory.phones[i].isEmpty { owner += byPerson["phone:" + directory.phones[i]] ?? 0 }
            m.ownerCases[i] = owner
        }
    }

    /// Night loading events near the shop, from the video analysis's findings (read through the store:
    /// the analyses do not import each other).
    static func nightLoading(_ store: Store, _ directory: RetailerDirectory, _ m: inout RetailerMeasurements) async throws {
        let rows = try await store.db.query("SELECT subject, details FROM findings WHERE kind = 'retailer_video' AND label = 'night_loading'")
        guard !rows.isEmpty else { return }
        var index: [String: Int] = [:]
        for i in 0..<directory.count { index[directory.licenceNos[i]] = i }
        for row in rows {
            guard let licence = row["subject"].text, let i = index[licence] else { continue }
            let details = (try? JSONSerialization.jsonObject(with: Data((row["details"].text ?? "{}").utf8))) as? [String: Any] ?? [:]
            m.nightLoading[i] = Double((details["night_loading"] as? Int) ?? 1)
        }
    }

    /// A tip names a shop when its address equals the shop's, or its text contains the shop's name and
    /// that name (four characters or more) belongs to one licence only.
    static func tips(_ store: Store, _ directory: RetailerDirectory, _ asOf: Int64?, _ m: inout RetailerMeasurements) async throws {
        let rows = try await store.db.query("SELECT text, address FROM tips" + (asOf.map { " WHERE received_at < \($0)" } ?? ""))
        guard !rows.isEmpty else { return }
        var byAddress: [String: [Int]] = [:]
        var byName: [String: [Int]] = [:]
        for i in 0..<directory.count {
            let address = directory.addresses[i].trimmingCharacters(in: .whitespaces)
            if !address.isEmpty { byAddress[address, default: []].append(i) }
            let name = directory.names[i].trimmingCharacters(in: .whitespaces)
            if name.unicodeScalars.count >= 4 { byName[name, default: []].append(i) }
        }
        // Unique names indexed by their first two scalars, for a single pass over each tip's text.
        var prefixIndex: [UInt64: [(scalars: [Unicode.Scalar], retailer: Int)]] = [:]
        for (name, owners) in byName where owners.count == 1 {
            let scalars = Array(name.unicodeScalars)
            prefixIndex[key(scalars[0], scalars[1]), default: []].append((scalars, owners[0]))
        }
        for row in rows {
            var named = Set<Int>()
            if let address = row["address"].text?.trimmingCharacters(in: .whitespaces), let owners = byAddress[address], owners.count == 1 {
                named.insert(owners[0])
            }
            let text = Array((row["text"].text ?? "").unicodeScalars)
            if text.count >= 2 {
                for start in 0..<(text.count - 1) {
                    guard let candidates = prefixIndex[key(text[start], text[start + 1])] else { continue }
                    for candidate in candidates where start + candidate.scalars.count <= text.count {
                        if text[start..<(start + candidate.scalars.count)].elementsEqual(candidate.scalars) {
                            named.insert(candidate.retailer)
                        }
                    }
                }
            }
            for i in named { m.tips[i] += 1 }
        }
    }

    private static func key(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> UInt64 {
        UInt64(a.value) << 32 | UInt64(b.value)
    }

    static func registry(_ store: Store, _ directory: RetailerDirectory, _ m: inout RetailerMeasurements) async throws {
        let rows = try await store.db.query(
            """
            SELECT r.licence_no AS licence_no, b.status AS status, b.abnormal_list AS abnormal
            FROM retailers r JOIN business_registrations b ON b.credit_code = r.credit_code
            """)
        for row in rows {
            guard let licence = row["licence_no"].text, let i = directory.index[licence] else { continue }
            let status = row["status"].text ?? ""
            if status == "吊销" || status == "注销" { m.registryClosed[i] = true }
            if row["abnormal"].int == 1 { m.abnormalList[i] = true }
        }
    }

    /// Kilometres to the nearest logistics-park and highway-exit camera (the camera list is the only
    /// register of such places the sources carry).
    static func hubs(_ store: Store, _ directory: RetailerDirectory, _ m: inout RetailerMeasurements) async throws {
        let rows = try await store.db.query("SELECT kind, lat, lon FROM cameras WHERE kind IS NOT NULL")
        var parks: [GeoPoint] = []
        var exits: [GeoPoint] = []
        for row in rows {
            guard let kind = row["kind"].text.flatMap({ CameraKind(code: $0) }),
                  let point = RetailerDirectory.point(lat: row["lat"].double, lon: row["lon"].double)
            else { continue }
            if kind == .logisticsPark { parks.append(point) } else if kind == .highwayGate { exits.append(point) }
        }
        let radius = RetailerMeasurements.hubRadiusKm
        for (points, keyPath) in [(parks, \RetailerMeasurements.logisticsParkKm), (exits, \RetailerMeasurements.highwayExitKm)] where !points.isEmpty {
            let index = NearestPoints(points, radiusKm: radius)
            for i in 0..<directory.count {
                guard let shop = directory.points[i] else { continue }
                m[keyPath: keyPath][i] = index.distanceKm(from: shop) ?? radius
            }
        }
    }

    /// Suspended or cancelled licences with orders in the data's last 30 days, and expired licences with
    /// orders after the expiry date.
    static func licence(_ directory: RetailerDirectory, _ orders: OrderHistory, _ m: inout RetailerMeasurements) {
        guard let lastDay = OrderHistory.dayNumber(orders.lastDate) else { return }
        for i in 0..<directory.count {
            guard let lastOrder = OrderHistory.dayNumber(orders.lastOrder[i]) else { continue }
            let status = directory.statuses[i]
            if (status == "暂停" || status == "注销") && lastOrder >= lastDay - 30 { m.invalidLicenceOrdering[i] = true }
            if let expiry = OrderHistory.dayNumber(directory.expiresOn[i]), lastOrder > expiry { m.expiredLicenceOrdering[i] = true }
        }
    }
}
