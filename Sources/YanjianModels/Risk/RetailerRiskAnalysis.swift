import Foundation
import YanjianCore
import Logging
import YanjianStore

/// The retailer risk analysis: reads the store, scores every retailer and publishes one
/// `FindingKind.retailerRisk` finding per retailer (a ranking: subject = licence number, score 0–100,
/// label = pattern when flagged, details = reasons and evidence as JSON).
public enum RetailerRiskAnalysis {
    /// The analysis name recorded in `analysis_runs`.
    public static let name = "retailer_risk"

    /// Runs the analysis and replaces all earlier retailer-risk findings.
    @discardableResult
    public static func run(store: Store, logger: Logger, parameters: RiskParameters = .init()) async throws -> RiskRunSummary {
        let run = try await store.beginAnalysis(name, parameters: parametersJSON(parameters))
        do {
            let started = Date()
            let (directory, measurements) = try await RetailerFeatureLoader.load(from: store)
            let loaded = Date()
            var scores = try await RiskScorer.score(measurements, parameters: parameters)
            let registered = try await register(scores: scores, directory: directory, measurements: measurements, parameters: parameters, store: store)
            scores.summary.modelVersion = registered.version.version
            if registered.isNew { logger.info("retailer risk model version \(registered.version.version) registered") }
            let findings = try makeFindings(directory: directory, measurements: measurements, scores: scores)
            let summaryText = String(decoding: try JSONEncoder.sorted.encode(scores.summary), as: UTF8.self)
            try await store.publishFindings(
                run: run, analysis: name, kinds: [FindingKind.retailerRisk], findings: findings, summary: summaryText, keepHistory: true)
            logger.info(
                "retailer risk scored",
                metadata: [
                    "retailers": "\(scores.count)", "flagged": "\(scores.summary.flagged)",
                    "load_s": "\(loaded.timeIntervalSince(started))", "total_s": "\(Date().timeIntervalSince(started))",
                    "forest": "\(scores.summary.forestNote)",
                ])
            return scores.summary
        } catch {
            try? await store.failAnalysis(run: run, reason: String(describing: error))
            throw error
        }
    }

    /// The model registry's name for this model.
    public static let modelName = "retailer_risk"

    /// Records the model these scores come from. The version changes when what it learned from
    /// changes: the labels (case-linked and verified retailers) or the parameters — so feedback from
    /// on-site verification produces a new version on the next run.
    static func register(scores: RiskScores, directory: RetailerDirectory, measurements: RetailerMeasurements,
                         parameters: RiskParameters, store: Store) async throws -> (version: ModelVersion, isNew: Bool) {
        let positives = (0..<scores.count).filter { scores.labels[$0] }.map { directory.licenceNos[$0] }.sorted()
        let dismissed = (0..<scores.count).filter { measurements.verified[$0] < 0 }.map { directory.licenceNos[$0] }.sorted()
        let parametersText = parametersJSON(parameters)
        let fingerprint = Store.fingerprint([parametersText, String(scores.count), positives.joined(separator: ","), dismissed.joined(separator: ",")])
        let summary = scores.summary
        let training: [String: Any] = [
            "retailers": scores.count, "positives": positives.count, "verified_positive": summary.verifiedPositive,
            "verified_negative": summary.verifiedNegative, "case_labelled": summary.caseLabelled,
        ]
        var metrics: [String: Any] = ["flagged": summary.flagged, "forest_used": summary.forestUsed, "forest_note": summary.forestNote,
                                      "segments": summary.segments]
        if let auc = summary.forestOutOfBagAUC { metrics["forest_oob_auc"] = (auc * 10_000).rounded() / 10_000 }
        func text(_ object: Any) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }
        return try await store.registerModel(modelName, fingerprint: fingerprint, parameters: parametersText, training: try text(training),
                                             metrics: try text(metrics), importances: try text(summary.importances))
    }

    /// One finding per retailer.
    static func makeFindings(directory: RetailerDirectory, measurements: RetailerMeasurements, scores: RiskScores) throws -> [StoredFinding] {
        let encoder = JSONEncoder.sorted
        var findings: [StoredFinding] = []
        findings.reserveCapacity(scores.count)
        for i in 0..<scores.count {
            let details = RiskDetails(directory: directory, measurements: measurements, scores: scores, retailer: i)
            findings.append(
                StoredFinding(
                    kind: FindingKind.retailerRisk, subject: directory.licenceNos[i], score: (scores.score[i] * 10_000).rounded() / 10_000,
                    label: scores.flagged[i] ? scores.pattern[i].rawValue : nil,
                    adcode: directory.adcodes[i].isEmpty ? nil : directory.adcodes[i],
                    details: String(decoding: try encoder.encode(details), as: UTF8.self)))
        }
        return findings
    }

    static func parametersJSON(_ p: RiskParameters) -> String {
        "{\"flag_level\":\(p.flagLevel),\"minimum_peers\":\(p.minimumPeers),\"trees\":\(p.trees),\"seed\":\(p.seed)}"
    }
}

extension JSONEncoder {
    /// An encoder with sorted keys, so details are byte-identical across runs.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
