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

    /// The finding kind a shadow-mode run writes: kept apart from the live ranking, read by no warning rule.
    public static let shadowKind = "retailer_risk_shadow"

    /// Runs the analysis and replaces all earlier retailer-risk findings. Without `parameters`, the
    /// active model version's parameters are used (defaults when no version exists yet), so a promoted
    /// candidate stays in force; with them, they apply at once (see `shadow` for the reviewed way).
    @discardableResult
    public static func run(store: Store, logger: Logger, parameters: RiskParameters? = nil) async throws -> RiskRunSummary {
        let parameters = try await resolved(parameters, store: store)
        let run = try await store.beginAnalysis(name, parameters: parametersJSON(parameters))
        do {
            guard try await store.db.scalarInt("SELECT COUNT(*) FROM retailers", []) > 0 else {
                // A store without licences (police or courier data only): nothing to score, and no
                // model to fit, which is not an error.
                let summary = RiskRunSummary(
                    retailers: 0, flagged: 0, flaggedByPattern: [:], caseLabelled: 0, forestUsed: false, forestOutOfBagAUC: nil,
                    forestNote: "no retailers in the store", segments: 0)
                let summaryText = String(decoding: try JSONEncoder.sorted.encode(summary), as: UTF8.self)
                try await store.publishFindings(
                    run: run, analysis: name, kinds: [FindingKind.retailerRisk], findings: [], summary: summaryText, keepHistory: true)
                logger.info("retailer risk skipped: no retailers in the store")
                return summary
            }
            let started = Date()
            let (directory, measurements, scores, loaded) = try await score(store: store, parameters: parameters)
            var summary = scores.summary
            let registered = try await register(scores: scores, directory: directory, measurements: measurements, parameters: parameters, store: store)
            summary.modelVersion = registered.version.version
            if registered.isNew { logger.info("retailer risk model version \(registered.version.version) registered") }
            let findings = try makeFindings(directory: directory, measurements: measurements, scores: scores, kind: FindingKind.retailerRisk)
            let summaryText = String(decoding: try JSONEncoder.sorted.encode(summary), as: UTF8.self)
            try await store.publishFindings(
                run: run, analysis: name, kinds: [FindingKind.retailerRisk], findings: findings, summary: summaryText, keepHistory: true)
            logger.info(
                "retailer risk scored",
                metadata: [
                    "retailers": "\(scores.count)", "flagged": "\(summary.flagged)",
                    "load_s": "\(loaded.timeIntervalSince(started))", "total_s": "\(Date().timeIntervalSince(started))",
                    "forest": "\(summary.forestNote)",
                ])
            return summary
        } catch {
            try? await store.failAnalysis(run: run, reason: String(describing: error))
            throw error
        }
    }

    /// Shadow mode: scores every retailer with candidate `parameters` (the active version's when nil),
    /// stores the scores under `shadowKind` — no warning reads them — and records a candidate for a
    /// person to promote or reject. Returns nil for the candidate when it is the active model itself.
    public static func shadow(store: Store, logger: Logger, parameters: RiskParameters? = nil) async throws -> (summary: RiskRunSummary, candidate: ModelCandidate?) {
        let parameters = try await resolved(parameters, store: store)
        let run = try await store.beginAnalysis(name + "_shadow", parameters: parametersJSON(parameters))
        do {
            let (directory, measurements, scores, _) = try await score(store: store, parameters: parameters)
            let facts = try trainingFacts(scores: scores, directory: directory, measurements: measurements, parameters: parameters)
            let findings = try makeFindings(directory: directory, measurements: measurements, scores: scores, kind: shadowKind)
            let summaryText = String(decoding: try JSONEncoder.sorted.encode(scores.summary), as: UTF8.self)
            try await store.publishFindings(run: run, analysis: name + "_shadow", kinds: [shadowKind], findings: findings, summary: summaryText)
            if let active = try await store.modelVersions(modelName).first(where: { $0.status == "active" }), active.fingerprint == facts.fingerprint {
                logger.info("the shadow run is the active model v\(active.version) itself")
                var summary = scores.summary
                summary.modelVersion = active.version
                return (summary, nil)
            }
            let candidate = try await store.registerCandidate(modelName, run: run, fingerprint: facts.fingerprint, parameters: facts.parameters,
                                                              training: facts.training, metrics: facts.metrics, importances: facts.importances)
            return (scores.summary, candidate)
        } catch {
            try? await store.failAnalysis(run: run, reason: String(describing: error))
            throw error
        }
    }

    /// The parameters to score with: the given ones, or the active version's, or the defaults.
    static func resolved(_ parameters: RiskParameters?, store: Store) async throws -> RiskParameters {
        if let parameters { return parameters }
        guard let active = try await store.modelVersions(modelName).first(where: { $0.status == "active" }) else { return RiskParameters() }
        return RiskParameters(registryJSON: active.parameters)
    }

    static func score(store: Store, parameters: RiskParameters) async throws
        -> (directory: RetailerDirectory, measurements: RetailerMeasurements, scores: RiskScores, loaded: Date) {
        let (directory, measurements) = try await RetailerFeatureLoader.load(from: store)
        let loaded = Date()
        let scores = try await RiskScorer.score(measurements, parameters: parameters)
        return (directory, measurements, scores, loaded)
    }

    /// The model registry's name for this model.
    public static let modelName = "retailer_risk"

    /// What the registry records about a trained model: a fingerprint of its parameters and labels
    /// (the case-linked and verified retailers), the label counts, metrics and importances.
    struct TrainingFacts {
        var fingerprint, parameters, training, metrics, importances: String
    }

    static func trainingFacts(scores: RiskScores, directory: RetailerDirectory, measurements: RetailerMeasurements,
                              parameters: RiskParameters) throws -> TrainingFacts {
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
        return TrainingFacts(fingerprint: fingerprint, parameters: parametersText, training: try text(training), metrics: try text(metrics),
                             importances: try text(summary.importances))
    }

    /// Records the model these scores come from. The version changes when what it learned from
    /// changes: the labels (case-linked and verified retailers) or the parameters — so feedback from
    /// on-site verification produces a new version on the next run.
    static func register(scores: RiskScores, directory: RetailerDirectory, measurements: RetailerMeasurements,
                         parameters: RiskParameters, store: Store) async throws -> (version: ModelVersion, isNew: Bool) {
        let facts = try trainingFacts(scores: scores, directory: directory, measurements: measurements, parameters: parameters)
        return try await store.registerModel(modelName, fingerprint: facts.fingerprint, parameters: facts.parameters, training: facts.training,
                                             metrics: facts.metrics, importances: facts.importances)
    }

    /// One finding per retailer.
    static func makeFindings(directory: RetailerDirectory, measurements: RetailerMeasurements, scores: RiskScores,
                             kind: String) throws -> [StoredFinding] {
        let encoder = JSONEncoder.sorted
        var findings: [StoredFinding] = []
        findings.reserveCapacity(scores.count)
        for i in 0..<scores.count {
            let details = RiskDetails(directory: directory, measurements: measurements, scores: scores, retailer: i)
            findings.append(
                StoredFinding(
                    kind: kind, subject: directory.licenceNos[i], score: (scores.score[i] * 10_000).rounded() / 10_000,
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

extension RiskParameters {
    /// The defaults with the fields the model registry records (`flag_level`, `minimum_peers`,
    /// `trees`, `seed`) taken from its JSON; unreadable or missing fields keep their defaults.
    public init(registryJSON text: String) {
        self.init()
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else { return }
        if let value = object["flag_level"] as? Double, value > 0 { flagLevel = value }
        if let value = object["minimum_peers"] as? Int, value > 0 { minimumPeers = value }
        if let value = object["trees"] as? Int, value > 0 { trees = value }
        if let value = (object["seed"] as? NSNumber)?.uint64Value { seed = value }
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
