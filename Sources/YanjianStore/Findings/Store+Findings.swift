import Foundation

/// One conclusion or score of an analysis, as stored: what kind of finding, about which subject
/// (a licence number, a plate, `plateA|plateB` for a convoy pair, a gang id …), with a score where
/// higher means riskier, an optional label (a pattern, a tier), the adcode that scopes it, and details
/// as a JSON object (evidence, reasons, explanation).
public struct StoredFinding: Sendable, Equatable {
    public var kind: String
    public var subject: String
    public var score: Double
    public var label: String?
    public var adcode: String?
    public var details: String

    public init(kind: String, subject: String, score: Double, label: String? = nil, adcode: String? = nil, details: String = "{}") {
        self.kind = kind
        self.subject = subject
        self.score = score
        self.label = label
        self.adcode = adcode
        self.details = details
    }
}

/// Kinds of finding, one name each, shared by the analyses that write them and the export that reads them.
public enum FindingKind {
    public static let convoy = "convoy"
    public static let clonedPlate = "cloned_plate"
    public static let nightVehicle = "night_vehicle"
    public static let retailerRisk = "retailer_risk"
    public static let gangMember = "gang_member"
    public static let gang = "gang"
    public static let tipScore = "tip_score"
    public static let warning = "warning"
}

extension Store {
    /// Records the start of an analysis run and returns its id.
    public func beginAnalysis(_ analysis: String, parameters: String = "{}") async throws -> Int64 {
        let rows = try await db.query(
            "INSERT INTO analysis_runs (analysis, started_at, status, parameters) VALUES (?, ?, 'running', ?) RETURNING id",
            [.text(analysis), .int(now), .text(parameters)], writing: true)
        guard let id = rows.first?["id"].int else { throw StoreError.internalInconsistency("insert returned no id") }
        return id
    }

    /// Replaces every finding of `kinds` with this run's findings in one transaction, and closes the run.
    /// With `keepHistory`, each finding's score is also appended to `finding_history` (the dossier's
    /// risk history); findings themselves always hold the latest run only.
    public func publishFindings(run: Int64, analysis: String, kinds: [String], findings: [StoredFinding], summary: String = "{}",
                                keepHistory: Bool = false) async throws {
        var statements = kinds.map { SQLStatement("DELETE FROM findings WHERE kind = ?", [.text($0)]) }
        let now = self.now
        for finding in findings {
            statements.append(SQLStatement(
                """
                INSERT INTO findings (run_id, analysis, kind, subject, score, label, adcode, details, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [.int(run), .text(analysis), .text(finding.kind), .text(finding.subject), .double(finding.score),
                 .text(finding.label), .text(finding.adcode), .text(finding.details), .int(now)]))
        }
        if keepHistory {
            statements.append(SQLStatement(
                "INSERT INTO finding_history (kind, subject, run_id, at, score, label) SELECT kind, subject, run_id, created_at, score, label FROM findings WHERE run_id = ?",
                [.int(run)]))
        }
        statements.append(SQLStatement(
            "UPDATE analysis_runs SET status = 'done', finished_at = ?, summary = ? WHERE id = ?",
            [.int(now), .text(summary), .int(run)]))
        try await db.transaction(statements)
    }

    /// Marks a run as failed.
    public func failAnalysis(run: Int64, reason: String) async throws {
        try await db.execute(
            "UPDATE analysis_runs SET status = 'failed', finished_at = ?, summary = ? WHERE id = ?",
            [.int(now), .text(#"{"error":"\#(reason.replacingOccurrences(of: "\"", with: "'"))"}"#), .int(run)])
    }

    /// Findings of one kind, highest score first, within the caller's jurisdiction.
    public func findings(kind: String, scope: AccessScope, limit: Int = 100_000) async throws -> [StoredFinding] {
        var clauses = ["kind = ?"]
        var arguments: [SQLValue] = [.text(kind)]
        Self.scopeClause(scope.jurisdiction, column: "adcode", clauses: &clauses, arguments: &arguments)
        arguments.append(.int(Int64(limit)))
        return try await db.query(
            "SELECT kind, subject, score, label, adcode, details FROM findings WHERE \(clauses.joined(separator: " AND ")) ORDER BY score DESC, subject LIMIT ?",
            arguments
        ).map {
            StoredFinding(kind: $0["kind"].text ?? kind, subject: $0["subject"].text ?? "", score: $0["score"].double ?? 0,
                          label: $0["label"].text, adcode: $0["adcode"].text, details: $0["details"].text ?? "{}")
        }
    }

    /// Findings of one kind without their details (`details` is `{}`), highest score first: what rules
    /// and joins need, without reading every explanation (a retailer-risk ranking holds one per shop).
    public func findingHeads(kind: String) async throws -> [StoredFinding] {
        try await db.query(
            "SELECT subject, score, label, adcode FROM findings WHERE kind = ? ORDER BY score DESC, subject", [.text(kind)]
        ).map {
            StoredFinding(kind: kind, subject: $0["subject"].text ?? "", score: $0["score"].double ?? 0,
                          label: $0["label"].text, adcode: $0["adcode"].text)
        }
    }
}
