import Foundation
import YanjianCore

/// Settings of ``KMeans``.
public struct KMeansParameters: Sendable, Equatable {
    public var clusters: Int
    public var maxIterations: Int
    /// Convergence: stop when the summed squared centre movement is at most `tolerance ×` the mean
    /// per-feature variance of the data (scikit-learn's rule), or when no assignment changes.
    public var tolerance: Double
    public var seed: UInt64
    /// Child tasks per pass over the data.
    public var parallelism: Int

    public init(clusters: Int = 8, maxIterations: Int = 300, tolerance: Double = 1e-4, seed: UInt64 = 0, parallelism: Int = 2) {
        self.clusters = clusters
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.seed = seed
        self.parallelism = parallelism
    }
}

/// k-means clustering: greedy k-means++ seeding (Arthur and Vassilvitskii 2007, with 2 + ln k local
/// trials as in scikit-learn) then Lloyd iterations accelerated with Hamerly's bounds (2010): an upper
/// bound on the distance to the assigned centre and a lower bound on the distance to any other skip the
/// samples whose assignment cannot change, so the result is that of plain Lloyd. A sample that must be
/// checked gets its distances to eight centres at once (centres stored feature-major, one SIMD lane per
/// centre).
public struct KMeans: Sendable {
    /// `centres[cluster * columns + feature]`.
    public let centres: [Float]
    public let columns: Int
    public let clusters: Int
    /// Cluster of each fitted sample.
    public let assignments: [Int32]
    /// Sum of squared distances of samples to their centre.
    public let inertia: Double
    public let iterations: Int

    /// Clusters `matrix`.
    /// - Throws: ``ModelError`` for no samples or fewer samples than clusters.
    public static func fit(_ matrix: FeatureMatrix, parameters: KMeansParameters = .init()) async throws -> KMeans {
        let n = matrix.rows
        let d = matrix.columns
        let k = parameters.clusters
        guard n > 0, d > 0 else { throw ModelError.empty }
        guard k >= 1, k <= n else { throw ModelError.invalidParameter(name: "clusters", reason: "need 1 ≤ clusters ≤ samples (\(n))") }
        var rng = SplitMix64.stream(parameters.seed, 0)
        var centres = seed(matrix, clusters: k, rng: &rng)

        // Tolerance scaled by the data's mean variance (one row-major pass).
        var featureSums = [Double](repeating: 0, count: d)
        var featureSquares = [Double](repeating: 0, count: d)
        matrix.values.withUnsafeBufferPointer { values in
            for row in 0..<n {
                let base = row * d
                for feature in 0..<d {
                    let x = Double(values[base + feature])
                    featureSums[feature] += x
                    featureSquares[feature] += x * x
                }
            }
        }
        var variance = 0.0
        for feature in 0..<d {
            let mean = featureSums[feature] / Double(n)
            variance += max(0, featureSquares[feature] / Double(n) - mean * mean)
        }
        let tolerance = parameters.tolerance * variance / Double(d)

        let blockSize = 8192
        let blocks = (n + blockSize - 1) / blockSize
        let state = HamerlyState(rows: n, blocks: blocks, clusters: k, columns: d)
        defer { state.deallocate() }
        let workers = max(1, min(parameters.parallelism, blocks))
        var iterations = 0
        var first = true
        var movement = [Float](repeating: 0, count: k)
        while iterations < parameters.maxIterations {
            iterations += 1
            let (half, pairHalf) = halfCentreDistances(centres, clusters: k, columns: d)
            let frozen = centres
            let move = movement
            let initial = first
            let changed = try await withThrowingTaskGroup(of: Int.self) { group in
                for worker in 0..<workers {
                    group.addTask {
                        var changed = 0
                        for block in stride(from: worker, to: blocks, by: workers) {
                            try Task.checkCancellation()
                            let range = (block * blockSize)..<min(n, (block + 1) * blockSize)
                            changed += state.assign(
                                matrix: matrix, block: block, rows: range, centres: frozen, half: half, pairHalf: pairHalf, movement: move,
                                initial: initial)
                        }
                        return changed
                    }
                }
                var total = 0
                for try await part in group { total += part }
                return total
            }
            first = false
            // Per-block sums merged in block order, so the result does not depend on scheduling.
            let (sums, counts) = state.clusterSums()
            var next = centres
            for cluster in 0..<k where counts[cluster] > 0 {
                for feature in 0..<d {
                    next[cluster * d + feature] = Float(sums[cluster * d + feature] / Double(counts[cluster]))
                }
            }
            var shift = 0.0
            for cluster in 0..<k {
                var squared: Float = 0
                for feature in 0..<d {
                    let delta = next[cluster * d + feature] - centres[cluster * d + feature]
                    squared += delta * delta
                }
                movement[cluster] = squared.squareRoot()
                shift += Double(squared)
            }
            centres = next
            if iterations > 1 && changed == 0 { break }
            if shift <= tolerance { break }
        }
        // Exact final labels and inertia against the final centres.
        var assignments = [Int32](repeating: 0, count: n)
        var inertia = 0.0
        matrix.values.withUnsafeBufferPointer { valueBuffer in
            centres.withUnsafeBufferPointer { centreBuffer in
                guard let values = valueBuffer.baseAddress, let c = centreBuffer.baseAddress else { return }
                for row in 0..<n {
                    var best: Float = .infinity
                    var bestCluster = 0
                    for cluster in 0..<k {
                        let distance = VectorMath.squaredDistance(values + row * d, c + cluster * d, d)
                        if distance < best {
                            best = distance
                            bestCluster = cluster
                        }
                    }
                    assignments[row] = Int32(bestCluster)
                    inertia += Double(best)
                }
            }
        }
        return KMeans(centres: centres, columns: d, clusters: k, assignments: assignments, inertia: inertia, iterations: iterations)
    }

    /// The nearest centre of every row of `matrix`.
    public func predict(_ matrix: FeatureMatrix) throws -> [Int32] {
        guard matrix.columns == columns else { throw ModelError.featureCount(fitted: columns, given: matrix.columns) }
        return matrix.values.withUnsafeBufferPointer { values in
            (0..<matrix.rows).map { row in
                var best: Float = .infinity
                var bestCluster: Int32 = 0
                for cluster in 0..<clusters {
                    let distance = Self.squaredDistance(values, row * columns, centres, cluster * columns, columns)
                    if distance < best {
                        best = distance
                        bestCluster = Int32(cluster)
                    }
                }
                return bestCluster
            }
        }
    }

    @inline(__always)
    static func squaredDistance(_ values: UnsafeBufferPointer<Float>, _ a: Int, _ centres: [Float], _ b: Int, _ d: Int) -> Float {
        guard let base = values.baseAddress else { return 0 }
        return centres.withUnsafeBufferPointer { c in
            guard let cb = c.baseAddress else { return 0 }
            return VectorMath.squaredDistance(base + a, cb + b, d)
        }
    }

    /// Greedy k-means++: each new centre is the best (lowest total potential) of 2 + ln k candidates
    /// drawn with probability proportional to the squared distance to the nearest chosen centre.
    static func seed(_ matrix: FeatureMatrix, clusters k: Int, rng: inout SplitMix64) -> [Float] {
        let n = matrix.rows
        let d = matrix.columns
        let trials = 2 + Int(log(Double(k)))
        var centres: [Float] = []
        centres.reserveCapacity(k * d)
        let firstRow = rng.below(n)
        centres.append(contentsOf: matrix.values[(firstRow * d)..<((firstRow + 1) * d)])
        var closest = [Float](repeating: 0, count: n)
        var candidate = [Float](repeating: 0, count: n)
        var bestCandidate = [Float](repeating: 0, count: n)
        matrix.values.withUnsafeBufferPointer { values in
            var potential = 0.0
            for row in 0..<n {
                closest[row] = squaredDistance(values, row * d, centres, 0, d)
                potential += Double(closest[row])
            }
            // Cumulative sums, for sampling by binary search.
            var cumulative = [Double](repeating: 0, count: n)
            for _ in 1..<max(k, 1) {
                var running = 0.0
                for row in 0..<n {
                    running += Double(closest[row])
                    cumulative[row] = running
                }
                var bestPotential = Double.infinity
                var bestRow = 0
                for _ in 0..<trials {
                    let target = rng.unit() * running
                    var low = 0
                    var high = n - 1
                    while low < high {
                        let middle = (low + high) >> 1
                        if cumulative[middle] <= target { low = middle + 1 } else { high = middle }
                    }
                    let row = running > 0 ? low : rng.below(n)
                    let start = row * d
                    var total = 0.0
                    guard let base = values.baseAddress else { continue }
                    for other in 0..<n {
                        let sum = VectorMath.squaredDistance(base + other * d, base + start, d)
                        let value = min(sum, closest[other])
                        candidate[other] = value
                        total += Double(value)
                    }
                    if total < bestPotential {
                        bestPotential = total
                        bestRow = row
                        swap(&candidate, &bestCandidate)
                    }
                }
                centres.append(contentsOf: values[(bestRow * d)..<((bestRow + 1) * d)])
                swap(&closest, &bestCandidate)
                potential = bestPotential
            }
            _ = potential
        }
        return centres
    }

    /// Half the distance between every pair of centres (`pair[a * k + b]`) and from each centre to its
    /// nearest other centre.
    static func halfCentreDistances(_ centres: [Float], clusters k: Int, columns d: Int) -> (nearest: [Float], pair: [Float]) {
        var nearest = [Float](repeating: .infinity, count: k)
        var pair = [Float](repeating: 0, count: k * k)
        centres.withUnsafeBufferPointer { buffer in
            guard let c = buffer.baseAddress else { return }
            for a in 0..<k {
                for b in (a + 1)..<max(k, a + 1) {
                    let distance = VectorMath.squaredDistance(c + a * d, c + b * d, d).squareRoot() / 2
                    pair[a * k + b] = distance
                    pair[b * k + a] = distance
                    nearest[a] = min(nearest[a], distance)
                    nearest[b] = min(nearest[b], distance)
                }
            }
        }
        return (nearest, pair)
    }
}

/// Per-row Hamerly bounds and assignments, and per-block cluster sums, in manually allocated buffers.
///
/// `@unchecked Sendable` invariant: during an iteration each child task reads and writes only the rows
/// and the block sums of its own blocks, blocks are disjoint, the sums are read only after the task
/// group has ended, and the buffers are freed only after the last iteration.
final class HamerlyState: @unchecked Sendable {
    let assignment: UnsafeMutableBufferPointer<Int32>
    let upper: UnsafeMutableBufferPointer<Float>
    let lower: UnsafeMutableBufferPointer<Float>
    /// `[block * k * d + cluster * d + feature]` and `[block * k + cluster]`.
    let blockSums: UnsafeMutableBufferPointer<Double>
    let blockCounts: UnsafeMutableBufferPointer<Int>
    let blocks: Int
    let clusters: Int
    let columns: Int

    init(rows: Int, blocks: Int, clusters: Int, columns: Int) {
        self.blocks = blocks
        self.clusters = clusters
        self.columns = columns
        assignment = .allocate(capacity: rows)
        assignment.initialize(repeating: 0)
        upper = .allocate(capacity: rows)
        upper.initialize(repeating: 0)
        lower = .allocate(capacity: rows)
        lower.initialize(repeating: 0)
        blockSums = .allocate(capacity: max(1, blocks * clusters * columns))
        blockSums.initialize(repeating: 0)
        blockCounts = .allocate(capacity: max(1, blocks * clusters))
        blockCounts.initialize(repeating: 0)
    }

    func deallocate() {
        assignment.deallocate()
        upper.deallocate()
        lower.deallocate()
        blockSums.deallocate()
        blockCounts.deallocate()
    }

    /// The sum and count of rows per cluster, merged over blocks in order.
    func clusterSums() -> (sums: [Double], counts: [Int]) {
        let width = clusters * columns
        var sums = [Double](repeating: 0, count: width)
        var counts = [Int](repeating: 0, count: clusters)
        for block in 0..<blocks {
            for index in 0..<width { sums[index] += blockSums[block * width + index] }
            for cluster in 0..<clusters { counts[cluster] += blockCounts[block * clusters + cluster] }
        }
        return (sums, counts)
    }

    /// Centres feature-major in groups of eight: `[group][feature]` is a SIMD8 of eight centres' values
    /// (missing centres in the last group are 0 here and start at +inf in the distances).
    static func transpose(_ centres: [Float], clusters k: Int, columns d: Int) -> [SIMD8<Float>] {
        let groups = (k + 7) / 8
        var result = [SIMD8<Float>](repeating: SIMD8(repeating: 0), count: groups * d)
        for cluster in 0..<k {
            for feature in 0..<d { result[(cluster / 8) * d + feature][cluster % 8] = centres[cluster * d + feature] }
        }
        return result
    }

    /// Updates the bounds of `rows` for centres that moved by `movement`, recomputes the rows whose
    /// bounds no longer prove their assignment, and moves reassigned rows between the block's cluster
    /// sums. Returns how many rows changed cluster.
    func assign(
        matrix: FeatureMatrix, block: Int, rows: Range<Int>, centres: [Float], half: [Float], pairHalf: [Float],
        movement: [Float], initial: Bool
    ) -> Int {
        let d = columns
        let k = clusters
        let groups = (k + 7) / 8
        var changed = 0
        var largest: Float = 0
        var largestCluster = -1
        var second: Float = 0
        for (cluster, move) in movement.enumerated() {
            if move > largest {
                second = largest
                largest = move
                largestCluster = cluster
            } else if move > second {
                second = move
            }
        }
        guard let sums = blockSums.baseAddress.map({ $0 + block * k * d }),
              let counts = blockCounts.baseAddress.map({ $0 + block * k })
        else { return 0 }
        let transposed = Self.transpose(centres, clusters: k, columns: d)
        // Padding lanes start at +inf so they never win.
        let padding: [SIMD8<Float>] = (0..<groups).map { group in
            var lanes = SIMD8<Float>(repeating: .infinity)
            for lane in 0..<8 where group * 8 + lane < k { lanes[lane] = 0 }
            return lanes
        }
        matrix.values.withUnsafeBufferPointer { valueBuffer in
            transposed.withUnsafeBufferPointer { lanes in
                guard let values = valueBuffer.baseAddress else { return }
                /// The nearest and second-nearest centre distances (not squared) of `x`, eight centres
                /// per SIMD vector.
                func nearest(_ x: UnsafePointer<Float>) -> (cluster: Int, best: Float, next: Float) {
                    var best: Float = .infinity
                    var next: Float = .infinity
                    var bestCluster = 0
                    for group in 0..<groups {
                        // Four independent accumulators, so the adds do not wait on each other.
                        var a0 = padding[group]
                        var a1 = SIMD8<Float>()
                        var a2 = SIMD8<Float>()
                        var a3 = SIMD8<Float>()
                        let base = group * d
                        var feature = 0
                        while feature + 4 <= d {
                            let d0 = SIMD8<Float>(repeating: x[feature]) - lanes[base + feature]
                            let d1 = SIMD8<Float>(repeating: x[feature + 1]) - lanes[base + feature + 1]
                            let d2 = SIMD8<Float>(repeating: x[feature + 2]) - lanes[base + feature + 2]
                            let d3 = SIMD8<Float>(repeating: x[feature + 3]) - lanes[base + feature + 3]
                            a0 += d0 * d0
                            a1 += d1 * d1
                            a2 += d2 * d2
                            a3 += d3 * d3
                            feature += 4
                        }
                        while feature < d {
                            let difference = SIMD8<Float>(repeating: x[feature]) - lanes[base + feature]
                            a0 += difference * difference
                            feature += 1
                        }
                        let distances = (a0 + a1) + (a2 + a3)
                        // Branch-free (selects, not jumps): which lane wins is unpredictable.
                        for lane in 0..<8 {
                            let distance = distances[lane]
                            let wins = distance < best
                            next = wins ? best : min(next, distance)
                            bestCluster = wins ? group * 8 + lane : bestCluster
                            best = wins ? distance : best
                        }
                    }
                    return (bestCluster, best.squareRoot(), next.squareRoot())
                }
                if initial {
                    for index in 0..<(k * d) { sums[index] = 0 }
                    for cluster in 0..<k { counts[cluster] = 0 }
                }
                for row in rows {
                    let x = values + row * d
                    if initial {
                        let found = nearest(x)
                        assignment[row] = Int32(found.cluster)
                        upper[row] = found.best
                        lower[row] = found.next
                        changed += 1
                        counts[found.cluster] += 1
                        let offset = found.cluster * d
                        for feature in 0..<d { sums[offset + feature] += Double(x[feature]) }
                        continue
                    }
                    let a = Int(assignment[row])
                    upper[row] += movement[a]
                    lower[row] -= (a == largestCluster ? second : largest)
                    guard upper[row] > max(half[a], lower[row]) else { continue }
                    let found = nearest(x)
                    upper[row] = found.best
                    lower[row] = found.next
                    guard found.cluster != a else { continue }
                    changed += 1
                    assignment[row] = Int32(found.cluster)
                    counts[a] -= 1
                    counts[found.cluster] += 1
                    let from = a * d
                    let to = found.cluster * d
                    for feature in 0..<d {
                        let value = Double(x[feature])
                        sums[from + feature] -= value
                        sums[to + feature] += value
                    }
                }
            }
        }
        return changed
    }
}
