import Foundation
import YanjianCore

/// One page of findings of one kind, scoped to the caller's jurisdiction and masked for their role.
public struct FindingPage: Sendable {
    public var kind: String
    /// Highest score first.
    public var items: [StoredFinding]
    public var page: Int
    public var perPage: Int
    public var hasMore: Bool
    /// Whether personal values were left in clear (the caller holds a live unmask grant).
    public var unmasked: Bool
}

/// How many findings of each kind the caller can see, and when each analysis last ran.
public struct FindingOverview: Sendable, Equatable {
    public var counts: [String: Int]
}

extension Store {
    /// A page of findings of `kind`, highest score first; `label` (a pattern, a tier) filters exactly.
    ///
    /// Findings inherit the records' rules: a finding is visible when its adcode lies in the caller's
    /// jurisdiction (one without an adcode only to national users), and personal values inside it —
    /// entity references such as `phone:13812345678`, long digit runs in reasons — are masked unless the
    /// caller holds an unmask grant.
    public func findingPage(kind: String, scope: AccessScope, page: PageRequest, label: String? = nil) async throws -> FindingPage {
        try Self.requireReader(scope)
        var clauses = ["kind = ?"]
        var arguments: [SQLValue] = [.text(kind)]
        Self.scopeClause(scope.jurisdiction, column: "adcode", clauses: &clauses, arguments: &arguments)
        if let label {
            clauses.append("label = ?")
            arguments.append(.text(label))
        }
        arguments.append(.int(Int64(page.perPage + 1)))
        arguments.append(.int(Int64((page.page - 1) * page.perPage)))
        let rows = try await db.query(
            "SELECT kind, subject, score, label, adcode, details FROM findings WHERE \(clauses.joined(separator: " AND ")) "
                + "ORDER BY score DESC, subject LIMIT ? OFFSET ?",
            arguments)
        var items = rows.prefix(page.perPage).map {
            StoredFinding(kind: $0["kind"].text ?? kind, subject: $0["subject"].text ?? "", score: $0["score"].double ?? 0,
                          label: $0["label"].text, adcode: $0["adcode"].text, details: $0["details"].text ?? "{}")
        }
        if !scope.unmasked { items = items.map(FindingMasking.mask) }
        return FindingPage(kind: kind, items: items, page: page.page, perPage: page.perPage, hasMore: rows.count > page.perPage,
                           unmasked: scope.unmasked)
    }

    /// The number of findings per kind within the caller's jurisdiction.
    public func findingOverview(scope: AccessScope) async throws -> FindingOverview {
        try Self.requireReader(scope)
        var clauses: [String] = []
        var arguments: [SQLValue] = []
        Self.scopeClause(scope.jurisdiction, column: "adcode", clauses: &clauses, arguments: &arguments)
        let filter = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
        var counts: [String: Int] = [:]
        for row in try await db.query("SELECT kind, COUNT(*) AS n FROM findings\(filter) GROUP BY kind", arguments) {
            if let kind = row["kind"].text { counts[kind] = Int(row["n"].int ?? 0) }
        }
        return FindingOverview(counts: counts)
    }

    /// Findings are operational data: roles that may not read records may not read findings either.
    static func requireReader(_ scope: AccessScope) throws {
        guard scope.user.role.mayReadData else {
            throw StoreError.forbidden("role \(scope.user.role.rawValue) may not read findings")
        }
    }
}

/// Masks the personal values a finding may carry: the analyses write entity references
/// (`kind:value`) and plain-language reasons, and both may name a phone, an ID number, an account,
/// an address or a name.
public enum FindingMasking {
    /// The finding with its subject, label and details masked.
    public static func mask(_ finding: StoredFinding) -> StoredFinding {
        var masked = finding
        masked.subject = maskText(finding.subject)
        masked.label = finding.label.map(maskText)
        if let data = finding.details.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data),
           let encoded = try? JSONSerialization.data(withJSONObject: maskJSON(object, entityKind: nil), options: [.sortedKeys, .withoutEscapingSlashes]) {
            masked.details = String(decoding: encoded, as: UTF8.self)
        } else {
            masked.details = "{}"
        }
        return masked
    }

    /// The field to mask an entity reference's value with, by its kind prefix.
    static let referenceKinds: [String: PersonalField] = [
        "phone": .phone, "id_no": .idNumber, "account": .account, "address": .address, "name": .name,
    ]

    /// Masks one string: an entity reference by its kind, any other text by its long digit runs.
    public static func maskText(_ text: String) -> String {
        if let colon = text.firstIndex(of: ":"), let field = referenceKinds[String(text[..<colon])] {
            return String(text[...colon]) + field.mask(String(text[text.index(after: colon)...]))
        }
        return maskDigitRuns(text)
    }

    /// Masks `value` inside a JSON object; the value of a `value` key takes the mask of a sibling
    /// `kind` key (a gang member's `{"kind": "phone", "value": "138…"}`).
    static func maskJSON(_ value: Any, entityKind: PersonalField?) -> Any {
        switch value {
        case let object as [String: Any]:
            let kind = (object["kind"] as? String).flatMap { referenceKinds[$0] }
            var result: [String: Any] = [:]
            for (key, item) in object {
                if key == "value", let kind, let text = item as? String {
                    result[key] = kind.mask(text)
                } else {
                    result[key] = maskJSON(item, entityKind: kind)
                }
            }
            return result
        case let array as [Any]:
            return array.map { maskJSON($0, entityKind: entityKind) }
        case let text as String:
            return maskText(text)
        default:
            return value
        }
    }

    /// Stand-alone digit runs shaped like personal numbers — 11 digits (a mobile) or 15 to 19 (an ID
    /// number, a card; an ID's final `X` included) — keep their first three and last four characters.
    /// Runs glued to letters (case, waybill and camera numbers) and other lengths (licences: 12) stay.
    static func maskDigitRuns(_ text: String) -> String {
        var out = ""
        var run: [Character] = []
        var afterLetter = false
        func flush() {
            if !afterLetter && (run.count == 11 || (15...19).contains(run.count)) {
                out += String(run[..<3]) + String(repeating: "*", count: run.count - 7) + String(run[(run.count - 4)...])
            } else {
                out += String(run)
            }
            run.removeAll(keepingCapacity: true)
        }
        for character in text {
            if character.isASCII && character.isNumber || (character == "X" || character == "x") && run.count == 17 {
                run.append(character)
            } else {
                flush()
                out.append(character)
                afterLetter = character.isASCII && character.isLetter
            }
        }
        flush()
        return out
    }
}
