/// The adjusted Rand index (Hubert and Arabie, 1985): agreement between two partitions of the same items,
/// corrected for chance, so that 1 means identical partitions and 0 what random labelling would give.
public enum AdjustedRandIndex {
    /// The index of two labellings of the same items (`truth[i]` and `predicted[i]` label item `i`).
    ///
    /// Label values only name groups; their numbers do not matter. Returns `nil` when there are fewer
    /// than two items (no pair to agree on) or the arrays differ in length. When both partitions are
    /// trivial in the same way (all singletons, or one group) the chance-corrected formula divides zero
    /// by zero; those partitions are identical, so the index is 1.
    public static func compute(truth: [Int], predicted: [Int]) -> Double? {
        let count = truth.count
        guard count >= 2, predicted.count == count else { return nil }

        let truthLabels = denseLabels(truth)
        let predictedLabels = denseLabels(predicted)
        var truthSizes = [Int](repeating: 0, count: truthLabels.classes)
        var predictedSizes = [Int](repeating: 0, count: predictedLabels.classes)
        // The contingency table is sparse: at most `count` cells are non-zero.
        var cells: [Int: Int] = [:]
        cells.reserveCapacity(count)
        for index in 0..<count {
            let row = truthLabels.labels[index]
            let column = predictedLabels.labels[index]
            truthSizes[row] += 1
            predictedSizes[column] += 1
            cells[row &* predictedLabels.classes &+ column, default: 0] += 1
        }

        let index = Double(cells.values.reduce(0) { $0 + pairs($1) })
        let truthPairs = Double(truthSizes.reduce(0) { $0 + pairs($1) })
        let predictedPairs = Double(predictedSizes.reduce(0) { $0 + pairs($1) })
        let allPairs = Double(pairs(count))
        let expected = truthPairs * predictedPairs / allPairs
        let maximum = (truthPairs + predictedPairs) / 2
        let denominator = maximum - expected
        if denominator == 0 { return 1 }
        return (index - expected) / denominator
    }

    /// n·(n−1)/2.
    static func pairs(_ n: Int) -> Int {
        n * (n - 1) / 2
    }

    /// Renumbers labels to `0..<classes` in order of first appearance.
    private static func denseLabels(_ labels: [Int]) -> (labels: [Int], classes: Int) {
        var numbering: [Int: Int] = [:]
        var dense: [Int] = []
        dense.reserveCapacity(labels.count)
        for label in labels {
            if let known = numbering[label] {
                dense.append(known)
            } else {
                let next = numbering.count
                numbering[label] = next
                dense.append(next)
            }
        }
        return (dense, numbering.count)
    }
}
