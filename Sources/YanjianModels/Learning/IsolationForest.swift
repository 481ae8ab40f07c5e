import Foundation
import YanjianCore

/// Settings of an ``IsolationForest``.
public struct IsolationForestParameters: Sendable, Equatable {
    public var trees: Int
    /// Samples per tree, drawn without replacement (capped at the data size); 256 in the paper.
    public var samplesPerTree: Int
    public var seed: UInt64
    /// Child tasks used for fitting and scoring.
    public var parallelism: Int

    public init(trees: Int = 100, samplesPerTree: Int = 256, seed: UInt64 = 0, parallelism: Int = 2) {
        self.trees = trees
        self.samplesPerTree = samplesPerTree
        self.seed = seed
        self.parallelism = parallelism
    }
}

/// Isolation forest (Liu, Ting and Zhou 2008): random axis-parallel cuts isolate an unusual sample in
/// fewer steps than a usual one. The anomaly score `2^(-E[h(x)] / c(ψ))` lies in (0, 1]; about 0.5 is
/// unremarkable, towards 1 is anomalous.
public struct IsolationForest: Sendable {
    public let trees: [DecisionTree]
    public let featureCount: Int
    /// The sub-sample size ψ actually used.
    public let samplesPerTree: Int

    /// `c(n)`: the mean path length of an unsuccessful search in a binary search tree of `n` nodes,
    /// used to normalise path lengths and to credit leaves holding several samples.
    public static func averagePathLength(_ n: Int) -> Double {
        if n <= 1 { return 0 }
        if n == 2 { return 1 }
        let harmonic = log(Double(n - 1)) + 0.577_215_664_901_532_9
        return 2 * harmonic - 2 * Double(n - 1) / Double(n)
    }

    /// Grows the forest on `matrix`.
    /// - Throws: ``ModelError/empty`` for no samples, ``ModelError/invalidParameter(name:reason:)``.
    public static func fit(_ matrix: FeatureMatrix, parameters: IsolationForestParameters = .init()) async throws -> IsolationForest {
        guard matrix.rows > 0, matrix.columns > 0 else { throw ModelError.empty }
        guard parameters.trees > 0, parameters.samplesPerTree >= 2 else {
            throw ModelError.invalidParameter(name: "trees/samplesPerTree", reason: "need ≥ 1 tree and ≥ 2 samples per tree")
        }
        let psi = min(parameters.samplesPerTree, matrix.rows)
        let heightLimit = max(1, Int(log2(Double(max(psi, 2))).rounded(.up)))
        let workers = max(1, min(parameters.parallelism, parameters.trees))
        let total = parameters.trees
        let built = try await withThrowingTaskGroup(of: [(Int, DecisionTree)].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var out: [(Int, DecisionTree)] = []
                    for index in stride(from: worker, to: total, by: workers) {
                        try Task.checkCancellation()
                        var rng = SplitMix64.stream(parameters.seed, index)
                        out.append((index, grow(matrix, sampleSize: psi, heightLimit: heightLimit, rng: &rng)))
                    }
                    return out
                }
            }
            var all: [(Int, DecisionTree)] = []
            for try await part in group { all.append(contentsOf: part) }
            return all.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return IsolationForest(trees: built, featureCount: matrix.columns, samplesPerTree: psi)
    }

    static func grow(_ matrix: FeatureMatrix, sampleSize: Int, heightLimit: Int, rng: inout SplitMix64) -> DecisionTree {
        // Sample without replacement: a partial Fisher–Yates over a virtual identity permutation.
        var chosen: [Int32] = []
        chosen.reserveCapacity(sampleSize)
        if sampleSize == matrix.rows {
            chosen = (0..<Int32(matrix.rows)).map { $0 }
        } else {
            var swapped: [Int: Int] = [:]
            for i in 0..<sampleSize {
                let j = i + rng.below(matrix.rows - i)
                let atJ = swapped[j] ?? j
                let atI = swapped[i] ?? i
                swapped[j] = atI
                chosen.append(Int32(atJ))
            }
        }
        var tree = DecisionTree()
        let columns = matrix.columns
        var order = Array(0..<columns)
        struct Pending { var node: Int32; var start: Int; var end: Int; var depth: Int }
        var stack = [Pending(node: tree.addNode(), start: 0, end: chosen.count, depth: 0)]
        matrix.values.withUnsafeBufferPointer { values in
            while let item = stack.popLast() {
                let node = Int(item.node)
                let size = item.end - item.start
                if item.depth >= heightLimit || size <= 1 {
                    tree.value[node] = Float(Double(item.depth) + averagePathLength(size))
                    continue
                }
                var split: (feature: Int, value: Float)?
                var drawn = 0
                while drawn < columns && split == nil {
                    let pick = drawn + rng.below(columns - drawn)
                    order.swapAt(drawn, pick)
                    let feature = order[drawn]
                    drawn += 1
                    var low = Float.infinity
                    var high = -Float.infinity
                    for position in item.start..<item.end {
                        let x = values[Int(chosen[position]) * columns + feature]
                        if x.isNaN { continue }
                        if x < low { low = x }
                        if x > high { high = x }
                    }
                    guard low < high else { continue }
                    var cut = low + Float(rng.unit()) * (high - low)
                    if cut >= high { cut = low }
                    split = (feature, cut)
                }
                guard let split else {
                    tree.value[node] = Float(Double(item.depth) + averagePathLength(size))
                    continue
                }
                var i = item.start
                var j = item.end - 1
                while i <= j {
                    let x = values[Int(chosen[i]) * columns + split.feature]
                    if !(x > split.value) {
                        i += 1
                    } else {
                        chosen.swapAt(i, j)
                        j -= 1
                    }
                }
                let leftChild = tree.addNode()
                _ = tree.addNode()
                tree.feature[node] = Int32(split.feature)
                tree.threshold[node] = split.value
                tree.left[node] = leftChild
                stack.append(Pending(node: leftChild + 1, start: i, end: item.end, depth: item.depth + 1))
                stack.append(Pending(node: leftChild, start: item.start, end: i, depth: item.depth + 1))
            }
        }
        return tree
    }

    /// Anomaly scores in (0, 1] for every row of `matrix` (higher is more anomalous).
    public func score(_ matrix: FeatureMatrix, parallelism: Int = 2) async throws -> [Float] {
        guard matrix.columns == featureCount else { throw ModelError.featureCount(fitted: featureCount, given: matrix.columns) }
        let scale = 1 / Float(max(1, trees.count))
        let meanPath = try await TreeEnsemble.sumLeaves(trees: trees, matrix: matrix, scale: scale, parallelism: parallelism)
        let normaliser = Float(max(Self.averagePathLength(samplesPerTree), 1e-9))
        return meanPath.map { Float(exp2(Double(-$0 / normaliser))) }
    }
}
