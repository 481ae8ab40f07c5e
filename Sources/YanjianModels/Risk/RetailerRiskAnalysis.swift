import Foundation
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
            let scores = try await RiskScorer.score(measurements, parameters: parameters)
            let findings = try makeFindings(directory: directory, measurements: measurements, scores: scores)
            let summaryText = String(decoding: try JSONEncoder.sorted.encode(scores.summary), as: UTF8.self)
            try await store.publishFindings(
                run: run, analysis: name, kinds: [FindingKind.retailerRisk], findings: findings, summary: summaryText)
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
