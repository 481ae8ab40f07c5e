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
