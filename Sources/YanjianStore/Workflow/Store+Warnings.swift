import Foundation
import YanjianCore

/// A warning 预警 as stored: about one target (a retailer's licence, a plate, a gang, a tip…), at a
/// level, in a status of the closed loop, routed to a lead department and jurisdiction, with the
/// rules that raised it, a reason in words, the findings behind it (`evidence`, a JSON array) and a
/// response deadline (`dueAt`, epoch seconds) after which an unanswered warning escalates.
public struct StoredWarning: Sendable, Equatable {
    public var id: Int64
    public var targetKind: String
    public var target: String
    public var level: WarningLevel
    public var status: WarningStatus
    public var ruleIDs: [String]
    public var reason: String
    public var evidence: String
    public var department: Department
    public var departments: [Department]
    public var adcode: String?
    public var location: GeoPoint?
    public var raisedAt: Int64
    public var updatedAt: Int64
    public var dueAt: Int64
    public var escalations: Int
    public var closedAt: Int64?

    /// The deduplication key: one live warning per target.
    public var key: WarningKey { WarningKey(targetKind: targetKind, target: target) }
}

/// Identifies the target of a warning.
public struct WarningKey: Sendable, Hashable {
    public var targetKind: String
    public var target: String

    public init(targetKind: String, target: String) {
        self.targetKind = targetKind
        self.target = target
    }
}

/// A warning the rules want raised or refreshed (see `Store.applyWarnings`).
public struct WarningDraft: Sendable, Equatable {
    public var key: WarningKey
    public var level: WarningLevel
    public var ruleIDs: [String]
    public var reason: String
    public var evidence: String
    public var department: Department
    public var departments: [Department]
    public var adcode: String?
    public var location: GeoPoint?

    public init(key: WarningKey, level: WarningLevel, ruleIDs: [String], reason: String, evidence: String,
                department: Department, departments: [Department], adcode: String?, location: GeoPoint?) {
        self.key = key
        self.level = level
        self.ruleIDs = ruleIDs
        self.reason = reason
        self.evidence = evidence
        self.department = department
        self.departments = departments
        self.adcode = adcode
        self.location = location
    }
}

/// One entry of a warning's timeline.
public typealias WarningEvent = TimelineEvent

/// One entry of a timeline (a warning's or a case's): when, who, what, the status change if any, a note.
public struct TimelineEvent: Sendable, Equatable {
    public var at: Int64
    public var actor: String
    public var action: String
    public var fromStatus: String?
    public var toStatus: String?
    public var note: String?
}

/// Filters for the warning list; `nil` means any.
public struct WarningFilter: Sendable, Equatable {
    public var level: WarningLevel?
    public var status: WarningStatus?
    public var department: Department?
    public var targetKind: String?
    /// Only warnings still needing work (new, acknowledged, dispatched, on site).
    public var openOnly: Bool

    public init(level: WarningLevel? = nil, status: WarningStatus? = nil, department: Department? = nil,
                targetKind: String? = nil, openOnly: Bool = false) {
        self.level = level
        self.status = status
        self.department = department
        self.targetKind = targetKind
        self.openOnly = openOnly
    }
}

/// How one `applyWarnings` call changed the stored warnings.
public struct WarningChanges: Sendable, Equatable, Codable {
    /// New warnings raised.
    public var raised = 0
    /// Open warnings raised to a more severe level by new evidence.
    public var upgraded = 0
    /// Open warnings whose evidence was refreshed at the same or a lower level.
    public var refreshed = 0
    /// Drafts not raised because the same target was dismissed or closed recently at that level or above.
    public var suppressed = 0

    public init() {}
}

extension Store {
    static let warningColumns = """
        id, target_kind, target, level, status, rule_ids, reason, evidence, department, departments, adcode, lat, lon,
        raised_at, updated_at, due_at, escalations, closed_at
        """

    static func warning(_ row: SQLRow) -> StoredWarning {
        let lat = row["lat"].double
        let lon = row["lon"].double
        return StoredWarning(
            id: row["id"].int ?? 0, targetKind: row["target_kind"].text ?? "", target: row["target"].text ?? "",
            level: WarningLevel(rawValue: row["level"].text ?? "") ?? .blue,
            status: WarningStatus(rawValue: row["status"].text ?? "") ?? .new,
            ruleIDs: jsonStrings(row["rule_ids"].text), reason: row["reason"].text ?? "",
            evidence: row["evidence"].text ?? "[]",
            department: Department(code: row["department"].text ?? "") ?? .tobacco,
            departments: jsonStrings(row["departments"].text).compactMap { Department(code: $0) },
            adcode: row["adcode"].text,
            location: lat.flatMap { lat in lon.map { GeoPoint(lat: lat, lon: $0) } },
            raisedAt: row["raised_at"].int ?? 0, updatedAt: row["updated_at"].int ?? 0, dueAt: row["due_at"].int ?? 0,
            escalations: Int(row["escalations"].int ?? 0), closedAt: row["closed_at"].int)
    }

    static func jsonStrings(_ text: String?) -> [String] {
        guard let text, let array = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any] else { return [] }
        return array.compactMap { $0 as? String }
    }

    static func jsonArray(_ values: [String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: values, options: [.withoutEscapingSlashes])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// The most recent warning of every target, for deduplication.
    public func latestWarnings() async throws -> [WarningKey: StoredWarning] {
        var latest: [WarningKey: StoredWarning] = [:]
        for row in try await db.query("SELECT \(Self.warningColumns) FROM warnings ORDER BY id", []) {
            let warning = Self.warning(row)
            latest[warning.key] = warning
        }
        return latest
    }

    /// Raises, upgrades or refreshes warnings from `drafts` in one transaction, one live warning per
    /// target: an open warning is upgraded when the draft is more severe (its deadline restarts) and
    /// refreshed otherwise; a target dismissed or closed within `suppressSeconds` is raised again
    /// only at a more severe level; anything else becomes a new warning. Every change is on the timeline.
    @discardableResult
    public func applyWarnings(_ drafts: [WarningDraft], actor: String, suppressSeconds: Int64 = 30 * 86_400) async throws -> WarningChanges {
        let latest = try await latestWarnings()
        let now = self.now
        var changes = WarningChanges()
        var statements: [SQLStatement] = []
        for draft in drafts {
            if let current = latest[draft.key] {
                if current.status.isOpen {
                    let upgrade = draft.level > current.level
                    let level = upgrade ? draft.level : current.level
                    let due = upgrade ? now + draft.level.responseSeconds : current.dueAt
                    statements.append(SQLStatement(
                        """
                        UPDATE warnings SET level = ?, rule_ids = ?, reason = ?, evidence = ?, departments = ?, updated_at = ?, due_at = ?
                        WHERE id = ? AND status = ?
                        """,
                        [.text(level.rawValue), .text(Self.jsonArray(draft.ruleIDs)), .text(draft.reason), .text(draft.evidence),
                         .text(Self.jsonArray(draft.departments.map(\.rawValue))), .int(now), .int(due), .int(current.id),
                         .text(current.status.rawValue)]))
                    if upgrade {
                        changes.upgraded += 1
                        statements.append(Self.event(current.id, now: now, actor: actor, action: "upgraded",
                                                     note: "\(current.level.rawValue) → \(draft.level.rawValue): \(draft.reason)"))
                    } else if draft.evidence != current.evidence {
                        changes.refreshed += 1
                        statements.append(Self.event(current.id, now: now, actor: actor, action: "refreshed", note: draft.reason))
                    }
                    continue
                }
                let decidedAt = current.closedAt ?? current.updatedAt
                if now - decidedAt < suppressSeconds && draft.level <= current.level {
                    changes.suppressed += 1
                    continue
                }
            }
            changes.raised += 1
            statements.append(SQLStatement(
                """
                INSERT INTO warnings (target_kind, target, level, status, rule_ids, reason, evidence, department, departments,
                    adcode, lat, lon, raised_at, updated_at, due_at)
                VALUES (?, ?, ?, 'new', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [.text(draft.key.targetKind), .text(draft.key.target), .text(draft.level.rawValue), .text(Self.jsonArray(draft.ruleIDs)),
                 .text(draft.reason), .text(draft.evidence), .text(draft.department.rawValue),
                 .text(Self.jsonArray(draft.departments.map(\.rawValue))), .text(draft.adcode), .double(draft.location?.lat),
                 .double(draft.location?.lon), .int(now), .int(now), .int(now + draft.level.responseSeconds)]))
            statements.append(SQLStatement(
                """
                INSERT INTO warning_events (warning_id, at, actor, action, from_status, to_status, note)
                SELECT MAX(id), ?, ?, 'raised', NULL, 'new', ? FROM warnings WHERE target_kind = ? AND target = ?
                """,
                [.int(now), .text(actor), .text(draft.reason), .text(draft.key.targetKind), .text(draft.key.target)]))
        }
        if !statements.isEmpty { try await db.transaction(statements) }
        return changes
    }

    static func event(_ id: Int64, now: Int64, actor: String, action: String, from: WarningStatus? = nil,
                      to: WarningStatus? = nil, note: String?) -> SQLStatement {
        SQLStatement(
            "INSERT INTO warning_events (warning_id, at, actor, action, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [.int(id), .int(now), .text(actor), .text(action), .text(from?.rawValue), .text(to?.rawValue), .text(note)])
    }

    /// One page of warnings in the caller's jurisdiction, most severe and most recent first.
    public func warningPage(scope: AccessScope, filter: WarningFilter, page: PageRequest) async throws -> (items: [StoredWarning], hasMore: Bool) {
        var clauses: [String] = []
        var arguments: [SQLValue] = []
        Self.scopeClause(scope.jurisdiction, column: "adcode", clauses: &clauses, arguments: &arguments)
        if let level = filter.level { clauses.append("level = ?"); arguments.append(.text(level.rawValue)) }
        if let status = filter.status { clauses.append("status = ?"); arguments.append(.text(status.rawValue)) }
        if let department = filter.department { clauses.append("department = ?"); arguments.append(.text(department.rawValue)) }
        if let kind = filter.targetKind { clauses.append("target_kind = ?"); arguments.append(.text(kind)) }
        if filter.openOnly { clauses.append("status IN ('new','acknowledged','dispatched','on_site')") }
        let whereText = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
        arguments += [.int(Int64(page.perPage + 1)), .int(Int64((page.page - 1) * page.perPage))]
        var items = try await db.query(
            """
            SELECT \(Self.warningColumns) FROM warnings\(whereText)
            ORDER BY CASE level WHEN 'red' THEN 4 WHEN 'orange' THEN 3 WHEN 'yellow' THEN 2 ELSE 1 END DESC, raised_at DESC, id DESC
            LIMIT ? OFFSET ?
            """, arguments).map(Self.warning)
        let hasMore = items.count > page.perPage
        if hasMore { items.removeLast() }
        return (scope.unmasked ? items : items.map(Self.masked), hasMore)
    }

    /// Counts of warnings in the caller's jurisdiction by level (open ones) and by status (all).
    public func warningCounts(scope: AccessScope) async throws -> (openByLevel: [String: Int64], byStatus: [String: Int64], overdue: Int64) {
        var clauses: [String] = []
        var arguments: [SQLValue] = []
        Self.scopeClause(scope.jurisdiction, column: "adcode", clauses: &clauses, arguments: &arguments)
        let whereText = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
        var byLevel: [String: Int64] = [:]
        var byStatus: [String: Int64] = [:]
        var overdue: Int64 = 0
        let now = self.now
        for row in try await db.query("SELECT level, status, due_at FROM warnings\(whereText)", arguments) {
            let status = WarningStatus(rawValue: row["status"].text ?? "") ?? .new
            byStatus[status.rawValue, default: 0] += 1
            if status.isOpen { byLevel[row["level"].text ?? "", default: 0] += 1 }
            if status == .new, (row["due_at"].int ?? .max) < now { overdue += 1 }
        }
        return (byLevel, byStatus, overdue)
    }

    /// One warning, if the caller's jurisdiction covers it.
    public func warning(id: Int64, scope: AccessScope) async throws -> StoredWarning {
        guard let row = try await db.queryOne("SELECT \(Self.warningColumns) FROM warnings WHERE id = ?", [.int(id)]) else {
            throw StoreError.notFound(kind: "warning", id: String(id))
        }
        let warning = Self.warning(row)
        guard scope.jurisdiction.contains(adcode: warning.adcode) else { throw StoreError.notFound(kind: "warning", id: String(id)) }
        return scope.unmasked ? warning : Self.masked(warning)
    }

    static func masked(_ warning: StoredWarning) -> StoredWarning {
        var masked = warning
        masked.target = FindingMasking.maskText(warning.target)
        masked.reason = FindingMasking.maskText(warning.reason)
        if let object = try? JSONSerialization.jsonObject(with: Data(warning.evidence.utf8)),
           let data = try? JSONSerialization.data(withJSONObject: FindingMasking.maskJSON(object, entityKind: nil),
                                                  options: [.sortedKeys, .withoutEscapingSlashes]) {
            masked.evidence = String(decoding: data, as: UTF8.self)
        } else {
            masked.evidence = "[]"
        }
        return masked
    }

    /// A warning's timeline, oldest first.
    public func warningEvents(id: Int64) async throws -> [WarningEvent] {
        try await db.query(
            "SELECT at, actor, action, from_status, to_status, note FROM warning_events WHERE warning_id = ? ORDER BY id", [.int(id)]
        ).map {
            TimelineEvent(at: $0["at"].int ?? 0, actor: $0["actor"].text ?? "", action: $0["action"].text ?? "",
                          fromStatus: $0["from_status"].text, toStatus: $0["to_status"].text, note: $0["note"].text)
        }
    }

    /// Moves a warning to `target` if the lifecycle allows it from its current status. Atomic: if
    /// someone else moved it meanwhile the call fails with a conflict and nothing changes.
    public func transitionWarning(id: Int64, to target: WarningStatus, actor: String, note: String?, scope: AccessScope) async throws -> StoredWarning {
        let current = try await warning(id: id, scope: scope)
        guard current.status.mayMove(to: target) else {
            throw StoreError.conflict(
                "warning \(id) is \(current.status.rawValue) and cannot become \(target.rawValue); allowed: \(current.status.next.map(\.rawValue).joined(separator: ", "))")
        }
        let now = self.now
        var statements = [SQLStatement(
            "UPDATE warnings SET status = ?, updated_at = ?, closed_at = ? WHERE id = ? AND status = ?",
            [.text(target.rawValue), .int(now), target.isOpen ? .null : .int(now), .int(id), .text(current.status.rawValue)],
            requiredChange: "warning \(id) changed while you were working on it; reload and try again")]
        if target == .new {
            // Reopened: the response clock starts again.
            statements.append(SQLStatement("UPDATE warnings SET due_at = ? WHERE id = ?",
                                           [.int(now + current.level.responseSeconds), .int(id)]))
        }
        statements.append(Self.event(id, now: now, actor: actor, action: "status", from: current.status, to: target, note: note))
        try await db.transaction(statements)
        return try await warning(id: id, scope: scope)
    }

    /// Escalates every warning still unanswered (`new`) after its deadline: one level more severe
    /// (red stays red), a new deadline for the new level, and a timeline entry. Returns how many.
    @discardableResult
    public func escalateOverdueWarnings(actor: String = "system") async throws -> Int {
        let now = self.now
        let overdue = try await db.query(
            "SELECT \(Self.warningColumns) FROM warnings WHERE status = 'new' AND due_at < ? ORDER BY id", [.int(now)]
        ).map(Self.warning)
        guard !overdue.isEmpty else { return 0 }
        var statements: [SQLStatement] = []
        for warning in overdue {
            let level = warning.level.escalated
            let late = (now - warning.dueAt) / 60
            // The timeline entry is written only if the warning is still the overdue one read above.
            statements.append(SQLStatement(
                """
                INSERT INTO warning_events (warning_id, at, actor, action, from_status, to_status, note)
                SELECT id, ?, ?, 'escalated', NULL, NULL, ? FROM warnings WHERE id = ? AND status = 'new' AND due_at = ?
                """,
                [.int(now), .text(actor), .text("\(warning.level.rawValue) → \(level.rawValue): no response \(late) min after the deadline"),
                 .int(warning.id), .int(warning.dueAt)]))
            statements.append(SQLStatement(
                "UPDATE warnings SET level = ?, due_at = ?, escalations = escalations + 1, updated_at = ? WHERE id = ? AND status = 'new' AND due_at = ?",
                [.text(level.rawValue), .int(now + level.responseSeconds), .int(now), .int(warning.id), .int(warning.dueAt)]))
        }
        try await db.transaction(statements)
        return overdue.count
    }
}

/// How verified warnings turned out, for one group (a level, a rule, a month).
public struct WarningOutcome: Sendable, Equatable {
    public var group: String
    public var confirmed: Int
    public var dismissed: Int
    public var open: Int

    /// Confirmed over decided, or nil before anything was decided.
    public var precision: Double? {
        confirmed + dismissed == 0 ? nil : Double(confirmed) / Double(confirmed + dismissed)
    }
}

extension Store {
    /// The feedback dashboard: for the caller's jurisdiction, how many warnings were confirmed,
    /// dismissed or are still open — by level, by rule (a warning counts for each rule that raised
    /// it) and by month raised (Asia/Shanghai). A warning counts as confirmed or dismissed by the
    /// last verdict on its timeline, so closing a confirmed warning keeps it confirmed.
    public func warningOutcomes(scope: AccessScope) async throws -> (byLevel: [WarningOutcome], byRule: [WarningOutcome], byMonth: [WarningOutcome]) {
        var clauses: [String] = []
        var arguments: [SQLValue] = []
        Self.scopeClause(scope.jurisdiction, column: "w.adcode", clauses: &clauses, arguments: &arguments)
        let whereText = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
        let rows = try await db.query(
            """
            SELECT w.level, w.rule_ids, w.status, w.raised_at,
                   (SELECT e.to_status FROM warning_events e WHERE e.warning_id = w.id AND e.to_status IN ('confirmed','dismissed')
                    ORDER BY e.id DESC LIMIT 1) AS verdict
            FROM warnings w\(whereText)
            """, arguments)
        var byLevel: [String: WarningOutcome] = [:]
        var byRule: [String: WarningOutcome] = [:]
        var byMonth: [String: WarningOutcome] = [:]
        func count(_ table: inout [String: WarningOutcome], _ key: String, verdict: String?, open: Bool) {
            var outcome = table[key] ?? WarningOutcome(group: key, confirmed: 0, dismissed: 0, open: 0)
            if verdict == "confirmed" { outcome.confirmed += 1 } else if verdict == "dismissed" { outcome.dismissed += 1 } else if open { outcome.open += 1 }
            table[key] = outcome
        }
        for row in rows {
            let verdict = row["verdict"].text
            let open = (WarningStatus(rawValue: row["status"].text ?? "") ?? .new).isOpen
            count(&byLevel, row["level"].text ?? "", verdict: verdict, open: open)
            for rule in Self.jsonStrings(row["rule_ids"].text) { count(&byRule, rule, verdict: verdict, open: open) }
            let month = String(Self.shanghaiDate(row["raised_at"].int ?? 0).prefix(7))
            count(&byMonth, month, verdict: verdict, open: open)
        }
        let levels = WarningLevel.allCases.map(\.rawValue)
        return (levels.compactMap { byLevel[$0] }, byRule.values.sorted { $0.group < $1.group }, byMonth.values.sorted { $0.group < $1.group })
    }

    /// `yyyy-MM-dd` in Asia/Shanghai for an epoch second.
    public static func shanghaiDate(_ seconds: Int64) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }
}
