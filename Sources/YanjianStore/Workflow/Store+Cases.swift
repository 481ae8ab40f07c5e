import Crypto
import Foundation
import YanjianCore

/// A case (案件) as the workflow sees it: the `cases` row, with the warning it came from.
public struct StoredCase: Sendable, Equatable {
    public var caseNo: String
    public var openedOn: String
    public var kind: String
    public var adcode: String?
    public var summary: String?
    public var sticks: Int64?
    public var valueFen: Int64?
    public var status: CaseStatus?
    /// The department's Chinese code as in `cases.csv` (烟草专卖, 公安 …).
    public var department: String
    public var warningID: Int64?
}

/// One entry of a case's timeline.
public typealias CaseEvent = TimelineEvent

/// What an evidence item is.
public enum EvidenceKind: String, CaseIterable, Sendable, Codable {
    case document, photo
    case videoSnapshot = "video_snapshot"
    case waybillExtract = "waybill_extract"
    case cameraPackage = "camera_package"
    case other
}

/// An evidence item's record (the content is fetched separately, and every fetch is on the custody chain).
public struct EvidenceItem: Sendable, Equatable {
    public var id: Int64
    public var caseNo: String
    public var sha256: String
    public var kind: EvidenceKind
    public var filename: String
    public var mediaType: String
    public var size: Int64
    public var description: String?
    public var addedAt: Int64
    public var addedBy: String
}

/// One step of an evidence item's chain of custody.
public struct CustodyEntry: Sendable, Equatable {
    public var at: Int64
    public var actor: String
    public var action: String
    public var note: String?
}

/// A transfer of a case to another department and/or region (移送), pending until the receiving side
/// accepts it or returns it with a reason.
public struct StoredTransfer: Sendable, Equatable {
    public enum Status: String, Sendable, Codable { case pending, accepted, returned }

    public var id: Int64
    public var caseNo: String
    public var fromDepartment: String
    public var toDepartment: String
    public var fromAdcode: String?
    public var toAdcode: String?
    public var reason: String
    public var status: Status
    public var createdAt: Int64
    public var createdBy: String
    public var decidedAt: Int64?
    public var decidedBy: String?
    public var decisionNote: String?
}

extension Store {
    /// The largest evidence item accepted, in bytes.
    public static let maxEvidenceBytes = 20 * 1024 * 1024

    static let caseColumns = "case_no, opened_on, kind, adcode, summary, sticks, value_fen, status, department, warning_id"

    static func storedCase(_ row: SQLRow) -> StoredCase {
        StoredCase(caseNo: row["case_no"].text ?? "", openedOn: row["opened_on"].text ?? "", kind: row["kind"].text ?? "",
                   adcode: row["adcode"].text, summary: row["summary"].text, sticks: row["sticks"].int, valueFen: row["value_fen"].int,
                   status: CaseStatus(code: row["status"].text ?? ""), department: row["department"].text ?? "",
                   warningID: row["warning_id"].int)
    }

    /// One case, if the caller's jurisdiction covers it; summaries are masked like findings.
    public func storedCase(_ caseNo: String, scope: AccessScope) async throws -> StoredCase {
        guard let row = try await db.queryOne("SELECT \(Self.caseColumns) FROM cases WHERE case_no = ?", [.text(caseNo)]) else {
            throw StoreError.notFound(kind: "case", id: caseNo)
        }
        var found = Self.storedCase(row)
        guard scope.jurisdiction.contains(adcode: found.adcode) else { throw StoreError.notFound(kind: "case", id: caseNo) }
        if !scope.unmasked { found.summary = found.summary.map(FindingMasking.maskText) }
        return found
    }

    /// The date (Asia/Shanghai) of the store's clock, `yyyy-MM-dd`.
    var today: String { Self.shanghaiDate(now) }

    /// Opens a case (立案) from a warning verified on site: the case takes the warning's lead
    /// department and jurisdiction, links to the warning's target, takes the photos and documents
    /// gathered on site as its first evidence, and the warning closes — all in one transaction. Case numbers are `YJ` + date + sequence (`YJ20261206-0001`).
    public func openCase(fromWarning warningID: Int64, kind: CaseKind, summary: String, sticks: Int64?, valueFen: Int64?,
                         actor: String, scope: AccessScope) async throws -> StoredCase {
        let warning = try await warning(id: warningID, scope: .system)
        guard scope.jurisdiction.contains(adcode: warning.adcode) else { throw StoreError.notFound(kind: "warning", id: String(warningID)) }
        guard warning.status == .confirmed else {
            throw StoreError.conflict("warning \(warningID) is \(warning.status.rawValue): a case is opened from a warning confirmed on site")
        }
        if let sticks, sticks < 0 { throw StoreError.invalid(field: "sticks", reason: "must not be negative") }
        if let valueFen, valueFen < 0 { throw StoreError.invalid(field: "value", reason: "must not be negative") }
        let now = self.now
        let prefix = "YJ" + today.replacingOccurrences(of: "-", with: "") + "-"
        var links: [(String, String)] = []
        switch warning.targetKind {
        case "retailer": links = [(CaseEntityKind.licenceNo.rawValue, warning.target)]
        case "vehicle": links = [(CaseEntityKind.plate.rawValue, warning.target)]
        case "convoy": links = warning.target.split(separator: "|").map { (CaseEntityKind.plate.rawValue, String($0)) }
        case "person":
            let parts = warning.target.split(separator: ":", maxSplits: 1).map(String.init)
            if parts.count == 2, let entity = CaseEntityKind(code: parts[0]) { links = [(entity.rawValue, parts[1])] }
        default: break
        }
        let fieldItems = try await db.scalarInt("SELECT COUNT(*) FROM field_evidence WHERE warning_id = ?", [.int(warningID)])
        for attempt in 0..<5 {
            let count = try await db.scalarInt("SELECT COUNT(*) FROM cases WHERE case_no LIKE ?", [.text(prefix + "%")])
            let caseNo = prefix + String(format: "%04lld", count + 1 + Int64(attempt))
            var statements = [SQLStatement(
                """
                INSERT INTO cases (case_no, opened_on, kind, adcode, summary, sticks, value_fen, status, department, warning_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [.text(caseNo), .text(today), .text(kind.code), .text(warning.adcode), .text(summary), .int(sticks), .int(valueFen),
                 .text(CaseStatus.opened.code), .text(warning.department.code), .int(warningID)])]
            for (entity, value) in links {
                statements.append(SQLStatement(
                    "INSERT INTO case_links (case_no, entity_kind, entity_value, role, adcode) VALUES (?, ?, ?, 'target', ?)",
                    [.text(caseNo), .text(entity), .text(value), .text(warning.adcode)]))
            }
            statements.append(SQLStatement(
                "UPDATE warnings SET status = 'closed', updated_at = ?, closed_at = ? WHERE id = ? AND status = 'confirmed'",
                [.int(now), .int(now), .int(warningID)],
                requiredChange: "warning \(warningID) changed while you were working on it; reload and try again"))
            statements.append(Self.event(warningID, now: now, actor: actor, action: "case", from: .confirmed, to: .closed, note: caseNo))
            statements.append(Self.caseEvent(caseNo, now: now, actor: actor, action: "opened", to: .opened, note: "预警 #\(warningID)：\(warning.reason)"))
            statements += Self.carryFieldEvidence(warningID: warningID, caseNo: caseNo, now: now, actor: actor)
            if fieldItems > 0 {
                statements.append(Self.caseEvent(caseNo, now: now, actor: actor, action: "evidence",
                                                 note: "现场取证 \(fieldItems) 件（预警 #\(warningID)）"))
            }
            statements += Self.templateTasks(caseNo: caseNo, kind: kind, assignee: actor == "system" ? nil : actor, actor: actor, now: now)
            do {
                try await db.transaction(statements)
                return try await storedCase(caseNo, scope: scope)
            } catch let error as StoreError {
                throw error
            } catch {
                // A case number taken by a concurrent opening: count again and retry.
                if try await db.queryOne("SELECT case_no FROM cases WHERE case_no = ?", [.text(caseNo)]) == nil { throw error }
            }
        }
        throw StoreError.conflict("could not allocate a case number; try again")
    }

    static func caseEvent(_ caseNo: String, now: Int64, actor: String, action: String, from: CaseStatus? = nil,
                          to: CaseStatus? = nil, note: String?) -> SQLStatement {
        SQLStatement(
            "INSERT INTO case_events (case_no, at, actor, action, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [.text(caseNo), .int(now), .text(actor), .text(action), .text(from?.code), .text(to?.code), .text(note)])
    }

    /// A case's timeline, oldest first.
    public func caseEvents(_ caseNo: String) async throws -> [CaseEvent] {
        try await db.query("SELECT at, actor, action, from_status, to_status, note FROM case_events WHERE case_no = ? ORDER BY id",
                           [.text(caseNo)]).map {
            TimelineEvent(at: $0["at"].int ?? 0, actor: $0["actor"].text ?? "", action: $0["action"].text ?? "",
                          fromStatus: $0["from_status"].text, toStatus: $0["to_status"].text, note: $0["note"].text)
        }
    }

    /// Moves a case along 线索 → 立案 → 移送 → 结案 (or 撤销). Transfers move it through
    /// `requestTransfer`/`decideTransfer`, not here.
    public func moveCase(_ caseNo: String, to target: CaseStatus, actor: String, note: String?, scope: AccessScope) async throws -> StoredCase {
        let current = try await storedCase(caseNo, scope: scope)
        guard let status = current.status else {
            throw StoreError.conflict("case \(caseNo) has a status this version does not know")
        }
        guard target != .transferred else {
            throw StoreError.invalid(field: "to", reason: "a case is transferred by a transfer request that the receiving side accepts")
        }
        guard status.next.contains(target) else {
            throw StoreError.conflict(
                "case \(caseNo) is \(status.code) and cannot become \(target.code); allowed: \(status.next.map(\.code).joined(separator: "、"))")
        }
        if target == .dropped || target == .closed, (note ?? "").isEmpty {
            throw StoreError.invalid(field: "note", reason: "closing or dropping a case needs a note")
        }
        let now = self.now
        try await db.transaction([
            SQLStatement("UPDATE cases SET status = ? WHERE case_no = ? AND status = ?", [.text(target.code), .text(caseNo), .text(status.code)],
                         requiredChange: "case \(caseNo) changed while you were working on it; reload and try again"),
            Self.caseEvent(caseNo, now: now, actor: actor, action: "status", from: status, to: target, note: note),
        ])
        return try await storedCase(caseNo, scope: scope)
    }

    static let evidenceColumns = "id, case_no, sha256, kind, filename, media_type, size, description, added_at, added_by"

    static func evidenceItem(_ row: SQLRow) -> EvidenceItem {
        EvidenceItem(id: row["id"].int ?? 0, caseNo: row["case_no"].text ?? "", sha256: row["sha256"].text ?? "",
                     kind: EvidenceKind(rawValue: row["kind"].text ?? "") ?? .other, filename: row["filename"].text ?? "",
                     mediaType: row["media_type"].text ?? "", size: row["size"].int ?? 0, description: row["description"].text,
                     addedAt: row["added_at"].int ?? 0, addedBy: row["added_by"].text ?? "")
    }

    /// Adds an evidence item to a case, addressed by the SHA-256 of its content. Items are never
    /// altered or deleted; the same content added again to the same case is the same item (the
    /// attempt is recorded on its chain of custody).
    public func addEvidence(caseNo: String, kind: EvidenceKind, filename: String, mediaType: String, content: [UInt8],
                            description: String?, actor: String, scope: AccessScope) async throws -> EvidenceItem {
        _ = try await storedCase(caseNo, scope: scope)
        let (name, hash) = try Self.checkedEvidence(filename: filename, content: content)
        let now = self.now
        try await db.transaction([
            SQLStatement(
                """
                INSERT INTO evidence (case_no, sha256, kind, filename, media_type, size, content, description, added_at, added_by)
                SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM evidence WHERE case_no = ? AND sha256 = ?)
                """,
                [.text(caseNo), .text(hash), .text(kind.rawValue), .text(name), .text(mediaType), .int(Int64(content.count)),
                 .blob(content), .text(description), .int(now), .text(actor), .text(caseNo), .text(hash)]),
            SQLStatement(
                """
                INSERT INTO evidence_custody (evidence_id, at, actor, action, note)
                SELECT id, ?, ?, CASE WHEN added_at = ? AND added_by = ? AND filename = ? THEN 'added' ELSE 'resubmitted' END, ?
                FROM evidence WHERE case_no = ? AND sha256 = ?
                """,
                [.int(now), .text(actor), .int(now), .text(actor), .text(name), .text(name), .text(caseNo), .text(hash)]),
            Self.caseEvent(caseNo, now: now, actor: actor, action: "evidence", note: "\(name) sha256:\(hash.prefix(16))…"),
        ])
        guard let row = try await db.queryOne("SELECT \(Self.evidenceColumns) FROM evidence WHERE case_no = ? AND sha256 = ?",
                                              [.text(caseNo), .text(hash)]) else {
            throw StoreError.internalInconsistency("evidence \(hash) was not stored")
        }
        return Self.evidenceItem(row)
    }

    /// Checks an evidence file (not empty, at most `maxEvidenceBytes`, a plain file name) and returns
    /// its trimmed name and the hex SHA-256 of its content.
    static func checkedEvidence(filename: String, content: [UInt8]) throws -> (name: String, sha256: String) {
        guard !content.isEmpty else { throw StoreError.invalid(field: "content", reason: "the evidence is empty") }
        guard content.count <= Self.maxEvidenceBytes else {
            throw StoreError.invalid(field: "content", reason: "larger than \(Self.maxEvidenceBytes / 1024 / 1024) MiB")
        }
        let name = filename.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 255, !name.contains("/"), !name.contains("\\") else {
            throw StoreError.invalid(field: "filename", reason: "1–255 characters without a path")
        }
        return (name, Self.sha256Hex(content))
    }

    static func sha256Hex(_ content: [UInt8]) -> String {
        SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined()
    }

    static func blobBytes(_ value: SQLValue) -> [UInt8] {
        switch value {
        case .blob(let bytes): bytes
        case .text(let text): Array(text.utf8)
        default: []
        }
    }

    /// The evidence items of a case, oldest first.
    public func evidence(caseNo: String) async throws -> [EvidenceItem] {
        try await db.query("SELECT \(Self.evidenceColumns) FROM evidence WHERE case_no = ? ORDER BY id", [.text(caseNo)]).map(Self.evidenceItem)
    }

    /// An evidence item's content, checked against its hash, with the access recorded on its chain
    /// of custody. A content that no longer matches its hash is an error, never served.
    public func evidenceContent(id: Int64, actor: String, purpose: String, scope: AccessScope) async throws -> (item: EvidenceItem, content: [UInt8]) {
        guard let row = try await db.queryOne("SELECT \(Self.evidenceColumns), content FROM evidence WHERE id = ?", [.int(id)]) else {
            throw StoreError.notFound(kind: "evidence", id: String(id))
        }
        let item = Self.evidenceItem(row)
        _ = try await storedCase(item.caseNo, scope: scope)
        let content = Self.blobBytes(row["content"])
        guard Self.sha256Hex(content) == item.sha256 else {
            throw StoreError.internalInconsistency("evidence \(id) no longer matches its SHA-256: it was altered outside the platform")
        }
        try await db.execute("INSERT INTO evidence_custody (evidence_id, at, actor, action, note) VALUES (?, ?, ?, 'viewed', ?)",
                             [.int(id), .int(now), .text(actor), .text(purpose)])
        return (item, content)
    }

    /// An evidence item's chain of custody, oldest first.
    public func custody(evidenceID: Int64) async throws -> [CustodyEntry] {
        try await db.query("SELECT at, actor, action, note FROM evidence_custody WHERE evidence_id = ? ORDER BY id", [.int(evidenceID)]).map {
            CustodyEntry(at: $0["at"].int ?? 0, actor: $0["actor"].text ?? "", action: $0["action"].text ?? "", note: $0["note"].text)
        }
    }

    static let transferColumns = """
        id, case_no, from_department, to_department, from_adcode, to_adcode, reason, status, created_at, created_by,
        decided_at, decided_by, decision_note
        """

    static func transfer(_ row: SQLRow) -> StoredTransfer {
        StoredTransfer(
            id: row["id"].int ?? 0, caseNo: row["case_no"].text ?? "", fromDepartment: row["from_department"].text ?? "",
            toDepartment: row["to_department"].text ?? "", fromAdcode: row["from_adcode"].text, toAdcode: row["to_adcode"].text,
            reason: row["reason"].text ?? "", status: StoredTransfer.Status(rawValue: row["status"].text ?? "") ?? .pending,
            createdAt: row["created_at"].int ?? 0, createdBy: row["created_by"].text ?? "", decidedAt: row["decided_at"].int,
            decidedBy: row["decided_by"].text, decisionNote: row["decision_note"].text)
    }

    /// Asks another department (and optionally another region, `toAdcode`) to take over an open
    /// case. One pending transfer per case.
    public func requestTransfer(caseNo: String, to department: Department, toAdcode: String?, reason: String,
                                actor: String, scope: AccessScope) async throws -> StoredTransfer {
        let current = try await storedCase(caseNo, scope: scope)
        guard current.status == .opened else {
            throw StoreError.conflict("case \(caseNo) is \(current.status?.code ?? "?"): only an opened (立案) case can be transferred")
        }
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw StoreError.invalid(field: "reason", reason: "say why") }
        if let toAdcode, (try? Adcode(validating: toAdcode)) == nil {
            throw StoreError.invalid(field: "to_adcode", reason: "\(toAdcode) is not a six-digit administrative division code")
        }
        let from = Department(code: current.department)
        if from == department && (toAdcode == nil || toAdcode == current.adcode) {
            throw StoreError.invalid(field: "to_department", reason: "the case is already with \(department.code) here")
        }
        let now = self.now
        try await db.transaction([
            SQLStatement(
                """
                INSERT INTO transfers (case_no, from_department, to_department, from_adcode, to_adcode, reason, status, created_at, created_by)
                SELECT ?, ?, ?, ?, ?, ?, 'pending', ?, ? WHERE NOT EXISTS (SELECT 1 FROM transfers WHERE case_no = ? AND status = 'pending')
                """,
                [.text(caseNo), .text(current.department), .text(department.code), .text(current.adcode), .text(toAdcode ?? current.adcode),
                 .text(reason), .int(now), .text(actor), .text(caseNo)],
                requiredChange: "case \(caseNo) already has a pending transfer"),
            Self.caseEvent(caseNo, now: now, actor: actor, action: "transfer_requested",
                           note: "→ \(department.code)\(toAdcode.map { " \($0)" } ?? "")：\(reason)"),
        ])
        guard let row = try await db.queryOne("SELECT \(Self.transferColumns) FROM transfers WHERE case_no = ? ORDER BY id DESC LIMIT 1",
                                              [.text(caseNo)]) else {
            throw StoreError.internalInconsistency("transfer of \(caseNo) was not stored")
        }
        return Self.transfer(row)
    }

    /// The transfers of a case, oldest first.
    public func transfers(caseNo: String) async throws -> [StoredTransfer] {
        try await db.query("SELECT \(Self.transferColumns) FROM transfers WHERE case_no = ? ORDER BY id", [.text(caseNo)]).map(Self.transfer)
    }

    /// Transfers waiting for the caller's department inside the caller's jurisdiction.
    public func incomingTransfers(scope: AccessScope) async throws -> [StoredTransfer] {
        var clauses = ["status = 'pending'", "to_department = ?"]
        var arguments: [SQLValue] = [.text(scope.user.department.code)]
        Self.scopeClause(scope.jurisdiction, column: "to_adcode", clauses: &clauses, arguments: &arguments)
        return try await db.query(
            "SELECT \(Self.transferColumns) FROM transfers WHERE \(clauses.joined(separator: " AND ")) ORDER BY id", arguments
        ).map(Self.transfer)
    }

    /// The receiving side accepts a transfer (the case becomes 移送 and moves to the receiving
    /// department and region) or returns it with a reason (the case stays where it was, 立案).
    /// Only a user of the receiving department whose jurisdiction covers the receiving region may decide.
    public func decideTransfer(id: Int64, accept: Bool, note: String?, actor: String, scope: AccessScope) async throws -> StoredTransfer {
        guard let row = try await db.queryOne("SELECT \(Self.transferColumns) FROM transfers WHERE id = ?", [.int(id)]) else {
            throw StoreError.notFound(kind: "transfer", id: String(id))
        }
        let transfer = Self.transfer(row)
        guard scope.user.department.code == transfer.toDepartment, scope.jurisdiction.contains(adcode: transfer.toAdcode) else {
            throw StoreError.forbidden("only \(transfer.toDepartment) in \(transfer.toAdcode ?? "the receiving region") may decide this transfer")
        }
        guard transfer.status == .pending else { throw StoreError.conflict("transfer \(id) was already \(transfer.status.rawValue)") }
        if !accept, (note ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw StoreError.invalid(field: "note", reason: "returning a transfer needs a reason")
        }
        let now = self.now
        var statements = [SQLStatement(
            "UPDATE transfers SET status = ?, decided_at = ?, decided_by = ?, decision_note = ? WHERE id = ? AND status = 'pending'",
            [.text(accept ? "accepted" : "returned"), .int(now), .text(actor), .text(note), .int(id)],
            requiredChange: "transfer \(id) was decided meanwhile")]
        if accept {
            statements.append(SQLStatement(
                "UPDATE cases SET status = ?, department = ?, adcode = ? WHERE case_no = ? AND status = ?",
                [.text(CaseStatus.transferred.code), .text(transfer.toDepartment), .text(transfer.toAdcode), .text(transfer.caseNo),
                 .text(CaseStatus.opened.code)],
                requiredChange: "case \(transfer.caseNo) is no longer open"))
        }
        statements.append(Self.caseEvent(
            transfer.caseNo, now: now, actor: actor, action: accept ? "transfer_accepted" : "transfer_returned",
            from: accept ? .opened : nil, to: accept ? .transferred : nil, note: note))
        try await db.transaction(statements)
        guard let updated = try await db.queryOne("SELECT \(Self.transferColumns) FROM transfers WHERE id = ?", [.int(id)]) else {
            throw StoreError.notFound(kind: "transfer", id: String(id))
        }
        return Self.transfer(updated)
    }
}
