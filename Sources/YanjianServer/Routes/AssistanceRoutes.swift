import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import YanjianCore
import YanjianStore

/// Cross-region requests for assistance (协查): listed for the addressed jurisdiction and the
/// sender, sent by hand or generated from gangs that reach other provinces, answered by the
/// addressed side.
struct AssistanceRoutes {
    let store: Store
    let audit: AuditLog

    func register(_ table: inout RouteTable) {
        table.add(APIRoute(method: .get, path: "/api/v1/assistance",
                           summary: "Requests for assistance addressed to the caller's jurisdiction (direction=incoming, default) or sent from it (outgoing)",
                           tag: "cases", isPublic: false, query: ["direction"])) { request, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            let direction = request.uri.queryParameters.get("direction") ?? "incoming"
            guard direction == "incoming" || direction == "outgoing" else {
                throw APIError.badRequest(code: "request.invalid_query", message: "direction must be incoming or outgoing", field: "direction")
            }
            let items = try await store.assistanceRequests(scope: scope, incoming: direction == "incoming")
            var json = JSONWriter(capacity: 512 + items.count * 500)
            json.object { json in
                json.key("items")
                json.array { json in for item in items { Self.write(item, to: &json) } }
            }
            return JSON.response(json)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/assistance",
                           summary: "Ask another jurisdiction for help: {\"to_adcode\", \"kind\": \"verify_address|intercept_parcels|locate_person|other\", \"subject\", \"details\", \"due_days\"?}",
                           tag: "cases", isPublic: false)) { request, context in
            let scope = try AdminRoutes.require(context, \.mayWorkWarnings)
            let body = try await JSON.object(request, context: context, allowed: ["to_adcode", "kind", "subject", "details", "due_days"],
                                             required: ["to_adcode", "kind", "subject", "details"])
            guard let kind = try body.string("kind").flatMap(AssistanceRequest.Kind.init(rawValue:)) else {
                throw APIError.badRequest(code: "request.invalid_field",
                                          message: "kind must be one of \(AssistanceRequest.Kind.allCases.map(\.rawValue).joined(separator: ", "))", field: "kind")
            }
            let days = try body.int("due_days") ?? 3
            guard (1...90).contains(days) else {
                throw APIError.badRequest(code: "request.invalid_field", message: "due_days must be 1 to 90", field: "due_days")
            }
            let from = scope.jurisdiction.prefix.isEmpty ? nil : scope.jurisdiction.adcode
            let sent = try await store.sendAssistance([AssistanceDraft(
                fromAdcode: from, toAdcode: try body.string("to_adcode") ?? "", kind: kind, subject: try body.string("subject") ?? "",
                details: try body.string("details") ?? "", source: nil, dueSeconds: Int64(days) * 86_400)], actor: scope.user.username)
            try await audit.append(actor: scope.user.username, action: "assistance.send", details: ["to": try body.string("to_adcode") ?? ""])
            return try JSON.response(["sent": sent], status: .created)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/assistance/{id}",
                           summary: "Answer a request addressed to you: {\"to\": \"accepted|done|declined\", \"answer\"}", tag: "cases", isPublic: false)) { request, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            let id = try WorkflowRoutes.id(context)
            let body = try await JSON.object(request, context: context, allowed: ["to", "answer"], required: ["to"])
            guard let target = try body.string("to").flatMap(AssistanceRequest.Status.init(rawValue:)), target != .open else {
                throw APIError.badRequest(code: "request.invalid_field", message: "to must be accepted, done or declined", field: "to")
            }
            let answer = try body.string("answer")
            if let answer, answer.count > 2000 {
                throw APIError.badRequest(code: "request.invalid_field", message: "answer must be at most 2000 characters", field: "answer")
            }
            let answered = try await store.answerAssistance(id: id, to: target, answer: answer,
                                                            actor: scope.user.username, scope: scope)
            try await audit.append(actor: scope.user.username, action: "assistance.\(target.rawValue)", target: "assistance/\(id)")
            var json = JSONWriter()
            Self.write(answered, to: &json)
            return JSON.response(json)
        }
    }

    static func write(_ item: AssistanceRequest, to json: inout JSONWriter) {
        json.object { json in
            json.field("id", item.id)
            json.field("from_adcode", item.fromAdcode)
            json.field("to_adcode", item.toAdcode)
            json.field("kind", item.kind.rawValue)
            json.field("subject", item.subject)
            json.field("details", item.details)
            json.field("source", item.source)
            json.field("status", item.status.rawValue)
            json.field("created_at", item.createdAt)
            json.field("created_by", item.createdBy)
            json.field("due_at", item.dueAt)
            json.field("answered_by", item.answeredBy)
            json.field("answer", item.answer)
        }
    }
}
