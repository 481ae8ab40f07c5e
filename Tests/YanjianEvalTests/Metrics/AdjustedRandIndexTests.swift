import Testing
@testable import YanjianEval

@Suite("Adjusted Rand index")
struct AdjustedRandIndexTests {
    @Test("Identical partitions score 1 whatever the label numbers")
    func identical() throws {
        let ari = try #require(AdjustedRandIndex.compute(truth: [1, 1, 0, 0, 2], predicted: [5, 5, 7, 7, 9]))
        #expect(abs(ari - 1) < 1e-12)
    }

    @Test("The scikit-learn documentation examples give 4/7 and −1/2")
    func textbook() throws {
        let split = try #require(AdjustedRandIndex.compute(truth: [0, 0, 1, 1], predicted: [0, 0, 1, 2]))
        #expect(abs(split - 4.0 / 7.0) < 1e-12)
        let crossed = try #require(AdjustedRandIndex.compute(truth: [0, 0, 1, 1], predicted: [0, 1, 0, 1]))
        #expect(abs(crossed + 0.5) < 1e-12)
    }

    @Test("Two gangs of three split into three pairs give 8/33, computed by hand")
    func handComputed() throws {
        // Contingency [[2,1,0],[0,1,2]]: index 2, row pairs 6, column pairs 3, all pairs 15,
        // expected 6·3/15 = 1.2, maximum 4.5, so (2 − 1.2) / (4.5 − 1.2) = 8/33.
        let ari = try #require(AdjustedRandIndex.compute(truth: [0, 0, 0, 1, 1, 1], predicted: [0, 0, 1, 1, 2, 2]))
        #expect(abs(ari - 8.0 / 33.0) < 1e-12)
    }

    @Test("All singletons against one gang score 0")
    func singletonsAgainstOneGang() throws {
        let ari = try #require(AdjustedRandIndex.compute(truth: [0, 0, 0, 0, 0], predicted: [0, 1, 2, 3, 4]))
        #expect(abs(ari) < 1e-12)
    }

    @Test("Trivial partitions that agree score 1 instead of dividing by zero")
    func trivialAgreement() {
        #expect(AdjustedRandIndex.compute(truth: [0, 1, 2], predicted: [3, 4, 5]) == 1)
        #expect(AdjustedRandIndex.compute(truth: [0, 0, 0], predicted: [1, 1, 1]) == 1)
    }

    @Test("Fewer than two items or mismatched lengths have no index")
    func undefined() {
        #expect(AdjustedRandIndex.compute(truth: [], predicted: []) == nil)
        #expect(AdjustedRandIndex.compute(truth: [0], predicted: [0]) == nil)
        #expect(AdjustedRandIndex.compute(truth: [0, 1], predicted: [0]) == nil)
    }

    @Test("The index is symmetric in its two partitions", arguments: [UInt64(1), 2, 3, 4, 5])
    func symmetric(seed: UInt64) throws {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let a = (0..<40).map { _ in next(4) }
        let b = (0..<40).map { _ in next(6) }
        let ab = try #require(AdjustedRandIndex.compute(truth: a, predicted: b))
        let ba = try #require(AdjustedRandIndex.compute(truth: b, predicted: a))
        #expect(abs(ab - ba) < 1e-12, "seed \(seed)")
    }
}
