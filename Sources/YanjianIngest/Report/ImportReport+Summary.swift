extension ImportReport {
    /// A short aligned table for the terminal: one line per file, totals, then the first rejects
    /// and warnings (the JSON report lists them all).
    public func renderSummary(maxIssues: Int = 10) -> String {
        let header = ["file", "rows", "accepted", "updated", "unchanged", "rejected"]
        var table: [[String]] = files.map {
            [$0.file, Self.grouped($0.rows), Self.grouped($0.accepted), Self.grouped($0.updated), Self.grouped($0.unchanged), Self.grouped($0.rejected)]
        }
        table.append(["total", Self.grouped(rowsRead), Self.grouped(accepted), Self.grouped(updated), Self.grouped(unchanged), Self.grouped(rejected)])
        var widths = header.map(\.count)
        for row in table {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], Self.displayWidth(cell)) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - Self.displayWidth(cell))
                return i == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        var out = "import batch \(batchID)\n"
        out += line(header) + "\n"
        for (index, row) in table.enumerated() {
            if index == table.count - 1 {
                out += String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1)) + "\n"
            }
            out += line(row) + "\n"
        }
        out += Self.issueLines(title: "rejects", issues: rejects, max: maxIssues)
        out += Self.issueLines(title: "warnings", issues: warnings, max: maxIssues)
        return out
    }

    static func issueLines(title: String, issues: [Issue], max: Int) -> String {
        guard !issues.isEmpty else { return "" }
        var out = "\n\(title) (\(grouped(issues.count)) listed):\n"
        for issue in issues.prefix(max) {
            let place = issue.line > 0 ? "\(issue.file):\(issue.line)" : issue.file
            let field = issue.field.isEmpty ? "" : " \(issue.field)"
            let id = issue.id.map { " [\($0)]" } ?? ""
            out += "  \(place)\(field)\(id): \(issue.reason)\n"
        }
        if issues.count > max { out += "  … \(grouped(issues.count - max)) more in the JSON report (--report FILE)\n" }
        return out
    }

    /// `1234567` → `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return value < 0 ? "-" + out : out
    }

    /// Terminal columns: CJK characters take two.
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 && $1.value != 0x200B ? 2 : 1) }
    }
}
