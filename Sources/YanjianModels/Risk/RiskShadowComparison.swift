import Foundation
import YanjianCore
import YanjianStore

/// The comparison a person reads before promoting a candidate model: which retailers the active
/// version and the candidate flag, how far their top of the ranking agrees, and — month by month over
/// the six months up to the latest month with an outcome — how many of each version's flagged
/// retailers had a case opened, or a warning confirmed or dismissed on site, in that month. The scores are today's (the models are not re-run
/// as of each month), so a month's figures say how well each ranking agrees with what was found then.
public struct RiskShadowComparison: Sendable, Codable, Equatable {
    public struct Outcomes: Sendable, Codable, Equatable {
        /// Flagged retailers with a case opened in the month (naming the licence).
        public var cases = 0
        /// Flagged retailers whose warning was confirmed / dismissed on site in the month.
        public var confirmed = 0
        public var dismissed = 0
    }

    public struct Month: Sendable, Codable, Equatable {
        public var month: String
        public var active: Outcomes
        public var candidate: Outcomes
        /// All retailers with a case / a confirmed warning in the month, flagged or not.
        public var casesTotal: Int
        public var confirmedTotal: Int

        enum CodingKeys: String, CodingKey {
            case month, active, candidate
            case casesTotal = "cases_total"
            case confirmedTotal = "confirmed_total"
        }
    }

    public var activeFlagged: Int
    public var candidateFlagged: Int
    public var both: Int
    public var onlyActive: Int
    public var onlyCandidate: Int
    /// How many of the top `top` retailers the two rankings share.
    public var top: Int
    public var topShared: Int
    public var months: [Month]

    enum CodingKeys: String, CodingKey {
        case both, top, months
        case activeFlagged = "active_flagged"
        case candidateFlagged = "candidate_flagged"
        case onlyActive = "only_active"
        case onlyCandidate = "only_candidate"
        case topShared = "top_shared"
    }

    /// Compares the live ranking with the shadow ranking now in the store.
    public static func compute(store: Store, months count: Int = 6) async throws -> RiskShadowComparison {
        let live = try await store.findingHeads(kind: FindingKind.retailerRisk)
        let shadow = try await store.findingHeads(kind: RetailerRiskAnalysis.shadowKind)
        guard !shadow.isEmpty else { throw StoreError.conflict("no shadow scores: run the candidate in shadow mode first") }
        let activeFlags = Set(live.filter { $0.label != nil }.map(\.subject))
        let candidateFlags = Set(shadow.filter { $0.label != nil }.map(\.subject))
        let top = min(50, live.count, shadow.count)
        let topShared = Set(live.prefix(top).map(\.subject)).intersection(shadow.prefix(top).map(\.subject)).count

        var cases: [String: Set<String>] = [:]
        for row in try await store.db.query(
            """
            SELECT l.entity_value, c.opened_on FROM case_links l JOIN cases c ON c.case_no = l.case_no WHERE l.entity_kind = ?
            """, [.text(CaseEntityKind.licenceNo.rawValue)]) {
            guard let licence = row["entity_value"].text, let opened = row["opened_on"].text else { continue }
            cases[String(opened.prefix(7)), default: []].insert(licence)
        }
        var confirmed: [String: Set<String>] = [:]
        var dismissed: [String: Set<String>] = [:]
        for row in try await store.db.query(
            """
            SELECT w.target, e.at, e.to_status FROM warning_events e JOIN warnings w ON w.id = e.warning_id
            WHERE w.target_kind = 'retailer' AND e.to_status IN ('confirmed', 'dismissed')
            """, []) {
            guard let target = row["target"].text, let at = row["at"].int else { continue }
            let month = String(Timestamp.formatDate(at).prefix(7))
            if row["to_status"].text == "confirmed" { confirmed[month, default: []].insert(target) } else { dismissed[month, default: []].insert(target) }
        }
        // The months end with the latest month with an outcome (imported history may end before today).
        let now = String(Timestamp.formatDate(store.now).prefix(7))
        let latest = (Array(cases.keys) + Array(confirmed.keys) + Array(dismissed.keys)).filter { $0 <= now }.max() ?? now
        let monthKeys = Store.monthsBack(from: latest, count: count)
        func outcomes(_ flagged: Set<String>, _ month: String) -> Outcomes {
            Outcomes(cases: flagged.intersection(cases[month] ?? []).count, confirmed: flagged.intersection(confirmed[month] ?? []).count,
                     dismissed: flagged.intersection(dismissed[month] ?? []).count)
        }
        return RiskShadowComparison(
            activeFlagged: activeFlags.count, candidateFlagged: candidateFlags.count, both: activeFlags.intersection(candidateFlags).count,
            onlyActive: activeFlags.subtracting(candidateFlags).count, onlyCandidate: candidateFlags.subtracting(activeFlags).count,
            top: top, topShared: topShared,
            months: monthKeys.map {
                Month(month: $0, active: outcomes(activeFlags, $0), candidate: outcomes(candidateFlags, $0),
                      casesTotal: cases[$0]?.count ?? 0, confirmedTotal: confirmed[$0]?.count ?? 0)
            })
    }
}
