import Foundation
import YanjianCore

/// A photo or document taken on site for a warning before any case exists (现场取证), with the
/// dispatch it was taken on and the phone's position.
public struct FieldEvidenceItem: Sendable, Equatable {
    public var id: Int64
    public var warningID: Int64
    public var dispatchID: Int64?
    public var sha256: String
    public var kind: EvidenceKind
    public var filename: String
    public var mediaType: String
    public var size: Int64
    public var description: String?
    public var position: GeoPoint?
    public var addedAt: Int64
    public var addedBy: String
}

extension Store {
    static let fieldEvidenceColumns = """
        id, warning_id, dispatch_id, sha256, kind, filename, media_type, size, description, latitude, longitude, added_at, added_by
        """

    static func fieldEvidenceItem(_ row: SQLRow) -> FieldEvidenceItem {
        var position: GeoPoint?
        if let lat = row["latitude"].double, let lon = row["longitude"].double { position = GeoPoint(lat: lat, lon: lon) }
        return FieldEvidenceItem(
            id: row["id"].int ?? 0, warningID: row["warning_id"].int ?? 0, dispatchID: row["dispatch_id"].int,
            sha256: row["sha256"].text ?? "", kind: EvidenceKind(rawValue: row["kind"].text ?? "") ?? .other,
            filename: row["filename"].text ?? "", mediaType: row["media_type"].text ?? "", size: row["size"].int ?? 0,
            description: row["description"].text, position: position, addedAt: row["added_at"].int ?? 0, addedBy: row["added_by"].text ?? "")
    }

    /// Keeps a photo or document taken on site for a warning that has no case yet. The warning must be
    /// in the caller's jurisdiction and not closed; a dispatch, when named, must be one of the
    /// warning's. The same content for the same warning is the same item. Recorded on the warning's
    /// timeline; carried into the case when one is opened from the warning.
    public func addFieldEvidence(warningID: Int64, dispatchID: Int64?, kind: EvidenceKind, filename: String, mediaType: String,
                                 content: [UInt8], description: String?, position: GeoPoint?, actor: String,
                                 scope: AccessScope) async throws -> FieldEvidenceItem {
        let warning = try await warning(id: warningID, scope: scope)
        guard warning.status != .closed else {
            throw StoreError.conflict("warning \(warningID) is closed: add evidence to its case instead")
        }
        if let dispatchID {
            guard try await db.queryOne("SELECT id FROM dispatches WHERE id = ? AND warning_id = ?", [.int(dispatchID), .int(warningID)]) != nil else {
                throw StoreError.invalid(field: "dispatch", reason: "dispatch \(dispatchID) is not a dispatch of warning \(warningID)")
            }
        }
        if let position, !((-90...90).contains(position.lat) && (-180...180).contains(position.lon)) {
            throw StoreError.invalid(field: "position", reason: "latitude −90…90 and longitude −180…180")
        }
        let (name, hash) = try Self.checkedEvidence(filename: filename, content: content)
        let now = self.now
        let place = position.map { String(format: " GPS %.5f,%.5f", $0.lat, $0.lon) } ?? ""
        try await db.transaction([
            SQLStatement(
                """
                INSERT INTO field_evidence (warning_id, dispatch_id, sha256, kind, filename, media_type, size, content, description,
                                            latitude, longitude, added_at, added_by)
                SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM field_evidence WHERE warning_id = ? AND sha256 = ?)
                """,
                [.int(warningID), .int(dispatchID), .text(hash), .text(kind.rawValue), .text(name), .text(mediaType),
                 .int(Int64(content.count)), .blob(content), .text(description), .double(position?.lat), .double(position?.lon),
                 .int(now), .text(actor), .int(warningID), .text(hash)]),
            Self.event(warningID, now: now, actor: actor, action: "evidence", note: "\(name) sha256:\(hash.prefix(16))…\(place)"),
        ])
        guard let row = try await db.queryOne("SELECT \(Self.fieldEvidenceColumns) FROM field_evidence WHERE warning_id = ? AND sha256 = ?",
                                              [.int(warningID), .text(hash)]) else {
            throw StoreError.internalInconsistency("field evidence \(hash) was not stored")
        }
        return Self.fieldEvidenceItem(row)
    }

    /// The field evidence of a warning, oldest first.
    public func fieldEvidence(warningID: Int64) async throws -> [FieldEvidenceItem] {
        try await db.query("SELECT \(Self.fieldEvidenceColumns) FROM field_evidence WHERE warning_id = ? ORDER BY id",
                           [.int(warningID)]).map(Self.fieldEvidenceItem)
    }

    /// A field evidence item's content, checked against its hash; the access is recorded on the
    /// warning's timeline with its purpose.
    public func fieldEvidenceContent(id: Int64, actor: String, purpose: String,
                                     scope: AccessScope) async throws -> (item: FieldEvidenceItem, content: [UInt8]) {
        guard let row = try await db.queryOne("SELECT \(Self.fieldEvidenceColumns), content FROM field_evidence WHERE id = ?", [.int(id)]) else {
            throw StoreError.notFound(kind: "field evidence", id: String(id))
        }
        let item = Self.fieldEvidenceItem(row)
        _ = try await warning(id: item.warningID, scope: scope)
        let content = Self.blobBytes(row["content"])
        guard Self.sha256Hex(content) == item.sha256 else {
            throw StoreError.internalInconsistency("field evidence \(id) no longer matches its SHA-256: it was altered outside the platform")
        }
        try await db.execute(
            "INSERT INTO warning_events (warning_id, at, actor, action, note) VALUES (?, ?, ?, 'evidence_viewed', ?)",
            [.int(item.warningID), .int(now), .text(actor), .text("\(item.filename)：\(purpose)")])
        return (item, content)
    }

    /// The statements that carry a warning's field evidence into a new case: each item becomes a case
    /// evidence item with the same content and hash, whose custody chain starts with the original
    /// taking on site (who, when, where) and then the carrying over.
    static func carryFieldEvidence(warningID: Int64, caseNo: String, now: Int64, actor: String) -> [SQLStatement] {
        [
            SQLStatement(
                """
                INSERT INTO evidence (case_no, sha256, kind, filename, media_type, size, content, description, added_at, added_by)
                SELECT ?, f.sha256, f.kind, f.filename, f.media_type, f.size, f.content, f.description, f.added_at, f.added_by
                FROM field_evidence f WHERE f.warning_id = ?
                  AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.case_no = ? AND e.sha256 = f.sha256)
                ORDER BY f.id
                """,
                [.text(caseNo), .int(warningID), .text(caseNo)]),
            SQLStatement(
                """
                INSERT INTO evidence_custody (evidence_id, at, actor, action, note)
                SELECT e.id, f.added_at, f.added_by, 'added',
                       'field evidence of warning #' || f.warning_id
                       || COALESCE(', dispatch #' || f.dispatch_id, '')
                       || COALESCE(', GPS ' || f.latitude || ',' || f.longitude, '')
                FROM field_evidence f JOIN evidence e ON e.case_no = ? AND e.sha256 = f.sha256
                WHERE f.warning_id = ? ORDER BY f.id
                """,
                [.text(caseNo), .int(warningID)]),
            SQLStatement(
                """
                INSERT INTO evidence_custody (evidence_id, at, actor, action, note)
                SELECT e.id, ?, ?, 'carried_over', ?
                FROM field_evidence f JOIN evidence e ON e.case_no = ? AND e.sha256 = f.sha256
                WHERE f.warning_id = ? ORDER BY f.id
                """,
                [.int(now), .text(actor), .text("warning #\(warningID) → case \(caseNo)"), .text(caseNo), .int(warningID)]),
        ]
    }
}
