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
/// trials as in scikit-learn) then Lloyd iterations accelerated with Elkan's bounds (2003): an upper
/// bound on the distance to the assigned centre and a lower bound on the distance to every other centre
/// skip the samples whose assignment cannot change, so the result is that of plain Lloyd (see
/// ``ElkanState``). A sample that must be searched gets its distances to eight centres at once (centres
/// stored feature-major, one SIMD lane per centre).
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
        let state = ElkanState(rows: n, blocks: blocks, clusters: k, columns: d)
        defer { state.deallocate() }
        let workers = max(1, min(parameters.parallelism, blocks))
        var iterations = 0
        var first = true
        // How far each centre has moved since the start, summed over iterations (see ``ElkanState``).
        var drift = [Float](repeating: 0, count: k)
        while iterations < parameters.maxIterations {
            iterations += 1
            let geometry = ElkanState.Geometry(centres: centres, drift: drift, clusters: k, columns: d)
            let initial = first
            let changed = try await withThrowingTaskGroup(of: Int.self) { group in
                for worker in 0..<workers {
                    group.addTask {
                        var changed = 0
                        for block in stride(from: worker, to: blocks, by: workers) {
                            try Task.checkCancellation()
                            let range = (block * blockSize)..<min(n, (block + 1) * blockSize)
                            changed += state.assign(matrix: matrix, block: block, rows: range, geometry: geometry, initial: initial)
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
                drift[cluster] += squared.squareRoot()
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
    /// drawn with probability proportional to the squared distance to the nearest chosen centre. The
    /// candidates of a step are measured in one pass over the data (the pass is memory-bound).
    static func seed(_ matrix: FeatureMatrix, clusters k: Int, rng: inout SplitMix64) -> [Float] {
        let n = matrix.rows
        let d = matrix.columns
        let trials = 2 + Int(log(Double(k)))
        var centres: [Float] = []
        centres.reserveCapacity(k * d)
        let firstRow = rng.below(n)
        centres.append(contentsOf: matrix.values[(firstRow * d)..<((firstRow + 1) * d)])
        var closest = [Float](repeating: 0, count: n)
        // `[trial * n + row]`: the row's squared distance to its nearest centre if the trial's candidate joined.
        var candidates = [Float](repeating: 0, count: trials * n)
        matrix.values.withUnsafeBufferPointer { values in
            guard let base = values.baseAddress else { return }
            for row in 0..<n {
                closest[row] = VectorMath.squaredDistance(base + row * d, base + firstRow * d, d)
            }
            // Cumulative sums, for sampling by binary search.
            var cumulative = [Double](repeating: 0, count: n)
            var chosen = [Int](repeating: 0, count: trials)
            var totals = [Double](repeating: 0, count: trials)
            for _ in 1..<max(k, 1) {
                var running = 0.0
                for row in 0..<n {
                    running += Double(closest[row])
                    cumulative[row] = running
                }
                for trial in 0..<trials {
                    let target = rng.unit() * running
                    var low = 0
                    var high = n - 1
                    while low < high {
                        let middle = (low + high) >> 1
                        if cumulative[middle] <= target { low = middle + 1 } else { high = middle }
                    }
                    chosen[trial] = running > 0 ? low : rng.below(n)
                    totals[trial] = 0
                }
                candidates.withUnsafeMutableBufferPointer { buffer in
                    guard let out = buffer.baseAddress else { return }
                    for row in 0..<n {
                        let x = base + row * d
                        let current = closest[row]
                        for trial in 0..<trials {
                            let value = min(VectorMath.squaredDistance(x, base + chosen[trial] * d, d), current)
                            out[trial * n + row] = value
                            totals[trial] += Double(value)
                        }
                    }
                }
                var best = 0
                for trial in 1..<trials where totals[trial] < totals[best] { best = trial }
                centres.append(contentsOf: values[(chosen[best] * d)..<((chosen[best] + 1) * d)])
                for row in 0..<n { closest[row] = candidates[best * n + row] }
            }
        }
        return centres
    }
}

/// Per-row Elkan bounds (2003) and assignments, and per-block cluster sums, in manually allocated buffers.
///
/// Each row keeps an upper bound on the distance to its centre and a lower bound on the distance to every
/// centre (eight per SIMD vector). A centre can only take the row when the upper bound exceeds both the
/// lower bound for that centre and half the distance between the two centres; rows where no centre can are
/// skipped, so the result is that of plain Lloyd. Bounds are stored relative to each centre's cumulative
/// movement (`drift`): a bound set when centre c had drifted D₀ is worth `stored − (D − D₀)` (lower) or
/// `stored + (D − D₀)` (upper) now, by the triangle inequality — so a skipped row costs no writes.
///
/// `@unchecked Sendable` invariant: during an iteration each child task reads and writes only the rows
/// and the block sums of its own blocks, blocks are disjoint, the sums are read only after the task
/// group has ended, and the buffers are freed only after the last iteration.
final class ElkanState: @unchecked Sendable {
    /// What every block needs of the current centres, computed once per iteration.
    struct Geometry: Sendable {
        /// Row-major centres.
        let centres: [Float]
        /// Centres feature-major in groups of eight: `[group * d + feature]` holds eight centres' values.
        let lanes: [SIMD8<Float>]
        /// Per group: 0 for real centres, +inf for the padding lanes of the last group.
        let padding: [SIMD8<Float>]
        /// `[a * groups + group]`: half the distance from centre a to the group's centres, +inf for a
        /// itself and for padding lanes (never candidates).
        let pairHalf: [SIMD8<Float>]
        let drift: [Float]
        let driftLanes: [SIMD8<Float>]

        init(centres: [Float], drift: [Float], clusters k: Int, columns d: Int) {
            let groups = (k + 7) / 8
            self.centres = centres
            self.drift = drift
            var lanes = [SIMD8<Float>](repeating: SIMD8(repeating: 0), count: groups * d)
            var padding = [SIMD8<Float>](repeating: SIMD8(repeating: .infinity), count: groups)
            var driftLanes = [SIMD8<Float>](repeating: SIMD8(repeating: 0), count: groups)
            for cluster in 0..<k {
                for feature in 0..<d { lanes[(cluster / 8) * d + feature][cluster % 8] = centres[cluster * d + feature] }
                padding[cluster / 8][cluster % 8] = 0
                driftLanes[cluster / 8][cluster % 8] = drift[cluster]
            }
            var pairHalf = [SIMD8<Float>](repeating: SIMD8(repeating: .infinity), count: k * groups)
            centres.withUnsafeBufferPointer { buffer in
                guard let c = buffer.baseAddress else { return }
                for a in 0..<k {
                    for b in (a + 1)..<max(k, a + 1) {
                        let half = VectorMath.squaredDistance(c + a * d, c + b * d, d).squareRoot() / 2
                        pairHalf[a * groups + b / 8][b % 8] = half
                        pairHalf[b * groups + a / 8][a % 8] = half
                    }
                }
            }
            self.lanes = lanes
            self.padding = padding
            self.pairHalf = pairHalf
            self.driftLanes = driftLanes
        }
    }

    let assignment: UnsafeMutableBufferPointer<Int32>
    let upper: UnsafeMutableBufferPointer<Float>
    /// `[row * groups + group]`.
    let lower: UnsafeMutableBufferPointer<SIMD8<Float>>
    /// `[block * k * d + cluster * d + feature]` and `[block * k + cluster]`.
    let blockSums: UnsafeMutableBufferPointer<Double>
    let blockCounts: UnsafeMutableBufferPointer<Int>
    let blocks: Int
    let clusters: Int
    let columns: Int
    let groups: Int

    init(rows: Int, blocks: Int, clusters: Int, columns: Int) {
        self.blocks = blocks
        self.clusters = clusters
        self.columns = columns
        groups = (clusters + 7) / 8
        assignment = .allocate(capacity: rows)
        assignment.initialize(repeating: 0)
        upper = .allocate(capacity: rows)
        upper.initialize(repeating: 0)
        lower = .allocate(capacity: max(1, rows * groups))
        lower.initialize(repeating: SIMD8(repeating: 0))
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

    /// Recomputes the rows of `rows` whose bounds no longer prove their assignment and moves reassigned
    /// rows between the block's cluster sums. Returns how many rows changed cluster.
    func assign(matrix: FeatureMatrix, block: Int, rows: Range<Int>, geometry: Geometry, initial: Bool) -> Int {
        let d = columns
        let k = clusters
        let groups = groups
        var changed = 0
        guard let sums = blockSums.baseAddress.map({ $0 + block * k * d }),
              let counts = blockCounts.baseAddress.map({ $0 + block * k }),
              let lowerBase = lower.baseAddress
        else { return 0 }
        if initial {
            for index in 0..<(k * d) { sums[index] = 0 }
            for cluster in 0..<k { counts[cluster] = 0 }
        }
        matrix.values.withUnsafeBufferPointer { valueBuffer in
        geometry.lanes.withUnsafeBufferPointer { lanes in
        geometry.padding.withUnsafeBufferPointer { padding in
        geometry.centres.withUnsafeBufferPointer { centreBuffer in
        geometry.pairHalf.withUnsafeBufferPointer { pairHalf in
        geometry.drift.withUnsafeBufferPointer { drift in
        geometry.driftLanes.withUnsafeBufferPointer { driftLanes in
            guard let values = valueBuffer.baseAddress, let centres = centreBuffer.baseAddress else { return }
            /// Exact distances from `x` to every centre, stored as the row's lower bounds; returns the
            /// nearest centre (lowest index on ties, as a plain scan) and its distance.
            func search(_ x: UnsafePointer<Float>, _ bounds: UnsafeMutablePointer<SIMD8<Float>>) -> (cluster: Int, distance: Float) {
                var best: Float = .infinity
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
                    let distances = VectorMath.squareRoot((a0 + a1) + (a2 + a3))
                    bounds[group] = distances + driftLanes[group]
                    // The group's nearest centre by vector reductions (lowest lane on ties), not a loop of
                    // unpredictable lane comparisons.
                    let nearest = VectorMath.argmin(distances)
                    if nearest.value < best {
                        best = nearest.value
                        bestCluster = group &* 8 &+ min(nearest.lane, 7)
                    }
                }
                return (bestCluster, best)
            }
            /// Whether some centre other than `a` could be nearer than `bound`.
            func contested(_ bound: Float, _ a: Int, _ bounds: UnsafeMutablePointer<SIMD8<Float>>) -> Bool {
                let limit = SIMD8<Float>(repeating: bound)
                var open = SIMDMask<SIMD8<Int32>>(repeating: false)
                for group in 0..<groups {
                    open = open .| ((limit .> bounds[group] - driftLanes[group]) .& (limit .> pairHalf[a * groups + group]))
                }
                return any(open)
            }
            if initial {
                for row in rows {
                    let x = values + row * d
                    let found = search(x, lowerBase + row * groups)
                    assignment[row] = Int32(found.cluster)
                    upper[row] = found.distance - drift[found.cluster]
                    changed += 1
                    counts[found.cluster] += 1
                    let offset = found.cluster * d
                    for feature in 0..<d { sums[offset + feature] += Double(x[feature]) }
                }
                return
            }
            // Three passes over shrinking lists of rows instead of one loop with branches: whether a row's
            // bounds hold is a coin toss on overlapping clusters, and mispredicted jumps cost more than
            // the bound checks. Pass 1 keeps the rows some centre could take.
            let pending = UnsafeMutablePointer<Int32>.allocate(capacity: rows.count)
            defer { pending.deallocate() }
            var count = 0
            for row in rows {
                let a = Int(assignment[row])
                pending[count] = Int32(row)
                count += contested(upper[row] + drift[a], a, lowerBase + row * groups) ? 1 : 0
            }
            // Pass 2: tighten the upper bound to the exact distance; keep the rows still contested.
            var remaining = 0
            for index in 0..<count {
                let row = Int(pending[index])
                let a = Int(assignment[row])
                let bound = VectorMath.squaredDistance(values + row * d, centres + a * d, d).squareRoot()
                upper[row] = bound - drift[a]
                pending[remaining] = Int32(row)
                remaining += contested(bound, a, lowerBase + row * groups) ? 1 : 0
            }
            // Pass 3: search every centre.
            for index in 0..<remaining {
                let row = Int(pending[index])
                let x = values + row * d
                let a = Int(assignment[row])
                let found = search(x, lowerBase + row * groups)
                upper[row] = found.distance - drift[found.cluster]
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
        }
        }
        }
        }
        }
        return changed
    }
}
