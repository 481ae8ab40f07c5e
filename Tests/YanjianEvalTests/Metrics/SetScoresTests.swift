import Testing
@testable import YanjianEval

@Suite("Set scores and convoy pairs")
struct SetScoresTests {
    @Test("A convoy of k plates expands to k·(k−1)/2 unordered pairs")
    func pairExpansion() {
        let pairs = PlatePair.expand([["陕A00003", "陕A00001", "陕A00002"], ["陕B1", "陕B2", "陕B3", "陕B4"]])
        #expect(pairs.count == 3 + 6)
        #expect(PlatePair.expand([["陕A1", "陕A2"]]) == PlatePair.expand([["陕A2", "陕A1"]]))
        #expect(PlatePair.expand([["陕A1", "陕A1"]]).isEmpty)
    }

    @Test("Plates are canonicalised before pairing")
    func canonicalPairs() {
        #expect(PlatePair.expand([["陕a·12345", "陕A 67890"]]) == PlatePair.expand([["陕A12345", "陕A-67890"]]))
    }

    @Test("Precision, recall and F1 of predicted convoy pairs against true ones")
    func convoyScores() throws {
        let truth = PlatePair.expand([["A", "B", "C"]])
        let predicted = PlatePair.expand([["A", "B"], ["C", "D"]])
        let scores = SetScores(predicted: predicted, actual: truth)
        #expect(scores.truePositives == 1)
        #expect(scores.precision == 0.5)
        let recall = try #require(scores.recall)
        #expect(abs(recall - 1.0 / 3.0) < 1e-12)
        let f1 = try #require(scores.f1)
        #expect(abs(f1 - 0.4) < 1e-12)
    }

    @Test("Empty sets give nil ratios, and the target logic treats them sensibly")
    func emptySets() {
        let nothing = SetScores(predicted: Set<String>(), actual: Set<String>())
        #expect(nothing.precision == nil && nothing.recall == nil && nothing.f1 == nil)
        #expect(nothing.passes(minimumRecall: 0.95, minimumPrecision: 0.9))
        let missed = SetScores(predicted: Set<String>(), actual: ["A"])
        #expect(missed.recall == 0)
        #expect(!missed.passes(minimumRecall: 0.95, minimumPrecision: 0.9))
        let falseAlarm = SetScores(predicted: ["A"], actual: Set<String>())
        #expect(falseAlarm.precision == 0)
        #expect(!falseAlarm.passes(minimumRecall: 0.95, minimumPrecision: 0.9))
    }
}
