import Foundation
import YanjianCore
import YanjianStore

/// When the rules propose a retailer for the grey or black list (docs/RISK.md, "Lists"). Every
/// proposal waits for a person's review; the numbers are policy, not tuned to any world.
public struct ListPolicy: Sendable, Equatable {
    /// A flagged retailer (risk rule or score) with at least this score, and evidence from the field
    /// (a case or a confirmed warning), is proposed for the black list.
    public var blackScore: Double = 60
    /// This many cases within `caseWindowDays` put a retailer on the black list proposals whatever its score.
    public var blackCases: Int = 2
    /// Cases count when opened within this many days before the run.
    public var caseWindowDays: Int = 730

    public init() {}
}

/// One proposal the rules make, with its reasons in plain words.
public struct ListProposal: Sendable, Equatable {
    public var licenceNo: String
    public var list: RetailerList
    public var reasons: [String]
}

/// Proposes grey and black list entries from the retailer risk findings, the cases naming a
/// retailer's licence or its owner's phone or ID number, and the warnings confirmed on site:
///
/// * black — flagged with a score ≥ `blackScore` and a case or a confirmed warning; or `blackCases`
///   cases within the window;
/// * grey — flagged by the risk model; or one case within the window; or a confirmed warning.
///
/// A retailer already proposed or listed as severely is skipped, and so is one a reviewer turned
/// down recently (the store's quiet period), so re-running never nags and never overrides a person.
public enum ListProposals {
    /// What the rules would propose now (nothing is written).
    public static func drafts(store: Store, policy: ListPolicy = ListPolicy()) async throws -> [ListProposal] {
        var flagged: [String: (score: Double, pattern: String)] = [:]
        for finding in try await store.findingHeads(kind: FindingKind.retailerRisk) {
            if let label = finding.label { flagged[finding.subject] = (finding.score, label) }
        }
        let since = Timestamp.formatDate(store.now - Int64(policy.caseWindowDays) * 86_400)
        // A case counts for a shop when it names the licence, or the owner's phone or ID number.
        var owners: [String: [String]] = [:]
        for row in try await store.db.query("SELECT licence_no, phone, owner_id_no FROM retailers", []) {
            guard let licence = row["licence_no"].text else { continue }
            if let phone = row["phone"].text, !phone.isEmpty { owners["\(CaseEntityKind.phone.rawValue):\(phone)", default: []].append(licence) }
            if let id = row["owner_id_no"].text, !id.isEmpty { owners["\(CaseEntityKind.idNo.rawValue):\(id)", default: []].append(licence) }
        }
        var cases: [String: [String]] = [:]
        for row in try await store.db.query(
            """
            SELECT l.entity_kind, l.entity_value, c.case_no FROM case_links l JOIN cases c ON c.case_no = l.case_no
            WHERE l.entity_kind IN (?, ?, ?) AND c.opened_on >= ? ORDER BY c.opened_on, c.case_no
            """, [.text(CaseEntityKind.licenceNo.rawValue), .text(CaseEntityKind.phone.rawValue), .text(CaseEntityKind.idNo.rawValue), .text(since)]) {
            guard let kind = row["entity_kind"].text, let value = row["entity_value"].text, let caseNo = row["case_no"].text else { continue }
            let licences = kind == CaseEntityKind.licenceNo.rawValue ? [value] : owners["\(kind):\(value)"] ?? []
            for licence in licences where !(cases[licence]?.contains(caseNo) ?? false) { cases[licence, default: []].append(caseNo) }
        }
        let verified = try await store.warningLabels(targetKind: "retailer").filter(\.value).map(\.key)
        let confirmed = Set(verified)

        var proposals: [ListProposal] = []
        for licence in Set(flagged.keys).union(cases.keys).union(confirmed).sorted() {
            var reasons: [String] = []
            let risk = flagged[licence]
            if let risk {
                reasons.append("风险模型标记：评分 \(String(format: "%.1f", risk.score))（\(RiskPattern(rawValue: risk.pattern)?.chineseName ?? risk.pattern)）")
            }
            let caseList = cases[licence] ?? []
            if !caseList.isEmpty {
                reasons.append("近 \(policy.caseWindowDays / 365) 年涉案 \(caseList.count) 起：\(caseList.prefix(5).joined(separator: "、"))")
            }
            if confirmed.contains(licence) { reasons.append("预警经现场核查属实") }
            let fieldEvidence = !caseList.isEmpty || confirmed.contains(licence)
            let black = (risk.map { $0.score >= policy.blackScore } ?? false && fieldEvidence) || caseList.count >= policy.blackCases
            proposals.append(ListProposal(licenceNo: licence, list: black ? .black : .grey, reasons: reasons))
        }
        return proposals
    }

    /// Stores the proposals (each waits for review); returns how many were new.
    @discardableResult
    public static func run(store: Store, policy: ListPolicy = ListPolicy(), actor: String = "system") async throws -> Int {
        var proposed = 0
        for draft in try await drafts(store: store, policy: policy) {
            // A retailer that no longer exists in the licence register is not proposed.
            do {
                if try await store.proposeListEntry(licenceNo: draft.licenceNo, list: draft.list, reasons: draft.reasons, source: "rules",
                                                    actor: actor, scope: .system) != nil {
                    proposed += 1
                }
            } catch StoreError.notFound {
                continue
            }
        }
        return proposed
    }
}
