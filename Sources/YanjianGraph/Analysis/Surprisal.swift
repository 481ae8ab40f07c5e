import Foundation

/// How surprising a count is under a baseline rate taken from the data itself: `-log10 P(X ≥ k)` for
/// `X ~ Binomial(n, p)`. 3 means "one in a thousand groups this size would show this by chance".
public enum Surprisal {
    /// `-log10 P(X ≥ k)`, `X ~ Binomial(n, p)`; 0 when `k` is not above what chance gives.
    public static func binomialTail(k: Int, n: Int, p: Double) -> Double {
        guard k > 0, n > 0 else { return 0 }
        if k > n { return 0 }
        let p = min(max(p, 1e-9), 1 - 1e-9)
        if Double(k) <= Double(n) * p { return 0 }
        // Sum terms from k upward in log space until they stop mattering.
        let lp = log(p), lq = log1p(-p)
        let lnN = logGamma(Double(n) + 1)
        var logSum = -Double.infinity
        var i = k
        while i <= n {
            let term = lnN - logGamma(Double(i) + 1) - logGamma(Double(n - i) + 1) + Double(i) * lp + Double(n - i) * lq
            logSum = logAdd(logSum, term)
            if term < logSum - 40 { break }
            i += 1
        }
        return max(0, -logSum / log(10))
    }

    @inline(__always) static func logAdd(_ a: Double, _ b: Double) -> Double {
        if a == -Double.infinity { return b }
        if b == -Double.infinity { return a }
        let high = max(a, b)
        return high + log(exp(a - high) + exp(b - high))
    }

    /// ln Γ(x) for whole x ≥ 1, i.e. ln((x − 1)!): a direct sum below 20, Stirling's series above
    /// (Glibc's `lgamma` overloads are ambiguous from Swift on Linux).
    static func logGamma(_ x: Double) -> Double {
        if x < 20 {
            var sum = 0.0
            var i = 2.0
            while i < x {
                sum += log(i)
                i += 1
            }
            return sum
        }
        return stirling(x)
    }

    /// Stirling's series for ln Γ(x), accurate to 1e-10 from x = 20.
    static func stirling(_ x: Double) -> Double {
        let inv = 1 / x
        let inv2 = inv * inv
        return (x - 0.5) * log(x) - x + 0.918_938_533_204_672_7 + inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 / 1260))
    }
}
