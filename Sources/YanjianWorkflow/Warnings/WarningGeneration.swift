import Foundation
import Logging
import YanjianCore
import YanjianStore

/// Raises graded warnings from the stored findings (预警生成): applies the rules to every finding,
/// merges what several rules say about one target, locates and routes the target, then hands the
/// drafts to the store, which deduplicates per target (one live warning each, upgraded by stronger
/// evidence, suppressed for a while after it was dismissed) and escalates what is overdue.
///
/// Reads findings only, so it runs after every other analysis (`yanjian analyze` runs it last).
public enum WarningGeneration {
    /// The analysis name recorded in `analysis_runs`.
    public static let name = "warnings"

    /// What a run did.
    public struct Summary: Sendable, Codable, Equatable {
        public var findingsRead = 0
        public var targetsMatched = 0
        public var byLevel: [String: Int] = [:]
        public var changes = WarningChanges()
        public var escalated = 0
        public var unlocated = 0
    }

    /// Applies `rules` to the findings in the store and stores the resulting warnings.
    @discardableResult
    public static func run(store: Store, rules: WarningRuleSet = .standard, actor: String = "system", logger: Logger) async throws -> Summary {
        let run = try await store.beginAnalysis(name)
        do {
            let (drafts, drafted) = try await drafts(store: store, rules: rules)
            var summary = drafted
            summary.changes = try await store.applyWarnings(drafts, actor: actor)
            summary.escalated = try await store.escalateOverdueWarnings(actor: actor)
            let text = String(decoding: try JSONEncoder().encode(summary), as: UTF8.self)
            try await store.publishFindings(run: run, analysis: name, kinds: [], findings: [], summary: text)
            logger.info("warnings: \(summary.targetsMatched) targets matched, \(summary.changes.raised) raised, \(summary.changes.upgraded) upgraded, \(summary.escalated) escalated")
            return summary
        } catch {
            try? await store.failAnalysis(run: run, reason: String(describing: error))
            throw error
        }
    }

    /// What `rules` say about the current findings, one draft per target, without storing anything
    /// (generation stores them; the backtest compares them with what happened).
    /// `reading` substitutes finding kinds for a backtest: `[retailer_risk: retailer_risk_shadow]`
    /// evaluates the rules on a shadow model's scores as if they were live.
    public static func drafts(store: Store, rules: WarningRuleSet,
                              reading: [String: String] = [:]) async throws -> (drafts: [WarningDraft], summary: Summary) {
        var summary = Summary()
        let kinds = Set(rules.rules.map(\.finding) + rules.rules.flatMap { $0.also ?? [] })
        var byKind: [String: [StoredFinding]] = [:]
        for kind in kinds.sorted() {
            // A substituted kind is read under the rule's own kind, so every rule applies unchanged.
            byKind[kind] = try await store.findingHeads(kind: reading[kind] ?? kind).map { head in
                var finding = head
                finding.kind = kind
                return finding
            }
            summary.findingsRead += byKind[kind]?.count ?? 0
        }
        let gangLinks = try await GangLinks.load(store: store, needed: rules.rules.contains { $0.linkedToGang == true })
        var subjectsByTargetKind: [String: Set<String>] = [:]
        for (kind, findings) in byKind {
            subjectsByTargetKind[kind] = Set(findings.map(\.subject))
        }

        var matches: [WarningKey: [(rule: WarningRule, finding: StoredFinding)]] = [:]
        var order: [WarningKey] = []
        for rule in rules.rules {
            let targetKind = WarningRuleSet.targetKinds[rule.finding] ?? rule.finding
            for finding in byKind[rule.finding] ?? [] where Self.matches(rule, finding, also: subjectsByTargetKind, gangLinks: gangLinks) {
                let key = WarningKey(targetKind: targetKind, target: finding.subject)
                if matches[key] == nil { order.append(key) }
                matches[key, default: []].append((rule, finding))
            }
        }
        summary.targetsMatched = order.count

        let locator = try await TargetLocator.load(store: store)
        var drafts: [WarningDraft] = []
        drafts.reserveCapacity(order.count)
        for key in order {
            guard let hits = matches[key] else { continue }
            let ranked = hits.sorted { $0.rule.level > $1.rule.level }
            guard let top = ranked.first else { continue }
            var departments: [Department] = []
            for hit in ranked { for department in hit.rule.departments where !departments.contains(department) { departments.append(department) } }
            // One reason per finding, from the most severe rule it matched: the lesser rules on the
            // same finding say the same thing more weakly.
            var reasons: [String] = []
            var explained = Set<String>()
            for hit in ranked where explained.insert(hit.finding.kind + "\u{1}" + hit.finding.subject).inserted {
                let text = hit.rule.reason(for: hit.finding)
                if !reasons.contains(text) { reasons.append(text) }
            }
            var evidence: [[String: Any]] = []
            var seen = Set<String>()
            for hit in ranked where seen.insert(hit.finding.kind + "\u{1}" + hit.finding.subject).inserted {
                var item: [String: Any] = ["kind": hit.finding.kind, "subject": hit.finding.subject, "score": hit.finding.score]
                if let label = hit.finding.label { item["label"] = label }
                item["rules"] = ranked.filter { $0.finding.kind == hit.finding.kind }.map(\.rule.id)
                evidence.append(item)
            }
            let place = try await locator.locate(key, findingAdcode: top.finding.adcode)
            if place.point == nil { summary.unlocated += 1 }
            let evidenceData = try JSONSerialization.data(withJSONObject: evidence, options: [.sortedKeys, .withoutEscapingSlashes])
            drafts.append(WarningDraft(
                key: key, level: top.rule.level, ruleIDs: ranked.map(\.rule.id), reason: reasons.joined(separator: "；"),
                evidence: String(decoding: evidenceData, as: UTF8.self), department: departments[0],
                departments: departments, adcode: place.adcode, location: place.point))
            summary.byLevel[top.rule.level.rawValue, default: 0] += 1
        }
        return (drafts, summary)
    }

    static func matches(_ rule: WarningRule, _ finding: StoredFinding, also: [String: Set<String>], gangLinks: GangLinks) -> Bool {
        if let low = rule.minScore, finding.score < low { return false }
        if let high = rule.maxScore, finding.score > high { return false }
        if let labels = rule.labels, !labels.contains(finding.label ?? "") { return false }
        if let labelled = rule.labelled, labelled != (finding.label.map { !$0.isEmpty } ?? false) { return false }
        if let kinds = rule.also, !kinds.allSatisfy({ also[$0]?.contains(finding.subject) == true }) { return false }
        if let linked = rule.linkedToGang, linked != gangLinks.isLinked(finding) { return false }
        return true
    }
}

/// Which targets share an identifier with a gang member (the `gang_member` findings' subjects are
/// `phone:…`, `id_no:…`, `account:…`, `licence_no:…`, `plate:…`).
struct GangLinks {
    var members: Set<String> = []
    /// Licence → the retailer's own identifiers as gang-member subjects.
    var retailerKeys: [String: [String]] = [:]

    static func load(store: Store, needed: Bool) async throws -> GangLinks {
        var links = GangLinks()
        guard needed else { return links }
        links.members = Set(try await store.findingHeads(kind: FindingKind.gangMember).map(\.subject))
        guard !links.members.isEmpty else { return links }
        for row in try await store.db.query("SELECT licence_no, phone, owner_id_no, accounts FROM retailers", []) {
            guard let licence = row["licence_no"].text else { continue }
            var keys = ["licence_no:" + licence]
            if let phone = row["phone"].text.flatMap({ PhoneNumber($0)?.digits }) { keys.append("phone:" + phone) }
            if let id = row["owner_id_no"].text.flatMap({ ResidentID($0)?.value }) { keys.append("id_no:" + id) }
            for account in (row["accounts"].text ?? "").split(separator: "|") where !account.isEmpty {
                keys.append("account:" + account.trimmingCharacters(in: .whitespaces))
            }
            links.retailerKeys[licence] = keys
        }
        return links
    }

    func isLinked(_ finding: StoredFinding) -> Bool {
        switch finding.kind {
        case FindingKind.retailerRisk:
            return (retailerKeys[finding.subject] ?? []).contains { members.contains($0) }
        case FindingKind.clonedPlate, FindingKind.nightVehicle:
            return members.contains("plate:" + finding.subject)
        case FindingKind.convoy:
            return finding.subject.split(separator: "|").contains { members.contains("plate:" + $0) }
        case FindingKind.tipScore:
            return finding.label == "gang"
        default:
            return false
        }
    }
}
