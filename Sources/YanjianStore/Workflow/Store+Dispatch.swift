import Foundation
import YanjianCore

/// An enforcement unit as the command map sees it: where it is, its department and members, its own
/// reported status (`units.csv`), and whether a live dispatch keeps it busy.
public struct StoredUnit: Sendable, Equatable {
    public var unitID: String
    public var department: Department?
    public var name: String
    public var location: GeoPoint
    public var adcode: String?
    public var members: Int
    /// The unit's reported status (空闲 出勤 休整).
    public var status: UnitStatus?
    /// The live dispatch this unit is on, if any.
    public var activeDispatch: Int64?

    public init(unitID: String, department: Department?, name: String, location: GeoPoint, adcode: String?, members: Int,
                status: UnitStatus?, activeDispatch: Int64?) {
        self.unitID = unitID
        self.department = department
        self.name = name
        self.location = location
        self.adcode = adcode
        self.members = members
        self.status = status
        self.activeDispatch = activeDispatch
    }

    /// Free to send: reported idle and not on a live dispatch.
    public var isAvailable: Bool { status == .idle && activeDispatch == nil }
}

/// One unit sent to one warning.
public struct StoredDispatch: Sendable, Equatable {
    public var id: Int64
    public var warningID: Int64
    public var unitID: String
    public var status: DispatchStatus
    public var distanceKm: Double?
    public var etaMinutes: Double?
    public var createdAt: Int64
    public var updatedAt: Int64
    public var actor: String
    public var result: VerificationResult?
    public var note: String?
}

/// A unit to send, with the travel estimate the planner made.
public struct DispatchOrder: Sendable, Equatable {
    public var unitID: String
    public var distanceKm: Double?
    public var etaMinutes: Double?

    public init(unitID: String, distanceKm: Double?, etaMinutes: Double?) {
        self.unitID = unitID
        self.distanceKm = distanceKm
        self.etaMinutes = etaMinutes
    }
}

extension Store {
    static let activeDispatchStatuses = "('dispatched','arrived','handling')"

    /// Every unit in the caller's jurisdiction with its live dispatch, if any.
    public func units(scope: AccessScope) async throws -> [StoredUnit] {
        var clauses: [String] = []
        var arguments: [SQLValue] = []
        Self.scopeClause(scope.jurisdiction, column: "u.adcode", clauses: &clauses, arguments: &arguments)
        let whereText = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
        return try await db.query(
            """
            SELECT u.unit_id, u.department, u.name, u.lat, u.lon, u.adcode, u.members, u.status,
                   (SELECT MAX(d.id) FROM dispatches d WHERE d.unit_id = u.unit_id AND d.status IN \(Self.activeDispatchStatuses)) AS active
            FROM units u\(whereText) ORDER BY u.unit_id
            """, arguments
        ).map {
            StoredUnit(unitID: $0["unit_id"].text ?? "", department: Department(code: $0["department"].text ?? ""),
                       name: $0["name"].text ?? "", location: GeoPoint(lat: $0["lat"].double ?? 0, lon: $0["lon"].double ?? 0),
                       adcode: $0["adcode"].text, members: Int($0["members"].int ?? 0),
                       status: UnitStatus(code: $0["status"].text ?? ""), activeDispatch: $0["active"].int)
        }
    }

    static func dispatch(_ row: SQLRow) -> StoredDispatch {
        StoredDispatch(
            id: row["id"].int ?? 0, warningID: row["warning_id"].int ?? 0, unitID: row["unit_id"].text ?? "",
            status: DispatchStatus(rawValue: row["status"].text ?? "") ?? .dispatched, distanceKm: row["distance_km"].double,
            etaMinutes: row["eta_minutes"].double, createdAt: row["created_at"].int ?? 0, updatedAt: row["updated_at"].int ?? 0,
            actor: row["actor"].text ?? "", result: row["result"].text.flatMap(VerificationResult.init(rawValue:)),
            note: row["note"].text)
    }

    static let dispatchColumns = "id, warning_id, unit_id, status, distance_km, eta_minutes, created_at, updated_at, actor, result, note"

    /// The dispatches of one warning, oldest first.
    public func dispatches(warningID: Int64) async throws -> [StoredDispatch] {
        try await db.query("SELECT \(Self.dispatchColumns) FROM dispatches WHERE warning_id = ? ORDER BY id", [.int(warningID)])
            .map(Self.dispatch)
    }

    /// Sends units to a warning in one transaction: each unit must exist and not be on another live
    /// dispatch, and the warning must still be open. A new or acknowledged warning becomes dispatched.
    /// Any failure leaves nothing sent.
    public func dispatch(warningID: Int64, orders: [DispatchOrder], actor: String, note: String?, scope: AccessScope) async throws -> [StoredDispatch] {
        let warning = try await warning(id: warningID, scope: scope)
        guard warning.status.isOpen else {
            throw StoreError.conflict("warning \(warningID) is \(warning.status.rawValue); only an open warning can get units")
        }
        guard !orders.isEmpty else { throw StoreError.invalid(field: "unit_ids", reason: "name at least one unit") }
        guard Set(orders.map(\.unitID)).count == orders.count else { throw StoreError.invalid(field: "unit_ids", reason: "a unit is named twice") }
        let now = self.now
        var statements: [SQLStatement] = []
        for order in orders {
            guard try await db.queryOne("SELECT unit_id FROM units WHERE unit_id = ?", [.text(order.unitID)]) != nil else {
                throw StoreError.notFound(kind: "unit", id: order.unitID)
            }
            statements.append(SQLStatement(
                """
                INSERT INTO dispatches (warning_id, unit_id, status, distance_km, eta_minutes, created_at, updated_at, actor, note)
                SELECT ?, ?, 'dispatched', ?, ?, ?, ?, ?, ? FROM units
                WHERE unit_id = ? AND NOT EXISTS (
                    SELECT 1 FROM dispatches WHERE unit_id = ? AND status IN \(Self.activeDispatchStatuses))
                """,
                [.int(warningID), .text(order.unitID), .double(order.distanceKm), .double(order.etaMinutes), .int(now), .int(now),
                 .text(actor), .text(note), .text(order.unitID), .text(order.unitID)],
                requiredChange: "unit \(order.unitID) is already on another dispatch"))
            let eta = order.etaMinutes.map { " (ETA \(Int($0.rounded())) min)" } ?? ""
            statements.append(Self.event(warningID, now: now, actor: actor, action: "dispatched", note: "\(order.unitID)\(eta)"))
        }
        if warning.status == .new || warning.status == .acknowledged {
            statements.append(SQLStatement(
                "UPDATE warnings SET status = 'dispatched', updated_at = ? WHERE id = ? AND status = ?",
                [.int(now), .int(warningID), .text(warning.status.rawValue)],
                requiredChange: "warning \(warningID) changed while you were working on it; reload and try again"))
            statements.append(Self.event(warningID, now: now, actor: actor, action: "status", from: warning.status, to: .dispatched, note: note))
        }
        try await db.transaction(statements)
        return try await dispatches(warningID: warningID)
    }

    /// Moves one dispatch along 派单 → 到场 → 处置 → 反馈. Arriving puts a dispatched warning on site;
    /// a report with a deciding result (confirmed, not found) settles the warning, which becomes a label
    /// for the risk models.
    public func updateDispatch(id: Int64, to target: DispatchStatus, result: VerificationResult?, note: String?,
                               actor: String, scope: AccessScope) async throws -> StoredDispatch {
        guard let row = try await db.queryOne("SELECT \(Self.dispatchColumns) FROM dispatches WHERE id = ?", [.int(id)]) else {
            throw StoreError.notFound(kind: "dispatch", id: String(id))
        }
        let current = Self.dispatch(row)
        let warning = try await warning(id: current.warningID, scope: scope)
        guard current.status.next.contains(target) else {
            throw StoreError.conflict(
                "dispatch \(id) is \(current.status.rawValue) and cannot become \(target.rawValue); allowed: \(current.status.next.map(\.rawValue).joined(separator: ", "))")
        }
        if target == .reported && result == nil {
            throw StoreError.invalid(field: "result", reason: "a report needs a result: confirmed, not_found or other")
        }
        if target != .reported && result != nil {
            throw StoreError.invalid(field: "result", reason: "only a report (to = reported) carries a result")
        }
        let now = self.now
        var statements = [SQLStatement(
            "UPDATE dispatches SET status = ?, result = ?, note = COALESCE(?, note), updated_at = ? WHERE id = ? AND status = ?",
            [.text(target.rawValue), .text(result?.rawValue), .text(note), .int(now), .int(id), .text(current.status.rawValue)],
            requiredChange: "dispatch \(id) changed while you were working on it; reload and try again")]
        let detail = [current.unitID, result.map { "result \($0.rawValue)" }, note].compactMap { $0 }.joined(separator: ": ")
        statements.append(Self.event(current.warningID, now: now, actor: actor, action: "dispatch.\(target.rawValue)", note: detail))
        var next: WarningStatus?
        if target == .arrived && (warning.status == .dispatched || warning.status == .acknowledged) { next = .onSite }
        if target == .reported, let decided = result?.warningStatus, warning.status.mayMove(to: decided) { next = decided }
        if let next {
            statements.append(SQLStatement(
                "UPDATE warnings SET status = ?, updated_at = ?, closed_at = ? WHERE id = ? AND status = ?",
                [.text(next.rawValue), .int(now), next.isOpen ? .null : .int(now), .int(warning.id), .text(warning.status.rawValue)],
                requiredChange: "warning \(warning.id) changed while you were working on it; reload and try again"))
            statements.append(Self.event(warning.id, now: now, actor: actor, action: "status", from: warning.status, to: next, note: detail))
        }
        try await db.transaction(statements)
        guard let updated = try await db.queryOne("SELECT \(Self.dispatchColumns) FROM dispatches WHERE id = ?", [.int(id)]) else {
            throw StoreError.notFound(kind: "dispatch", id: String(id))
        }
        return Self.dispatch(updated)
    }

    /// Verified outcomes as labels for retraining: target kind and target of every warning a unit
    /// confirmed (true) or dismissed (false), latest decision per target; with `before`, only the
    /// decisions taken before that time (Unix seconds).
    public func warningLabels(targetKind: String, before: Int64? = nil) async throws -> [String: Bool] {
        var labels: [String: Bool] = [:]
        for row in try await db.query(
            """
            SELECT w.target, e.to_status FROM warning_events e JOIN warnings w ON w.id = e.warning_id
            WHERE w.target_kind = ? AND e.to_status IN ('confirmed','dismissed') AND e.at < ? ORDER BY e.id
            """, [.text(targetKind), .int(before ?? Int64.max)]) {
            guard let target = row["target"].text, let status = row["to_status"].text else { continue }
            labels[target] = status == "confirmed"
        }
        return labels
    }
}

extension Store {
    /// A unit reports its status (空闲 出勤 休整) and/or its position from the field. The previous values
    /// are kept in `record_versions` (the unit was imported from `units.csv`), so nothing is lost.
    public func updateUnit(unitID: String, status: UnitStatus?, position: GeoPoint?, actor: String, scope: AccessScope) async throws -> StoredUnit {
        guard status != nil || position != nil else { throw StoreError.invalid(field: "status", reason: "give a status, a position or both") }
        if let position, !((-90...90).contains(position.lat) && (-180...180).contains(position.lon)) {
            throw StoreError.invalid(field: "lat", reason: "latitude −90…90 and longitude −180…180")
        }
        guard let old = try await units(scope: scope).first(where: { $0.unitID == unitID }) else {
            throw StoreError.notFound(kind: "unit", id: unitID)
        }
        let previous = String(decoding: try JSONSerialization.data(withJSONObject: [
            "status": old.status?.code ?? "", "lat": old.location.lat, "lon": old.location.lon,
        ], options: [.sortedKeys]), as: UTF8.self)
        let now = self.now
        try await db.transaction([
            SQLStatement(
                "INSERT INTO record_versions (table_name, record_id, source_file, replaced_at, data) VALUES ('units', ?, ?, ?, ?)",
                [.text(unitID), .text("api:\(actor)"), .int(now), .text(previous)]),
            SQLStatement("UPDATE units SET status = ?, lat = ?, lon = ? WHERE unit_id = ?",
                         [.text((status ?? old.status)?.code), .double(position?.lat ?? old.location.lat),
                          .double(position?.lon ?? old.location.lon), .text(unitID)],
                         requiredChange: "unit \(unitID) was not updated"),
        ])
        guard let unit = try await units(scope: scope).first(where: { $0.unitID == unitID }) else {
            throw StoreError.notFound(kind: "unit", id: unitID)
        }
        return unit
    }
}
