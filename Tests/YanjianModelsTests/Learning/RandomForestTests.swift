import Foundation
import Testing
import YanjianCore
import YanjianModels

@Suite("Random forest")
struct RandomForestTests {
    @Test("A separable dataset is learned and generalises to fresh samples, with either criterion", arguments: RandomForestParameters.Criterion.allCases)
    func separable(criterion: RandomForestParameters.Criterion) async throws {
        let (train, labels) = SyntheticData.separable(count: 600, noise: 5, seed: 1)
        let forest = try await RandomForest.fit(train, labels: labels, parameters: .init(trees: 30, criterion: criterion, seed: 3))
        let (test, truth) = SyntheticData.separable(count: 400, noise: 5, seed: 2)
        let probabilities = try await forest.predictProbability(test)
        let correct = zip(probabilities, truth).filter { ($0.0 > 0.5) == $0.1 }.count
        #expect(Double(correct) / 400 >= 0.97)
        // The informative feature dominates the importances.
        #expect(forest.importances[0] > 0.5)
        #expect(abs(forest.importances.reduce(0, +) - 1) < 1e-9)
    }

    @Test("Entropy and Gini pick different cuts where they disagree")
    func criteriaDiffer() async throws {
        // One stump over three values, where Gini prefers the cut after value 1 and entropy the cut after
        // value 0 (checked by hand below), so a depth-1 tree splits at a different threshold.
        var rows: [[Float]] = []
        var labels: [Bool] = []
        func add(_ value: Float, negatives: Int, positives: Int) {
            for _ in 0..<negatives { rows.append([value]); labels.append(false) }
            for _ in 0..<positives { rows.append([value]); labels.append(true) }
        }
        add(0, negatives: 0, positives: 50)
        add(1, negatives: 20, positives: 50)
        add(2, negatives: 50, positives: 40)
        let matrix = try FeatureMatrix(rows)
        func threshold(_ criterion: RandomForestParameters.Criterion) async throws -> Float {
            let forest = try await RandomForest.fit(
                matrix, labels: labels,
                parameters: .init(trees: 1, maxDepth: 1, maxFeatures: .all, criterion: criterion, bootstrap: false, seed: 1))
            return forest.trees[0].threshold[0]
        }
        let gini = try await threshold(.gini)
        let entropy = try await threshold(.entropy)
        // Each criterion's choice is the best cut under its own impurity, computed here by hand.
        func impurity(_ cut: Float, entropy: Bool) -> Double {
            var sides = [(0.0, 0.0), (0.0, 0.0)]
            for (row, label) in zip(rows, labels) {
                let side = row[0] <= cut ? 0 : 1
                sides[side].0 += 1
                if label { sides[side].1 += 1 }
            }
            return sides.reduce(0) { total, side in
                let (n, p) = side
                guard n > 0 else { return total }
                let q = p / n
                let value = entropy ? -[q, 1 - q].filter { $0 > 0 }.reduce(0) { $0 + $1 * log($1) } : 1 - q * q - (1 - q) * (1 - q)
                return total + n * value
            }
        }
        let cuts: [Float] = [0.5, 1.5]
        let bestGini = cuts.min { impurity($0, entropy: false) < impurity($1, entropy: false) }!
        let bestEntropy = cuts.min { impurity($0, entropy: true) < impurity($1, entropy: true) }!
        #expect(bestGini != bestEntropy, "the data must make the criteria disagree")
        #expect(abs(gini - bestGini) < 0.51 && abs(entropy - bestEntropy) < 0.51)
        #expect((gini < 1.5) == (bestGini < 1.5) && (entropy < 1.5) == (bestEntropy < 1.5))
    }

    @Test("Tree-path contributions add up to the prediction and point at the informative feature")
    func contributions() async throws {
        let (train, labels) = SyntheticData.separable(count: 600, noise: 5, seed: 1)
        let forest = try await RandomForest.fit(train, labels: labels, parameters: .init(trees: 30, seed: 3))
        let (test, truth) = SyntheticData.separable(count: 50, noise: 5, seed: 2)
        let probabilities = try await forest.predictProbability(test)
        for row in 0..<test.rows {
            let (bias, features) = try forest.contributions(test, row: row)
            #expect(abs(bias + features.reduce(0, +) - Double(probabilities[row])) < 1e-4, "bias + contributions = prediction")
            let strongest = features.indices.max { abs(features[$0]) < abs(features[$1]) }
            if abs(Double(probabilities[row]) - bias) > 0.2 { #expect(strongest == 0, "the informative feature explains row \(row)") }
            if truth[row], probabilities[row] > 0.5 { #expect(features[0] > 0) }
        }
        #expect(throws: ModelError.self) { _ = try forest.contributions(try FeatureMatrix([[1]]), row: 0) }
    }

    @Test("XOR, which no single split can separate, is learned")
    func xor() async throws {
        var rows: [[Float]] = []
        var labels: [Bool] = []
        var rng = SplitMix64(seed: 9)
        for _ in 0..<800 {
            let a = Float(rng.next() % 1000) / 1000 - 0.5
            let b = Float(rng.next() % 1000) / 1000 - 0.5
            rows.append([a, b])
            labels.append((a > 0) != (b > 0))
        }
        let matrix = try FeatureMatrix(rows)
        let forest = try await RandomForest.fit(matrix, labels: labels, parameters: .init(trees: 25, maxFeatures: .all, seed: 1))
        let probe = try FeatureMatrix([[0.3, 0.3], [-0.3, 0.3], [0.3, -0.3], [-0.3, -0.3]])
        let p = try await forest.predictProbability(probe)
        #expect(p[0] < 0.2 && p[3] < 0.2)
        #expect(p[1] > 0.8 && p[2] > 0.8)
    }

    @Test("The same seed gives the same forest whatever the parallelism")
    func deterministic() async throws {
        let (train, labels) = SyntheticData.separable(count: 300, noise: 4, seed: 5)
        let one = try await RandomForest.fit(train, labels: labels, parameters: .init(trees: 12, seed: 7, parallelism: 1, outOfBag: true))
        let two = try await RandomForest.fit(train, labels: labels, parameters: .init(trees: 12, seed: 7, parallelism: 2, outOfBag: true))
        #expect(one.trees == two.trees)
        let p1 = try await one.predictProbability(train, parallelism: 1)
        let p2 = try await two.predictProbability(train, parallelism: 2)
        #expect(p1 == p2)
        let other = try await RandomForest.fit(train, labels: labels, parameters: .init(trees: 12, seed: 8))
        #expect(other.trees != one.trees)
        let oob = try #require(one.outOfBagProbabilities)
        #expect(oob.count == train.rows)
    }

    @Test("Balanced class weights raise a rare class's probability")
    func classWeights() async throws {
        // 5 % positives overlapping the negatives on one feature.
        var rng = SplitMix64(seed: 4)
        var rows: [[Float]] = []
        var labels: [Bool] = []
        for index in 0..<1000 {
            let positive = index % 20 == 0
            rows.append([SyntheticData.normal(&rng) + (positive ? 1.0 : 0)])
            labels.append(positive)
        }
        let matrix = try FeatureMatrix(rows)
        let plain = try await RandomForest.fit(matrix, labels: labels, parameters: .init(trees: 20, minSamplesLeaf: 20, seed: 1))
        let weighted = try await RandomForest.fit(
            matrix, labels: labels, parameters: .init(trees: 20, minSamplesLeaf: 20, classWeight: .balanced, seed: 1))
        let probe = try FeatureMatrix([[1.5]])
        let p = try await plain.predictProbability(probe)[0]
        let q = try await weighted.predictProbability(probe)[0]
        #expect(q > p)
    }

    @Test("A depth limit is respected")
    func depthLimit() async throws {
        let (train, labels) = SyntheticData.separable(count: 500, noise: 3, seed: 2)
        let forest = try await RandomForest.fit(train, labels: labels, parameters: .init(trees: 5, maxDepth: 3, seed: 1))
        #expect(forest.trees.allSatisfy { $0.depth <= 3 })
    }

    @Test("Mismatched labels and a wrong feature count are refused")
    func errors() async throws {
        let (train, labels) = SyntheticData.separable(count: 50, noise: 1, seed: 2)
        await #expect(throws: ModelError.labelCount(samples: 50, labels: 49)) {
            _ = try await RandomForest.fit(train, labels: Array(labels.dropLast()))
        }
        let forest = try await RandomForest.fit(train, labels: labels, parameters: .init(trees: 2))
        await #expect(throws: ModelError.featureCount(fitted: 2, given: 1)) {
            _ = try await forest.predictProbability(try FeatureMatrix([[1]]))
        }
    }
}
