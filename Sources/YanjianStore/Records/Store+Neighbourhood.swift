import Foundation
import YanjianCore

/// An entity in the link-analysis view: `kind:value` (`phone:13812345678`, `licence_no:…`,
/// `id_no:…`, `account:…`, `plate:…`, `person:…`, `case:…`, `waybill_no:…`, `credit_code:…`).
public struct EntityRef: Sendable, Hashable, CustomStringConvertible {
    public static let kinds: Set<String> = ["phone", "id_no", "account", "plate", "licence_no", "person", "case", "waybill_no", "credit_code"]

    public var kind: String
    public var value: String

    public init(kind: String, value: String) {
        self.kind = kind
        self.value = value
    }

    /// Reads `kind:value`, normalising phones, ID numbers and plates typed any usual way.
    public init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let kind = String(text[..<colon])
        let raw = String(text[text.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        guard Self.kinds.contains(kind), !raw.isEmpty, raw.count <= 64 else { return nil }
        self.kind = kind
        switch kind {
        case "phone": value = PhoneNumber(raw)?.value ?? raw
        case "id_no": value = ResidentID(raw)?.value ?? raw.uppercased()
        case "plate": value = Plate(raw)?.value ?? raw.uppercased()
        default: value = raw
        }
    }

    public var description: String { "\(kind):\(value)" }

    /// The personal field whose mask applies to the value, if any.
    var personal: PersonalField? {
        switch kind {
        case "phone": .phone
        case "id_no": .idNumber
        case "account": .account
        default: nil
        }
    }
}

/// A node of the view: the entity, a readable label, and what the analyses say about it.
public struct GraphNode: Sendable, Equatable {
    public var ref: EntityRef
    public var label: String
    public var adcode: String?
    /// The gang (finding subject) and tier (source / distributor / seller) when link analysis put it in one.
    public var gang: String?
    public var tier: String?
    /// The retailer risk score, for licences.
    public var risk: Double?
}

/// A link of the view, aggregated over the records behind it (e.g. 37 parcels between two phones).
public struct GraphEdge: Sendable, Equatable, Hashable {
    /// `parcel` (waybills from one phone to another), `paid`, `retailer_has`, `person_has`,
    /// `case_names`, `company_has`, `waybill_phone`, `convoy`.
    public var kind: String
    public var source: EntityRef
    public var target: EntityRef
    public var count: Int
    public var first: Int64?
    public var last: Int64?
    /// Up to three record ids behind the link (waybill numbers, transaction ids, case numbers).
    public var evidence: [String]
}

/// One entity's links, as far as the caller may see them.
public struct Neighbourhood: Sendable, Equatable {
    public var nodes: [GraphNode]
    public var edges: [GraphEdge]
    /// Entities whose links were cut at the per-entity limit, with how many there were in all.
    public var truncated: [EntityRef: Int]
}

extension Store {
    /// The links of `entities` within `hops` (1 or 2), at most `limit` per entity (the strongest first),
    /// read straight from the domain tables — waybills, payments, persons, retailers, registrations,
    /// case links and convoy findings — scoped to the caller's jurisdiction. Expanding a node in the
    /// web view calls this again for that node.
    public func neighbourhood(of entities: [EntityRef], hops: Int = 1, limit: Int = 30, scope: AccessScope) async throws -> Neighbourhood {
        guard scope.user.role.mayReadData else { throw StoreError.forbidden("role \(scope.user.role.rawValue) may not read the graph") }
        guard (1...2).contains(hops) else { throw StoreError.invalid(field: "hops", reason: "1 or 2") }
        guard (1...200).contains(limit) else { throw StoreError.invalid(field: "limit", reason: "1 to 200") }
        var edges: [GraphEdge] = []
        var seenEdges = Set<GraphEdge>()
        var truncated: [EntityRef: Int] = [:]
        var frontier = entities
        var visited = Set(entities)
        for hop in 0..<hops {
            var next: [EntityRef] = []
            for entity in frontier {
                let (links, total) = try await links(of: entity, limit: limit, scope: scope)
                if total > links.count { truncated[entity] = total }
                for edge in links where seenEdges.insert(edge).inserted {
                    edges.append(edge)
                    let other = edge.source == entity ? edge.target : edge.source
                    if visited.insert(other).inserted, hop + 1 < hops { next.append(other) }
                }
            }
            // The second ring is capped so one busy entity cannot pull in thousands.
            frontier = Array(next.prefix(60))
        }
        var refs: [EntityRef] = entities
        for edge in edges {
            for ref in [edge.source, edge.target] where !refs.contains(ref) { refs.append(ref) }
        }
        let nodes = try await graphNodes(refs, scope: scope)
        return Neighbourhood(nodes: nodes, edges: edges, truncated: truncated)
    }

    /// A shortest chain of links between two entities, searched breadth-first from both ends over the
    /// same links the view shows (at most `maxHops` links and `budget` expansions); nil when none is
    /// found within those bounds.
    public func shortestLinkPath(from start: EntityRef, to goal: EntityRef, maxHops: Int = 4, budget: Int = 400,
                                 scope: AccessScope) async throws -> Neighbourhood? {
        guard (1...6).contains(maxHops) else { throw StoreError.invalid(field: "max_hops", reason: "1 to 6") }
        if start == goal { return Neighbourhood(nodes: try await graphNodes([start], scope: scope), edges: [], truncated: [:]) }
        var parents: [[EntityRef: GraphEdge?]] = [[start: nil], [goal: nil]]
        var frontiers: [[EntityRef]] = [[start], [goal]]
        var depths = [0, 0]
        var expansions = 0
        while depths[0] + depths[1] < maxHops, !frontiers[0].isEmpty || !frontiers[1].isEmpty {
            // Grow the smaller side.
            let side = frontiers[0].isEmpty ? 1 : frontiers[1].isEmpty ? 0 : (frontiers[0].count <= frontiers[1].count ? 0 : 1)
            var next: [EntityRef] = []
            for entity in frontiers[side] {
                guard expansions < budget else { return nil }
                expansions += 1
                for edge in try await links(of: entity, limit: 50, scope: scope).links {
                    let other = edge.source == entity ? edge.target : edge.source
                    guard parents[side][other] == nil, other != (side == 0 ? start : goal) else { continue }
                    parents[side][other] = edge
                    next.append(other)
                    if parents[1 - side].keys.contains(other) {
                        return try await pathResult(meeting: other, parents: parents, start: start, goal: goal, scope: scope)
                    }
                }
            }
            frontiers[side] = next
            depths[side] += 1
        }
        return nil
    }

    func pathResult(meeting: EntityRef, parents: [[EntityRef: GraphEdge?]], start: EntityRef, goal: EntityRef,
                    scope: AccessScope) async throws -> Neighbourhood {
        var edges: [GraphEdge] = []
        var refs: [EntityRef] = [meeting]
        for (side, end) in [(0, start), (1, goal)] {
            var current = meeting
            while current != end, let edge = parents[side][current] ?? nil {
                edges.append(edge)
                current = edge.source == current ? edge.target : edge.source
                refs.append(current)
            }
        }
        let ordered = [start] + refs.filter { $0 != start && $0 != goal } + [goal]
        return Neighbourhood(nodes: try await graphNodes(ordered, scope: scope), edges: edges, truncated: [:])
    }

    /// One entity's links (at most `limit`, strongest first) and how many there are in all.
    func links(of entity: EntityRef, limit: Int, scope: AccessScope) async throws -> (links: [GraphEdge], total: Int) {
        var found: [GraphEdge] = []
        func scoped(_ condition: String, _ arguments: [SQLValue], column: String = "adcode") -> (String, [SQLValue]) {
            var clauses = [condition]
            var values = arguments
            Self.scopeClause(scope.jurisdiction, column: column, clauses: &clauses, arguments: &values)
            return (clauses.joined(separator: " AND "), values)
        }
        func ref(_ kind: String, _ value: String?) -> EntityRef? {
            guard let value, !value.isEmpty else { return nil }
            return EntityRef(kind: kind, value: value)
        }
        func add(_ kind: String, _ source: EntityRef?, _ target: EntityRef?, count: Int = 1, first: Int64? = nil, last: Int64? = nil,
                 evidence: [String] = []) {
            guard let source, let target, source != target else { return }
            found.append(GraphEdge(kind: kind, source: source, target: target, count: count, first: first, last: last, evidence: evidence))
        }
        let value = SQLValue.text(entity.value)
        let like = SQLValue.text("%\(entity.value)%")
        // Records from one party to another (waybills, payments), one link per counterpart in each
        // direction: how many, first and last time, one record id as the example.
        func counterparts(table: String, from: String, to: String, time: String, id: String, kind: String, peerKind: String) async throws {
            for (mine, other, outgoing) in [(from, to, true), (to, from, false)] {
                let (condition, arguments) = scoped("\(mine) = ? AND \(other) IS NOT NULL AND \(other) <> ''", [value])
                for row in try await db.query(
                    """
                    SELECT \(other) AS other, COUNT(*) AS n, MIN(\(time)) AS first, MAX(\(time)) AS last, MIN(\(id)) AS sample
                    FROM \(table) WHERE \(condition) GROUP BY \(other) ORDER BY COUNT(*) DESC LIMIT ?
                    """, arguments + [.int(Int64(limit))]) {
                    let peer = ref(peerKind, row["other"].text)
                    add(kind, outgoing ? entity : peer, outgoing ? peer : entity, count: Int(row["n"].int ?? 1),
                        first: row["first"].int, last: row["last"].int, evidence: [row["sample"].text ?? ""].filter { !$0.isEmpty })
                }
            }
        }
        // Case links name any kind of entity.
        let caseKinds = ["phone": "phone", "id_no": "id_no", "licence_no": "licence_no", "plate": "plate", "account": "account",
                         "waybill_no": "waybill_no"]
        if let caseKind = caseKinds[entity.kind] {
            let (condition, arguments) = scoped("l.entity_kind = ? AND l.entity_value = ?", [.text(caseKind), value], column: "c.adcode")
            for row in try await db.query(
                "SELECT l.case_no, l.role FROM case_links l JOIN cases c ON c.case_no = l.case_no WHERE \(condition) ORDER BY c.opened_on DESC", arguments) {
                add("case_names", ref("case", row["case_no"].text), entity, evidence: [row["role"].text ?? ""].filter { !$0.isEmpty })
            }
        }
        switch entity.kind {
        case "phone":
            try await counterparts(table: "waybills", from: "sender_phone", to: "receiver_phone", time: "accepted_at", id: "waybill_no",
                                   kind: "parcel", peerKind: "phone")
            let (shops, shopArguments) = scoped("phone = ?", [value])
            for row in try await db.query("SELECT licence_no FROM retailers WHERE \(shops)", shopArguments) {
                add("retailer_has", ref("licence_no", row["licence_no"].text), entity)
            }
            let (people, peopleArguments) = scoped("phones LIKE ?", [like])
            for row in try await db.query("SELECT person_id FROM persons WHERE \(people) LIMIT ?", peopleArguments + [.int(Int64(limit))]) {
                add("person_has", ref("person", row["person_id"].text), entity)
            }
        case "id_no":
            let (people, peopleArguments) = scoped("id_no = ?", [value])
            for row in try await db.query("SELECT person_id FROM persons WHERE \(people)", peopleArguments) {
                add("person_has", ref("person", row["person_id"].text), entity)
            }
            let (shops, shopArguments) = scoped("owner_id_no = ?", [value])
            for row in try await db.query("SELECT licence_no FROM retailers WHERE \(shops)", shopArguments) {
                add("retailer_has", ref("licence_no", row["licence_no"].text), entity)
            }
            let (companies, companyArguments) = scoped("legal_person_id_no = ?", [value])
            for row in try await db.query("SELECT credit_code FROM business_registrations WHERE \(companies)", companyArguments) {
                add("company_has", ref("credit_code", row["credit_code"].text), entity)
            }
        case "licence_no":
            let (shops, shopArguments) = scoped("licence_no = ?", [value])
            for row in try await db.query("SELECT phone, owner_id_no, accounts, credit_code FROM retailers WHERE \(shops)", shopArguments) {
                add("retailer_has", entity, ref("phone", row["phone"].text))
                add("retailer_has", entity, ref("id_no", row["owner_id_no"].text))
                add("retailer_has", entity, ref("credit_code", row["credit_code"].text))
                for account in (row["accounts"].text ?? "").split(separator: "|") {
                    add("retailer_has", entity, ref("account", account.trimmingCharacters(in: .whitespaces)))
                }
            }
        case "person":
            let (people, peopleArguments) = scoped("person_id = ?", [value])
            for row in try await db.query("SELECT id_no, phones, accounts, plates FROM persons WHERE \(people)", peopleArguments) {
                add("person_has", entity, ref("id_no", row["id_no"].text))
                for (kind, column) in [("phone", "phones"), ("account", "accounts"), ("plate", "plates")] {
                    for item in (row[column].text ?? "").split(separator: "|") {
                        add("person_has", entity, ref(kind, item.trimmingCharacters(in: .whitespaces)))
                    }
                }
            }
        case "case":
            let (condition, arguments) = scoped("l.case_no = ?", [value], column: "c.adcode")
            for row in try await db.query(
                "SELECT l.entity_kind, l.entity_value, l.role FROM case_links l JOIN cases c ON c.case_no = l.case_no WHERE \(condition)",
                arguments) {
                guard let kind = row["entity_kind"].text, EntityRef.kinds.contains(kind) else { continue }
                add("case_names", entity, ref(kind, row["entity_value"].text), evidence: [row["role"].text ?? ""].filter { !$0.isEmpty })
            }
        case "account":
            try await counterparts(table: "payments", from: "payer_account", to: "payee_account", time: "ts", id: "txn_id",
                                   kind: "paid", peerKind: "account")
            let (shops, shopArguments) = scoped("accounts LIKE ?", [like])
            for row in try await db.query("SELECT licence_no FROM retailers WHERE \(shops) LIMIT ?", shopArguments + [.int(Int64(limit))]) {
                add("retailer_has", ref("licence_no", row["licence_no"].text), entity)
            }
            let (people, peopleArguments) = scoped("accounts LIKE ?", [like])
            for row in try await db.query("SELECT person_id FROM persons WHERE \(people) LIMIT ?", peopleArguments + [.int(Int64(limit))]) {
                add("person_has", ref("person", row["person_id"].text), entity)
            }
        case "plate":
            let (people, peopleArguments) = scoped("plates LIKE ?", [like])
            for row in try await db.query("SELECT person_id FROM persons WHERE \(people) LIMIT ?", peopleArguments + [.int(Int64(limit))]) {
                add("person_has", ref("person", row["person_id"].text), entity)
            }
            let (convoys, convoyArguments) = scoped("kind = 'convoy' AND subject LIKE ?", [like])
            for row in try await db.query("SELECT subject, score FROM findings WHERE \(convoys) LIMIT ?", convoyArguments + [.int(Int64(limit))]) {
                for other in (row["subject"].text ?? "").split(separator: "|").map(String.init) where other != entity.value {
                    add("convoy", entity, ref("plate", other), evidence: [String(format: "%.2f", row["score"].double ?? 0)])
                }
            }
        case "waybill_no":
            let (condition, arguments) = scoped("waybill_no = ?", [value])
            for row in try await db.query("SELECT sender_phone, receiver_phone, accepted_at FROM waybills WHERE \(condition)", arguments) {
                add("waybill_phone", entity, ref("phone", row["sender_phone"].text), first: row["accepted_at"].int, evidence: ["sender"])
                add("waybill_phone", entity, ref("phone", row["receiver_phone"].text), first: row["accepted_at"].int, evidence: ["receiver"])
            }
        case "credit_code":
            let (companies, companyArguments) = scoped("credit_code = ?", [value])
            for row in try await db.query("SELECT legal_person_id_no FROM business_registrations WHERE \(companies)", companyArguments) {
                add("company_has", entity, ref("id_no", row["legal_person_id_no"].text))
            }
            let (shops, shopArguments) = scoped("credit_code = ?", [value])
            for row in try await db.query("SELECT licence_no FROM retailers WHERE \(shops)", shopArguments) {
                add("retailer_has", ref("licence_no", row["licence_no"].text), entity)
            }
        default:
            break
        }
        let ranked = found.sorted { ($0.count, $0.kind) > ($1.count, $1.kind) }
        return (Array(ranked.prefix(limit)), found.count)
    }

    /// Labels and analysis facts for the nodes, masked unless the caller unmasked.
    func graphNodes(_ refs: [EntityRef], scope: AccessScope) async throws -> [GraphNode] {
        let mask = !scope.unmasked
        var nodes: [GraphNode] = []
        let subjects = refs.map(\.description)
        var gangs: [String: (gang: String, tier: String?)] = [:]
        for chunk in stride(from: 0, to: subjects.count, by: 200) {
            let part = Array(subjects[chunk..<min(subjects.count, chunk + 200)])
            let marks = Array(repeating: "?", count: part.count).joined(separator: ",")
            for row in try await db.query(
                "SELECT subject, label, details FROM findings WHERE kind = 'gang_member' AND subject IN (\(marks))", part.map { .text($0) }) {
                let details = (try? JSONSerialization.jsonObject(with: Data((row["details"].text ?? "{}").utf8))) as? [String: Any] ?? [:]
                gangs[row["subject"].text ?? ""] = ((details["gang_id"] as? String) ?? "", row["label"].text)
            }
        }
        for ref in refs {
            var label = ref.personal.map { mask ? $0.mask(ref.value) : ref.value } ?? ref.value
            var adcode: String?
            var risk: Double?
            switch ref.kind {
            case "licence_no":
                if let row = try await db.queryOne("SELECT name, adcode FROM retailers WHERE licence_no = ?", [.text(ref.value)]) {
                    label = "\(row["name"].text ?? "") \(ref.value)"
                    adcode = row["adcode"].text
                }
                risk = try await db.queryOne("SELECT score FROM findings WHERE kind = 'retailer_risk' AND subject = ?", [.text(ref.value)])?["score"].double
            case "person":
                if let row = try await db.queryOne("SELECT name, adcode FROM persons WHERE person_id = ?", [.text(ref.value)]) {
                    let name = row["name"].text ?? ref.value
                    label = mask ? PersonalField.name.mask(name) : name
                    adcode = row["adcode"].text
                }
            case "case":
                if let row = try await db.queryOne("SELECT kind, adcode FROM cases WHERE case_no = ?", [.text(ref.value)]) {
                    label = "\(ref.value) \(row["kind"].text ?? "")"
                    adcode = row["adcode"].text
                }
            case "credit_code":
                if let row = try await db.queryOne("SELECT name, adcode FROM business_registrations WHERE credit_code = ?", [.text(ref.value)]) {
                    label = row["name"].text ?? ref.value
                    adcode = row["adcode"].text
                }
            default:
                break
            }
            let gang = gangs[ref.description]
            nodes.append(GraphNode(ref: ref, label: label, adcode: adcode, gang: gang?.gang.isEmpty == false ? gang?.gang : nil,
                                   tier: gang?.tier, risk: risk))
        }
        return nodes
    }
}
