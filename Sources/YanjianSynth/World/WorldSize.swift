import Foundation
import YanjianCore

/// How many of everything a world holds, from the scale (1 ≈ one prefecture) with sensible minimums.
struct WorldSize: Sendable {
    let scale: Double
    let retailers: Int
    let waybills: Int
    let plateReads: Int
    let cameras: Int
    let gangs: Int
    let units: Int
    let tips: Int
    let backgroundCases: Int
    let videoEvents: Int
    let noisePayments: Int
    let extraBusinesses: Int
    /// Anomalous retailers (3–5 %, at least one per pattern).
    let anomalousRetailers: Int
    /// Gang activity relative to a full-size gang (small worlds get smaller gangs).
    let gangVolume: Double

    init(config: WorldConfig, rng: inout SplitMix64) {
        let s = config.scale
        scale = s
        func scaled(_ base: Double, minimum: Int) -> Int { max(minimum, Int((base * s).rounded())) }
        retailers = scaled(5000, minimum: 60)
        waybills = config.waybills ?? scaled(100_000, minimum: 2000)
        plateReads = config.plateReads ?? scaled(1_000_000, minimum: 10_000)
        cameras = scaled(150, minimum: 20)
        let perScale = rng.double(3, 6)
        gangs = min(60, max(2, Int((perScale * s).rounded())))
        units = scaled(40, minimum: 8)
        tips = scaled(600, minimum: 40)
        backgroundCases = scaled(300, minimum: 20)
        videoEvents = scaled(20_000, minimum: 400)
        noisePayments = scaled(20_000, minimum: 400)
        extraBusinesses = retailers / 2
        anomalousRetailers = max(5, Int((Double(retailers) * rng.double(0.03, 0.05)).rounded()))
        gangVolume = min(1, max(0.25, s))
    }
}
