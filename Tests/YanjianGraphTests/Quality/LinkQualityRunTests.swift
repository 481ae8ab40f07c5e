import Foundation
import Logging
import Testing
import YanjianCore
import YanjianEval
import YanjianGraph
import YanjianStore

/// Scores link analysis on a world that was generated and imported beforehand (too large for a unit
/// test): set `YANJIAN_GRAPH_QUALITY_DB` to the SQLite file and `YANJIAN_GRAPH_QUALITY_TRUTH` to the
/// world's truth.json. Prints the gang scores and, per true gang, where its members ended up.
@Suite("Link analysis quality run")
struct LinkQualityRunTests {
    static let environment = ProcessInfo.processInfo.environment
    static let enabled = environment["YANJIAN_GRAPH_QUALITY_DB"] != nil && environment["YANJIAN_GRAPH_QUALITY_TRUTH"] != nil

    @Test("An imported world scores against its truth", .enabled(if: enabled))
    func qualityRun() async throws {
        let path = try #require(Self.environment["YANJIAN_GRAPH_QUALITY_DB"])
        let truthPath = try #require(Self.environment["YANJIAN_GRAPH_QUALITY_TRUTH"])
        var logger = Logger(label: "quality")
        logger.logLevel = .warning
        let store = try Store.open(.sqlite(path: path), logger: logger)
        let summary = try await LinkAnalysis.run(store: store, logger: logger)
        let findings = try await store.exportFindings(scope: .system, generatedAt: "2026-01-01T00:00:00+08:00")
        await store.close()
        let truth = try Truth.decode(from: Data(contentsOf: URL(fileURLWithPath: truthPath)))
        let report = Evaluator.evaluate(truth: truth, findings: findings)
        let g = report.gangs
        print("SUMMARY", String(decoding: try JSONEncoder().encode(summary), as: UTF8.self))
        print("GANGS ari=\(g.adjustedRandIndex ?? -1) tier=\(g.tierAccuracy ?? -1) tier1=\(g.tier1Found)/\(g.tier1Total)"
            + " precision=\(g.memberPrecision ?? -1) recall=\(g.memberRecall ?? -1) predicted=\(g.predictedGangs) true=\(g.trueGangs)")
        print("DECOYS flagged=\(report.decoys.flagged) \(report.decoys.flaggedDecoys.map { "\($0.kind):\($0.value) in \($0.foundIn)" })")
        QualityDiagnostics.printGangs(truth: truth, findings: findings)
    }
}

/// Where each true gang's scored members ended up.
enum QualityDiagnostics {
    static func printGangs(truth: Truth, findings: Findings) {
        var predicted: [String: (gang: String, tier: Int?)] = [:]
        for gang in findings.gangs {
            for member in gang.members { predicted[member.kind + ":" + member.value] = (gang.gangID, member.tier) }
        }
        for gang in truth.gangs {
            var placed: [String: Int] = [:]
            var missing: [String: Int] = [:]
            var wrongTier: [String: Int] = [:]
            for member in gang.members where ["phone", "id_no", "account"].contains(member.kind) {
                let key = member.kind + ":" + member.value
                if let found = predicted[key] {
                    placed[found.gang, default: 0] += 1
                    if let tier = found.tier, tier != member.tier { wrongTier["\(member.kind) t\(member.tier)→\(tier)", default: 0] += 1 }
                } else {
                    missing["\(member.kind) t\(member.tier)", default: 0] += 1
                }
            }
            print("TRUE \(gang.gangID): placed \(placed.sorted { $0.value > $1.value }) missing \(missing.sorted { $0.key < $1.key }) wrongTier \(wrongTier.sorted { $0.key < $1.key })")
        }
        for gang in findings.gangs {
            print("PRED \(gang.gangID): \(gang.members.count) members, \(gang.waybills.count) waybills, provinces \(gang.provinces.count)")
        }
    }
}

/// Prints what links chosen entities (`YANJIAN_GRAPH_DEBUG=kind:value,kind:value`) in the store named
/// by `YANJIAN_GRAPH_QUALITY_DB`: name links and graph neighbours.
@Suite("Link analysis debugging aid")
struct LinkDebugTests {
    static let environment = ProcessInfo.processInfo.environment
    static let enabled = environment["YANJIAN_GRAPH_QUALITY_DB"] != nil && environment["YANJIAN_GRAPH_DEBUG"] != nil

    @Test("Chosen entities show their links", .enabled(if: enabled))
    func debugEntities() async throws {
        let path = try #require(Self.environment["YANJIAN_GRAPH_QUALITY_DB"])
        let wanted = try #require(Self.environment["YANJIAN_GRAPH_DEBUG"]).split(separator: ",").map(String.init)
        var logger = Logger(label: "debug")
        logger.logLevel = .warning
        let store = try Store.open(.sqlite(path: path), logger: logger)
        let graph = try await EntityGraphLoader().load(from: store, logger: logger)
        await store.close()
        let links = NameResolver().links(graph)
        let projection = Projection.build(graph, nameLinks: links)
        let partition = CommunityDetection().run(projection.graph)
        func community(_ node: Int32) -> Int32 {
            let p = projection.index[Int(node)]
            return p >= 0 ? partition.labels[Int(p)] : -1
        }
        for label in wanted {
            let parts = label.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let kind = EntityKind(code: parts[0]), let node = graph.node(kind, parts[1]) else {
                print("DEBUG \(label): not in graph")
                continue
            }
            print("DEBUG \(label) node \(node) degree \(graph.degree(node)) community \(community(node))")
            for link in links where link.account == node || link.other == node {
                print("   name link \(graph.label(link.account)) [c\(community(link.account))] ~ \(graph.label(link.other)) [c\(community(link.other))] \(link.basis) w=\(link.weight) names=\(link.names.compactMap { graph.facts.name($0) }) bearers=\(link.bearers.map { graph.label($0) + "[c\(community($0))]" })")
            }
            for slot in graph.slots(node).prefix(30) {
                let e = Int(graph.slotEdges[slot])
                print("   \(EdgeKind(rawValue: graph.edgeKinds[e])?.code ?? "?") \(graph.label(graph.neighbours[slot]))")
            }
        }
    }
}
