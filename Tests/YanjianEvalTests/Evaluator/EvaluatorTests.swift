import Foundation
import Testing
import YanjianCore
import YanjianEval

@Suite("Evaluator")
struct EvaluatorTests {
    @Test("Findings built from a truth score 1 everywhere and pass every target")
    func perfect() throws {
        let truth = TruthFixture.make()
        let report = Evaluator.evaluate(truth: truth, findings: Evaluator.findings(fromTruth: truth))
        #expect(report.gangs.adjustedRandIndex == 1)
        #expect(report.gangs.memberPrecision == 1 && report.gangs.memberRecall == 1)
        #expect(report.gangs.tierAccuracy == 1)
        #expect(report.gangs.tier1Found == 10 && report.gangs.tier1Fraction == 1)
        #expect(report.retailers.k == 50 && report.retailers.precisionAtK == 1 && report.retailers.averagePrecision == 1)
        #expect(report.retailers.patternRecall.map(\.pattern) == TruthFixture.patterns)
        #expect(report.retailers.patternRecall.allSatisfy { $0.recall == 1 && $0.actual == 10 })
        #expect(report.retailers.patternAccuracy == 1)
        #expect(report.convoys.actual == 4 * 1 + 3 * 3 + 3 * 6)
        for scores in [report.convoys, report.clonedPlates, report.nightVehicles] {
            #expect(scores.precision == 1 && scores.recall == 1 && scores.f1 == 1)
        }
        #expect(report.tips.averagePrecision == 1 && report.tips.precisionAtK == 1)
        #expect(report.decoys.total == 3 && report.decoys.flagged == 0)
        #expect(report.allPass)
        #expect(report.passes.values.allSatisfy { $0 })
    }

    @Test("Random findings score near chance", arguments: [UInt64(1), 2, 3])
    func random(seed: UInt64) throws {
        let truth = TruthFixture.make()
        let findings = Evaluator.randomFindings(for: truth, seed: seed)
        #expect(findings.anomalousRetailers.count == 2_000)
        let report = Evaluator.evaluate(truth: truth, findings: findings)
        let ari = try #require(report.gangs.adjustedRandIndex)
        #expect(ari < 0.2, "seed \(seed): ARI \(ari)")
        let precision = try #require(report.retailers.precisionAtK)
        #expect(precision < 0.3, "seed \(seed): P@k \(precision)")
        #expect(try #require(report.tips.averagePrecision) < 0.5)
        #expect(!report.allPass)
        #expect(report.passes["gangs.adjusted_rand_index"] == false)
    }

    @Test("Random findings are repeatable for a seed")
    func randomRepeatable() {
        let truth = TruthFixture.make()
        #expect(Evaluator.randomFindings(for: truth, seed: 9) == Evaluator.randomFindings(for: truth, seed: 9))
    }

    @Test("Phone, ID and plate spellings in the findings meet the truth's canonical values")
    func spellings() {
        let truth = Truth(
            seed: 1,
            gangs: [
                Truth.Gang(
                    gangID: "G1",
                    members: [
                        Truth.Member(kind: "phone", value: "13812345678", tier: 1),
                        Truth.Member(kind: "id_no", value: "61010319800101123x", tier: 2),
                    ])
            ],
            clonedPlates: ["陕A12345"])
        let findings = Findings(
            generatedAt: "",
            gangs: [
                Findings.Gang(
                    gangID: "P",
                    members: [
                        Findings.Member(kind: "phone", value: "+86 138-1234-5678", tier: 1),
                        Findings.Member(kind: "id_no", value: "61010319800101123X", tier: 2),
                    ])
            ],
            clonedPlates: [Findings.Scored(plate: "陕a·12345", score: 1)])
        let report = Evaluator.evaluate(truth: truth, findings: findings)
        #expect(report.gangs.memberRecall == 1 && report.gangs.memberPrecision == 1)
        #expect(report.gangs.adjustedRandIndex == 1 && report.gangs.tierAccuracy == 1)
        #expect(report.clonedPlates.recall == 1 && report.clonedPlates.precision == 1)
    }

    @Test("Tier accuracy counts only members inside the true gang their predicted gang matches")
    func tierAccuracy() throws {
        let truth = Truth(
            seed: 1,
            gangs: [
                Truth.Gang(gangID: "G1", members: [member("p1", 1), member("p2", 2), member("p3", 3)]),
                Truth.Gang(gangID: "G2", members: [member("p4", 1), member("p5", 3)]),
            ])
        let findings = Findings(
            generatedAt: "",
            gangs: [
                Findings.Gang(gangID: "A", members: [predicted("p1", 1), predicted("p2", 3), predicted("p4", 1)]),
                Findings.Gang(gangID: "B", members: [predicted("p5", 3), predicted("p1", 2)]),
            ])
        let gangs = Evaluator.evaluate(truth: truth, findings: findings).gangs
        // A matches G1 (p1, p2; p4 is outside); B matches G2 (p5; p1 already counted in A).
        #expect(gangs.matchedMembers == 3 && gangs.matchedWithTier == 3 && gangs.tierCorrect == 2)
        #expect(gangs.memberPrecision == 1)
        #expect(gangs.memberRecall == 0.8)
        #expect(gangs.tier1Found == 2 && gangs.tier1Total == 2)
        // Truth [G1 G1 G1 G2 G2] against [A A singleton A B]: (1 − 1.2) / (3.5 − 1.2) = −2/23.
        let ari = try #require(gangs.adjustedRandIndex)
        #expect(abs(ari + 2.0 / 23.0) < 1e-12)
    }

    @Test("Decoys in conclusions are counted once each and fail the run")
    func decoys() {
        let truth = Truth(
            seed: 1,
            anomalousRetailers: [Truth.AnomalousRetailer(licenceNo: "L1", pattern: "outflow")],
            decoys: [
                Truth.Decoy(kind: "phone", value: "13900099999"),
                Truth.Decoy(kind: "phone", value: "+86 13900099999"),
                Truth.Decoy(kind: "plate", value: "陕A99999"),
                Truth.Decoy(kind: "licence_no", value: "L9"),
                Truth.Decoy(kind: "licence_no", value: "L8"),
            ])
        let findings = Findings(
            generatedAt: "",
            gangs: [Findings.Gang(gangID: "X", members: [Findings.Member(kind: "phone", value: "139 0009 9999")])],
            anomalousRetailers: [
                Findings.Retailer(licenceNo: "L9", score: 9), Findings.Retailer(licenceNo: "L1", score: 5),
                Findings.Retailer(licenceNo: "L8", score: 1),
            ],
            nightVehicles: [Findings.Scored(plate: "陕A 99999", score: 1)])
        let report = Evaluator.evaluate(truth: truth, findings: findings)
        #expect(report.decoys.total == 4)
        #expect(report.decoys.flagged == 3)
        #expect(report.decoys.flaggedDecoys.map(\.foundIn) == ["gang X", "night_vehicles", "anomalous_retailers top k"])
        #expect(report.retailers.decoysInTopK == 1)
        #expect(report.passes["decoys.flagged"] == false)
    }

    @Test("An empty truth scored against empty findings has null ratios and passes vacuously")
    func empty() throws {
        let report = Evaluator.evaluate(truth: Truth(seed: 0), findings: .empty)
        #expect(report.gangs.adjustedRandIndex == nil && report.retailers.precisionAtK == nil)
        #expect(report.allPass)
        let object = try JSONSerialization.jsonObject(with: try report.encodedJSON()) as? [String: Any]
        let gangs = try #require(object?["gangs"] as? [String: Any])
        #expect(gangs["adjusted_rand_index"] is NSNull)
        #expect(try JSONDecoder().decode(EvalReport.self, from: try report.encodedJSON()) == report)
    }

    @Test("The table lists every target with its verdict")
    func table() {
        let truth = TruthFixture.make()
        let report = Evaluator.evaluate(truth: truth, findings: Evaluator.randomFindings(for: truth, seed: 1))
        let table = report.renderTable()
        #expect(table.hasPrefix("section"))
        #expect(table.contains("adjusted Rand index"))
        #expect(table.contains("FAIL"))
        #expect(table.contains("recall outflow"))
        #expect(table.hasSuffix("targets FAIL\n"))
        let perfect = Evaluator.evaluate(truth: truth, findings: Evaluator.findings(fromTruth: truth)).renderTable()
        #expect(!perfect.contains("FAIL"))
        #expect(perfect.hasSuffix("seed 7: all \(report.checks.count) targets pass\n"))
    }

    @Test("A missing file is reported by path")
    func missingFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let truthURL = directory.appendingPathComponent("truth.json")
        try TruthFixture.make().encodedJSON().write(to: truthURL)
        let missing = directory.appendingPathComponent("findings.json")
        #expect(throws: EvalError.fileNotFound(path: missing.path)) {
            try Evaluator.run(truthURL: truthURL, findingsURL: missing)
        }
    }

    @Test("A JSON error names the file and the field's coding path")
    func badJSON() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let truthURL = directory.appendingPathComponent("truth.json")
        let findingsURL = directory.appendingPathComponent("findings.json")
        try TruthFixture.make().encodedJSON().write(to: truthURL)
        try Data(#"{"gangs": [{"gang_id": "A", "members": [{"kind": "phone", "value": "1", "tier": "one"}]}]}"#.utf8)
            .write(to: findingsURL)
        let error = try #require(throws: EvalError.self) {
            try Evaluator.run(truthURL: truthURL, findingsURL: findingsURL)
        }
        guard case .invalidJSON(let path, let codingPath, _) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(path == findingsURL.path)
        #expect(codingPath == "gangs[0].members[0].tier")
        #expect(error.description.contains("findings.json"))

        try Data("{\"seed\": 1,".utf8).write(to: truthURL)
        #expect(throws: EvalError.self) { try Evaluator.run(truthURL: truthURL, findingsURL: findingsURL) }
    }

    @Test("Files written by the types score the same as the values")
    func fileRoundTrip() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let truth = TruthFixture.make()
        let findings = Evaluator.randomFindings(for: truth, seed: 4)
        let truthURL = directory.appendingPathComponent("truth.json")
        let findingsURL = directory.appendingPathComponent("findings.json")
        try truth.encodedJSON().write(to: truthURL)
        try findings.encodedJSON().write(to: findingsURL)
        #expect(try Evaluator.run(truthURL: truthURL, findingsURL: findingsURL) == Evaluator.evaluate(truth: truth, findings: findings))
    }

    private func member(_ value: String, _ tier: Int) -> Truth.Member {
        Truth.Member(kind: "account", value: value, tier: tier)
    }

    private func predicted(_ value: String, _ tier: Int) -> Findings.Member {
        Findings.Member(kind: "account", value: value, tier: tier)
    }

    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("yanjian-eval-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
