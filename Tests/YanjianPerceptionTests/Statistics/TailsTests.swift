import Foundation
import Testing
import YanjianPerception

@Suite("Tail probabilities for surprise scores")
struct TailsTests {
    static func poissonDirect(_ k: Int, _ lambda: Double) -> Double {
        var cdf = 0.0, term = exp(-lambda)
        for j in 0..<k {
            cdf += term
            term *= lambda / Double(j + 1)
        }
        return 1 - cdf
    }

    @Test("Poisson tails match a direct sum where that is accurate, and stay finite far out", arguments: [
        (1, 0.5), (3, 2.0), (5, 5.0), (10, 3.0), (4, 0.01),
    ])
    func poisson(k: Int, lambda: Double) {
        let direct = log10(Self.poissonDirect(k, lambda))
        #expect(abs(Tails.poissonLog10(atLeast: k, mean: lambda) - direct) < 1e-6)
    }

    @Test("Far tails are finite and monotone")
    func farTails() {
        let a = Tails.poissonLog10(atLeast: 10, mean: 1e-3), b = Tails.poissonLog10(atLeast: 11, mean: 1e-3)
        #expect(a.isFinite && b < a && a < -20)
        #expect(Tails.poissonLog10(atLeast: 0, mean: 3) == 0)
        #expect(Tails.poissonLog10(atLeast: 2, mean: 0) == -.infinity)
    }

    @Test("Binomial tails match a direct sum")
    func binomial() {
        func direct(_ k: Int, _ n: Int, _ q: Double) -> Double {
            var total = 0.0
            for j in k...n {
                var choose = 1.0
                for i in 0..<j { choose *= Double(n - i) / Double(i + 1) }
                total += choose * pow(q, Double(j)) * pow(1 - q, Double(n - j))
            }
            return log10(total)
        }
        for (k, n, q) in [(3, 10, 0.1), (8, 20, 0.05), (1, 5, 0.5), (15, 30, 0.02)] {
            #expect(abs(Tails.binomialLog10(atLeast: k, trials: n, probability: q) - direct(k, n, q)) < 1e-6)
        }
    }
}
