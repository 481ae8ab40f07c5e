import Foundation
import YanjianCore
import YanjianStore

/// The comparison a person reads before promoting a candidate model: which retailers the active
/// version and the candidate flag, how far their top of the ranking agrees, and — month by month over
/// the six months up to the latest month with an outcome — how many of each version's flagged
/// retailers had a case opened, or a warning confirmed or dismissed on site, in that month. Those scores are today's,
/// so a month's figures say how well each ranking agrees with what was found then. The point-in-time backtest
/// (`pointInTime`) is the stricter test: both versions re-scored as the data stood on each month's first day
/// (`RetailerFeatureLoader.load(asOf:)`), against what was found during the month — no later knowledge.
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
        /// In the point-in-time backtest only: the retailers each version flagged as of the month's first day.
        public var activeFlagged: Int?
        public var candidateFlagged: Int?
        /// What was found during the month among each version's flagged retailers.
        public var active: Outcomes
        public var candidate: Outcomes
        /// All retailers with a case / a confirmed warning in the month, flagged or not.
        public var casesTotal: Int
        public var confirmedTotal: Int

        enum CodingKeys: String, CodingKey {
            case month, active, candidate
            case activeFlagged = "active_flagged"
            case candidateFlagged = "candidate_flagged"
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
    /// Month by month, both versions scored as of the month's first day (nil when not asked for).
    public var pointInTime: [Month]?

    enum CodingKeys: String, CodingKey {
        case both, top, months
        case pointInTime = "point_in_time"
        case activeFlagged = "active_flagged"
        case candidateFlagged = "candidate_flagged"
        case onlyActive = "only_active"
        case onlyCandidate = "only_candidate"
        case topShared = "top_shared"
    }

    /// Compares the live ranking with the shadow ranking now in the store. With `pointInTime`, also
    /// re-scores every month as of its first day with the active version's parameters and `candidate`
    /// (the active ones when nil): one feature load and two scorings per month.
    public static func compute(store: Store, months count: Int = 6, pointInTime: Bool = false,
                               candidate candidateParameters: RiskParameters? = nil) async throws -> RiskShadowComparison {
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
        var pastMonths: [Month]?
        if pointInTime {
            let active = try await RetailerRiskAnalysis.resolved(nil, store: store)
            let candidate = try await RetailerRiskAnalysis.resolved(candidateParameters, store: store)
            pastMonths = []
            for month in monthKeys {
                guard let cutoff = monthStart(month) else { continue }
                let (directory, measurements) = try await RetailerFeatureLoader.load(from: store, asOf: cutoff)
                func flagged(_ parameters: RiskParameters) async throws -> Set<String> {
                    let scores = try await RiskScorer.score(measurements, parameters: parameters)
                    return Set((0..<scores.count).filter { scores.flagged[$0] }.map { directory.licenceNos[$0] })
                }
                let activeThen = try await flagged(active)
                let candidateThen = try await flagged(candidate)
                pastMonths?.append(Month(
                    month: month, activeFlagged: activeThen.count, candidateFlagged: candidateThen.count,
                    active: outcomes(activeThen, month), candidate: outcomes(candidateThen, month),
                    casesTotal: cases[month]?.count ?? 0, confirmedTotal: confirmed[month]?.count ?? 0))
            }
        }
        return RiskShadowComparison(
            activeFlagged: activeFlags.count, candidateFlagged: candidateFlags.count, both: activeFlags.intersection(candidateFlags).count,
            onlyActive: activeFlags.subtracting(candidateFlags).count, onlyCandidate: candidateFlags.subtracting(activeFlags).count,
            top: top, topShared: topShared,
            months: monthKeys.map {
                Month(month: $0, activeFlagged: nil, candidateFlagged: nil, active: outcomes(activeFlags, $0), candidate: outcomes(candidateFlags, $0),
                      casesTotal: cases[$0]?.count ?? 0, confirmedTotal: confirmed[$0]?.count ?? 0)
            },
            pointInTime: pastMonths)
    }

    /// 00:00 Beijing time on the first day of `month` (`YYYY-MM`), in Unix seconds.
    static func monthStart(_ month: String) -> Int64? {
        let parts = month.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, (1...12).contains(parts[1]) else { return nil }
        return Int64(CivilCalendar.daysFromCivil(year: parts[0], month: parts[1], day: 1)) * 86_400 - 28_800
    }
}
