import Foundation
import YanjianCore

/// One thing global search found: what it is, its key (for a link), a title and a line of detail,
/// masked like every other read.
public struct SearchHit: Sendable, Equatable {
    /// `retailer`, `person`, `waybill`, `case`, `plate`, `warning`, `tip` or `finding`.
    public var kind: String
    public var key: String
    public var title: String
    public var detail: String?
    public var adcode: String?
}

/// What the query was read as: each recognised form in its standard spelling.
public struct SearchQuery: Sendable, Equatable {
    public var text: String
    public var phone: String?
    public var idNumber: String?
    public var plate: String?
    public var licence: String?
    public var waybill: String?

    /// Reads a query the way people type it: a phone with spaces, dashes or +86, a plate in lower
    /// case or with full-width characters, an ID number with a lower-case x.
    public init(_ raw: String) {
        text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        phone = PhoneNumber(text).map(\.value)
        idNumber = ResidentID(text).map(\.value)
        plate = Plate(text).map(\.value)
        licence = LicenceNo(text).map(\.value)
        waybill = WaybillNo(text).map(\.value)
    }

    /// The recognised forms, by name.
    public var forms: [String: String] {
        var forms: [String: String] = [:]
        if let phone { forms["phone"] = phone }
        if let idNumber { forms["id_no"] = idNumber }
        if let plate { forms["plate"] = plate }
        if let licence { forms["licence_no"] = licence }
        if let waybill { forms["waybill_no"] = waybill }
        return forms
    }
}

extension Store {
    /// Searches everything the caller may read for one phone, ID number, name, plate, waybill, licence
    /// or case number: retailers, persons, waybills, cases, plates seen by cameras, warnings, tips and
    /// findings. At most `limit` hits per kind; scoped to the caller's jurisdiction and masked.
    public func search(_ raw: String, scope: AccessScope, limit: Int = 20) async throws -> (query: SearchQuery, hits: [SearchHit]) {
        guard scope.user.role.mayReadData else { throw StoreError.forbidden("role \(scope.user.role.rawValue) may not search") }
        let query = SearchQuery(raw)
        guard (2...100).contains(query.text.count) else {
            throw StoreError.invalid(field: "q", reason: "search for 2 to 100 characters")
        }
        let mask = !scope.unmasked
        func masked(_ value: String?, _ field: PersonalField) -> String? {
            guard let value else { return nil }
            return mask ? field.mask(value) : value
        }
        let text = query.text
        let phone = query.phone ?? text
        let idNumber = query.idNumber ?? text
        let plate = query.plate ?? text
        let like = "%" + text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
        var hits: [SearchHit] = []
        func rows(_ select: String, _ condition: String, _ arguments: [SQLValue], order: String = "", column: String = "adcode") async throws -> [SQLRow] {
            var clauses = ["(\(condition))"]
            var values = arguments
            Self.scopeClause(scope.jurisdiction, column: column, clauses: &clauses, arguments: &values)
            values.append(.int(Int64(limit)))
            return try await db.query("\(select) WHERE \(clauses.joined(separator: " AND "))\(order) LIMIT ?", values)
        }

        for row in try await rows(
            "SELECT licence_no, name, owner_name, phone, address, adcode, status FROM retailers",
            "licence_no = ? OR phone = ? OR owner_id_no = ? OR credit_code = ? OR name LIKE ? OR owner_name = ?",
            [.text(query.licence ?? text), .text(phone), .text(idNumber), .text(text.uppercased()), .text(like), .text(text)], order: " ORDER BY licence_no") {
            let licence = row["licence_no"].text ?? ""
            hits.append(SearchHit(kind: "retailer", key: licence, title: "\(row["name"].text ?? "") \(licence)",
                                  detail: [masked(row["owner_name"].text, .name), masked(row["phone"].text, .phone), row["address"].text,
                                           row["status"].text].compactMap { $0 }.joined(separator: " · "),
                                  adcode: row["adcode"].text))
        }
        for row in try await rows(
            "SELECT person_id, name, id_no, phones, plates, source, adcode FROM persons",
            "person_id = ? OR id_no = ? OR name = ? OR phones LIKE ? OR plates LIKE ?",
            [.text(text), .text(idNumber), .text(text), .text(query.phone.map { "%\($0)%" } ?? "\u{1}"),
             .text(query.plate.map { "%\($0)%" } ?? "\u{1}")], order: " ORDER BY person_id") {
            hits.append(SearchHit(kind: "person", key: row["person_id"].text ?? "",
                                  title: masked(row["name"].text, .name) ?? "",
                                  detail: [masked(row["id_no"].text, .idNumber), row["phones"].text.map { $0.split(separator: "|").map { masked(String($0), .phone) ?? "" }.joined(separator: "、") },
                                           row["source"].text].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · "),
                                  adcode: row["adcode"].text))
        }
        for row in try await rows(
            "SELECT waybill_no, courier, sender_phone, receiver_phone, item_desc, accepted_at, adcode FROM waybills",
            "waybill_no = ? OR sender_phone = ? OR receiver_phone = ?",
            [.text(query.waybill ?? text), .text(phone), .text(phone)], order: " ORDER BY accepted_at DESC") {
            hits.append(SearchHit(kind: "waybill", key: row["waybill_no"].text ?? "",
                                  title: "\(row["courier"].text ?? "") \(row["waybill_no"].text ?? "")",
                                  detail: ["\(masked(row["sender_phone"].text, .phone) ?? "—") → \(masked(row["receiver_phone"].text, .phone) ?? "—")",
                                           row["item_desc"].text, Timestamp.formatDate(row["accepted_at"].int ?? 0)].compactMap { $0 }.joined(separator: " · "),
                                  adcode: row["adcode"].text))
        }
        for row in try await rows(
            "SELECT case_no, opened_on, kind, status, department, adcode FROM cases",
            "case_no = ? OR case_no LIKE ? OR case_no IN (SELECT case_no FROM case_links WHERE entity_value IN (?, ?, ?, ?))",
            [.text(text), .text(text + "%"), .text(phone), .text(idNumber), .text(plate), .text(query.licence ?? text)],
            order: " ORDER BY opened_on DESC") {
            hits.append(SearchHit(kind: "case", key: row["case_no"].text ?? "", title: row["case_no"].text ?? "",
                                  detail: [row["opened_on"].text, row["kind"].text, row["status"].text, row["department"].text]
                                      .compactMap { $0 }.joined(separator: " · "),
                                  adcode: row["adcode"].text))
        }
        if let plate = query.plate {
            for row in try await rows(
                "SELECT plate, COUNT(*) AS reads, MIN(ts) AS first_seen, MAX(ts) AS last_seen FROM plate_reads", "plate = ?", [.text(plate)],
                order: " GROUP BY plate") where (row["reads"].int ?? 0) > 0 {
                hits.append(SearchHit(kind: "plate", key: plate, title: plate,
                                      detail: "\(row["reads"].int ?? 0) reads · \(Timestamp.format(row["first_seen"].int ?? 0)) → \(Timestamp.format(row["last_seen"].int ?? 0))",
                                      adcode: nil))
            }
        }
        var subjects = [text, phone, idNumber, plate, query.licence ?? text]
        subjects += ["phone:\(phone)", "id_no:\(idNumber)", "licence_no:\(query.licence ?? text)", "plate:\(plate)"]
        let marks = Array(repeating: "?", count: subjects.count).joined(separator: ",")
        for row in try await rows(
            "SELECT id, level, status, target_kind, target, reason, adcode FROM warnings", "target IN (\(marks))", subjects.map { .text($0) },
            order: " ORDER BY id DESC") {
            hits.append(SearchHit(kind: "warning", key: String(row["id"].int ?? 0), title: "#\(row["id"].int ?? 0) \(row["target_kind"].text ?? "") \(mask ? FindingMasking.maskText(row["target"].text ?? "") : row["target"].text ?? "")",
                                  detail: [row["level"].text, row["status"].text, mask ? row["reason"].text.map(FindingMasking.maskText) : row["reason"].text]
                                      .compactMap { $0 }.joined(separator: " · "),
                                  adcode: row["adcode"].text))
        }
        for row in try await rows(
            "SELECT tip_id, received_at, channel, text, adcode FROM tips", "tip_id = ? OR phone = ? OR text LIKE ?",
            [.text(text), .text(phone), .text(query.phone.map { "%\($0)%" } ?? (text.count >= 3 ? like : "\u{1}"))], order: " ORDER BY received_at DESC") {
            let body = row["text"].text ?? ""
            hits.append(SearchHit(kind: "tip", key: row["tip_id"].text ?? "", title: row["tip_id"].text ?? "",
                                  detail: String((mask ? FindingMasking.maskText(body) : body).prefix(120)), adcode: row["adcode"].text))
        }
        for row in try await rows(
            "SELECT kind, subject, score, label, adcode FROM findings", "subject IN (\(marks)) AND kind <> 'retailer_risk_shadow'", subjects.map { .text($0) },
            order: " ORDER BY score DESC") {
            let subject = row["subject"].text ?? ""
            hits.append(SearchHit(kind: "finding", key: "\(row["kind"].text ?? "")|\(subject)",
                                  title: "\(row["kind"].text ?? "") \(mask ? FindingMasking.maskText(subject) : subject)",
                                  detail: [row["label"].text, row["score"].double.map { String(format: "%.2f", $0) }].compactMap { $0 }.joined(separator: " · "),
                                  adcode: row["adcode"].text))
        }
        return (query, hits)
    }
}
