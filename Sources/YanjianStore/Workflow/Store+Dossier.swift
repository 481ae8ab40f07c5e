import Foundation
import YanjianCore

/// 一户一档: everything the platform knows about one licensed retailer, gathered for one page (and
/// its printed copy): the licence, the business registration, orders against till sales month by
/// month, the brand mix, the risk score with its explanation and history, the lists, cases,
/// warnings, tips, gang links and the camera events around the shop. Scoped to the caller's
/// jurisdiction and masked like every other read.
public struct RetailerDossier: Sendable {
    /// One month of the shop's supply and sales.
    public struct Month: Sendable, Equatable {
        public var month: String
        public var orderedCartons: Int64
        public var orderAmountFen: Int64
        public var returnedCartons: Int64
        /// Till sales converted to cartons (10 packs per carton).
        public var soldCartons: Double
    }

    /// A brand's cartons in the last three months of orders and in the nine months before.
    public struct Brand: Sendable, Equatable {
        public var brand: String
        public var recentCartons: Int64
        public var earlierCartons: Int64
    }

    public struct RiskPoint: Sendable, Equatable {
        public var at: Int64
        public var score: Double
        public var label: String?
    }

    public struct CaseLink: Sendable, Equatable {
        public var caseNo: String
        public var openedOn: String
        public var kind: String
        public var status: String
        public var department: String
        public var valueFen: Int64?
        /// How the case names the shop: `licence_no`, `phone` (the owner's), `id_no` (the owner's).
        public var via: String
    }

    public struct Tip: Sendable, Equatable {
        public var tipID: String
        public var receivedAt: Int64
        public var channel: String
        public var text: String
        /// Why the tip is in the dossier: `phone`, `name`, `nearby`.
        public var via: String
    }

    public struct CameraEvent: Sendable, Equatable {
        public var eventID: String
        public var cameraID: String
        public var cameraName: String
        public var distanceM: Double
        public var at: Int64
        public var type: String
        public var plate: String?
        public var snapshot: String?
    }

    /// The `retailers` row (columns of `DomainTable.retailers`), masked unless the caller unmasked.
    public var retailer: [SQLValue]
    /// The `business_registrations` row of the shop's credit code, if any.
    public var registration: [SQLValue]?
    public var months: [Month]
    public var brands: [Brand]
    /// The current `retailer_risk` finding (score, pattern, explanation in `details`).
    public var risk: StoredFinding?
    public var riskHistory: [RiskPoint]
    public var lists: [ListEntry]
    public var cases: [CaseLink]
    public var warnings: [StoredWarning]
    public var tips: [Tip]
    /// `gang_member` findings for the shop's licence, owner's phone, ID or accounts.
    public var gangLinks: [StoredFinding]
    public var cameraEvents: [CameraEvent]
    /// The video analysis's finding for the shop (night loading nearby and the plates read around it).
    public var video: StoredFinding?
    public var unmasked: Bool
}

extension Store {
    /// Camera events within this distance of the shop are in its dossier.
    public static let dossierCameraMetres = 500.0

    /// The dossier of one retailer; not found when the licence is unknown or outside the caller's jurisdiction.
    public func retailerDossier(licenceNo: String, scope: AccessScope) async throws -> RetailerDossier {
        guard scope.user.role.mayReadData else { throw StoreError.forbidden("role \(scope.user.role.rawValue) may not read dossiers") }
        guard let raw = try await db.queryOne(
            "SELECT \(DomainTable.retailers.columns.map(\.name).joined(separator: ", ")) FROM retailers WHERE licence_no = ?",
            [.text(licenceNo)]), scope.jurisdiction.contains(adcode: raw["adcode"].text) else {
            throw StoreError.notFound(kind: "retailer", id: licenceNo)
        }
        let phone = raw["phone"].text, ownerID = raw["owner_id_no"].text, name = raw["name"].text ?? ""
        let creditCode = raw["credit_code"].text
        let accounts = (raw["accounts"].text ?? "").split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let mask = !scope.unmasked
        let retailer = mask ? Self.mask(raw.values, columns: DomainTable.retailers.columns) : raw.values

        var registration: [SQLValue]?
        if let creditCode, let row = try await db.queryOne(
            "SELECT \(DomainTable.businessRegistrations.columns.map(\.name).joined(separator: ", ")) FROM business_registrations WHERE credit_code = ?",
            [.text(creditCode)]) {
            registration = mask ? Self.mask(row.values, columns: DomainTable.businessRegistrations.columns) : row.values
        }

        let (months, brands) = try await dossierVolumes(licenceNo: licenceNo)

        let risk = try await db.queryOne(
            "SELECT kind, subject, score, label, adcode, details FROM findings WHERE kind = ? AND subject = ?",
            [.text(FindingKind.retailerRisk), .text(licenceNo)]).map {
            StoredFinding(kind: $0["kind"].text ?? "", subject: $0["subject"].text ?? "", score: $0["score"].double ?? 0,
                          label: $0["label"].text, adcode: $0["adcode"].text, details: $0["details"].text ?? "{}")
        }
        let history = try await db.query(
            "SELECT at, score, label FROM finding_history WHERE kind = ? AND subject = ? ORDER BY at, run_id",
            [.text(FindingKind.retailerRisk), .text(licenceNo)]).map {
            RetailerDossier.RiskPoint(at: $0["at"].int ?? 0, score: $0["score"].double ?? 0, label: $0["label"].text)
        }
        let lists = try await db.query("SELECT \(Self.listColumns) FROM list_entries WHERE licence_no = ? ORDER BY id DESC",
                                       [.text(licenceNo)]).map(Self.listEntry)

        var entities: [(String, String)] = [(CaseEntityKind.licenceNo.rawValue, licenceNo)]
        if let phone, !phone.isEmpty { entities.append((CaseEntityKind.phone.rawValue, phone)) }
        if let ownerID, !ownerID.isEmpty { entities.append((CaseEntityKind.idNo.rawValue, ownerID)) }
        var cases: [RetailerDossier.CaseLink] = []
        for (kind, value) in entities {
            for row in try await db.query(
                """
                SELECT c.case_no, c.opened_on, c.kind, c.status, c.department, c.value_fen FROM case_links l
                JOIN cases c ON c.case_no = l.case_no WHERE l.entity_kind = ? AND l.entity_value = ? ORDER BY c.opened_on DESC
                """, [.text(kind), .text(value)]) {
                let caseNo = row["case_no"].text ?? ""
                guard !cases.contains(where: { $0.caseNo == caseNo }) else { continue }
                cases.append(.init(caseNo: caseNo, openedOn: row["opened_on"].text ?? "", kind: row["kind"].text ?? "",
                                   status: row["status"].text ?? "", department: row["department"].text ?? "",
                                   valueFen: row["value_fen"].int, via: kind))
            }
        }
        cases.sort { $0.openedOn > $1.openedOn }

        let warnings = try await db.query(
            "SELECT \(Self.warningColumns) FROM warnings WHERE target_kind = 'retailer' AND target = ? ORDER BY raised_at DESC",
            [.text(licenceNo)]).map(Self.warning)

        let tips = try await dossierTips(name: name, phone: phone, lat: raw["lat"].double, lon: raw["lon"].double, mask: mask)

        var subjects = ["licence_no:\(licenceNo)"]
        if let phone, !phone.isEmpty { subjects.append("phone:\(phone)") }
        if let ownerID, !ownerID.isEmpty { subjects.append("id_no:\(ownerID)") }
        if let creditCode, !creditCode.isEmpty { subjects.append("credit_code:\(creditCode)") }
        subjects += accounts.map { "account:\($0)" }
        let marks = Array(repeating: "?", count: subjects.count).joined(separator: ",")
        var gangLinks = try await db.query(
            "SELECT kind, subject, score, label, adcode, details FROM findings WHERE kind = ? AND subject IN (\(marks)) ORDER BY score DESC",
            [.text(FindingKind.gangMember)] + subjects.map { .text($0) }).map {
            StoredFinding(kind: $0["kind"].text ?? "", subject: $0["subject"].text ?? "", score: $0["score"].double ?? 0,
                          label: $0["label"].text, adcode: $0["adcode"].text, details: $0["details"].text ?? "{}")
        }
        if mask { gangLinks = gangLinks.map(FindingMasking.mask) }

        var cameraEvents: [RetailerDossier.CameraEvent] = []
        if let lat = raw["lat"].double, let lon = raw["lon"].double {
            cameraEvents = try await dossierCameraEvents(at: GeoPoint(lat: lat, lon: lon))
        }
        let video = try await db.queryOne(
            "SELECT kind, subject, score, label, adcode, details FROM findings WHERE kind = 'retailer_video' AND subject = ?", [.text(licenceNo)]).map {
            StoredFinding(kind: $0["kind"].text ?? "", subject: $0["subject"].text ?? "", score: $0["score"].double ?? 0,
                          label: $0["label"].text, adcode: $0["adcode"].text, details: $0["details"].text ?? "{}")
        }
        return RetailerDossier(
            retailer: retailer, registration: registration, months: months, brands: brands,
            risk: mask ? risk.map(FindingMasking.mask) : risk, riskHistory: history, lists: lists, cases: cases,
            warnings: mask ? warnings.map(Self.masked) : warnings, tips: tips, gangLinks: gangLinks, cameraEvents: cameraEvents,
            video: video, unmasked: scope.unmasked)
    }

    /// Orders and till sales by month over the shop's last 24 months of orders, and the brand mix of
    /// the last 3 months against the 9 before.
    func dossierVolumes(licenceNo: String) async throws -> ([RetailerDossier.Month], [RetailerDossier.Brand]) {
        var months: [String: RetailerDossier.Month] = [:]
        func month(_ key: String) -> RetailerDossier.Month {
            months[key] ?? .init(month: key, orderedCartons: 0, orderAmountFen: 0, returnedCartons: 0, soldCartons: 0)
        }
        let orders = try await db.query(
            """
            SELECT substr(order_date, 1, 7) AS month, brand, SUM(cartons) AS cartons, SUM(amount_fen) AS amount,
                   SUM(COALESCE(returned_cartons, 0)) AS returned
            FROM orders WHERE licence_no = ? GROUP BY substr(order_date, 1, 7), brand
            """, [.text(licenceNo)])
        let orderMonths = Set(orders.compactMap { $0["month"].text }).sorted()
        guard let last = orderMonths.last else { return ([], []) }
        let window = Set(Self.monthsBack(from: last, count: 24))
        let recent = Set(Self.monthsBack(from: last, count: 3))
        let earlier = Set(Self.monthsBack(from: last, count: 12)).subtracting(recent)
        var brands: [String: RetailerDossier.Brand] = [:]
        for row in orders {
            guard let key = row["month"].text, window.contains(key) else { continue }
            let cartons = row["cartons"].int ?? 0
            var entry = month(key)
            entry.orderedCartons += cartons
            entry.orderAmountFen += row["amount"].int ?? 0
            entry.returnedCartons += row["returned"].int ?? 0
            months[key] = entry
            let brand = row["brand"].text ?? ""
            var share = brands[brand] ?? .init(brand: brand, recentCartons: 0, earlierCartons: 0)
            if recent.contains(key) { share.recentCartons += cartons }
            if earlier.contains(key) { share.earlierCartons += cartons }
            brands[brand] = share
        }
        // Till sales: bucketed by the Asia/Shanghai month of each sale.
        for row in try await db.query("SELECT ts, packs FROM pos_sales WHERE licence_no = ?", [.text(licenceNo)]) {
            let key = String(Timestamp.formatDate(row["ts"].int ?? 0).prefix(7))
            guard window.contains(key) else { continue }
            var entry = month(key)
            entry.soldCartons += Double(row["packs"].int ?? 0) / 10
            months[key] = entry
        }
        let mix = brands.values.filter { $0.recentCartons + $0.earlierCartons > 0 }
            .sorted { ($0.recentCartons + $0.earlierCartons, $1.brand) > ($1.recentCartons + $1.earlierCartons, $0.brand) }
        return (months.values.sorted { $0.month < $1.month }, Array(mix.prefix(12)))
    }

    /// `count` months ending with `last` (`YYYY-MM`), oldest first.
    public static func monthsBack(from last: String, count: Int) -> [String] {
        let parts = last.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2 else { return [last] }
        var index = parts[0] * 12 + parts[1] - 1
        var result: [String] = []
        for _ in 0..<count {
            result.append(String(format: "%04d-%02d", index / 12, index % 12 + 1))
            index -= 1
        }
        return result.reversed()
    }

    /// Tips that name the shop's phone or name, or were located within 300 m of it; newest first, at most 50.
    func dossierTips(name: String, phone: String?, lat: Double?, lon: Double?, mask: Bool) async throws -> [RetailerDossier.Tip] {
        var found: [String: RetailerDossier.Tip] = [:]
        func add(_ rows: [SQLRow], via: String) {
            for row in rows {
                guard let id = row["tip_id"].text, found[id] == nil else { continue }
                let text = row["text"].text ?? ""
                found[id] = .init(tipID: id, receivedAt: row["received_at"].int ?? 0, channel: row["channel"].text ?? "",
                                  text: mask ? FindingMasking.maskText(text) : text, via: via)
            }
        }
        let columns = "tip_id, received_at, channel, text"
        if let phone, !phone.isEmpty {
            add(try await db.query("SELECT \(columns) FROM tips WHERE phone = ? OR text LIKE ? LIMIT 50",
                                   [.text(phone), .text("%\(phone)%")]), via: "phone")
        }
        if name.count >= 3 {
            add(try await db.query("SELECT \(columns) FROM tips WHERE text LIKE ? LIMIT 50", [.text("%\(name)%")]), via: "name")
        }
        if let lat, let lon {
            let degrees = 0.003
            let rows = try await db.query(
                "SELECT \(columns), lat, lon FROM tips WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? LIMIT 200",
                [.double(lat - degrees), .double(lat + degrees), .double(lon - degrees * 1.3), .double(lon + degrees * 1.3)])
            add(rows.filter {
                guard let tipLat = $0["lat"].double, let tipLon = $0["lon"].double else { return false }
                return GeoPoint.distanceKm(GeoPoint(lat: lat, lon: lon), GeoPoint(lat: tipLat, lon: tipLon)) <= 0.3
            }, via: "nearby")
        }
        return Array(found.values.sorted { ($0.receivedAt, $0.tipID) > ($1.receivedAt, $1.tipID) }.prefix(50))
    }

    /// Video events at cameras within `dossierCameraMetres` of the shop, newest first, at most 100.
    func dossierCameraEvents(at point: GeoPoint) async throws -> [RetailerDossier.CameraEvent] {
        let degrees = Self.dossierCameraMetres / 111_000
        let stretch = max(0.2, cos(point.lat * .pi / 180))
        let cameras = try await db.query(
            "SELECT camera_id, name, lat, lon FROM cameras WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?",
            [.double(point.lat - degrees), .double(point.lat + degrees), .double(point.lon - degrees / stretch), .double(point.lon + degrees / stretch)])
        var near: [String: (name: String, metres: Double)] = [:]
        for camera in cameras {
            guard let id = camera["camera_id"].text, let lat = camera["lat"].double, let lon = camera["lon"].double else { continue }
            let metres = GeoPoint.distanceKm(point, GeoPoint(lat: lat, lon: lon)) * 1000
            if metres <= Self.dossierCameraMetres { near[id] = (camera["name"].text ?? id, metres) }
        }
        guard !near.isEmpty else { return [] }
        let ids = near.keys.sorted()
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
        return try await db.query(
            "SELECT event_id, camera_id, ts, type, plate, snapshot FROM video_events WHERE camera_id IN (\(marks)) ORDER BY ts DESC, event_id LIMIT 100",
            ids.map { .text($0) }).map {
            let camera = $0["camera_id"].text ?? ""
            return RetailerDossier.CameraEvent(
                eventID: $0["event_id"].text ?? "", cameraID: camera, cameraName: near[camera]?.name ?? camera,
                distanceM: ((near[camera]?.metres ?? 0) * 10).rounded() / 10, at: $0["ts"].int ?? 0, type: $0["type"].text ?? "",
                plate: $0["plate"].text, snapshot: $0["snapshot"].text)
        }
    }
}

/// A retailer on the command map: where it is and how risky it scored.
public struct MapRetailer: Sendable, Equatable {
    public var licenceNo: String
    public var name: String
    public var location: GeoPoint
    public var score: Double
    public var pattern: String?
}

extension Store {
    /// Retailers with a position and a risk score of at least `minScore`, riskiest first (at most `limit`),
    /// in the caller's jurisdiction — the command map's retailer layer.
    public func mapRetailers(minScore: Double, limit: Int, scope: AccessScope) async throws -> [MapRetailer] {
        guard scope.user.role.mayReadData else { throw StoreError.forbidden("role \(scope.user.role.rawValue) may not read retailers") }
        var clauses = ["f.kind = ?", "f.score >= ?", "r.lat IS NOT NULL", "r.lon IS NOT NULL"]
        var arguments: [SQLValue] = [.text(FindingKind.retailerRisk), .double(minScore)]
        Self.scopeClause(scope.jurisdiction, column: "r.adcode", clauses: &clauses, arguments: &arguments)
        arguments.append(.int(Int64(limit)))
        return try await db.query(
            """
            SELECT r.licence_no, r.name, r.lat, r.lon, f.score, f.label FROM findings f JOIN retailers r ON r.licence_no = f.subject
            WHERE \(clauses.joined(separator: " AND ")) ORDER BY f.score DESC, r.licence_no LIMIT ?
            """, arguments
        ).map {
            MapRetailer(licenceNo: $0["licence_no"].text ?? "", name: $0["name"].text ?? "",
                        location: GeoPoint(lat: $0["lat"].double ?? 0, lon: $0["lon"].double ?? 0), score: $0["score"].double ?? 0,
                        pattern: $0["label"].text)
        }
    }
}

extension Store {
    /// Districts by how many of their retailers the risk model flagged (most first), with how many were
    /// scored, within the caller's jurisdiction — the overview's "top risky districts".
    public func riskyDistricts(limit: Int, scope: AccessScope) async throws -> [(adcode: String, flagged: Int, scored: Int)] {
        var clauses = ["kind = ?", "adcode IS NOT NULL"]
        var arguments: [SQLValue] = [.text(FindingKind.retailerRisk)]
        Self.scopeClause(scope.jurisdiction, column: "adcode", clauses: &clauses, arguments: &arguments)
        arguments.append(.int(Int64(limit)))
        return try await db.query(
            """
            SELECT adcode, SUM(CASE WHEN label IS NULL THEN 0 ELSE 1 END) AS flagged, COUNT(*) AS scored FROM findings
            WHERE \(clauses.joined(separator: " AND ")) GROUP BY adcode HAVING SUM(CASE WHEN label IS NULL THEN 0 ELSE 1 END) > 0
            ORDER BY flagged DESC, adcode LIMIT ?
            """, arguments
        ).map { ($0["adcode"].text ?? "", Int($0["flagged"].int ?? 0), Int($0["scored"].int ?? 0)) }
    }
}
