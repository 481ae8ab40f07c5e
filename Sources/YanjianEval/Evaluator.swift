import Foundation
import YanjianCore

/// The scorer every analysis is judged by: compares a world's `truth.json` with the platform's
/// `findings.json` and reports every score against the issues' targets.
///
/// Values are canonicalised on both sides before comparison (phone digits without country code, ID
/// numbers and plates upper-case without separators, full-width characters half-width, everything
/// trimmed), so a spelling difference is never a miss.
public enum Evaluator {
    /// Scores `findings` against `truth`.
    public static func evaluate(truth: Truth, findings: Findings, targets: EvalTargets = .standard) -> EvalReport {
        let gangs = GangScorer.score(truth: truth.gangs, predicted: findings.gangs)
        let (retailers, topRetailers) = RankingScorer.retailers(
            truth: truth.anomalousRetailers, decoys: truth.decoys, predicted: findings.anomalousRetailers)
        let convoys = SetScores(
            predicted: PlatePair.expand(findings.convoys.map(\.plates)), actual: PlatePair.expand(truth.convoys))
        let cloned = SetScores(
            predicted: Set(findings.clonedPlates.map { Canonical.plate($0.plate) }),
            actual: Set(truth.clonedPlates.map(Canonical.plate)))
        let night = SetScores(
            predicted: Set(findings.nightVehicles.map { Canonical.plate($0.plate) }),
            actual: Set(truth.nightVehicles.map(Canonical.plate)))
        let tips = RankingScorer.tips(truth: truth.trueTips, predicted: findings.tips)
        let decoys = DecoyScorer.score(decoys: truth.decoys, findings: findings, topRetailers: topRetailers)

        let checks = makeChecks(
            targets: targets, gangs: gangs, retailers: retailers,
            vehicles: [("convoys", convoys), ("cloned_plates", cloned), ("night_vehicles", night)], decoys: decoys)
        var passes: [String: Bool] = [:]
        for check in checks { passes[check.name] = check.passed }
        return EvalReport(
            seed: truth.seed,
            gangs: gangs,
            retailers: retailers,
            convoys: convoys,
            clonedPlates: cloned,
            nightVehicles: night,
            tips: tips,
            decoys: decoys,
            checks: checks,
            passes: passes,
            allPass: checks.allSatisfy(\.passed)
        )
    }

    /// Reads both files and scores them.
    /// - Throws: ``EvalError`` naming the file, and for bad JSON the path of the offending field.
    public static func run(truthURL: URL, findingsURL: URL, targets: EvalTargets = .standard) throws -> EvalReport {
        let truth = try load(Truth.self, from: truthURL)
        let findings = try load(Findings.self, from: findingsURL)
        return evaluate(truth: truth, findings: findings, targets: targets)
    }

    static func load<Value: Decodable>(_ type: Value.Type, from url: URL) throws -> Value {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else { throw EvalError.fileNotFound(path: path) }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw EvalError.unreadable(path: path, reason: error.localizedDescription)
        }
        do {
            return try JSONDecoder().decode(Value.self, from: data)
        } catch {
            throw EvalError.from(error, path: path)
        }
    }

    private static func makeChecks(
        targets: EvalTargets,
        gangs: EvalReport.GangScores,
        retailers: EvalReport.RetailerScores,
        vehicles: [(name: String, scores: SetScores)],
        decoys: EvalReport.DecoyScores
    ) -> [EvalReport.TargetCheck] {
        var checks: [EvalReport.TargetCheck] = []
        // With nothing to find, a ratio is nil and its target passes vacuously.
        checks.append(
            .init(
                name: "gangs.adjusted_rand_index", value: gangs.adjustedRandIndex,
                target: atLeast(targets.gangAdjustedRandIndex),
                passed: (gangs.adjustedRandIndex ?? 1) >= targets.gangAdjustedRandIndex))
        let noGangs = gangs.trueMembers == 0 && gangs.matchedMembers == 0
        checks.append(
            .init(
                name: "gangs.tier_accuracy", value: gangs.tierAccuracy, target: atLeast(targets.tierAccuracy),
                passed: noGangs || (gangs.tierAccuracy ?? 0) >= targets.tierAccuracy))
        checks.append(
            .init(
                name: "gangs.tier1_found", value: gangs.tier1Fraction, target: atLeast(targets.tier1Fraction),
                passed: (gangs.tier1Fraction ?? 1) >= targets.tier1Fraction))
        checks.append(
            .init(
                name: "anomalous_retailers.precision_at_k", value: retailers.precisionAtK,
                target: atLeast(targets.retailerPrecisionAtK),
                passed: (retailers.precisionAtK ?? 1) >= targets.retailerPrecisionAtK))
        for pattern in retailers.patternRecall {
            checks.append(
                .init(
                    name: "anomalous_retailers.recall.\(pattern.pattern)", value: pattern.recall,
                    target: atLeast(targets.patternRecall), passed: pattern.recall >= targets.patternRecall))
        }
        for (name, scores) in vehicles {
            checks.append(
                .init(
                    name: "\(name).recall", value: scores.recall,
                    target: atLeast(targets.vehicleRecall) + " at precision " + atLeast(targets.vehiclePrecision),
                    passed: scores.passes(minimumRecall: targets.vehicleRecall, minimumPrecision: targets.vehiclePrecision)))
        }
        checks.append(
            .init(
                name: "decoys.flagged", value: Double(decoys.flagged), target: "<= \(targets.maximumDecoysFlagged)",
                passed: decoys.flagged <= targets.maximumDecoysFlagged))
        return checks
    }

    private static func atLeast(_ value: Double) -> String {
        ">= " + String(format: "%.2f", value)
    }
}
