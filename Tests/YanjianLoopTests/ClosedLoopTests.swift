import Foundation
import Logging
import Testing
import YanjianCore
import YanjianGraph
import YanjianIngest
import YanjianModels
import YanjianPerception
import YanjianStore
import YanjianSynth
import YanjianTesting
import YanjianWorkflow

@Suite("The closed loop on a generated world: risk → warning → dispatch → verification → case → evidence → transfer → closure → reward → retraining")
struct ClosedLoopTests {
    @Test("Every step through the store's API, and the verified result gives the risk model a new version", arguments: StoreKind.allCases)
    func wholeLoop(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        var logger = Logger(label: "yanjian.test.loop")
        logger.logLevel = .warning
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yanjian-loop-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try WorldGenerator.generate(WorldConfig(seed: 4, scale: 0.02), to: folder)
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        _ = try await Importer(store: store, logger: logger, source: "test", actor: "tester").run(paths: [folder])

        // Detect: the analyses, then the warnings.
        _ = try await LinkAnalysis.run(store: store, logger: logger)
        let first = try await RetailerRiskAnalysis.run(store: store, logger: logger)
        _ = try await PerceptionAnalysis.run(store: store) { _ in }
        _ = try await TipRanking.run(store: store, logger: logger)
        let raised = try await WarningGeneration.run(store: store, logger: logger)
        #expect(raised.changes.raised > 0)
        #expect(first.modelVersion == 1)

        // Warn → dispatch the nearest free unit → verify on site.
        let retailers = try await store.warningPage(scope: .system, filter: WarningFilter(status: .new, targetKind: "retailer"),
                                                    page: PageRequest(page: 1, perPage: 200)).items
        let units = try await store.units(scope: .system)
        let warning = try #require(retailers.first { warning in
            warning.location.map { !DispatchPlanner.suggest(units, to: $0, departments: warning.departments).isEmpty } ?? false
        }, "a located retailer warning with a free unit nearby")
        let place = try #require(warning.location)
        let suggestion = DispatchPlanner.suggest(units, to: place, departments: warning.departments)
        let nearest = try #require(DispatchPlanner.rank(units, to: place, departments: [warning.department]).first { $0.unit.isAvailable })
        #expect(suggestion.first?.unit.unitID == nearest.unit.unitID, "the lead department's suggestion is its nearest free unit")
        let sent = try await store.dispatch(
            warningID: warning.id,
            orders: suggestion.map { DispatchOrder(unitID: $0.unit.unitID, distanceKm: $0.distanceKm, etaMinutes: $0.etaMinutes) },
            actor: "commander", note: "联合检查", scope: .system)
        let lead = try #require(sent.first)
        _ = try await store.updateDispatch(id: lead.id, to: .arrived, result: nil, note: nil, actor: "inspector", scope: .system)
        _ = try await store.updateDispatch(id: lead.id, to: .reported, result: .confirmed, note: "库存无来源卷烟", actor: "inspector", scope: .system)
        #expect(try await store.warning(id: warning.id, scope: .system).status == .confirmed)

        // Case → evidence → transfer to the police → accepted → closed.
        let opened = try await store.openCase(fromWarning: warning.id, kind: .illegalBusiness, summary: "现场查获无来源卷烟",
                                              sticks: 240_000, valueFen: 9_600_000, actor: "inspector", scope: .system)
        let evidence = try await store.addEvidence(caseNo: opened.caseNo, kind: .photo, filename: "现场.jpg", mediaType: "image/jpeg",
                                                   content: Array("photo".utf8), description: nil, actor: "inspector", scope: .system)
        #expect(evidence.sha256.count == 64)
        let transfer = try await store.requestTransfer(caseNo: opened.caseNo, to: .police, toAdcode: nil, reason: "达到情节严重标准",
                                                       actor: "inspector", scope: .system)
        var policy = SecurityPolicy()
        policy.passwordIterations = 1_000
        let police = try await store.createUser(username: "police.loop", displayName: "公安", password: "a long enough password",
                                                role: .liaison, department: .police, jurisdiction: .national, policy: policy)
        _ = try await store.decideTransfer(id: transfer.id, accept: true, note: "接收", actor: "police.loop", scope: AccessScope(user: police))
        let closed = try await store.moveCase(opened.caseNo, to: .closed, actor: "police.loop", note: "判决生效", scope: .system)
        #expect(closed.status == .closed && closed.department == Department.police.code)

        // The tip that pointed at the shop earns a reward, approved by someone else.
        let (tipID, receipt) = try await store.submitPublicTip(PublicTipSubmission(text: "这家店晚上从后门往外搬整箱卷烟，车停在门口", anonymous: true))
        let reward = try await store.proposeReward(tipID: tipID, caseNo: opened.caseNo, actor: "inspector", scope: .system)
        _ = try await store.decideReward(id: reward.id, decision: "approve", note: nil, actor: "director")
        #expect(try await store.tipFollowUp(receipt: receipt).reward?.status == "approved")

        // Feedback: the verified shop is now a positive label, so retraining registers a new version.
        let retrained = try await RetailerRiskAnalysis.run(store: store, logger: logger)
        #expect(retrained.verifiedPositive == 1)
        #expect(retrained.modelVersion == 2)
        let versions = try await store.modelVersions(RetailerRiskAnalysis.modelName)
        #expect(versions.map(\.status) == ["active", "retired"])
        let unchanged = try await RetailerRiskAnalysis.run(store: store, logger: logger)
        #expect(unchanged.modelVersion == 2, "the same labels and parameters are the same model")

        // The shop's file (一户一档) holds the three scoring runs, the case and the warning; the list
        // rules propose it with the verification as a reason.
        let file = try await store.retailerDossier(licenceNo: warning.target, scope: .system)
        #expect(file.riskHistory.count == 3 && file.cases.contains { $0.caseNo == opened.caseNo } && file.warnings.contains { $0.id == warning.id })
        #expect(file.months.contains { $0.orderedCartons > 0 } && !file.brands.isEmpty, "orders summed by month on every engine")
        let districts = try await store.riskyDistricts(limit: 5, scope: .system)
        #expect(!districts.isEmpty && districts.allSatisfy { $0.flagged > 0 && $0.flagged <= $0.scored }, "the overview's risky districts")
        #expect(try await ListProposals.run(store: store) > 0)
        let entries = try await store.listEntries(filter: ListEntryFilter(licenceNo: warning.target), scope: .system, page: PageRequest()).items
        #expect(entries.first?.reasons.contains("预警经现场核查属实") == true)
    }
}
