import Testing
@testable import YanjianEval

@Suite("Ranking metrics")
struct RankingTests {
    @Test("Order is by score descending, ties by identifier, a repeated identifier keeps its best place")
    func order() {
        #expect(Ranking.order([("b", 1), ("a", 1), ("c", 2)]) == ["c", "a", "b"])
        #expect(Ranking.order([("a", 1), ("a", 5), ("b", 3)]) == ["a", "b"])
        #expect(Ranking.order([("n", .nan), ("m", -1)]) == ["m", "n"])
    }

    @Test("Precision@k counts hits in the first k and misses for places past the end")
    func precisionAtK() {
        #expect(Ranking.precisionAtK([true, false, true, false], k: 2) == 0.5)
        #expect(Ranking.precisionAtK([true, false, true, false], k: 4) == 0.5)
        #expect(Ranking.precisionAtK([true], k: 4) == 0.25)
        #expect(Ranking.precisionAtK([true], k: 0) == nil)
    }

    @Test("Average precision of a hand-worked ranking")
    func averagePrecision() throws {
        // Hits at ranks 1 and 3: (1/1 + 2/3) / 2.
        let both = try #require(Ranking.averagePrecision([true, false, true, false, false], relevantCount: 2))
        #expect(abs(both - 5.0 / 6.0) < 1e-12)
        // A third relevant item never ranked contributes 0: (1 + 2/3) / 3.
        let missing = try #require(Ranking.averagePrecision([true, false, true, false, false], relevantCount: 3))
        #expect(abs(missing - 5.0 / 9.0) < 1e-12)
        #expect(Ranking.averagePrecision([true, true], relevantCount: 2) == 1)
        #expect(Ranking.averagePrecision([false, false], relevantCount: 0) == nil)
    }
}
