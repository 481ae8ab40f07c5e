/// A small, fast, seedable random number generator, so that generated worlds, models and tests are
/// repeatable: the same seed always gives the same sequence on every platform.
///
/// This is the SplitMix64 generator (Steele, Lea and Flood, 2014), as in swift-argument-parser's
/// `Examples/roll`.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// Returns the next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }

    /// Derives an independent generator for a named stream, so that adding draws to one part of a
    /// generator does not shift the numbers every other part sees.
    public func fork(_ stream: UInt64) -> SplitMix64 {
        var copy = SplitMix64(seed: state ^ (stream &* 0xD1B5_4A32_D192_ED03))
        _ = copy.next()
        return copy
    }
}
