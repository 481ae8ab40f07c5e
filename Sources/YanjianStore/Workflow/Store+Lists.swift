import Foundation
import YanjianCore

/// An entry of the grey or black list for one retailer, from proposal to review to expiry.
public struct ListEntry: Sendable, Equatable {
    public var id: Int64
    public var licenceNo: String
    public var list: RetailerList
    public var status: ListEntryStatus
    /// `rules` (proposed by `ListProposals`) or `manual` (by an officer).
    public var source: String
    public var reasons: [String]
    public var adcode: String?
    public var proposedAt: Int64
    public var proposedBy: String
    public var decidedAt: Int64?
    public var decidedBy: String?
    public var decisionNote: String?
    public var expiresAt: Int64?
}

/// Filters for the list of entries; `nil` means any.
public struct ListEntryFilter: Sendable, Equatable {
    public var list: RetailerList?
    public var status: ListEntryStatus?
    public var licenceNo: String?

    public init(list: RetailerList? = nil, status: ListEntryStatus? = nil, licenceNo: String? = nil) {
        self.list = list
        self.status = status
        self.licenceNo = licenceNo
    }
}

/// A reviewer's decision on a list entry.
public enum ListDecision: String, CaseIterable, Sendable, Codable {
    /// Put a proposed entry on the list (for `expiresDays`, default the list's period).
    case approve
    /// Turn a proposal down (a note is required).
    case reject
    /// Take an active entry off the list (a note is required).
    case remove
}

extension Store {
    static let listColumns = """
        id, licence_no, list, status, source, reasons, adcode, proposed_at, proposed_by, decided_at, decided_by, decision_note, expires_at
        """

    static func listEntry(_ row: SQLRow) -> ListEntry {
        let reasons = (try? JSONDecoder().decode([String].self, from: Data((row["reasons"].text ?? "[]").utf8))) ?? []
        return ListEntry(
            id: row["id"].int ?? 0, licenceNo: row["licence_no"].text ?? "", list: RetailerList(rawValue: row["list"].text ?? "") ?? .grey,
            status: ListEntryStatus(rawValue: row["status"].text ?? "") ?? .proposed, source: row["source"].text ?? "",
            reasons: reasons, adcode: row["adcode"].text, proposedAt: row["proposed_at"].int ?? 0, proposedBy: row["proposed_by"].text ?? "",
            decidedAt: row["decided_at"].int, decidedBy: row["decided_by"].text, decisionNote: row["decision_note"].text,
            expiresAt: row["expires_at"].int)
    }

    static func listEvent(entry: SQLValue, now: Int64, actor: String, action: String, from: ListEntryStatus?, to: ListEntryStatus?,
                          note: String?) -> SQLStatement {
        SQLStatement(
            "INSERT INTO list_events (entry_id, at, actor, action, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [entry, .int(now), .text(actor), .text(action), .text(from?.rawValue), .text(to?.rawValue), .text(note)])
    }

    /// One entry, if it is in the caller's jurisdiction.
    public func listEntry(id: Int64, scope: AccessScope) async throws -> ListEntry {
        guard let row = try await db.queryOne("SELECT \(Self.listColumns) FROM list_entries WHERE id = ?", [.int(id)]) else {
            throw StoreError.notFound(kind: "list entry", id: String(id))
        }
        let entry = Self.listEntry(row)
        guard scope.jurisdiction.contains(adcode: entry.adcode) else { throw StoreError.notFound(kind: "list entry", id: String(id)) }
        return entry
    }

    /// Proposes a retailer for a list. Refused when the retailer is unknown or outside the caller's
    /// jurisdiction, when it already has a live entry as severe or more, or without a reason. A rules
    /// proposal (`source` "rules") is skipped — `nil` — when a reviewer turned the same list down for
    /// this retailer within `quietDays`: people's decisions are not overridden by the next run.
    public func proposeListEntry(licenceNo: String, list: RetailerList, reasons: [String], source: String = "manual", actor: String,
                                 scope: AccessScope, quietDays: Int = 90) async throws -> ListEntry? {
        let reasons = reasons.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        guard !reasons.isEmpty, reasons.allSatisfy({ $0.count <= 500 }) else {
            throw StoreError.invalid(field: "reasons", reason: "give at least one reason of at most 500 characters")
        }
        guard source == "manual" || source == "rules" else { throw StoreError.invalid(field: "source", reason: "manual or rules") }
        guard let shop = try await db.queryOne("SELECT adcode FROM retailers WHERE licence_no = ?", [.text(licenceNo)]),
              scope.jurisdiction.contains(adcode: shop["adcode"].text) else {
            throw StoreError.notFound(kind: "retailer", id: licenceNo)
        }
        try await expireListEntries()
        let live = try await db.query(
            "SELECT \(Self.listColumns) FROM list_entries WHERE licence_no = ? AND status IN ('proposed','active')", [.text(licenceNo)]).map(Self.listEntry)
        if let existing = live.first(where: { $0.list.severity >= list.severity }) {
            if source == "rules" { return nil }
            throw StoreError.conflict("\(licenceNo) already has a \(existing.status.rawValue) \(existing.list.rawValue)-list entry (#\(existing.id))")
        }
        let now = self.now
        if source == "rules", try await db.queryOne(
            """
            SELECT e.id FROM list_events ev JOIN list_entries e ON e.id = ev.entry_id
            WHERE e.licence_no = ? AND e.list = ? AND ev.action = 'reject' AND ev.at >= ?
            """,
            [.text(licenceNo), .text(list.rawValue), .int(now - Int64(quietDays) * 86_400)]) != nil {
            return nil
        }
        let reasonsJSON = String(decoding: try JSONEncoder().encode(reasons), as: UTF8.self)
        try await db.transaction([
            SQLStatement(
                """
                INSERT INTO list_entries (licence_no, list, status, source, reasons, adcode, proposed_at, proposed_by)
                VALUES (?, ?, 'proposed', ?, ?, ?, ?, ?)
                """,
                [.text(licenceNo), .text(list.rawValue), .text(source), .text(reasonsJSON), .text(shop["adcode"].text), .int(now), .text(actor)]),
            SQLStatement(
                """
                INSERT INTO list_events (entry_id, at, actor, action, from_status, to_status, note)
                SELECT MAX(id), ?, ?, 'proposed', NULL, 'proposed', ? FROM list_entries WHERE licence_no = ? AND list = ? AND status = 'proposed'
                """,
                [.int(now), .text(actor), .text(reasons.joined(separator: "；")), .text(licenceNo), .text(list.rawValue)]),
        ])
        guard let row = try await db.queryOne(
            "SELECT \(Self.listColumns) FROM list_entries WHERE licence_no = ? AND list = ? AND status = 'proposed' ORDER BY id DESC LIMIT 1",
            [.text(licenceNo), .text(list.rawValue)]) else {
            throw StoreError.internalInconsistency("list entry for \(licenceNo) was not stored")
        }
        return Self.listEntry(row)
    }

    /// A reviewer's decision. Approving puts the entry on the list until `expiresDays` (default the
    /// list's period) and, for a black entry, takes the retailer's active grey entry off; an officer's
    /// own proposal is reviewed by someone else (four eyes). Rejecting and removing need a note.
    public func decideListEntry(id: Int64, decision: ListDecision, note: String?, expiresDays: Int? = nil, actor: String,
                                scope: AccessScope) async throws -> ListEntry {
        try await expireListEntries()
        let entry = try await listEntry(id: id, scope: scope)
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        let target: ListEntryStatus = switch decision {
        case .approve: .active
        case .reject: .rejected
        case .remove: .removed
        }
        guard entry.status.next.contains(target) else {
            throw StoreError.conflict("list entry \(id) is \(entry.status.rawValue) and cannot be \(decision.rawValue)d")
        }
        if decision != .approve, note == nil { throw StoreError.invalid(field: "note", reason: "say why") }
        if decision != .remove, entry.source == "manual", entry.proposedBy == actor {
            throw StoreError.conflict("list entry \(id) was proposed by \(actor): another person reviews it")
        }
        let days = expiresDays ?? entry.list.defaultDays
        guard (1...1_095).contains(days) else { throw StoreError.invalid(field: "expires_days", reason: "1 to 1095 days") }
        let now = self.now
        var statements = [
            SQLStatement(
                """
                UPDATE list_entries SET status = ?, decided_at = ?, decided_by = ?, decision_note = ?, expires_at = ?
                WHERE id = ? AND status = ?
                """,
                [.text(target.rawValue), .int(now), .text(actor), .text(note), .int(decision == .approve ? now + Int64(days) * 86_400 : entry.expiresAt),
                 .int(id), .text(entry.status.rawValue)],
                requiredChange: "list entry \(id) changed while you were working on it; reload and try again"),
            Self.listEvent(entry: .int(id), now: now, actor: actor, action: decision.rawValue, from: entry.status, to: target, note: note),
        ]
        if decision == .approve, entry.list == .black {
            for grey in try await db.query(
                "SELECT id FROM list_entries WHERE licence_no = ? AND list = 'grey' AND status IN ('proposed','active')",
                [.text(entry.licenceNo)]) {
                guard let greyID = grey["id"].int else { continue }
                statements.append(SQLStatement(
                    "UPDATE list_entries SET status = CASE status WHEN 'active' THEN 'removed' ELSE 'rejected' END, decided_at = ?, decided_by = ?, decision_note = ? WHERE id = ?",
                    [.int(now), .text(actor), .text("升入黑名单 #\(id)"), .int(greyID)]))
                statements.append(Self.listEvent(entry: .int(greyID), now: now, actor: actor, action: "superseded", from: nil, to: nil,
                                                 note: "升入黑名单 #\(id)"))
            }
        }
        try await db.transaction(statements)
        return try await listEntry(id: id, scope: scope)
    }

    /// Marks approved entries whose period has ended as expired, each with an event. Idempotent.
    @discardableResult
    public func expireListEntries() async throws -> Int {
        let now = self.now
        let due = try await db.query("SELECT id FROM list_entries WHERE status = 'active' AND expires_at <= ?", [.int(now)]).compactMap { $0["id"].int }
        guard !due.isEmpty else { return 0 }
        var statements: [SQLStatement] = []
        for id in due {
            statements.append(SQLStatement("UPDATE list_entries SET status = 'expired' WHERE id = ? AND status = 'active'", [.int(id)]))
            statements.append(Self.listEvent(entry: .int(id), now: now, actor: "system", action: "expired", from: .active, to: .expired, note: nil))
        }
        try await db.transaction(statements)
        return due.count
    }

    /// Entries in the caller's jurisdiction, newest first.
    public func listEntries(filter: ListEntryFilter, scope: AccessScope, page: PageRequest) async throws -> (items: [ListEntry], hasMore: Bool) {
        try await expireListEntries()
        var clauses: [String] = []
        var arguments: [SQLValue] = []
        Self.scopeClause(scope.jurisdiction, column: "adcode", clauses: &clauses, arguments: &arguments)
        if let list = filter.list { clauses.append("list = ?"); arguments.append(.text(list.rawValue)) }
        if let status = filter.status { clauses.append("status = ?"); arguments.append(.text(status.rawValue)) }
        if let licence = filter.licenceNo { clauses.append("licence_no = ?"); arguments.append(.text(licence)) }
        let whereText = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
        arguments += [.int(Int64(page.perPage + 1)), .int(Int64((page.page - 1) * page.perPage))]
        var items = try await db.query(
            "SELECT \(Self.listColumns) FROM list_entries\(whereText) ORDER BY id DESC LIMIT ? OFFSET ?", arguments).map(Self.listEntry)
        let hasMore = items.count > page.perPage
        if hasMore { items.removeLast() }
        return (items, hasMore)
    }

    /// An entry's history, oldest first.
    public func listEvents(entryID: Int64) async throws -> [TimelineEvent] {
        try await db.query("SELECT at, actor, action, from_status, to_status, note FROM list_events WHERE entry_id = ? ORDER BY id",
                           [.int(entryID)]).map {
            TimelineEvent(at: $0["at"].int ?? 0, actor: $0["actor"].text ?? "", action: $0["action"].text ?? "",
                          fromStatus: $0["from_status"].text, toStatus: $0["to_status"].text, note: $0["note"].text)
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
