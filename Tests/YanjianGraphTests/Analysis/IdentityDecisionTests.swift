import Foundation
import Testing
import YanjianCore
import YanjianStore
import YanjianSynth
@testable import YanjianGraph

@Suite("Analysts' merge and split decisions in link analysis")
struct IdentityDecisionTests {
    static let distributorID = "610113198001011234"

    static func decision(_ id: Int64, _ action: IdentityAction, _ a: String, _ b: String) -> IdentityDecision {
        IdentityDecision(id: id, action: action, entityA: a, entityB: b, reason: "复核结论", decidedBy: "zhang.san", decidedAt: 0)
    }

    /// The actor holding `node` among the gangs' members.
    static func actor(_ result: LinkAnalysisResult, _ node: Int32) -> GangActor? {
        result.gangs.lazy.flatMap(\.members).first { $0.entities.contains(node) }
    }

    @Test("A split keeps two entities apart even when a file lists both; without it they are one actor")
    func splitOverridesAFile() throws {
        let graph = GangScenario.build()
        let phone = try #require(graph.node(.phone, GangScenario.distributorPhone))
        let id = try #require(graph.node(.idNo, Self.distributorID))
        let before = LinkAnalysis().analyze(graph)
        #expect(Self.actor(before, phone)?.entities.contains(id) == true, "the person file makes them one")

        let constraints = IdentityConstraints([Self.decision(7, .split, "phone:\(GangScenario.distributorPhone)", "id_no:\(Self.distributorID)")], graph: graph)
        #expect(constraints.splits.count == 1 && constraints.unresolved.isEmpty)
        let after = LinkAnalysis().analyze(graph, constraints: constraints)
        let distributor = try #require(Self.actor(after, phone))
        #expect(!distributor.entities.contains(id))
        #expect(distributor.reasons.contains { $0.contains("不是同一人") && $0.contains("#7") && $0.contains("zhang.san") })
    }

    @Test("A merge makes two sellers one actor with the decision among its reasons; revoking it restores the run")
    func mergeAndRevoke() throws {
        let graph = GangScenario.build()
        let first = try #require(graph.node(.phone, GangScenario.sellerPhones[0]))
        let second = try #require(graph.node(.phone, GangScenario.sellerPhones[1]))
        let before = LinkAnalysis().analyze(graph)
        #expect(Self.actor(before, first)?.entities.contains(second) == false)

        var merge = Self.decision(8, .merge, "phone:\(GangScenario.sellerPhones[0])", "phone:\(GangScenario.sellerPhones[1])")
        let merged = LinkAnalysis().analyze(graph, constraints: IdentityConstraints([merge], graph: graph))
        let actor = try #require(Self.actor(merged, first))
        #expect(actor.entities.contains(second))
        #expect(actor.reasons.contains { $0.contains("为同一人") && $0.contains("#8") })

        merge.revokedAt = 1
        merge.revokedBy = "li.si"
        let revoked = LinkAnalysis().analyze(graph, constraints: IdentityConstraints([merge], graph: graph))
        #expect(Self.actor(revoked, first)?.entities.contains(second) == false)
        #expect(revoked.gangs.map(\.members.count) == before.gangs.map(\.members.count))
    }

    @Test("A decision naming an entity the data lacks waits, unresolved")
    func unresolved() {
        let graph = GangScenario.build()
        let constraints = IdentityConstraints([Self.decision(9, .merge, "phone:13512345678", "phone:\(GangScenario.distributorPhone)")], graph: graph)
        #expect(constraints.isEmpty && constraints.unresolved == [9])
    }

    @Test("Decisions stored in the database are applied by every run until revoked")
    func keptAcrossRuns() async throws {
        let world = try await GeneratedWorld.make(WorldConfig(seed: 2, scale: 0.02))
        defer { Task { await world.cleanup() } }
        let store = world.store
        let none = try await LinkAnalysis.run(store: store, logger: world.logger)
        #expect(none.decisionsApplied == 0)
        let gang = try #require(try await store.findings(kind: FindingKind.gangMember, scope: .system).first { $0.subject.hasPrefix("phone:") })
        let decision = try await store.recordIdentityDecision(
            action: .merge, entityA: gang.subject, entityB: "phone:13512345678", reason: "线人称为同一人", actor: "zhang.san")
        let split = try await store.recordIdentityDecision(
            action: .split, entityA: gang.subject, entityB: "phone:13500000000", reason: "复核", actor: "zhang.san")
        let once = try await LinkAnalysis.run(store: store, logger: world.logger)
        let twice = try await LinkAnalysis.run(store: store, logger: world.logger)
        #expect(once.decisionsApplied + once.decisionsUnresolved == 2 && twice.decisionsApplied + twice.decisionsUnresolved == 2)
        _ = try await store.revokeIdentityDecision(id: decision.id, reason: "撤销", actor: "li.si")
        _ = try await store.revokeIdentityDecision(id: split.id, reason: "撤销", actor: "li.si")
        let after = try await LinkAnalysis.run(store: store, logger: world.logger)
        #expect(after.decisionsApplied + after.decisionsUnresolved == 0)
    }
}
