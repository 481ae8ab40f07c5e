import Foundation
import YanjianCore

/// Named random streams. Every section of the world forks its own generator from the root with one
/// of these, so that adding draws to one section never shifts the numbers another section sees.
enum SynthStream: UInt64 {
    case geography = 1
    case population, retailers, orders, pos, registry, gangs, waybills, payments, cases, persons
    case cameras, fleet, plateReads, videoEvents, units, tips, messy, decoys
}

/// A SplitMix64 finaliser: a well-mixed 64-bit hash of `x`, used to derive per-entity generators.
@inline(__always)
func mix64(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z &>> 31)
}

extension SplitMix64 {
    /// A generator for one stream of the world.
    func stream(_ stream: SynthStream) -> SplitMix64 { fork(stream.rawValue) }

    /// A 64-bit value fixed by this generator's state, to derive per-entity generators from.
    var baseSeed: UInt64 {
        var copy = self
        return copy.next()
    }

    /// A generator for entity `index` of a collection, independent of any other entity.
    static func entity(_ base: UInt64, _ index: Int) -> SplitMix64 {
        SplitMix64(seed: mix64(base ^ mix64(UInt64(truncatingIfNeeded: index) &+ 0x1234_5678)))
    }

    /// A uniform double in [0, 1).
    @inline(__always)
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in 0..<n (n > 0).
    @inline(__always)
    mutating func below(_ n: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(max(n, 1))).high)
    }

    /// A uniform integer in lower...upper.
    @inline(__always)
    mutating func int(_ lower: Int, _ upper: Int) -> Int {
        upper <= lower ? lower : lower + below(upper - lower + 1)
    }

    /// A uniform double in lower..<upper.
    @inline(__always)
    mutating func double(_ lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * unit()
    }

    /// True with probability p.
    @inline(__always)
    mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// A standard normal deviate (Box–Muller).
    mutating func normal() -> Double {
        let u1 = max(unit(), 1e-300)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A log-normal deviate with the given median and log-space spread.
    mutating func logNormal(median: Double, sigma: Double) -> Double {
        median * exp(sigma * normal())
    }

    /// An exponential deviate with the given mean.
    mutating func exponential(mean: Double) -> Double {
        -mean * log(max(1 - unit(), 1e-300))
    }

    /// A Poisson deviate (inversion for small means, a rounded normal for large ones).
    mutating func poisson(_ mean: Double) -> Int {
        if mean <= 0 { return 0 }
        if mean > 30 {
            return max(0, Int((mean + mean.squareRoot() * normal()).rounded()))
        }
        let limit = exp(-mean)
        var product = unit()
        var count = 0
        while product > limit {
            product *= unit()
            count += 1
        }
        return count
    }

    /// A uniformly chosen element (the array must not be empty).
    @inline(__always)
    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    /// Fisher–Yates shuffle, written out so the order never depends on the standard library version.
    mutating func shuffle<T>(_ items: inout [T]) {
        if items.count < 2 { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            let j = below(i + 1)
            if i != j { items.swapAt(i, j) }
        }
    }

    /// `count` distinct indices from 0..<n in random order (count is clamped to n).
    mutating func sample(_ count: Int, from n: Int) -> [Int] {
        var all = Array(0..<n)
        let k = min(count, n)
        for i in 0..<k {
            let j = i + below(n - i)
            all.swapAt(i, j)
        }
        return Array(all.prefix(k))
    }
}

/// Sampling from a fixed discrete distribution by binary search over cumulative weights.
struct WeightedTable: Sendable {
    private(set) var cumulative: [Double]

    /// Creates a table; weights must be non-negative and not all zero.
    init(_ weights: [Double]) {
        var running = 0.0
        cumulative = weights.map { weight in
            running += max(weight, 0)
            return running
        }
        if running <= 0 {
            cumulative = weights.indices.map { Double($0 + 1) }
        }
    }

    var count: Int { cumulative.count }

    /// The index chosen by a uniform draw.
    @inline(__always)
    func sample(_ rng: inout SplitMix64) -> Int {
        let total = cumulative[cumulative.count - 1]
        let target = rng.unit() * total
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let mid = (low + high) >> 1
            if cumulative[mid] > target { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

/// Zipf-like weights 1/(rank + offset)^exponent, for popularity tables.
func zipfWeights(_ count: Int, exponent: Double = 1, offset: Double = 1) -> [Double] {
    (0..<count).map { 1 / pow(Double($0) + offset, exponent) }
}
