import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import YanjianCore
import YanjianStore

/// Link analysis in the browser: an entity's neighbourhood (one or two rings), a shortest chain of
/// links between two entities, and a gang's members by tier. For a caller who sees personal data
/// masked, node ids are sealed tokens (`x:…`, ChaCha20-Poly1305 under a key that lives only in this
/// process), so the view can expand a node without the page ever holding the number behind it.
struct GraphRoutes {
    let store: Store
    let audit: AuditLog
    let sealer = EntitySealer()

    func register(_ table: inout RouteTable) {
        table.add(APIRoute(method: .get, path: "/api/v1/graph/neighbourhood",
                           summary: "An entity's links: ?entity=phone:138…|id_no:…|licence_no:…|account:…|plate:…|person:…|case:…|waybill_no:…|credit_code:… (or a sealed x:… id), &hops=1|2, &limit=1–200 per entity",
                           tag: "graph", isPublic: false, query: ["entity", "hops", "limit"])) { request, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            try Self.onlyQuery(request, ["entity", "hops", "limit"])
            let entity = try entityParameter(request, "entity", scope: scope)
            let hops = try request.queryInt("hops", default: 1)
            let limit = try request.queryInt("limit", default: 30)
            let found = try await store.neighbourhood(of: [entity], hops: hops, limit: limit, scope: scope)
            try await audit.append(actor: scope.user.username, action: "graph.neighbourhood", target: scope.unmasked ? entity.description : entity.kind,
                                   details: ["nodes": String(found.nodes.count)])
            return JSON.response(write(found, centre: [entity], scope: scope))
        }
        table.add(APIRoute(method: .get, path: "/api/v1/graph/path",
                           summary: "What connects two entities: a shortest chain of links, ?from=&to= (kind:value or sealed ids), &max_hops=1–6",
                           tag: "graph", isPublic: false, query: ["from", "to", "max_hops"])) { request, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            try Self.onlyQuery(request, ["from", "to", "max_hops"])
            let from = try entityParameter(request, "from", scope: scope)
            let to = try entityParameter(request, "to", scope: scope)
            let path = try await store.shortestLinkPath(from: from, to: to, maxHops: try request.queryInt("max_hops", default: 4), scope: scope)
            try await audit.append(actor: scope.user.username, action: "graph.path", details: ["found": String(path != nil)])
            guard let path else {
                throw APIError.notFound("no chain of links between the two within the search bounds")
            }
            return JSON.response(write(path, centre: [from, to], scope: scope))
        }
        table.add(APIRoute(method: .get, path: "/api/v1/graph/gangs/{id}",
                           summary: "A gang for the tiered view: its finding and its members (source, distributor, seller), key suspects marked",
                           tag: "graph", isPublic: false)) { _, context in
            let scope = try AdminRoutes.require(context, \.mayReadData)
            guard let id = context.pathText("id"), (1...64).contains(id.count) else {
                throw APIError.badRequest(code: "request.invalid_path", message: "a gang id", field: "id")
            }
            let gangs = try await store.findings(kind: FindingKind.gang, scope: .system).filter { $0.subject == id }
            guard let gang = gangs.first, scope.jurisdiction.contains(adcode: gang.adcode) || scope.jurisdiction.prefix.isEmpty else {
                throw APIError.notFound("gang \(id)")
            }
            let members = try await store.findings(kind: FindingKind.gangMember, scope: .system).filter {
                ((try? JSONSerialization.jsonObject(with: Data($0.details.utf8))) as? [String: Any])?["gang_id"] as? String == id
            }
            var json = JSONWriter(capacity: 4096)
            json.object { json in
                json.key("gang")
                FindingRoutes.write(scope.unmasked ? gang : FindingMasking.mask(gang), to: &json)
                json.key("members")
                json.array { json in
                    for member in members {
                        let details = (try? JSONSerialization.jsonObject(with: Data(member.details.utf8))) as? [String: Any] ?? [:]
                        let ref = EntityRef(member.subject)
                        json.object { json in
                            json.field("id", ref.map { nodeID($0, scope: scope) } ?? member.subject)
                            json.field("label", scope.unmasked ? member.subject : FindingMasking.maskText(member.subject))
                            json.field("tier", (details["tier"] as? Int).map(Int64.init))
                            json.field("role", member.label)
                            json.field("key_suspect", details["key_suspect"] as? Bool ?? false)
                            json.field("actor", (details["actor"] as? Int).map(Int64.init))
                            json.field("score", member.score)
                        }
                    }
                }
            }
            return JSON.response(json)
        }
    }

    static func onlyQuery(_ request: Request, _ allowed: [String]) throws {
        for name in request.uri.queryParameters.map({ String($0.key) }) where !allowed.contains(name) {
            throw APIError.badRequest(code: "request.unknown_parameter", message: "unknown query parameter \(name)", field: name)
        }
    }

    /// Reads an entity parameter: `kind:value`, or a sealed `x:` id from an earlier answer.
    func entityParameter(_ request: Request, _ name: String, scope: AccessScope) throws -> EntityRef {
        guard let text = request.uri.queryParameters.get(name).map({ String($0) }), !text.isEmpty else {
            throw APIError.badRequest(code: "request.invalid_query", message: "\(name) is required (kind:value)", field: name)
        }
        if text.hasPrefix("x:") {
            guard let opened = sealer.open(String(text.dropFirst(2))), let ref = EntityRef(opened) else {
                throw APIError.badRequest(code: "request.invalid_query", message: "\(name) is not an id this server issued (it may have restarted)", field: name)
            }
            return ref
        }
        guard let ref = EntityRef(text) else {
            throw APIError.badRequest(code: "request.invalid_query",
                                      message: "\(name) must be kind:value with kind one of \(EntityRef.kinds.sorted().joined(separator: ", "))", field: name)
        }
        return ref
    }

    /// The id the page uses for a node: the entity itself when the caller sees personal data, or a
    /// sealed token when its value is personal and masked.
    func nodeID(_ ref: EntityRef, scope: AccessScope) -> String {
        guard !scope.unmasked, ["phone", "id_no", "account", "person"].contains(ref.kind) else { return ref.description }
        return "x:" + sealer.seal(ref.description)
    }

    func write(_ found: Neighbourhood, centre: [EntityRef], scope: AccessScope) -> JSONWriter {
        var json = JSONWriter(capacity: 1024 + found.nodes.count * 200 + found.edges.count * 200)
        json.object { json in
            json.key("centre")
            json.array { json in for ref in centre { json.string(nodeID(ref, scope: scope)) } }
            json.key("nodes")
            json.array { json in
                for node in found.nodes {
                    json.object { json in
                        json.field("id", nodeID(node.ref, scope: scope))
                        json.field("kind", node.ref.kind)
                        json.field("label", node.label)
                        json.field("adcode", node.adcode)
                        json.field("gang", node.gang)
                        json.field("tier", node.tier)
                        json.field("risk", node.risk)
                        json.field("truncated", found.truncated[node.ref].map(Int64.init))
                    }
                }
            }
            json.key("edges")
            json.array { json in
                for edge in found.edges {
                    json.object { json in
                        json.field("kind", edge.kind)
                        json.field("source", nodeID(edge.source, scope: scope))
                        json.field("target", nodeID(edge.target, scope: scope))
                        json.field("count", edge.count)
                        json.field("first", edge.first)
                        json.field("last", edge.last)
                        json.key("evidence")
                        json.array { json in for item in edge.evidence { json.string(item) } }
                    }
                }
            }
            json.field("masked", !scope.unmasked)
        }
        return json
    }
}

/// Seals entity references into opaque ids for masked callers (ChaCha20-Poly1305, base64url), under
/// a key made when the server starts (ids from before a restart are refused with a clear message).
struct EntitySealer: Sendable {
    let key = SymmetricKey(size: .bits256)
    let nonceKey = SymmetricKey(size: .bits256)

    /// The same entity always seals to the same id (the nonce is an HMAC of the text), so the page can
    /// merge the rings it expands; that equality is all the id reveals.
    func seal(_ text: String) -> String {
        let tag = Array(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: nonceKey))
        guard let nonce = try? ChaChaPoly.Nonce(data: tag.prefix(12)),
              let box = try? ChaChaPoly.seal(Data(text.utf8), using: key, nonce: nonce) else { return "" }
        return box.combined.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    func open(_ token: String) -> String? {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let box = try? ChaChaPoly.SealedBox(combined: data),
              let opened = try? ChaChaPoly.open(box, using: key) else { return nil }
        return String(decoding: opened, as: UTF8.self)
    }
}
