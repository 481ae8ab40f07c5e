import Foundation

extension EvalReport {
    /// The report as an aligned plain-text table (section, metric, value, target, result), one line per
    /// metric and a verdict line at the end, for people reading a terminal.
    public func renderTable() -> String {
        var rows: [[String]] = [["section", "metric", "value", "target", "result"]]
        func add(_ section: String, _ metric: String, _ value: String, check: String? = nil) {
            if let check, let found = checks.first(where: { $0.name == check }) {
                rows.append([section, metric, value, found.target, found.passed ? "pass" : "FAIL"])
            } else {
                rows.append([section, metric, value, "", ""])
            }
        }

        add("gangs", "true / predicted gangs", "\(gangs.trueGangs) / \(gangs.predictedGangs)")
        add("gangs", "true / predicted members", "\(gangs.trueMembers) / \(gangs.predictedMembers)")
        add("gangs", "adjusted Rand index", Self.format(gangs.adjustedRandIndex), check: "gangs.adjusted_rand_index")
        add("gangs", "member precision", Self.format(gangs.memberPrecision))
        add("gangs", "member recall", Self.format(gangs.memberRecall))
        add(
            "gangs", "tier accuracy (\(gangs.tierCorrect)/\(gangs.matchedWithTier))", Self.format(gangs.tierAccuracy),
            check: "gangs.tier_accuracy")
        add(
            "gangs", "tier-1 found (\(gangs.tier1Found)/\(gangs.tier1Total))", Self.format(gangs.tier1Fraction),
            check: "gangs.tier1_found")

        add("retailers", "k / ranked", "\(retailers.k) / \(retailers.ranked)")
        add(
            "retailers", "precision@k (\(retailers.hitsAtK)/\(retailers.k))", Self.format(retailers.precisionAtK),
            check: "anomalous_retailers.precision_at_k")
        add("retailers", "average precision", Self.format(retailers.averagePrecision))
        for pattern in retailers.patternRecall {
            add(
                "retailers", "recall \(pattern.pattern) (\(pattern.inTopK)/\(pattern.actual))",
                Self.format(pattern.recall), check: "anomalous_retailers.recall.\(pattern.pattern)")
        }
        add("retailers", "pattern accuracy", Self.format(retailers.patternAccuracy))
        add("retailers", "decoys in top k", "\(retailers.decoysInTopK)")

        for (section, scores) in [("convoys", convoys), ("cloned_plates", clonedPlates), ("night_vehicles", nightVehicles)] {
            let unit = section == "convoys" ? " pairs" : ""
            add(section, "true / predicted\(unit)", "\(scores.actual) / \(scores.predicted)")
            add(section, "precision", Self.format(scores.precision))
            add(section, "recall", Self.format(scores.recall), check: "\(section).recall")
            add(section, "F1", Self.format(scores.f1))
        }

        add("tips", "true / ranked", "\(tips.trueTips) / \(tips.ranked)")
        add("tips", "precision@k", Self.format(tips.precisionAtK))
        add("tips", "average precision", Self.format(tips.averagePrecision))

        add("decoys", "flagged (of \(decoys.total))", "\(decoys.flagged)", check: "decoys.flagged")
        for decoy in decoys.flaggedDecoys {
            add("decoys", "  \(decoy.kind) \(decoy.value)", decoy.foundIn)
        }

        var widths = [Int](repeating: 0, count: 5)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        var lines: [String] = []
        lines.reserveCapacity(rows.count + 3)
        for (index, row) in rows.enumerated() {
            let cells = row.enumerated().map { column, cell in
                cell + String(repeating: " ", count: widths[column] - cell.count)
            }
            lines.append(cells.joined(separator: "  ").trimmingTrailingSpaces())
            if index == 0 {
                lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
            }
        }
        let failed = checks.filter { !$0.passed }.count
        lines.append("")
        lines.append(
            allPass
                ? "seed \(seed): all \(checks.count) targets pass"
                : "seed \(seed): \(failed) of \(checks.count) targets FAIL")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Four decimals, or `n/a` when there was nothing to measure.
    static func format(_ value: Double?) -> String {
        guard let value else { return "n/a" }
        return String(format: "%.4f", value)
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}

extension EvalReport {
    /// The report as JSON with sorted keys and stable formatting; ratios with nothing to measure are `null`.
    public func encodedJSON() throws -> Data {
        try Truth.makeEncoder().encode(self)
    }
}
