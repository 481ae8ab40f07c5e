import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import YanjianCore
import YanjianStore

/// What the analyses found (gangs and their members, linked cases, retailer risk, convoys, cloned
/// plates, night vehicles, ranked tip-offs), read from the findings tables: scoped to the caller's jurisdiction and
/// masked like records.
struct FindingRoutes {
    let store: Store
    let audit: AuditLog

    /// The kinds served, in the order the overview lists them.
    static let kinds = [
        FindingKind.gang, FindingKind.gangMember, "case_group", "person_match", FindingKind.retailerRisk,
        FindingKind.convoy, FindingKind.clonedPlate, FindingKind.nightVehicle, FindingKind.tipScore, "retailer_video", "crowd_heat",
    ]

    func register(_ table: inout RouteTable) {
        table.add(APIRoute(method: .get, path: "/api/v1/models/{model}",
                           summary: "The registered versions of a model (retailer_risk), newest first: training labels, metrics, importances, status; and the candidates scored in shadow mode with their review (comparison, warning backtests)",
                           tag: "findings", isPublic: false)) { _, context in
            _ = try AdminRoutes.require(context, \.mayReadData)
            guard let model = context.parameters.get("model"), model == "retailer_risk" else {
                throw APIError.notFound("model \(context.parameters.get("model") ?? "")")
            }
            let versions = try await store.modelVersions(model)
            let candidates = try await store.modelCandidates(model)
            var json = JSONWriter()
            json.object { json in
                json.key("items")
                json.array { json in
                    for version in versions {
                        json.object { json in
                            json.field("version", version.version)
                            json.field("status", version.status)
                            json.field("trained_at", version.trainedAt)
                            json.field("fingerprint", version.fingerprint)
                            json.key("parameters")
                            json.rawJSON(version.parameters)
                            json.key("training")
                            json.rawJSON(version.training)
                            json.key("metrics")
                            json.rawJSON(version.metrics)
                            json.key("importances")
                            json.rawJSON(version.importances)
                        }
                    }
                }
                json.key("candidates")
                json.array { json in
                    for candidate in candidates {
                        json.object { json in
                            json.field("id", candidate.id)
                            json.field("status", candidate.status)
                            json.field("trained_at", candidate.trainedAt)
                            json.key("parameters")
                            json.rawJSON(candidate.parameters)
                            json.key("training")
                            json.rawJSON(candidate.training)
                            json.key("metrics")
                            json.rawJSON(candidate.metrics)
                            json.key("review")
                            json.rawJSON(candidate.review)
                            json.field("decided_at", candidate.decidedAt)
                            json.field("decided_by", candidate.decidedBy)
                            json.field("note", candidate.note)
                        }
                    }
                }
            }
            return JSON.response(json)
        }
        table.add(APIRoute(method: .get, path: "/api/v1/findings",
                           summary: "How many findings of each kind the caller can see",
                           tag: "findings", isPublic: false)) { _, context in
            let scope = try context.requireScope()
            let overview = try await store.findingOverview(scope: scope)
            var json = JSONWriter()
            json.object { json in
                json.key("counts")
                json.object { json in for kind in Self.kinds { json.field(kind, overview.counts[kind] ?? 0) } }
            }
            return JSON.response(json)
        }
        table.add(APIRoute(method: .get, path: "/api/v1/findings/{kind}",
                           summary: "Findings of one kind, highest score first, scoped and masked; `label` filters by pattern or tier",
                           tag: "findings", isPublic: false, query: ["page", "per_page", "label"])) { request, context in
            let scope = try context.requireScope()
            guard let kind = context.parameters.get("kind"), Self.kinds.contains(kind) else {
                throw APIError.notFound("finding kind \(context.parameters.get("kind") ?? "")")
            }
            for name in request.uri.queryParameters.map({ String($0.key) }) where !["page", "per_page", "label"].contains(name) {
                throw APIError.badRequest(code: "request.unknown_parameter", message: "unknown query parameter \(name)", field: name)
            }
            let page = try PageRequest(page: request.queryInt("page", default: 1), perPage: request.queryInt("per_page", default: 50))
            let label = request.uri.queryParameters["label"].map(String.init)
            if let label, label.isEmpty || label.count > 64 {
                throw APIError.badRequest(code: "request.invalid_query", message: "label must be 1 to 64 characters", field: "label")
            }
            let result = try await store.findingPage(kind: kind, scope: scope, page: page, label: label)
            if result.unmasked && !result.items.isEmpty {
                try await audit.append(actor: scope.user.username, action: "findings.read_personal", target: kind,
                                       details: ["rows": String(result.items.count), "page": String(page.page)])
            }
            var json = JSONWriter(capacity: 512 + result.items.count * 600)
            json.object { json in
                json.key("items")
                json.array { json in
                    for item in result.items { Self.write(item, to: &json) }
                }
                json.field("page", result.page)
                json.field("per_page", result.perPage)
                json.field("has_more", result.hasMore)
                json.field("masked", !result.unmasked)
            }
            return JSON.response(json)
        }
    }

    /// One finding as the API shows it (already masked by the store when the caller sees masked data).
    static func write(_ finding: StoredFinding, to json: inout JSONWriter) {
        json.object { json in
            json.field("kind", finding.kind)
            json.field("subject", finding.subject)
            json.field("score", finding.score)
            json.field("label", finding.label)
            json.field("adcode", finding.adcode)
            json.key("details")
            json.rawJSON(finding.details.isEmpty ? "{}" : finding.details)
        }
    }
}
