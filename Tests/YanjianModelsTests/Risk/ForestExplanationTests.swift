import Foundation
import Testing
import YanjianCore
@testable import YanjianModels

@Suite("The random forest's part of a score is explained by tree-path contributions")
struct ForestExplanationTests {
    @Test("When the forest passes its gate, each flagged retailer names the features that moved the forest, and says so in both languages")
    func contributions() async throws {
        let (m, planted) = SyntheticData.retailers(count: 2_000, seed: 11)
        var parameters = RiskParameters()
        parameters.trees = 40
        let scores = try await RiskScorer.score(m, parameters: parameters)
        #expect(scores.summary.forestUsed, "\(scores.summary.forestNote)")
        let flagged = (0..<scores.count).filter { scores.flagged[$0] }
        #expect(!flagged.isEmpty)
        let explained = flagged.filter { !scores.forestContributions[$0].isEmpty }
        #expect(explained.count * 2 >= flagged.count, "most flagged retailers carry forest contributions")
        #expect(explained.contains { planted[$0] })
        for i in explained where planted[i] {
            let top = try #require(scores.forestContributions[i].first)
            #expect(top.value > 0, "a planted retailer's strongest contribution raises its probability")
            #expect(["peer_volume", "pos_ratio", "growth", "step_change"].contains(top.feature), "\(top.feature) comes from the ordering evidence")
            let explanation = RiskExplanation.explain(scores, m, retailer: i)
            #expect(explanation.reasons.contains { $0.hasPrefix("随机森林") } && explanation.reasonsEnglish.contains { $0.hasPrefix("Random forest") })
        }
        #expect((0..<scores.count).filter { !scores.flagged[$0] }.allSatisfy { scores.forestContributions[$0].isEmpty })
    }
}
