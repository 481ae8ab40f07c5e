import YanjianCore

/// Fast draws from `SplitMix64` for the models' inner loops (bootstrap, feature subsets, sub-samples).
extension SplitMix64 {
    /// A uniform integer in `0..<bound` (Lemire's multiply-shift; `bound` > 0).
    @inlinable
    mutating func below(_ bound: Int) -> Int {
        let product = next().multipliedFullWidth(by: UInt64(bound))
        return Int(product.high)
    }

    /// A uniform value in [0, 1).
    @inlinable
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A generator for item `index` of a model seeded with `seed`, independent of the order in which
    /// items are built (so parallel fitting gives the same model as serial fitting).
    static func stream(_ seed: UInt64, _ index: Int) -> SplitMix64 {
        var mixer = SplitMix64(seed: seed ^ 0x5DEE_CE66_D1CE_4E5B)
        let base = mixer.next()
        return SplitMix64(seed: base).fork(UInt64(index) &+ 1)
    }
}
