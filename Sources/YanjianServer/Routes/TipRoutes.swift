import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import YanjianCore
import YanjianStore

/// Counts requests per client in a sliding window, for the public (unauthenticated) routes.
final class PublicRateLimiter: Sendable {
    // Invariant: `hits` is only touched under `lock`.
    private let lock = NSLock()
    private nonisolated(unsafe) var hits: [String: [Date]] = [:]
    let limit: Int
    let window: TimeInterval

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Records a hit for `client`, or throws a 429 with the seconds to wait.
    func check(_ client: String, now: Date = Date()) throws {
        let wait: Int? = lock.withLock {
            var recent = (hits[client] ?? []).filter { now.timeIntervalSince($0) < window }
            if hits.count > 50_000 { hits = hits.filter { !$0.value.isEmpty && now.timeIntervalSince($0.value.last!) < window } }
            guard recent.count < limit else {
                hits[client] = recent
                return Int((window - now.timeIntervalSince(recent[0])).rounded(.up))
            }
            recent.append(now)
            hits[client] = recent
            return nil
        }
        if let wait { throw AuthError.rateLimited(retryAfter: Int64(max(1, wait))) }
    }
}

/// Tip-offs: the public channel (no login; a receipt code for anonymous two-way follow-up; rate
/// limited per client; the client address is used for the limit only, never stored) and the
/// officers' side (thread, status the tipster sees, rewards proposed from case outcomes).
struct TipRoutes {
    let store: Store
    let audit: AuditLog
    let submissions = PublicRateLimiter(limit: 5, window: 600)
    let lookups = PublicRateLimiter(limit: 30, window: 600)
    let replies = PublicRateLimiter(limit: 10, window: 600)
    /// Public bodies may carry a photo in base64 (5 MiB → about 6.7 MiB of text).
    static let publicBodyLimit = 8 << 20

    func register(_ table: inout RouteTable) {
        table.add(APIRoute(method: .post, path: "/api/v1/public/tips",
                           summary: "Submit a tip-off without an account: {\"text\", \"phone\"?, \"address\"?, \"lat\"?, \"lon\"?, \"anonymous\"?, \"photo\"?: {\"media_type\", \"base64\"}} → a receipt code, shown once",
                           tag: "public", isPublic: true)) { request, context in
            try submissions.check(context.client)
            let body = try await JSON.object(request, context: context, allowed: ["text", "phone", "address", "lat", "lon", "anonymous", "photo"], required: ["text"], limit: Self.publicBodyLimit)
            var photo: (content: [UInt8], mediaType: String)?
            if case .object(let fields)? = body.fields["photo"] {
                let inner = JSONObject(fields: fields)
                guard let type = try inner.string("media_type"), let encoded = try inner.string("base64"),
                      let data = Data(base64Encoded: encoded) else {
                    throw APIError.badRequest(code: "request.invalid_field", message: "photo needs media_type and base64 content", field: "photo")
                }
                photo = (Array(data), type)
            } else if !body.isAbsent("photo") {
                throw APIError.badRequest(code: "request.invalid_field", message: "photo must be an object", field: "photo")
            }
            var location: GeoPoint?
            if let lat = try body.double("lat"), let lon = try body.double("lon") { location = GeoPoint(lat: lat, lon: lon) }
            let submission = PublicTipSubmission(
                text: try body.string("text") ?? "", phone: try body.string("phone"), address: try body.string("address"),
                location: location, anonymous: try body.bool("anonymous") ?? true, photo: photo)
            let (tipID, receipt) = try await store.submitPublicTip(submission)
            try await audit.append(actor: "public", action: "tip.submit", target: "tip/\(tipID)",
                                   details: ["anonymous": String(submission.anonymous), "photo": String(photo != nil)])
            return try JSON.response(["receipt": receipt, "status": TipStatus.received.rawValue], status: .created)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/public/tips/follow-up",
                           summary: "Follow a tip-off with its receipt: {\"receipt\"} → status, messages, an approved reward",
                           tag: "public", isPublic: true)) { request, context in
            try lookups.check(context.client)
            let body = try await JSON.object(request, context: context, allowed: ["receipt"], required: ["receipt"], limit: Self.publicBodyLimit)
            let followUp = try await store.tipFollowUp(receipt: try body.string("receipt") ?? "")
            return JSON.response(Self.write(followUp, includeID: false))
        }
        table.add(APIRoute(method: .post, path: "/api/v1/public/tips/messages",
                           summary: "Answer the officers through the receipt: {\"receipt\", \"body\"}", tag: "public", isPublic: true)) { request, context in
            try replies.check(context.client)
            let body = try await JSON.object(request, context: context, allowed: ["receipt", "body"], required: ["receipt", "body"], limit: Self.publicBodyLimit)
            let followUp = try await store.tipFollowUp(receipt: try body.string("receipt") ?? "")
            try await store.addTipMessage(tipID: followUp.tipID, sender: "tipster", author: nil, body: try body.string("body") ?? "")
            try await audit.append(actor: "public", action: "tip.message", target: "tip/\(followUp.tipID)")
            return JSON.response(Self.write(try await store.tipFollowUp(tipID: followUp.tipID), includeID: false), status: .created)
        }
        table.add(APIRoute(method: .get, path: "/api/v1/tips/{tip_id}",
                           summary: "One tip-off for officers: the tip (masked), its score, the public thread and rewards", tag: "tips", isPublic: false)) { _, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            let tipID = try Self.tipID(context)
            guard let row = try await store.db.queryOne(
                "SELECT tip_id, received_at, channel, text, phone, address, lat, lon, adcode FROM tips WHERE tip_id = ?", [.text(tipID)]),
                scope.jurisdiction.contains(adcode: row["adcode"].text) || row["adcode"].isNull
            else { throw APIError.notFound("tip \(tipID)") }
            let followUp = try? await store.tipFollowUp(tipID: tipID)
            let score = try await store.db.queryOne("SELECT score, label, details FROM findings WHERE kind = ? AND subject = ?",
                                                    [.text(FindingKind.tipScore), .text(tipID)])
            let rewards = try await store.rewards(tipID: tipID)
            let mask: (String?) -> String? = { scope.unmasked ? $0 : $0.map(FindingMasking.maskText) }
            var json = JSONWriter(capacity: 2048)
            json.object { json in
                json.key("tip")
                json.object { json in
                    json.field("tip_id", tipID)
                    json.field("received_at", row["received_at"].int)
                    json.field("channel", row["channel"].text)
                    json.field("text", mask(row["text"].text))
                    json.field("phone", scope.unmasked ? row["phone"].text : row["phone"].text.map { PersonalField.phone.mask($0) })
                    json.field("address", scope.unmasked ? row["address"].text : row["address"].text.map { PersonalField.address.mask($0) })
                    json.field("lat", row["lat"].double)
                    json.field("lon", row["lon"].double)
                    json.field("adcode", row["adcode"].text)
                }
                json.key("score")
                if let score {
                    json.object { json in
                        json.field("score", score["score"].double)
                        json.field("label", score["label"].text)
                        json.key("details")
                        json.rawJSON(score["details"].text ?? "{}")
                    }
                } else {
                    json.rawJSON("null")
                }
                json.key("public")
                if let followUp { json.rawJSON(String(decoding: Self.write(followUp, includeID: true).buffer.readableBytesView, as: UTF8.self)) } else { json.rawJSON("null") }
                json.key("rewards")
                json.array { json in
                    for reward in rewards {
                        json.object { json in
                            json.field("id", reward.id)
                            json.field("case_no", reward.caseNo)
                            json.field("amount_fen", reward.amountFen)
                            json.field("basis", reward.basis)
                            json.field("status", reward.status)
                            json.field("proposed_by", reward.proposedBy)
                            json.field("decided_by", reward.decidedBy)
                        }
                    }
                }
                json.field("masked", !scope.unmasked)
            }
            return JSON.response(json)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/tips/{tip_id}/messages",
                           summary: "Write to the tipster (they read it with their receipt): {\"body\"}", tag: "tips", isPublic: false)) { request, context in
            let scope = try AdminRoutes.require(context, \.mayWorkWarnings)
            let tipID = try Self.tipID(context)
            let body = try await JSON.object(request, context: context, allowed: ["body"], required: ["body"])
            try await store.addTipMessage(tipID: tipID, sender: "officer", author: scope.user.username, body: try body.string("body") ?? "")
            try await audit.append(actor: scope.user.username, action: "tip.message", target: "tip/\(tipID)")
            return JSON.response(Self.write(try await store.tipFollowUp(tipID: tipID), includeID: true), status: .created)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/tips/{tip_id}/status",
                           summary: "Set what the tipster sees: {\"to\": \"reviewing|verified|not_verified|closed\"}", tag: "tips", isPublic: false)) { request, context in
            let scope = try AdminRoutes.require(context, \.mayWorkWarnings)
            let tipID = try Self.tipID(context)
            let body = try await JSON.object(request, context: context, allowed: ["to"], required: ["to"])
            guard let status = try body.string("to").flatMap(TipStatus.init(rawValue:)) else {
                throw APIError.badRequest(code: "request.invalid_field",
                                          message: "to must be one of \(TipStatus.allCases.map(\.rawValue).joined(separator: ", "))", field: "to")
            }
            try await store.setTipStatus(tipID: tipID, to: status)
            try await audit.append(actor: scope.user.username, action: "tip.status", target: "tip/\(tipID)", details: ["to": status.rawValue])
            return JSON.response(Self.write(try await store.tipFollowUp(tipID: tipID), includeID: true))
        }
        table.add(APIRoute(method: .post, path: "/api/v1/tips/{tip_id}/rewards",
                           summary: "Propose a reward from the case the tip led to, by the schedule: {\"case_no\"}", tag: "tips", isPublic: false)) { request, context in
            let scope = try AdminRoutes.require(context, \.mayWorkWarnings)
            let tipID = try Self.tipID(context)
            let body = try await JSON.object(request, context: context, allowed: ["case_no"], required: ["case_no"])
            let reward = try await store.proposeReward(tipID: tipID, caseNo: try body.string("case_no") ?? "", actor: scope.user.username, scope: scope)
            try await audit.append(actor: scope.user.username, action: "reward.propose", target: "tip/\(tipID)",
                                   details: ["case": reward.caseNo, "amount_fen": String(reward.amountFen)])
            return try JSON.response(["id": String(reward.id), "amount_fen": String(reward.amountFen), "basis": reward.basis, "status": reward.status],
                                     status: .created)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/rewards/{id}",
                           summary: "Decide a reward (admin): {\"decision\": \"approve|reject|paid\", \"note\"?}; the proposer cannot approve", tag: "tips",
                           isPublic: false)) { request, context in
            let scope = try AdminRoutes.require(context, \.mayManageUsers)
            let id = try WorkflowRoutes.id(context)
            let body = try await JSON.object(request, context: context, allowed: ["decision", "note"], required: ["decision"])
            let reward = try await store.decideReward(id: id, decision: try body.string("decision") ?? "", note: try WorkflowRoutes.note(body),
                                                      actor: scope.user.username)
            try await audit.append(actor: scope.user.username, action: "reward.\(reward.status)", target: "reward/\(id)")
            return try JSON.response(["id": String(reward.id), "amount_fen": String(reward.amountFen), "status": reward.status])
        }
    }

    static func tipID(_ context: AppRequestContext) throws -> String {
        guard let tipID = context.pathText("tip_id"), (1...64).contains(tipID.count) else {
            throw APIError.badRequest(code: "request.invalid_path", message: "tip id must be 1 to 64 characters", field: "tip_id")
        }
        return tipID
    }

    static func write(_ followUp: TipFollowUp, includeID: Bool) -> JSONWriter {
        var json = JSONWriter()
        json.object { json in
            if includeID { json.field("tip_id", followUp.tipID) }
            json.field("status", followUp.status.rawValue)
            json.field("received_at", followUp.receivedAt)
            json.key("messages")
            json.array { json in
                for message in followUp.messages {
                    json.object { json in
                        json.field("at", message.at)
                        json.field("sender", message.sender)
                        json.field("body", message.body)
                    }
                }
            }
            json.key("reward")
            if let reward = followUp.reward {
                json.object { json in
                    json.field("amount_fen", reward.amountFen)
                    json.field("status", reward.status)
                }
            } else {
                json.rawJSON("null")
            }
        }
        return json
    }
}
