import Foundation
import Logging
import YanjianCore
import YanjianEval
import YanjianIngest
import YanjianModels
import YanjianStore
import YanjianSynth
import YanjianTesting

/// Generates a world, imports the files the retailer score reads, runs the analysis and scores the
/// ranking against the world's truth (only tests read truth.json).
enum RiskWorld {
    /// The files retailer risk reads (the rest of a world is not needed for it).
    static let files = [
        "retailers.csv", "business_registry.csv", "persons.csv", "cases.csv", "payments.csv", "tips.jsonl",
        "orders.csv", "pos_sales.csv", "case_links.csv",
    ]

    struct Outcome {
        var report: EvalReport
        var summary: RiskRunSummary
        var findings: Findings
        var truth: Truth
        var exported: [RiskFindings.Entry]
        var seconds: (generate: Double, importing: Double, analysis: Double)
    }

    static func run(seed: UInt64, scale: Double, messy: Bool = false) async throws -> Outcome {
        let keep = ProcessInfo.processInfo.environment["YANJIAN_RISK_KEEP"]
        let folder = keep.map { URL(fileURLWithPath: $0).appendingPathComponent("world-\(seed)-\(scale)") }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("yanjian-risk-\(seed)-\(scale)-\(UUID().uuidString)")
        defer { if keep == nil { try? FileManager.default.removeItem(at: folder) } }
        let t0 = Date()
        try WorldGenerator.generate(
            WorldConfig(seed: seed, scale: scale, messy: messy, waybills: 2000, plateReads: 10_000), to: folder)
        let t1 = Date()
        let (store, cleanup): (Store, @Sendable () async -> Void)
        if keep != nil {
            var logger = Logger(label: "risk-test")
            logger.logLevel = .warning
            let path = folder.appendingPathComponent("risk.db").path
            try? FileManager.default.removeItem(atPath: path)
            let opened = try Store.open(.sqlite(path: path), logger: logger)
            try await opened.migrate()
            (store, cleanup) = (opened, { await opened.close() })
        } else {
            (store, cleanup) = try await TestDatabases.open(.sqlite)
        }
        do {
            var logger = Logger(label: "risk-test")
            logger.logLevel = .warning
            let paths = files.map { folder.appendingPathComponent($0) }
                .filter { FileManager.default.fileExists(atPath: $0.path) }
            _ = try await Importer(store: store, logger: logger, source: "test", actor: "test").run(paths: paths)
            let t2 = Date()
            let summary = try await RetailerRiskAnalysis.run(store: store, logger: logger)
            let t3 = Date()
            let findings = try await store.exportFindings(scope: .system, generatedAt: "2026-03-01T00:00:00+08:00")
            let exported = try await RiskFindings.export(store: store)
            let truth = try Truth.decode(from: Data(contentsOf: folder.appendingPathComponent("truth.json")))
            let report = Evaluator.evaluate(truth: truth, findings: findings)
            await cleanup()
            return Outcome(
                report: report, summary: summary, findings: findings, truth: truth, exported: exported,
                seconds: (t1.timeIntervalSince(t0), t2.timeIntervalSince(t1), t3.timeIntervalSince(t2)))
        } catch {
            await cleanup()
            throw error
        }
    }

    /// One line of scores, then the planted retailers outside the top k and the others inside it.
    static func describe(_ outcome: Outcome, details: Bool) -> String {
        let r = outcome.report.retailers
        var lines: [String] = []
        let recalls = r.patternRecall.map { "\($0.pattern)=\($0.inTopK)/\($0.actual)" }.joined(separator: " ")
        lines.append(
            "seed \(outcome.report.seed): k=\(r.k) p@k=\(String(format: "%.3f", r.precisionAtK ?? -1)) "
                + "AP=\(String(format: "%.3f", r.averagePrecision ?? -1)) recall \(recalls) "
                + "pattern-acc=\(String(format: "%.2f", r.patternAccuracy ?? -1)) decoys-in-top-k=\(r.decoysInTopK) "
                + "forest: \(outcome.summary.forestNote) "
                + String(format: "(generate %.1fs, import %.1fs, analysis %.1fs)", outcome.seconds.generate, outcome.seconds.importing, outcome.seconds.analysis))
        guard details else { return lines.joined(separator: "\n") }
        let planted = Dictionary(outcome.truth.anomalousRetailers.map { ($0.licenceNo, $0.pattern) }, uniquingKeysWith: { a, _ in a })
        let decoys = Set(outcome.truth.decoys.map(\.value))
        for (rank, entry) in outcome.exported.enumerated() {
            let inTop = rank < r.k
            if let pattern = planted[entry.licenceNo], !inTop {
                lines.append("  MISSED \(pattern) rank \(rank + 1) score \(String(format: "%.1f", entry.score)) label \(entry.pattern ?? "-"): \(entry.reasons.prefix(3).joined(separator: "; "))")
            } else if planted[entry.licenceNo] == nil && inTop {
                let kind = decoys.contains(entry.licenceNo) ? "DECOY" : "FALSE"
                lines.append("  \(kind) rank \(rank + 1) score \(String(format: "%.1f", entry.score)) label \(entry.pattern ?? "-"): \(entry.reasons.prefix(3).joined(separator: "; "))")
            } else if decoys.contains(entry.licenceNo) {
                lines.append("  decoy rank \(rank + 1) score \(String(format: "%.1f", entry.score))")
            }
        }
        return lines.joined(separator: "\n")
    }
}
