import Foundation
import YanjianCore
@testable import YanjianModels

/// Small seeded datasets for model tests.
enum SyntheticData {
    /// A standard normal draw (Box–Muller).
    static func normal(_ rng: inout SplitMix64) -> Float {
        let u1 = max(Double(rng.next() >> 11) * 0x1.0p-53, 1e-12)
        let u2 = Double(rng.next() >> 11) * 0x1.0p-53
        return Float((-2 * log(u1)).squareRoot() * cos(2 * .pi * u2))
    }

    /// Points around each centre (`spread` standard deviation), with the index of the blob.
    static func blobs(centres: [[Float]], perBlob: Int, spread: Float, seed: UInt64) -> (FeatureMatrix, [Int]) {
        var rng = SplitMix64(seed: seed)
        var rows: [[Float]] = []
        var blob: [Int] = []
        for (index, centre) in centres.enumerated() {
            for _ in 0..<perBlob {
                rows.append(centre.map { $0 + spread * normal(&rng) })
                blob.append(index)
            }
        }
        return ((try? FeatureMatrix(rows)) ?? FeatureMatrix(rows: 0, columns: 0), blob)
    }

    /// Two classes separated on feature 0 (`x0 > 0` is positive) with `noise` irrelevant features.
    static func separable(count: Int, noise: Int, seed: UInt64) -> (FeatureMatrix, [Bool]) {
        var rng = SplitMix64(seed: seed)
        var values: [Float] = []
        var labels: [Bool] = []
        for _ in 0..<count {
            let positive = rng.next() & 1 == 1
            values.append((positive ? 1 : -1) * (0.2 + abs(normal(&rng))))
            for _ in 0..<noise { values.append(normal(&rng)) }
            labels.append(positive)
        }
        return ((try? FeatureMatrix(rows: count, columns: noise + 1, values: values)) ?? FeatureMatrix(rows: 0, columns: 0), labels)
    }
}

extension SyntheticData {
    /// Retailers with ordinary trading and 5 % planted outflow (orders ×4 against till sales), where the
    /// planted ones are the case-linked ones — so a random forest on case labels learns them.
    static func retailers(count n: Int, seed: UInt64) -> (RetailerMeasurements, planted: [Bool]) {
        var rng = SplitMix64(seed: seed)
        var m = RetailerMeasurements(count: n)
        var planted = [Bool](repeating: false, count: n)
        for i in 0..<n {
            let county = rng.below(20)
            let type = rng.below(3)
            m.countyPeers[i] = Int32(county * 3 + type)
            m.cityPeers[i] = Int32((county / 5) * 3 + type)
            m.typePeers[i] = Int32(type)
            let demand = 5 + 5 * rng.unit()
            m.baselineRate[i] = demand
            m.recentRate[i] = demand * (0.95 + 0.1 * rng.unit())
            m.posRatio[i] = 1 + 0.1 * rng.unit()
            m.nightShare[i] = 0.02 * rng.unit()
            m.premiumTrailing[i] = 0.2
            m.premiumRecent[i] = 0.2
            if rng.unit() < 0.05 {
                planted[i] = true
                m.recentRate[i] *= 4
                m.posRatio[i] *= 4
                m.licenceCases[i] = 1
            }
        }
        return (m, planted)
    }
}
