import Testing
@testable import YanjianGraph

@Suite("Centrality")
struct CentralityTests {
    @Test("PageRank sums to one and collects at the node everyone points to")
    func pageRankStar() {
        let rank = Centrality.pageRank(nodeCount: 5, sources: [1, 2, 3, 4], targets: [0, 0, 0, 0], weights: [1, 1, 1, 1])
        #expect(abs(rank.reduce(0, +) - 1) < 1e-9)
        #expect(rank[0] == rank.max())
    }

    @Test("Betweenness is highest in the middle of a path and zero at its ends")
    func betweennessPath() {
        let b = Centrality.betweenness(nodeCount: 5, edges: [(0, 1), (1, 2), (2, 3), (3, 4)])
        #expect(b[0] == 0 && b[4] == 0)
        #expect(b[2] == b.max())
        #expect(abs(b[2] - 4.0 / 6.0) < 1e-9)
    }

    @Test("The binomial tail surprisal matches known values")
    func surprisal() {
        // P(X ≥ 1 | n = 1, p = 0.001) = 0.001 → 3.
        #expect(abs(Surprisal.binomialTail(k: 1, n: 1, p: 0.001) - 3) < 1e-6)
        // P(X ≥ 10 | n = 10, p = 0.5) = 2^-10.
        #expect(abs(Surprisal.binomialTail(k: 10, n: 10, p: 0.5) - 10 * 0.301_029_995_66) < 1e-6)
        // At or below the expectation nothing is surprising.
        #expect(Surprisal.binomialTail(k: 5, n: 100, p: 0.1) == 0)
        // Large n stays finite and large.
        #expect(Surprisal.binomialTail(k: 500, n: 1_000, p: 0.05) > 100)
    }
}
