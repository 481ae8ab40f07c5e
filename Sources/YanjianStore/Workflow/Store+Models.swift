import Crypto
import Foundation

/// One registered version of a model: what it was trained on (a fingerprint of its labels and
/// parameters, and the label counts), how it did (metrics), what it relied on (importances).
public struct ModelVersion: Sendable, Equatable {
    public var model: String
    public var version: Int
    public var trainedAt: Int64
    public var fingerprint: String
    public var parameters: String
    public var training: String
    public var metrics: String
    public var importances: String
    public var status: String
}

extension Store {
    /// A SHA-256 fingerprint of the given parts, in order (for training-data snapshots).
    public static func fingerprint(_ parts: [String]) -> String {
        var hasher = SHA256()
        for part in parts {
            hasher.update(data: Array(part.utf8))
            hasher.update(data: [0])
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Registers a trained model: when the fingerprint equals the active version's, that version is
    /// returned unchanged (`isNew` false); otherwise a new version is recorded as active and the
    /// previous one retired, in one transaction.
    public func registerModel(_ model: String, fingerprint: String, parameters: String, training: String, metrics: String,
                              importances: String) async throws -> (version: ModelVersion, isNew: Bool) {
        if let active = try await modelVersions(model).first(where: { $0.status == "active" }), active.fingerprint == fingerprint {
            return (active, false)
        }
        let now = self.now
        try await db.transaction([
            SQLStatement("UPDATE model_versions SET status = 'retired' WHERE model = ? AND status = 'active'", [.text(model)]),
            SQLStatement(
                """
                INSERT INTO model_versions (model, version, trained_at, fingerprint, parameters, training, metrics, importances, status)
                SELECT ?, COALESCE(MAX(version), 0) + 1, ?, ?, ?, ?, ?, ?, 'active' FROM model_versions WHERE model = ?
                """,
                [.text(model), .int(now), .text(fingerprint), .text(parameters), .text(training), .text(metrics), .text(importances), .text(model)]),
        ])
        guard let active = try await modelVersions(model).first(where: { $0.status == "active" }) else {
            throw StoreError.internalInconsistency("model \(model) has no active version after registering one")
        }
        return (active, true)
    }

    /// Every version of a model, newest first.
    public func modelVersions(_ model: String) async throws -> [ModelVersion] {
        try await db.query(
            """
            SELECT model, version, trained_at, fingerprint, parameters, training, metrics, importances, status
            FROM model_versions WHERE model = ? ORDER BY version DESC
            """, [.text(model)]
        ).map {
            ModelVersion(model: $0["model"].text ?? model, version: Int($0["version"].int ?? 0), trainedAt: $0["trained_at"].int ?? 0,
                         fingerprint: $0["fingerprint"].text ?? "", parameters: $0["parameters"].text ?? "{}",
                         training: $0["training"].text ?? "{}", metrics: $0["metrics"].text ?? "{}",
                         importances: $0["importances"].text ?? "{}", status: $0["status"].text ?? "")
        }
    }
}

/// A candidate version of a model, scored in shadow mode: its findings are kept under a separate kind
/// and raise no warnings until a person promotes it (it becomes the next active version) or rejects it.
public struct ModelCandidate: Sendable, Equatable {
    public var id: Int64
    public var model: String
    public var trainedAt: Int64
    /// The analysis run whose shadow findings this candidate produced.
    public var runID: Int64
    public var fingerprint: String
    public var parameters: String
    public var training: String
    public var metrics: String
    public var importances: String
    /// `shadow`, `promoted`, `rejected` or `superseded` (a newer candidate replaced it).
    public var status: String
    /// What the reviewer reads (JSON): the comparison with the active version and the warning backtests.
    public var review: String
    public var decidedAt: Int64?
    public var decidedBy: String?
    public var note: String?
}

extension Store {
    static let candidateColumns = """
        id, model, trained_at, run_id, fingerprint, parameters, training, metrics, importances, status, review, decided_at, decided_by, note
        """

    static func candidate(_ row: SQLRow) -> ModelCandidate {
        ModelCandidate(id: row["id"].int ?? 0, model: row["model"].text ?? "", trainedAt: row["trained_at"].int ?? 0, runID: row["run_id"].int ?? 0,
                       fingerprint: row["fingerprint"].text ?? "", parameters: row["parameters"].text ?? "{}",
                       training: row["training"].text ?? "{}", metrics: row["metrics"].text ?? "{}",
                       importances: row["importances"].text ?? "{}", status: row["status"].text ?? "", review: row["review"].text ?? "{}",
                       decidedAt: row["decided_at"].int,
                       decidedBy: row["decided_by"].text, note: row["note"].text)
    }

    /// Records a shadow candidate whose findings `run` published under the shadow kind. The previous
    /// undecided candidate of the model is superseded.
    public func registerCandidate(_ model: String, run: Int64, fingerprint: String, parameters: String, training: String, metrics: String,
                                  importances: String) async throws -> ModelCandidate {
        let now = self.now
        try await db.transaction([
            SQLStatement("UPDATE model_candidates SET status = 'superseded', decided_at = ? WHERE model = ? AND status = 'shadow'",
                         [.int(now), .text(model)]),
            SQLStatement(
                """
                INSERT INTO model_candidates (model, trained_at, run_id, fingerprint, parameters, training, metrics, importances, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'shadow')
                """,
                [.text(model), .int(now), .int(run), .text(fingerprint), .text(parameters), .text(training), .text(metrics), .text(importances)]),
        ])
        guard let row = try await db.queryOne(
            "SELECT \(Self.candidateColumns) FROM model_candidates WHERE model = ? AND status = 'shadow' ORDER BY id DESC LIMIT 1", [.text(model)]) else {
            throw StoreError.internalInconsistency("candidate of \(model) was not stored")
        }
        return Self.candidate(row)
    }

    /// Keeps the review material (JSON) of a candidate still in shadow mode.
    public func setCandidateReview(id: Int64, review: String) async throws {
        try await db.transaction([SQLStatement("UPDATE model_candidates SET review = ? WHERE id = ? AND status = 'shadow'", [.text(review), .int(id)],
                                               requiredChange: "candidate \(id) is not in shadow mode")])
    }

    /// The candidates of a model, newest first.
    public func modelCandidates(_ model: String) async throws -> [ModelCandidate] {
        try await db.query("SELECT \(Self.candidateColumns) FROM model_candidates WHERE model = ? ORDER BY id DESC", [.text(model)]).map(Self.candidate)
    }

    /// Promotes a shadow candidate: it becomes the model's next active version (the previous one is
    /// retired) and its shadow findings replace the live ones (kept in the score history), in one
    /// transaction. Refused unless the candidate is still in shadow mode and its findings are the
    /// current shadow findings.
    public func promoteCandidate(id: Int64, shadowKind: String, liveKind: String, actor: String, note: String?) async throws -> ModelVersion {
        guard let row = try await db.queryOne("SELECT \(Self.candidateColumns) FROM model_candidates WHERE id = ?", [.int(id)]) else {
            throw StoreError.notFound(kind: "model candidate", id: String(id))
        }
        let candidate = Self.candidate(row)
        guard candidate.status == "shadow" else {
            throw StoreError.conflict("candidate \(id) is \(candidate.status); only a candidate in shadow mode is promoted")
        }
        guard try await db.scalarInt("SELECT COUNT(*) FROM findings WHERE kind = ? AND run_id = ?", [.text(shadowKind), .int(candidate.runID)]) > 0 else {
            throw StoreError.conflict("candidate \(id) has no shadow findings any more; score it again in shadow mode")
        }
        let run = try await beginAnalysis(candidate.model, parameters: candidate.parameters)
        let now = self.now
        try await db.transaction([
            SQLStatement(
                "UPDATE model_candidates SET status = 'promoted', decided_at = ?, decided_by = ?, note = ? WHERE id = ? AND status = 'shadow'",
                [.int(now), .text(actor), .text(note), .int(id)],
                requiredChange: "candidate \(id) changed while you were working on it; reload and try again"),
            SQLStatement("UPDATE model_versions SET status = 'retired' WHERE model = ? AND status = 'active'", [.text(candidate.model)]),
            SQLStatement(
                """
                INSERT INTO model_versions (model, version, trained_at, fingerprint, parameters, training, metrics, importances, status)
                SELECT model, (SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE model = ?), trained_at, fingerprint, parameters,
                       training, metrics, importances, 'active'
                FROM model_candidates WHERE id = ?
                """,
                [.text(candidate.model), .int(id)]),
            SQLStatement("DELETE FROM findings WHERE kind = ?", [.text(liveKind)]),
            SQLStatement(
                """
                INSERT INTO findings (run_id, analysis, kind, subject, score, label, adcode, details, created_at)
                SELECT ?, analysis, ?, subject, score, label, adcode, details, ? FROM findings WHERE kind = ? AND run_id = ?
                """,
                [.int(run), .text(liveKind), .int(now), .text(shadowKind), .int(candidate.runID)]),
            SQLStatement("DELETE FROM findings WHERE kind = ?", [.text(shadowKind)]),
            SQLStatement(
                "INSERT INTO finding_history (kind, subject, run_id, at, score, label) SELECT kind, subject, run_id, created_at, score, label FROM findings WHERE run_id = ?",
                [.int(run)]),
            SQLStatement("UPDATE analysis_runs SET status = 'done', finished_at = ?, summary = ? WHERE id = ?",
                         [.int(now), .text("{\"promoted_candidate\":\(id)}"), .int(run)]),
        ])
        guard let active = try await modelVersions(candidate.model).first(where: { $0.status == "active" }) else {
            throw StoreError.internalInconsistency("model \(candidate.model) has no active version after a promotion")
        }
        return active
    }

    /// Rejects a shadow candidate (a note says why); its shadow findings are dropped.
    public func rejectCandidate(id: Int64, shadowKind: String, actor: String, note: String?) async throws -> ModelCandidate {
        guard let note = note?.trimmingCharacters(in: .whitespacesAndNewlines), !note.isEmpty else {
            throw StoreError.invalid(field: "note", reason: "say why the candidate is rejected")
        }
        guard let row = try await db.queryOne("SELECT run_id FROM model_candidates WHERE id = ?", [.int(id)]) else {
            throw StoreError.notFound(kind: "model candidate", id: String(id))
        }
        try await db.transaction([
            SQLStatement(
                "UPDATE model_candidates SET status = 'rejected', decided_at = ?, decided_by = ?, note = ? WHERE id = ? AND status = 'shadow'",
                [.int(now), .text(actor), .text(note), .int(id)],
                requiredChange: "candidate \(id) is not in shadow mode"),
            SQLStatement("DELETE FROM findings WHERE kind = ? AND run_id = ?", [.text(shadowKind), .int(row["run_id"].int ?? 0)]),
        ])
        guard let updated = try await db.queryOne("SELECT \(Self.candidateColumns) FROM model_candidates WHERE id = ?", [.int(id)]) else {
            throw StoreError.notFound(kind: "model candidate", id: String(id))
        }
        return Self.candidate(updated)
    }
}
