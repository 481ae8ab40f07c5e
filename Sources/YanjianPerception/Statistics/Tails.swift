import Foundation

/// Upper-tail probabilities in log space, for surprise scores: how unlikely it is to see at least
/// `k` events by chance. `-log10 p` is the surprise: 6 means one in a million.
package enum Tails {
    /// `log10 P(X ≥ k)` for `X ~ Poisson(lambda)`. Exact series, stable for tiny tails.
    package static func poissonLog10(atLeast k: Int, mean lambda: Double) -> Double {
        guard k > 0 else { return 0 }
        guard lambda > 0 else { return -.infinity }
        let kk = Double(k)
        if lambda < kk {
            // log of the first term e^-λ λ^k / k!, times the series Σ λ^j k! / (k + j)!.
            let first = -lambda + kk * log(lambda) - lgamma(kk + 1)
            var term = 1.0, sum = 1.0
            var j = 1.0
            while j < 10_000 {
                term *= lambda / (kk + j)
                sum += term
                if term < sum * 1e-16 { break }
                j += 1
            }
            return (first + log(sum)) / M_LN10
        }
        // Tail is not small: 1 − P(X < k).
        var logTerm = -lambda
        var cdf = exp(logTerm)
        for j in 1..<k {
            logTerm += log(lambda) - log(Double(j))
            cdf += exp(logTerm)
        }
        return log10(max(1e-300, 1 - min(1, cdf)))
    }

    /// `log10 P(X ≥ k)` for `X ~ Binomial(n, q)`.
    package static func binomialLog10(atLeast k: Int, trials n: Int, probability q: Double) -> Double {
        guard k > 0 else { return 0 }
        guard k <= n else { return -.infinity }
        if q <= 0 { return -.infinity }
        if q >= 1 { return 0 }
        let nn = Double(n), kk = Double(k)
        if kk >= nn * q {
            let first = logBinomialTerm(k: kk, n: nn, q: q)
            var term = 1.0, sum = 1.0
            var j = k
            let ratio = q / (1 - q)
            while j < n {
                term *= Double(n - j) / Double(j + 1) * ratio
                sum += term
                if term < sum * 1e-16 { break }
                j += 1
            }
            return (first + log(sum)) / M_LN10
        }
        var cdf = 0.0
        for j in 0..<k {
            cdf += exp(logBinomialTerm(k: Double(j), n: nn, q: q))
        }
        return log10(max(1e-300, 1 - min(1, cdf)))
    }

    /// Natural log of `C(n, k) q^k (1 − q)^(n − k)`.
    static func logBinomialTerm(k: Double, n: Double, q: Double) -> Double {
        let choose: Double = lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1)
        let powers: Double = k * log(q) + (n - k) * log1p(-q)
        return choose + powers
    }
}
