import Foundation
import YanjianCore

/// A request for assistance from one jurisdiction to another (协查).
public struct AssistanceRequest: Sendable, Equatable {
    public enum Kind: String, CaseIterable, Sendable, Codable {
        case verifyAddress = "verify_address"
        case interceptParcels = "intercept_parcels"
        case locatePerson = "locate_person"
        case other
    }

    public enum Status: String, CaseIterable, Sendable, Codable {
        case open, accepted, done, declined

        /// The statuses the receiving side may move an answer to.
        public var next: [Status] {
            switch self {
            case .open: [.accepted, .declined, .done]
            case .accepted: [.done]
            case .done, .declined: []
            }
        }
    }

    public var id: Int64
    public var fromAdcode: String?
    public var toAdcode: String
    public var kind: Kind
    public var subject: String
    public var details: String
    public var source: String?
    public var status: Status
    public var createdAt: Int64
    public var createdBy: String
    public var dueAt: Int64
    public var answeredBy: String?
    public var answer: String?
}

/// A request to make; `source` names the finding that prompted it, so the same request is not
/// sent twice.
public struct AssistanceDraft: Sendable, Equatable {
    public var fromAdcode: String?
    public var toAdcode: String
    public var kind: AssistanceRequest.Kind
    public var subject: String
    public var details: String
    public var source: String?
    public var dueSeconds: Int64

    public init(fromAdcode: String?, toAdcode: String, kind: AssistanceRequest.Kind, subject: String, details: String,
                source: String?, dueSeconds: Int64 = 3 * 86_400) {
        self.fromAdcode = fromAdcode
        self.toAdcode = toAdcode
        self.kind = kind
        self.subject = subject
        self.details = details
        self.source = source
        self.dueSeconds = dueSeconds
    }
}

extension Store {
    static let assistanceColumns = """
        id, from_adcode, to_adcode, kind, subject, details, source, status, created_at, created_by, due_at, answered_by, answer
        """

    /// The jurisdiction prefix an adcode stands for: a province `PP0000` → `PP`, a city `PPCC00` →
    /// `PPCC`, a district → all six digits.
    static func regionPrefix(_ adcode: String) -> String {
        if adcode.hasSuffix("0000") { return String(adcode.prefix(2)) }
        if adcode.hasSuffix("00") { return String(adcode.prefix(4)) }
        return adcode
    }

    static func assistance(_ row: SQLRow) -> AssistanceRequest {
        AssistanceRequest(
            id: row["id"].int ?? 0, fromAdcode: row["from_adcode"].text, toAdcode: row["to_adcode"].text ?? "",
            kind: AssistanceRequest.Kind(rawValue: row["kind"].text ?? "") ?? .other, subject: row["subject"].text ?? "",
            details: row["details"].text ?? "", source: row["source"].text,
            status: AssistanceRequest.Status(rawValue: row["status"].text ?? "") ?? .open, createdAt: row["created_at"].int ?? 0,
            createdBy: row["created_by"].text ?? "", dueAt: row["due_at"].int ?? 0, answeredBy: row["answered_by"].text,
            answer: row["answer"].text)
    }

    /// Sends requests; one with a `source` already sent to the same jurisdiction is skipped. Returns
    /// how many were sent.
    @discardableResult
    public func sendAssistance(_ drafts: [AssistanceDraft], actor: String) async throws -> Int {
        let now = self.now
        var sent = 0
        var statements: [SQLStatement] = []
        for draft in drafts {
            guard (try? Adcode(validating: draft.toAdcode)) != nil else {
                throw StoreError.invalid(field: "to_adcode", reason: "\(draft.toAdcode) is not a six-digit administrative division code")
            }
            guard (1...200).contains(draft.subject.count) else { throw StoreError.invalid(field: "subject", reason: "1 to 200 characters") }
            guard draft.details.count <= 4000 else { throw StoreError.invalid(field: "details", reason: "at most 4000 characters") }
            if let source = draft.source, try await db.scalarInt(
                "SELECT COUNT(*) FROM assistance_requests WHERE source = ? AND to_adcode = ?", [.text(source), .text(draft.toAdcode)]) > 0 {
                continue
            }
            sent += 1
            statements.append(SQLStatement(
                """
                INSERT INTO assistance_requests (from_adcode, to_adcode, to_prefix, kind, subject, details, source, status, created_at, created_by, due_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)
                """,
                [.text(draft.fromAdcode), .text(draft.toAdcode), .text(Self.regionPrefix(draft.toAdcode)), .text(draft.kind.rawValue), .text(draft.subject), .text(draft.details),
                 .text(draft.source), .int(now), .text(actor), .int(now + draft.dueSeconds)]))
        }
        if !statements.isEmpty { try await db.transaction(statements) }
        return sent
    }

    /// Requests addressed to the caller's jurisdiction (`incoming`) or sent from it, newest first,
    /// masked for the caller's role. A request to a province reaches every jurisdiction inside it.
    public func assistanceRequests(scope: AccessScope, incoming: Bool) async throws -> [AssistanceRequest] {
        var clauses: [String] = []
        var arguments: [SQLValue] = []
        let prefix = scope.jurisdiction.prefix
        if !prefix.isEmpty {
            if incoming {
                // Addressed to the caller's area, or to an enclosing area (a province reaches its cities).
                clauses.append("(to_prefix LIKE ? OR CAST(? AS TEXT) LIKE to_prefix || '%')")
                arguments += [.text(prefix + "%"), .text(prefix)]
            } else {
                clauses.append("from_adcode LIKE ?")
                arguments.append(.text(prefix + "%"))
            }
        }
        let whereText = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
        let items = try await db.query(
            "SELECT \(Self.assistanceColumns) FROM assistance_requests\(whereText) ORDER BY created_at DESC, id DESC LIMIT 500", arguments
        ).map(Self.assistance)
        guard !scope.unmasked else { return items }
        return items.map { item in
            var masked = item
            masked.details = FindingMasking.maskText(item.details)
            masked.subject = FindingMasking.maskText(item.subject)
            return masked
        }
    }

    /// The receiving side answers: accepted, done (with an answer) or declined (with a reason). Only a
    /// user whose jurisdiction lies inside the addressed one may answer.
    public func answerAssistance(id: Int64, to target: AssistanceRequest.Status, answer: String?, actor: String,
                                 scope: AccessScope) async throws -> AssistanceRequest {
        guard let row = try await db.queryOne("SELECT \(Self.assistanceColumns) FROM assistance_requests WHERE id = ?", [.int(id)]) else {
            throw StoreError.notFound(kind: "assistance request", id: String(id))
        }
        let current = Self.assistance(row)
        let addressed = Self.regionPrefix(current.toAdcode)
        let prefix = scope.jurisdiction.prefix
        guard prefix.isEmpty || prefix.hasPrefix(addressed) || addressed.hasPrefix(prefix) else {
            throw StoreError.forbidden("request \(id) is addressed to \(current.toAdcode); only that jurisdiction answers it")
        }
        guard current.status.next.contains(target) else {
            throw StoreError.conflict("request \(id) is \(current.status.rawValue) and cannot become \(target.rawValue)")
        }
        if target != .accepted, (answer ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw StoreError.invalid(field: "answer", reason: "say what was found, or why it is declined")
        }
        try await db.transaction([SQLStatement(
            "UPDATE assistance_requests SET status = ?, answered_at = ?, answered_by = ?, answer = COALESCE(?, answer) WHERE id = ? AND status = ?",
            [.text(target.rawValue), .int(now), .text(actor), .text(answer), .int(id), .text(current.status.rawValue)],
            requiredChange: "request \(id) was answered meanwhile")])
        guard let updated = try await db.queryOne("SELECT \(Self.assistanceColumns) FROM assistance_requests WHERE id = ?", [.int(id)]) else {
            throw StoreError.notFound(kind: "assistance request", id: String(id))
        }
        return Self.assistance(updated)
    }
}
