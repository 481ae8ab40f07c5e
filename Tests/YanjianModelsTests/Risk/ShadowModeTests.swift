import Foundation
import Logging
import Testing
import YanjianCore
import YanjianIngest
import YanjianModels
import YanjianStore
import YanjianSynth
import YanjianTesting

@Suite("Shadow mode: a candidate model scores without touching the live ranking until a person promotes or rejects it — on every engine")
struct ShadowModeTests {
    static var logger: Logger {
        var logger = Logger(label: "shadow-test")
        logger.logLevel = .warning
        return logger
    }

    @Test("The registry's parameters survive a round trip, and unreadable fields keep their defaults")
    func parametersRoundTrip() {
        var parameters = RiskParameters()
        parameters.flagLevel = 2.75
        parameters.seed = 42
        let text = "{\"flag_level\":2.75,\"minimum_peers\":15,\"trees\":100,\"seed\":42}"
        #expect(RiskParameters(registryJSON: text) == parameters)
        #expect(RiskParameters(registryJSON: "{\"flag_level\":\"high\",\"trees\":-3}") == RiskParameters())
        #expect(RiskParameters(registryJSON: "not json") == RiskParameters())
    }

    @Test("A store without retailers is scored as empty, not an error, and registers no model", arguments: StoreKind.allCases)
    func noRetailers(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        let summary = try await RetailerRiskAnalysis.run(store: store, logger: Self.logger)
        #expect(summary.retailers == 0 && summary.flagged == 0 && summary.modelVersion == 0)
        #expect(try await store.modelVersions(RetailerRiskAnalysis.modelName).isEmpty)
        #expect(try await store.findings(kind: FindingKind.retailerRisk, scope: .system).isEmpty)
    }

    @Test("Score → shadow candidate → compare → promote → the next run keeps it; another candidate rejected", arguments: StoreKind.allCases)
    func lifecycle(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yanjian-shadow-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try WorldGenerator.generate(WorldConfig(seed: 2, scale: 0.05, waybills: 500, plateReads: 1_000), to: folder)
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        let paths = RiskWorld.files.map { folder.appendingPathComponent($0) }.filter { FileManager.default.fileExists(atPath: $0.path) }
        _ = try await Importer(store: store, logger: Self.logger, source: "test", actor: "test").run(paths: paths)

        let first = try await RetailerRiskAnalysis.run(store: store, logger: Self.logger)
        #expect(first.modelVersion == 1)
        let live = try await store.findingHeads(kind: FindingKind.retailerRisk)
        let same = try await RetailerRiskAnalysis.shadow(store: store, logger: Self.logger)
        #expect(same.candidate == nil, "the active parameters and labels are the active model")

        var loose = RiskParameters()
        loose.flagLevel = 2.0
        let trial = try await RetailerRiskAnalysis.shadow(store: store, logger: Self.logger, parameters: loose)
        let candidate = try #require(trial.candidate)
        #expect(candidate.status == "shadow" && candidate.parameters.contains("\"flag_level\":2.0"))
        #expect(try await store.findingHeads(kind: FindingKind.retailerRisk) == live, "shadow mode leaves the live ranking alone")
        let shadow = try await store.findingHeads(kind: RetailerRiskAnalysis.shadowKind)
        #expect(shadow.count == live.count)
        let comparison = try await RiskShadowComparison.compute(store: store)
        #expect(comparison.activeFlagged == live.filter { $0.label != nil }.count)
        #expect(comparison.candidateFlagged >= comparison.activeFlagged, "a lower flag level flags at least as many")
        #expect(comparison.both + comparison.onlyCandidate == comparison.candidateFlagged && comparison.months.count == 6)
        #expect(comparison.pointInTime == nil, "the point-in-time backtest runs only when asked for")
        // Re-scored as of each month's first day: the lower flag level flags at least as many every month.
        let past = try #require(try await RiskShadowComparison.compute(store: store, pointInTime: true, candidate: loose).pointInTime)
        #expect(past.map(\.month) == comparison.months.map(\.month))
        #expect(past.allSatisfy { ($0.candidateFlagged ?? -1) >= ($0.activeFlagged ?? 0) && $0.active.cases <= $0.casesTotal })
        // This world's cases end a year before its orders do, so the months are the first of the order
        // history: thin data, only the looser candidate flags anyone.
        #expect(past.contains { ($0.candidateFlagged ?? 0) > 0 }, "some month had enough history to flag a shop")

        let promoted = try await store.promoteCandidate(id: candidate.id, shadowKind: RetailerRiskAnalysis.shadowKind,
                                                        liveKind: FindingKind.retailerRisk, actor: "zhang", note: "回测更好")
        #expect(promoted.version == 2 && promoted.fingerprint == candidate.fingerprint)
        let nowLive = try await store.findingHeads(kind: FindingKind.retailerRisk)
        #expect(nowLive.map(\.score) == shadow.map(\.score) && nowLive.map(\.subject) == shadow.map(\.subject), "the candidate's scores went live")
        #expect(try await store.findingHeads(kind: RetailerRiskAnalysis.shadowKind).isEmpty)
        await #expect(throws: StoreError.self, "promoted once") {
            _ = try await store.promoteCandidate(id: candidate.id, shadowKind: RetailerRiskAnalysis.shadowKind,
                                                 liveKind: FindingKind.retailerRisk, actor: "zhang", note: nil)
        }
        let subject = try #require(nowLive.first?.subject)
        #expect(try await store.db.scalarInt("SELECT COUNT(*) FROM finding_history WHERE kind = ? AND subject = ?",
                                             [.text(FindingKind.retailerRisk), .text(subject)]) == 2, "first run and the promotion")

        let again = try await RetailerRiskAnalysis.run(store: store, logger: Self.logger)
        #expect(again.modelVersion == 2, "the next run uses the promoted version's parameters")

        var strict = RiskParameters()
        strict.flagLevel = 5.0
        let second = try #require(try await RetailerRiskAnalysis.shadow(store: store, logger: Self.logger, parameters: strict).candidate)
        await #expect(throws: StoreError.self, "a rejection says why") {
            _ = try await store.rejectCandidate(id: second.id, shadowKind: RetailerRiskAnalysis.shadowKind, actor: "zhang", note: " ")
        }
        let rejected = try await store.rejectCandidate(id: second.id, shadowKind: RetailerRiskAnalysis.shadowKind, actor: "zhang", note: "漏报增加")
        #expect(rejected.status == "rejected" && rejected.decidedBy == "zhang")
        #expect(try await store.findingHeads(kind: RetailerRiskAnalysis.shadowKind).isEmpty)
        await #expect(throws: StoreError.self, "a rejected candidate is not promoted") {
            _ = try await store.promoteCandidate(id: second.id, shadowKind: RetailerRiskAnalysis.shadowKind,
                                                 liveKind: FindingKind.retailerRisk, actor: "zhang", note: nil)
        }
        #expect(try await store.modelVersions(RetailerRiskAnalysis.modelName).map(\.status) == ["active", "retired"])
    }
}
