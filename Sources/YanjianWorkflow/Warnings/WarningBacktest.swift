import Foundation
import YanjianCore
import YanjianStore

/// Shadow mode for a rule set (回测): what a candidate set of rules would warn about on the current
/// findings, checked against what actually happened in the last `days` — cases opened about the
/// target, warnings confirmed or dismissed on site — and against the warnings open now. Nothing is
/// stored, so a bureau can try a policy before adopting it. Counted within one jurisdiction: a user
/// of one city learns nothing about another's warnings, cases or verdicts.
public enum WarningBacktest {
    /// The comparison.
    public struct Report: Sendable, Codable, Equatable {
        public var days: Int
        /// Targets the candidate rules would warn about, by level.
        public var wouldRaise: [String: Int]
        public var total: Int
        /// Of those: a case about the target was opened in the window.
        public var becameCases: Int
        /// Of those: a warning about the target was confirmed / dismissed on site in the window.
        public var confirmed: Int
        public var dismissed: Int
        /// (cases ∪ confirmed) over the warned targets, when any.
        public var hitRate: Double?
        /// Targets with a case in the window that the candidate rules would not warn about.
        public var missedCases: Int
        /// Targets warned by the candidate but with no open warning now; open warnings the candidate would drop.
        public var newTargets: Int
        public var dropped: Int

        enum CodingKeys: String, CodingKey {
            case days, total, confirmed, dismissed, dropped
            case wouldRaise = "would_raise"
            case becameCases = "became_cases"
            case hitRate = "hit_rate"
            case missedCases = "missed_cases"
            case newTargets = "new_targets"
        }
    }

    /// Runs the comparison for `rules` over the last `days` within `jurisdiction` (a target counts
    /// where its warning would be placed, a case target where its shop is, else where the case is);
    /// `reading` substitutes finding kinds (a candidate model's shadow scores in place of the live ones).
    public static func run(store: Store, rules: WarningRuleSet, days: Int, jurisdiction: Jurisdiction = .national,
                           reading: [String: String] = [:]) async throws -> Report {
        guard (1...366).contains(days) else { throw StoreError.invalid(field: "days", reason: "1 to 366") }
        let drafts = try await WarningGeneration.drafts(store: store, rules: rules, reading: reading).drafts
            .filter { jurisdiction.contains(adcode: $0.adcode) }
        let since = store.now - Int64(days) * 86_400
        let sinceDay = Store.shanghaiDate(since)

        // Targets with a case opened in the window, as warning keys.
        var caseTargets = Set<WarningKey>()
        for row in try await store.db.query(
            """
            SELECT l.entity_kind, l.entity_value, coalesce(r.adcode, c.adcode) AS adcode
            FROM case_links l JOIN cases c ON c.case_no = l.case_no
            LEFT JOIN retailers r ON l.entity_kind = 'licence_no' AND r.licence_no = l.entity_value
            WHERE c.opened_on >= ? AND l.entity_kind IN ('licence_no', 'plate')
            """, [.text(sinceDay)]) {
            guard let kind = row["entity_kind"].text, let value = row["entity_value"].text,
                  jurisdiction.contains(adcode: row["adcode"].text) else { continue }
            caseTargets.insert(WarningKey(targetKind: kind == "licence_no" ? "retailer" : "vehicle", target: value))
        }
        // Verdicts in the window, by target.
        var verdicts: [WarningKey: String] = [:]
        for row in try await store.db.query(
            """
            SELECT w.target_kind, w.target, e.to_status FROM warning_events e JOIN warnings w ON w.id = e.warning_id
            WHERE e.at >= ? AND e.to_status IN ('confirmed','dismissed') ORDER BY e.id
            """, [.int(since)]) {
            guard let kind = row["target_kind"].text, let target = row["target"].text, let verdict = row["to_status"].text else { continue }
            verdicts[WarningKey(targetKind: kind, target: target)] = verdict
        }
        var open = Set<WarningKey>()
        for row in try await store.db.query(
            "SELECT target_kind, target, adcode FROM warnings WHERE status IN ('new','acknowledged','dispatched','on_site')", []) {
            guard jurisdiction.contains(adcode: row["adcode"].text) else { continue }
            open.insert(WarningKey(targetKind: row["target_kind"].text ?? "", target: row["target"].text ?? ""))
        }

        var report = Report(days: days, wouldRaise: [:], total: drafts.count, becameCases: 0, confirmed: 0, dismissed: 0,
                            hitRate: nil, missedCases: 0, newTargets: 0, dropped: 0)
        var warned = Set<WarningKey>()
        var hits = 0
        for draft in drafts {
            warned.insert(draft.key)
            report.wouldRaise[draft.level.rawValue, default: 0] += 1
            let hasCase = caseTargets.contains(draft.key)
            if hasCase { report.becameCases += 1 }
            switch verdicts[draft.key] {
            case "confirmed": report.confirmed += 1
            case "dismissed": report.dismissed += 1
            default: break
            }
            if hasCase || verdicts[draft.key] == "confirmed" { hits += 1 }
            if !open.contains(draft.key) { report.newTargets += 1 }
        }
        report.hitRate = drafts.isEmpty ? nil : (Double(hits) / Double(drafts.count) * 1000).rounded() / 1000
        report.missedCases = caseTargets.subtracting(warned).count
        report.dropped = open.subtracting(warned).count
        return report
    }
}
