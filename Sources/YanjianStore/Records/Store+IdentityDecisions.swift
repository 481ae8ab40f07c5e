import Foundation
import YanjianCore

/// What an analyst decided about two entities.
public enum IdentityAction: String, Sendable, Codable, CaseIterable {
    /// The two are one party (the same person or business): link analysis treats them as one actor.
    case merge
    /// The two are never one party, whatever the evidence: link analysis keeps them apart.
    case split
}

/// An analyst's decision, applied by every link-analysis run until it is revoked.
public struct IdentityDecision: Sendable, Equatable, Codable {
    public var id: Int64
    public var action: IdentityAction
    /// `kind:value`, the smaller of the two.
    public var entityA: String
    public var entityB: String
    public var reason: String
    public var decidedBy: String
    public var decidedAt: Int64
    public var revokedBy: String?
    public var revokedAt: Int64?
    public var revokeReason: String?

    public init(id: Int64, action: IdentityAction, entityA: String, entityB: String, reason: String, decidedBy: String,
                decidedAt: Int64, revokedBy: String? = nil, revokedAt: Int64? = nil, revokeReason: String? = nil) {
        self.id = id
        self.action = action
        self.entityA = entityA
        self.entityB = entityB
        self.reason = reason
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.revokedBy = revokedBy
        self.revokedAt = revokedAt
        self.revokeReason = revokeReason
    }

    /// Whether the decision is in force.
    public var isActive: Bool { revokedAt == nil }
}

extension Store {
    /// The kinds a decision may name: parties and their identifiers, not records or places.
    public static let identityKinds: Set<String> = ["phone", "id_no", "account", "plate", "licence_no", "person", "credit_code"]

    static let identityColumns = "id, action, entity_a, entity_b, reason, decided_by, decided_at, revoked_by, revoked_at, revoke_reason"

    static func identityDecision(_ row: SQLRow) -> IdentityDecision {
        IdentityDecision(
            id: row["id"].int ?? 0, action: IdentityAction(rawValue: row["action"].text ?? "") ?? .merge,
            entityA: row["entity_a"].text ?? "", entityB: row["entity_b"].text ?? "", reason: row["reason"].text ?? "",
            decidedBy: row["decided_by"].text ?? "", decidedAt: row["decided_at"].int ?? 0, revokedBy: row["revoked_by"].text,
            revokedAt: row["revoked_at"].int, revokeReason: row["revoke_reason"].text)
    }

    /// The canonical `kind:value` of an entity a decision names, or an `invalid` error saying why not.
    public static func identityEntity(_ text: String, field: String) throws -> String {
        guard let ref = EntityRef(text) else {
            throw StoreError.invalid(field: field, reason: "write the entity as kind:value, kind one of \(identityKinds.sorted().joined(separator: ", "))")
        }
        guard identityKinds.contains(ref.kind) else {
            throw StoreError.invalid(field: field, reason: "\(ref.kind) is a record, not a party; use one of \(identityKinds.sorted().joined(separator: ", "))")
        }
        return ref.description
    }

    /// Records a decision. Refused without a reason, for an entity and itself, and when a decision on
    /// the same two entities is in force (revoke it first: decisions are never edited in place).
    public func recordIdentityDecision(action: IdentityAction, entityA: String, entityB: String, reason: String,
                                       actor: String) async throws -> IdentityDecision {
        let first = try Self.identityEntity(entityA, field: "entity_a")
        let second = try Self.identityEntity(entityB, field: "entity_b")
        guard first != second else { throw StoreError.invalid(field: "entity_b", reason: "an entity is always itself; name two different entities") }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...500).contains(reason.count) else { throw StoreError.invalid(field: "reason", reason: "say why, in at most 500 characters") }
        let (a, b) = first < second ? (first, second) : (second, first)
        if let live = try await db.queryOne(
            "SELECT \(Self.identityColumns) FROM identity_decisions WHERE entity_a = ? AND entity_b = ? AND revoked_at IS NULL",
            [.text(a), .text(b)]).map(Self.identityDecision) {
            throw StoreError.conflict("decision #\(live.id) (\(live.action.rawValue)) on these two is in force; revoke it first")
        }
        try await db.transaction([SQLStatement(
            "INSERT INTO identity_decisions (action, entity_a, entity_b, reason, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?)",
            [.text(action.rawValue), .text(a), .text(b), .text(reason), .text(actor), .int(now)])])
        guard let row = try await db.queryOne(
            "SELECT \(Self.identityColumns) FROM identity_decisions WHERE entity_a = ? AND entity_b = ? AND revoked_at IS NULL",
            [.text(a), .text(b)], writing: true) else {
            throw StoreError.internalInconsistency("identity decision on \(a) and \(b) was not stored")
        }
        return Self.identityDecision(row)
    }

    /// One decision.
    public func identityDecision(id: Int64) async throws -> IdentityDecision {
        guard let row = try await db.queryOne("SELECT \(Self.identityColumns) FROM identity_decisions WHERE id = ?", [.int(id)]) else {
            throw StoreError.notFound(kind: "identity decision", id: String(id))
        }
        return Self.identityDecision(row)
    }

    /// Decisions, newest first; only those in force unless `includeRevoked`.
    public func identityDecisions(includeRevoked: Bool = false) async throws -> [IdentityDecision] {
        try await db.query(
            "SELECT \(Self.identityColumns) FROM identity_decisions \(includeRevoked ? "" : "WHERE revoked_at IS NULL ")ORDER BY id DESC"
        ).map(Self.identityDecision)
    }

    /// Revokes a decision (kept, with who and why); the next link-analysis run no longer applies it.
    public func revokeIdentityDecision(id: Int64, reason: String, actor: String) async throws -> IdentityDecision {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...500).contains(reason.count) else { throw StoreError.invalid(field: "reason", reason: "say why, in at most 500 characters") }
        let decision = try await identityDecision(id: id)
        guard decision.isActive else { throw StoreError.conflict("decision #\(id) was already revoked") }
        try await db.transaction([SQLStatement(
            "UPDATE identity_decisions SET revoked_by = ?, revoked_at = ?, revoke_reason = ? WHERE id = ? AND revoked_at IS NULL",
            [.text(actor), .int(now), .text(reason), .int(id)],
            requiredChange: "decision #\(id) changed while you were working on it; reload and try again")])
        return try await identityDecision(id: id)
    }
}
