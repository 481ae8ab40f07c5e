import Foundation
import HTTPTypes
import Hummingbird
import YanjianCore
import YanjianStore

/// Analysts' corrections to entity resolution: two entities are one party (merge) or never one
/// (split). Link analysis applies the decisions in force on every run; revoking one (with a reason)
/// undoes it from the next run, and the history stays. Values are masked for callers who see
/// personal data masked; entities may be given as the graph page's sealed ids (`x:…`).
struct EntityDecisionRoutes {
    let store: Store
    let audit: AuditLog
    let sealer: EntitySealer

    /// `kind:value`, or the entity behind a sealed id this server issued.
    func entity(_ text: String?, field: String) throws -> String {
        guard let text, text.hasPrefix("x:") else { return text ?? "" }
        guard let opened = sealer.open(String(text.dropFirst(2))) else {
            throw APIError.badRequest(code: "request.invalid_field", message: "\(field) is not an id this server issued (it may have restarted)", field: field)
        }
        return opened
    }

    func register(_ table: inout RouteTable) {
        table.add(APIRoute(method: .get, path: "/api/v1/entities/decisions",
                           summary: "Merge and split decisions, newest first: those in force, or all with ?all=true",
                           tag: "graph", isPublic: false, query: ["all"])) { request, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            try GraphRoutes.onlyQuery(request, ["all"])
            let all = request.uri.queryParameters.get("all")
            guard all == nil || all == "true" || all == "false" else {
                throw APIError.badRequest(code: "request.invalid_query", message: "all is true or false", field: "all")
            }
            let decisions = try await store.identityDecisions(includeRevoked: all == "true")
            var json = JSONWriter(capacity: 256 + decisions.count * 300)
            json.object { json in
                json.key("items")
                json.array { json in
                    for decision in decisions { Self.write(decision, scope: scope, to: &json) }
                }
            }
            return JSON.response(json)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/entities/decisions",
                           summary: "Record a decision: {\"action\": \"merge|split\", \"entity_a\": \"phone:…\" (or a sealed x:… id), \"entity_b\": \"account:…\", \"reason\": \"…\"}; applied from the next link analysis",
                           tag: "graph", isPublic: false)) { request, context in
            let scope = try AdminRoutes.require(context, \.mayWorkWarnings)
            let body = try await JSON.object(request, context: context, allowed: ["action", "entity_a", "entity_b", "reason"],
                                             required: ["action", "entity_a", "entity_b", "reason"])
            guard let action = try body.string("action").flatMap(IdentityAction.init(rawValue:)) else {
                throw APIError.badRequest(code: "request.invalid_field", message: "action must be merge or split", field: "action")
            }
            let decision = try await store.recordIdentityDecision(
                action: action, entityA: try entity(body.string("entity_a"), field: "entity_a"),
                entityB: try entity(body.string("entity_b"), field: "entity_b"),
                reason: try body.string("reason") ?? "", actor: scope.user.username)
            try await audit.append(actor: scope.user.username, action: "entity.\(action.rawValue)", target: "identity-decision/\(decision.id)",
                                   details: ["reason": decision.reason])
            var json = JSONWriter()
            Self.write(decision, scope: scope, to: &json)
            return JSON.response(json, status: .created)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/entities/decisions/{id}/revoke",
                           summary: "Revoke a decision: {\"reason\": \"…\"}; the next link analysis runs without it",
                           tag: "graph", isPublic: false)) { request, context in
            let scope = try AdminRoutes.require(context, \.mayWorkWarnings)
            let id = try WorkflowRoutes.id(context)
            let body = try await JSON.object(request, context: context, allowed: ["reason"], required: ["reason"])
            let decision = try await store.revokeIdentityDecision(id: id, reason: try body.string("reason") ?? "", actor: scope.user.username)
            try await audit.append(actor: scope.user.username, action: "entity.revoke", target: "identity-decision/\(id)",
                                   details: ["reason": decision.revokeReason ?? ""])
            var json = JSONWriter()
            Self.write(decision, scope: scope, to: &json)
            return JSON.response(json)
        }
    }

    static func write(_ d: IdentityDecision, scope: AccessScope, to json: inout JSONWriter) {
        json.object { json in
            json.field("id", d.id)
            json.field("action", d.action.rawValue)
            json.field("entity_a", scope.unmasked ? d.entityA : FindingMasking.maskText(d.entityA))
            json.field("entity_b", scope.unmasked ? d.entityB : FindingMasking.maskText(d.entityB))
            json.field("reason", d.reason)
            json.field("decided_by", d.decidedBy)
            json.field("decided_at", Timestamp.format(d.decidedAt))
            json.field("active", d.isActive)
            json.field("revoked_by", d.revokedBy)
            json.field("revoked_at", d.revokedAt.map(Timestamp.format))
            json.field("revoke_reason", d.revokeReason)
        }
    }
}
