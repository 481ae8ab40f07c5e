import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import YanjianCore
import YanjianStore

/// The partner channel (couriers, e-commerce platforms), for API keys of partner users: upload
/// waybills, get back which of them to hold — by reference — and list those hits later. The matching
/// runs here; a partner never sees the watch list or why a waybill matched, only hits on what it sent.
struct PartnerRoutes {
    let store: Store
    let audit: AuditLog
    let uploads = PublicRateLimiter(limit: 60, window: 600)

    func register(_ table: inout RouteTable) {
        table.add(APIRoute(method: .post, path: "/api/v1/partner/waybills",
                           summary: "Partners: upload up to 1000 waybills {\"waybills\": [{\"waybill_no\", \"sender_phone\"?, \"sender_address\"?, \"receiver_phone\"?, \"receiver_address\"?, \"pieces\", \"weight_kg\", \"accepted_at\"}]} → accepted, rejected rows, hits to hold",
                           tag: "partner", isPublic: false)) { request, context in
            let scope = try AdminRoutes.require(context, oneOf: [.partner, .admin])
            try uploads.check(scope.user.username)
            let body = try await JSON.object(request, context: context, allowed: ["waybills"], required: ["waybills"], limit: 4 << 20)
            guard case .array(let items)? = body.fields["waybills"] else {
                throw APIError.badRequest(code: "request.invalid_field", message: "waybills must be a list", field: "waybills")
            }
            guard items.count <= Store.maxPartnerBatch else {
                throw APIError.badRequest(code: "request.invalid_field", message: "at most \(Store.maxPartnerBatch) waybills per request", field: "waybills")
            }
            var waybills: [PartnerWaybill] = []
            var shapeErrors: [PartnerUploadResult.Reject] = []
            for (index, item) in items.enumerated() {
                do {
                    waybills.append(try Self.waybill(item))
                } catch let error as APIError {
                    if case .badRequest(_, let message, let field) = error {
                        shapeErrors.append(.init(index: index, waybillNo: nil, field: field ?? "waybill", reason: message))
                    }
                    // keeps the index of the rows after it: a placeholder that the store refuses.
                    waybills.append(PartnerWaybill(waybillNo: "", pieces: 0, weightKg: 0, acceptedAt: 0))
                }
            }
            var result = try await store.uploadPartnerWaybills(waybills, partner: scope.user)
            let shaped = Set(shapeErrors.map(\.index))
            result.rejected = shapeErrors + result.rejected.filter { !shaped.contains($0.index) }
            result.rejected.sort { $0.index < $1.index }
            try await audit.append(actor: scope.user.username, action: "partner.upload",
                                   details: ["accepted": String(result.accepted), "rejected": String(result.rejected.count), "hits": String(result.hits.count)])
            var json = JSONWriter(capacity: 256 + result.rejected.count * 120 + result.hits.count * 80)
            json.object { json in
                json.field("accepted", result.accepted)
                json.key("rejected")
                json.array { json in
                    for reject in result.rejected {
                        json.object { json in
                            json.field("index", reject.index)
                            json.field("waybill_no", reject.waybillNo)
                            json.field("field", reject.field)
                            json.field("reason", reject.reason)
                        }
                    }
                }
                json.key("hits")
                Self.write(result.hits, to: &json)
            }
            return JSON.response(json, status: .created)
        }
        table.add(APIRoute(method: .get, path: "/api/v1/partner/hits",
                           summary: "Partners: the caller's own waybills to hold, by reference", tag: "partner", isPublic: false)) { _, context in
            let scope = try AdminRoutes.require(context, oneOf: [.partner, .admin])
            let hits = try await store.partnerHits(partner: scope.user)
            var json = JSONWriter()
            json.object { json in
                json.key("items")
                Self.write(hits, to: &json)
            }
            return JSON.response(json)
        }
    }

    static func write(_ hits: [PartnerUploadResult.Hit], to json: inout JSONWriter) {
        json.array { json in
            for hit in hits {
                json.object { json in
                    json.field("waybill_no", hit.waybillNo)
                    json.field("reference", hit.reference)
                    json.field("action", "hold_for_inspection")
                }
            }
        }
    }

    /// One uploaded waybill; `accepted_at` is epoch seconds or a timestamp (Asia/Shanghai when no offset).
    static func waybill(_ value: JSONValue) throws -> PartnerWaybill {
        guard case .object(let fields) = value else {
            throw APIError.badRequest(code: "request.invalid_field", message: "each waybill must be an object", field: "waybill")
        }
        let allowed: Set<String> = ["waybill_no", "sender_name", "sender_phone", "sender_address", "receiver_name", "receiver_phone",
                                    "receiver_address", "item_desc", "pieces", "weight_kg", "accepted_at"]
        if let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError.badRequest(code: "request.unknown_field", message: "unknown field \(unknown)", field: unknown)
        }
        let object = JSONObject(fields: fields)
        var acceptedAt: Int64?
        switch fields["accepted_at"] {
        case .number(let seconds)?: acceptedAt = Int64(exactly: seconds.rounded())
        case .string(let text)?: acceptedAt = Timestamp.parse(text)
        default: acceptedAt = nil
        }
        guard let acceptedAt else {
            throw APIError.badRequest(code: "request.invalid_field", message: "accepted_at must be epoch seconds or a timestamp", field: "accepted_at")
        }
        guard let number = try object.string("waybill_no") else {
            throw APIError.badRequest(code: "request.missing_field", message: "waybill_no is required", field: "waybill_no")
        }
        return PartnerWaybill(
            waybillNo: number, senderName: try object.string("sender_name"), senderPhone: try object.string("sender_phone"),
            senderAddress: try object.string("sender_address"), receiverName: try object.string("receiver_name"),
            receiverPhone: try object.string("receiver_phone"), receiverAddress: try object.string("receiver_address"),
            itemDesc: try object.string("item_desc"), pieces: Int64(try object.int("pieces") ?? 0),
            weightKg: try object.double("weight_kg") ?? 0, acceptedAt: acceptedAt)
    }
}
