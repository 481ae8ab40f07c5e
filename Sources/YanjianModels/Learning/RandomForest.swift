import Foundation
import YanjianCore

/// Settings of a ``RandomForest``.
public struct RandomForestParameters: Sendable, Equatable {
    /// How many features each split considers.
    public enum MaxFeatures: Sendable, Equatable {
        /// `max(1, Int(sqrt(features)))`, scikit-learn's default for classifiers.
        case sqrt
        /// `max(1, Int(log2(features)))`.
        case log2
        /// A fixed number.
        case count(Int)
        /// All features (bagged trees).
        case all

        func resolve(_ features: Int) -> Int {
            switch self {
            case .sqrt: return max(1, Int(Double(features).squareRoot()))
            case .log2: return max(1, Int(Foundation.log2(Double(max(features, 1)))))
            case .count(let value): return max(1, min(value, features))
            case .all: return max(1, features)
            }
        }
    }

    /// What a split reduces.
    public enum Criterion: String, Sendable, Equatable, CaseIterable {
        /// Gini impurity 1 − Σ pₖ² (scikit-learn's default).
        case gini
        /// Shannon entropy −Σ pₖ log pₖ (information gain).
        case entropy
    }

    /// How the two classes are weighted.
    public enum ClassWeight: Sendable, Equatable {
        /// Every sample weighs 1.
        case none
        /// Each class weighs `samples / (2 × class samples)` over the training set (scikit-learn's
        /// `"balanced"`), so a rare positive class counts as much as the common one.
        case balanced
    }

    public var trees: Int
    /// Deepest allowed leaf; nil grows trees until leaves are pure.
    public var maxDepth: Int?
    public var minSamplesSplit: Int
    public var minSamplesLeaf: Int
    public var maxFeatures: MaxFeatures
    public var criterion: Criterion
    /// Draw each tree's samples with replacement (else every tree sees all samples).
    public var bootstrap: Bool
    public var classWeight: ClassWeight
    /// Histogram bins per feature (2…256).
    public var maxBins: Int
    public var seed: UInt64
    /// Trees fitted at once (child tasks of one task group).
    public var parallelism: Int
    /// Also compute out-of-bag probabilities (each sample scored by the trees that did not see it).
    public var outOfBag: Bool

    public init(
        trees: Int = 100, maxDepth: Int? = nil, minSamplesSplit: Int = 2, minSamplesLeaf: Int = 1,
        maxFeatures: MaxFeatures = .sqrt, criterion: Criterion = .gini, bootstrap: Bool = true, classWeight: ClassWeight = .none,
        maxBins: Int = 256, seed: UInt64 = 0, parallelism: Int = 2, outOfBag: Bool = false
    ) {
        self.trees = trees
        self.maxDepth = maxDepth
        self.minSamplesSplit = minSamplesSplit
        self.minSamplesLeaf = minSamplesLeaf
        self.maxFeatures = maxFeatures
        self.criterion = criterion
        self.bootstrap = bootstrap
        self.classWeight = classWeight
        self.maxBins = maxBins
        self.seed = seed
        self.parallelism = parallelism
        self.outOfBag = outOfBag
    }
}

/// A random forest of CART classification trees for a binary label (Breiman 2001): each tree is grown
/// on a bootstrap sample with a random subset of features per split, on histogram-binned features,
/// and the forest's probability is the mean of the trees' leaf probabilities.
///
/// Fitting is deterministic for a seed whatever `parallelism` is: tree `t` draws from its own stream.
public struct RandomForest: Sendable {
    public let trees: [DecisionTree]
    /// Number of features the forest was fitted on.
    public let featureCount: Int
    /// Mean decrease in weighted impurity (the criterion's) per feature, summing to 1 (all zero if no split was made).
    public let importances: [Double]
    /// Out-of-bag probability per training sample (NaN where every tree saw the sample), when asked for.
    public let outOfBagProbabilities: [Float]?
    public let parameters: RandomForestParameters

    /// Fits a forest to `matrix` and `labels`.
    /// - Throws: ``ModelError`` for an empty matrix, mismatched labels or invalid parameters.
    public static func fit(
        _ matrix: FeatureMatrix, labels: [Bool], parameters: RandomForestParameters = .init()
    ) async throws -> RandomForest {
        guard matrix.rows > 0, matrix.columns > 0 else { throw ModelError.empty }
        guard labels.count == matrix.rows else { throw ModelError.labelCount(samples: matrix.rows, labels: labels.count) }
        guard parameters.trees > 0 else { throw ModelError.invalidParameter(name: "trees", reason: "must be at least 1") }
        guard parameters.minSamplesLeaf >= 1, parameters.minSamplesSplit >= 2 else {
            throw ModelError.invalidParameter(name: "minSamplesLeaf", reason: "leaves need ≥ 1 sample and splits ≥ 2")
        }
        let binner = FeatureBinner(fitting: matrix, maxBins: parameters.maxBins)
        let binned = binner.transform(matrix)
        let rows = matrix.rows
        let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        let balanced = parameters.classWeight == .balanced && positives > 0 && positives < rows
        let classWeight: (negative: Float, positive: Float) =
            balanced
            ? (Float(Double(rows) / (2 * Double(rows - positives))), Float(Double(rows) / (2 * Double(positives))))
            : (1, 1)
        let labelBytes = labels.map { $0 ? UInt8(1) : 0 }
        let workers = max(1, min(parameters.parallelism, parameters.trees))
        let maxFeatures = parameters.maxFeatures.resolve(matrix.columns)
        let trees = parameters.trees

        let results = try await withThrowingTaskGroup(of: [(Int, DecisionTree, [Double], [Int32])].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var built: [(Int, DecisionTree, [Double], [Int32])] = []
                    var counts = [UInt16](repeating: 0, count: rows)
                    var indices: [Int32] = []
                    var weights: [Float] = []
                    var positiveWeights: [Float] = []
                    indices.reserveCapacity(rows)
                    weights.reserveCapacity(rows)
                    positiveWeights.reserveCapacity(rows)
                    for treeIndex in stride(from: worker, to: trees, by: workers) {
                        try Task.checkCancellation()
                        var rng = SplitMix64.stream(parameters.seed, treeIndex)
                        indices.removeAll(keepingCapacity: true)
                        weights.removeAll(keepingCapacity: true)
                        positiveWeights.removeAll(keepingCapacity: true)
                        if parameters.bootstrap {
                            for i in 0..<rows { counts[i] = 0 }
                            for _ in 0..<rows { counts[rng.below(rows)] &+= 1 }
                        } else {
                            for i in 0..<rows { counts[i] = 1 }
                        }
                        var outOfBag: [Int32] = []
                        for i in 0..<rows {
                            let count = counts[i]
                            if count == 0 {
                                if parameters.outOfBag { outOfBag.append(Int32(i)) }
                                continue
                            }
                            let positive = labelBytes[i] == 1
                            let weight = Float(count) * (positive ? classWeight.positive : classWeight.negative)
                            indices.append(Int32(i))
                            weights.append(weight)
                            positiveWeights.append(positive ? weight : 0)
                        }
                        let builder = binned.withUnsafeBufferPointer { buffer in
                            TreeBuilder(
                                binned: buffer, rows: rows, features: matrix.columns, binner: binner,
                                maxDepth: parameters.maxDepth ?? Int.max, minSamplesSplit: parameters.minSamplesSplit,
                                minSamplesLeaf: parameters.minSamplesLeaf, maxFeatures: maxFeatures,
                                entropy: parameters.criterion == .entropy)
                                .grow(indices: &indices, weights: &weights, positives: &positiveWeights, rng: &rng)
                        }
                        built.append((treeIndex, builder.tree, builder.importance, outOfBag))
                    }
                    return built
                }
            }
            var all: [(Int, DecisionTree, [Double], [Int32])] = []
            for try await part in group { all.append(contentsOf: part) }
            return all.sorted { $0.0 < $1.0 }
        }

        var importance = [Double](repeating: 0, count: matrix.columns)
        for result in results {
            for (feature, value) in result.2.enumerated() { importance[feature] += value }
        }
        let total = importance.reduce(0, +)
        if total > 0 { importance = importance.map { $0 / total } }

        var outOfBag: [Float]?
        if parameters.outOfBag {
            var sums = [Float](repeating: 0, count: rows)
            var votes = [Int32](repeating: 0, count: rows)
            matrix.values.withUnsafeBufferPointer { values in
                for result in results {
                    for row in result.3 {
                        let r = Int(row)
                        let slice = UnsafeBufferPointer(rebasing: values[(r * matrix.columns)..<((r + 1) * matrix.columns)])
                        sums[r] += result.1.leafValue(slice)
                        votes[r] += 1
                    }
                }
            }
            outOfBag = (0..<rows).map { votes[$0] > 0 ? sums[$0] / Float(votes[$0]) : .nan }
        }
        return RandomForest(
            trees: results.map(\.1), featureCount: matrix.columns, importances: importance,
            outOfBagProbabilities: outOfBag, parameters: parameters)
    }

    /// Why the forest gives one row its probability: the mean root value (`bias`) and, per feature, the
    /// mean tree-path contribution; `bias` plus the contributions equals the predicted probability.
    public func contributions(_ matrix: FeatureMatrix, row: Int) throws -> (bias: Double, features: [Double]) {
        guard matrix.columns == featureCount else { throw ModelError.featureCount(fitted: featureCount, given: matrix.columns) }
        var sums = [Double](repeating: 0, count: featureCount)
        var bias = 0.0
        matrix.values.withUnsafeBufferPointer { values in
            let slice = UnsafeBufferPointer(rebasing: values[(row * matrix.columns)..<((row + 1) * matrix.columns)])
            for tree in trees { bias += Double(tree.contributions(slice, into: &sums)) }
        }
        let scale = 1 / Double(max(1, trees.count))
        return (bias * scale, sums.map { $0 * scale })
    }

    /// The probability of the positive class for every row of `matrix`, the mean over trees, computed
    /// in `parallelism` row blocks.
    public func predictProbability(_ matrix: FeatureMatrix, parallelism: Int = 2) async throws -> [Float] {
        guard matrix.columns == featureCount else { throw ModelError.featureCount(fitted: featureCount, given: matrix.columns) }
        let scale = 1 / Float(max(1, trees.count))
        return try await TreeEnsemble.sumLeaves(trees: trees, matrix: matrix, scale: scale, parallelism: parallelism)
    }
}

/// Row-blocked, tree-major evaluation of an ensemble: each block walks every tree over its rows, so a
/// tree stays in cache while it is used.
enum TreeEnsemble {
    static func sumLeaves(
        trees: [DecisionTree], matrix: FeatureMatrix, scale: Float, parallelism: Int
    ) async throws -> [Float] {
        let rows = matrix.rows
        guard rows > 0 else { return [] }
        let blockSize = 4096
        let blocks = (rows + blockSize - 1) / blockSize
        let packed = trees.map { $0.packed() }
        let workers = max(1, min(parallelism, blocks))
        let parts = try await withThrowingTaskGroup(of: [(Int, [Float])].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var done: [(Int, [Float])] = []
                    for block in stride(from: worker, to: blocks, by: workers) {
                        try Task.checkCancellation()
                        let range = (block * blockSize)..<min(rows, (block + 1) * blockSize)
                        var sums = [Float](repeating: 0, count: range.count)
                        matrix.values.withUnsafeBufferPointer { values in
                            sums.withUnsafeMutableBufferPointer { out in
                                for tree in packed {
                                    tree.withUnsafeBufferPointer { nodes in
                                        PackedNode.accumulate(nodes, values, columns: matrix.columns, rows: range, scale: scale, into: out)
                                    }
                                }
                            }
                        }
                        done.append((block, sums))
                    }
                    return done
                }
            }
            var all: [(Int, [Float])] = []
            for try await part in group { all.append(contentsOf: part) }
            return all.sorted { $0.0 < $1.0 }
        }
        var result: [Float] = []
        result.reserveCapacity(rows)
        for part in parts { result.append(contentsOf: part.1) }
        return result
    }
}
