import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import YanjianCore
import YanjianStore
import YanjianWorkflow

/// Key retailers: the grey and black lists (proposed by rules or officers, reviewed by another
/// person, expiring, with history) and the one-file-per-retailer dossier (一户一档).
struct RetailerRoutes {
    let store: Store
    let audit: AuditLog
    let logger = Logger(label: "yanjian.models")

    static let listQuery = ["list", "status", "licence_no", "page", "per_page"]

    func register(_ table: inout RouteTable) {
        registerModelDecisions(&table)
        table.add(APIRoute(method: .get, path: "/api/v1/retailers/{licence_no}/dossier",
                           summary: "一户一档: licence, registration, orders vs till sales by month, brand mix, risk with explanation and history, lists, cases, warnings, tips, gang links, camera events nearby",
                           tag: "risk", isPublic: false)) { _, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            guard let licence = context.pathText("licence_no"), (1...64).contains(licence.count) else {
                throw APIError.badRequest(code: "request.invalid_path", message: "licence_no is required", field: "licence_no")
            }
            let dossier = try await store.retailerDossier(licenceNo: licence, scope: scope)
            try await audit.append(actor: scope.user.username, action: "dossier.read", target: "retailer/\(licence)")
            return JSON.response(Self.write(dossier))
        }
        table.add(APIRoute(method: .get, path: "/api/v1/map/retailers",
                           summary: "Retailers for the command map, riskiest first: ?min_score=0–100 (default 50), &limit=1–5000 (default 2000); position, score, pattern",
                           tag: "risk", isPublic: false, query: ["min_score", "limit"])) { request, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            try GraphRoutes.onlyQuery(request, ["min_score", "limit"])
            let limit = try request.queryInt("limit", default: 2000)
            let minScore = try request.queryInt("min_score", default: 50)
            guard (1...5000).contains(limit), (0...100).contains(minScore) else {
                throw APIError.badRequest(code: "request.invalid_query", message: "min_score 0–100 and limit 1–5000", field: "limit")
            }
            let shops = try await store.mapRetailers(minScore: Double(minScore), limit: limit, scope: scope)
            var json = JSONWriter(capacity: 256 + shops.count * 160)
            json.object { json in
                json.key("items")
                json.array { json in
                    for shop in shops {
                        json.object { json in
                            json.field("licence_no", shop.licenceNo)
                            json.field("name", shop.name)
                            json.field("lat", shop.location.lat)
                            json.field("lon", shop.location.lon)
                            json.field("score", shop.score)
                            json.field("pattern", shop.pattern)
                        }
                    }
                }
            }
            return JSON.response(json)
        }
        table.add(APIRoute(method: .get, path: "/api/v1/lists",
                           summary: "Grey/black list entries in the caller's jurisdiction, newest first: ?list=grey|black&status=proposed|active|rejected|removed|expired&licence_no=",
                           tag: "risk", isPublic: false, query: Self.listQuery)) { request, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            for name in request.uri.queryParameters.map({ String($0.key) }) where !Self.listQuery.contains(name) {
                throw APIError.badRequest(code: "request.unknown_parameter", message: "unknown query parameter \(name)", field: name)
            }
            func parse<T>(_ name: String, _ make: (String) -> T?) throws -> T? {
                guard let text = request.uri.queryParameters.get(name), !text.isEmpty else { return nil }
                guard let value = make(text) else {
                    throw APIError.badRequest(code: "request.invalid_query", message: "\(name) has no value \(text)", field: name)
                }
                return value
            }
            let filter = ListEntryFilter(list: try parse("list") { RetailerList(rawValue: $0) },
                                         status: try parse("status") { ListEntryStatus(rawValue: $0) },
                                         licenceNo: request.uri.queryParameters.get("licence_no").map { String($0) })
            let page = try PageRequest(page: request.queryInt("page", default: 1), perPage: request.queryInt("per_page", default: 50))
            let result = try await store.listEntries(filter: filter, scope: scope, page: page)
            var json = JSONWriter(capacity: 512 + result.items.count * 400)
            json.object { json in
                json.key("items")
                json.array { json in for entry in result.items { Self.write(entry, to: &json) } }
                json.field("page", page.page)
                json.field("per_page", page.perPage)
                json.field("has_more", result.hasMore)
            }
            return JSON.response(json)
        }
        table.add(APIRoute(method: .get, path: "/api/v1/lists/{id}", summary: "One list entry with its history", tag: "risk", isPublic: false)) { _, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            let entry = try await store.listEntry(id: try WorkflowRoutes.id(context), scope: scope)
            let events = try await store.listEvents(entryID: entry.id)
            var json = JSONWriter()
            json.object { json in
                json.key("entry")
                Self.write(entry, to: &json)
                json.key("events")
                WorkflowRoutes.write(events, unmasked: scope.unmasked, to: &json)
            }
            return JSON.response(json)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/lists",
                           summary: "Propose a retailer for a list (another person reviews it): {\"licence_no\", \"list\": \"grey|black\", \"reasons\": [\"…\"]}",
                           tag: "risk", isPublic: false)) { request, context in
            let scope = try AdminRoutes.require(context, \.mayWorkWarnings)
            let body = try await JSON.object(request, context: context, allowed: ["licence_no", "list", "reasons"], required: ["licence_no", "list", "reasons"])
            guard let list = try body.string("list").flatMap(RetailerList.init(rawValue:)) else {
                throw APIError.badRequest(code: "request.invalid_field", message: "list must be grey or black", field: "list")
            }
            let licence = try body.string("licence_no") ?? ""
            guard let entry = try await store.proposeListEntry(licenceNo: licence, list: list, reasons: try body.strings("reasons") ?? [],
                                                               actor: scope.user.username, scope: scope) else {
                throw StoreError.conflict("the proposal was not made")
            }
            try await audit.append(actor: scope.user.username, action: "list.propose", target: "list/\(entry.id)",
                                   details: ["licence_no": licence, "list": list.rawValue])
            var json = JSONWriter()
            Self.write(entry, to: &json)
            return JSON.response(json, status: .created)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/lists/{id}",
                           summary: "Review a list entry: {\"decision\": \"approve|reject|remove\", \"note\"?, \"expires_days\"?} (rejecting and removing need a note; nobody approves their own proposal)",
                           tag: "risk", isPublic: false)) { request, context in
            let scope = try AdminRoutes.require(context, \.mayWorkWarnings)
            let id = try WorkflowRoutes.id(context)
            let body = try await JSON.object(request, context: context, allowed: ["decision", "note", "expires_days"], required: ["decision"])
            guard let decision = try body.string("decision").flatMap(ListDecision.init(rawValue:)) else {
                throw APIError.badRequest(code: "request.invalid_field", message: "decision must be approve, reject or remove", field: "decision")
            }
            let entry = try await store.decideListEntry(id: id, decision: decision, note: try WorkflowRoutes.note(body),
                                                        expiresDays: try body.int("expires_days"), actor: scope.user.username, scope: scope)
            try await audit.append(actor: scope.user.username, action: "list.\(decision.rawValue)", target: "list/\(id)",
                                   details: ["licence_no": entry.licenceNo, "list": entry.list.rawValue])
            var json = JSONWriter()
            Self.write(entry, to: &json)
            return JSON.response(json)
        }
        table.add(APIRoute(method: .post, path: "/api/v1/lists/propose",
                           summary: "Run the list rules now: proposals from risk scores, cases and confirmed warnings, each waiting for review",
                           tag: "risk", isPublic: false)) { _, context in
            let scope = try AdminRoutes.require(context, oneOf: [.admin, .analyst])
            let proposed = try await ListProposals.run(store: store, actor: scope.user.username)
            try await audit.append(actor: scope.user.username, action: "list.rules", details: ["proposed": String(proposed)])
            return try JSON.response(["proposed": proposed])
        }
    }

    /// The finding kind of the risk model's shadow scores (written by `yanjian risk shadow`).
    static let shadowKind = "retailer_risk_shadow"

    func registerModelDecisions(_ table: inout RouteTable) {
        // The path names the model like `GET /api/v1/models/{model}`, so the router keeps one branch.
        table.add(APIRoute(method: .post, path: "/api/v1/models/{model}/candidates/{id}",
                           summary: "Decide on a candidate scored in shadow mode: {\"decision\": \"promote|reject\", \"note\"} — promoting makes it the active version, puts its scores live and raises warnings from them",
                           tag: "risk", isPublic: false)) { request, context in
            let scope = try AdminRoutes.require(context, oneOf: [.admin, .analyst])
            guard context.parameters.get("model") == "retailer_risk" else {
                throw APIError.notFound("model \(context.parameters.get("model") ?? "")")
            }
            let id = try WorkflowRoutes.id(context)
            let body = try await JSON.object(request, context: context, allowed: ["decision", "note"], required: ["decision"])
            let note = try WorkflowRoutes.note(body)
            switch try body.string("decision") {
            case "promote":
                let version = try await store.promoteCandidate(id: id, shadowKind: Self.shadowKind, liveKind: FindingKind.retailerRisk,
                                                               actor: scope.user.username, note: note)
                try await audit.append(actor: scope.user.username, action: "model.promote", target: "model_candidate/\(id)",
                                       details: ["version": String(version.version)])
                let warnings = try await WarningGeneration.run(store: store, actor: scope.user.username, logger: logger)
                return try JSON.response(["version": version.version, "warnings_raised": warnings.changes.raised])
            case "reject":
                let candidate = try await store.rejectCandidate(id: id, shadowKind: Self.shadowKind, actor: scope.user.username, note: note)
                try await audit.append(actor: scope.user.username, action: "model.reject", target: "model_candidate/\(id)")
                var json = JSONWriter()
                json.object { json in
                    json.field("id", candidate.id)
                    json.field("status", candidate.status)
                }
                return JSON.response(json)
            default:
                throw APIError.badRequest(code: "request.invalid_field", message: "decision must be promote or reject", field: "decision")
            }
        }
    }

    static func write(_ entry: ListEntry, to json: inout JSONWriter) {
        json.object { json in
            json.field("id", entry.id)
            json.field("licence_no", entry.licenceNo)
            json.field("list", entry.list.rawValue)
            json.field("status", entry.status.rawValue)
            json.field("source", entry.source)
            json.key("reasons")
            json.array { json in for reason in entry.reasons { json.string(reason) } }
            json.field("adcode", entry.adcode)
            json.field("proposed_at", entry.proposedAt)
            json.field("proposed_by", entry.proposedBy)
            json.field("decided_at", entry.decidedAt)
            json.field("decided_by", entry.decidedBy)
            json.field("decision_note", entry.decisionNote)
            json.field("expires_at", entry.expiresAt)
        }
    }

    static func write(_ dossier: RetailerDossier) -> JSONWriter {
        var json = JSONWriter(capacity: 16_384)
        json.object { json in
            json.key("retailer")
            RecordRoutes.write(dossier.retailer, columns: DomainTable.retailers.columns, into: &json)
            json.key("registration")
            if let registration = dossier.registration {
                RecordRoutes.write(registration, columns: DomainTable.businessRegistrations.columns, into: &json)
            } else {
                json.string(nil)
            }
            json.key("months")
            json.array { json in
                for month in dossier.months {
                    json.object { json in
                        json.field("month", month.month)
                        json.field("ordered_cartons", month.orderedCartons)
                        json.field("order_amount_yuan", Double(month.orderAmountFen) / 100)
                        json.field("returned_cartons", month.returnedCartons)
                        json.field("sold_cartons", (month.soldCartons * 10).rounded() / 10)
                    }
                }
            }
            json.key("brands")
            json.array { json in
                for brand in dossier.brands {
                    json.object { json in
                        json.field("brand", brand.brand)
                        json.field("recent_cartons", brand.recentCartons)
                        json.field("earlier_cartons", brand.earlierCartons)
                    }
                }
            }
            json.key("risk")
            if let risk = dossier.risk { FindingRoutes.write(risk, to: &json) } else { json.string(nil) }
            json.key("risk_history")
            json.array { json in
                for point in dossier.riskHistory {
                    json.object { json in
                        json.field("at", point.at)
                        json.field("score", point.score)
                        json.field("label", point.label)
                    }
                }
            }
            json.key("lists")
            json.array { json in for entry in dossier.lists { write(entry, to: &json) } }
            json.key("cases")
            json.array { json in
                for item in dossier.cases {
                    json.object { json in
                        json.field("case_no", item.caseNo)
                        json.field("opened_on", item.openedOn)
                        json.field("kind", item.kind)
                        json.field("status", item.status)
                        json.field("department", item.department)
                        json.field("value_yuan", item.valueFen.map { Double($0) / 100 })
                        json.field("via", item.via)
                    }
                }
            }
            json.key("warnings")
            json.array { json in for warning in dossier.warnings { WorkflowRoutes.write(warning, to: &json) } }
            json.key("tips")
            json.array { json in
                for tip in dossier.tips {
                    json.object { json in
                        json.field("tip_id", tip.tipID)
                        json.field("received_at", tip.receivedAt)
                        json.field("channel", tip.channel)
                        json.field("text", tip.text)
                        json.field("via", tip.via)
                    }
                }
            }
            json.key("gang_links")
            json.array { json in for finding in dossier.gangLinks { FindingRoutes.write(finding, to: &json) } }
            json.key("camera_events")
            json.array { json in
                for event in dossier.cameraEvents {
                    json.object { json in
                        json.field("event_id", event.eventID)
                        json.field("camera_id", event.cameraID)
                        json.field("camera_name", event.cameraName)
                        json.field("distance_m", event.distanceM)
                        json.field("at", event.at)
                        json.field("type", event.type)
                        json.field("plate", event.plate)
                        json.field("snapshot", event.snapshot)
                    }
                }
            }
            json.key("video")
            if let video = dossier.video { FindingRoutes.write(video, to: &json) } else { json.string(nil) }
            json.field("masked", !dossier.unmasked)
        }
        return json
    }
}
