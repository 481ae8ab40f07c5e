import YanjianCore

/// Scores the two rankings in the findings: anomalous retailers and tips.
enum RankingScorer {
    /// The retailer scores and the canonical licence numbers in the top k (for decoy checks).
    static func retailers(
        truth: [Truth.AnomalousRetailer],
        decoys: [Truth.Decoy],
        predicted: [Findings.Retailer]
    ) -> (scores: EvalReport.RetailerScores, topK: Set<String>) {
        var patternOf: [String: String] = [:]
        for retailer in truth {
            let licence = Canonical.value(kind: "licence_no", retailer.licenceNo)
            if patternOf[licence] == nil { patternOf[licence] = retailer.pattern }
        }
        let k = patternOf.count

        // The predicted pattern of a licence listed twice is the one of its best-scored entry.
        var best: [String: (score: Double, pattern: String?)] = [:]
        var items: [(id: String, score: Double)] = []
        items.reserveCapacity(predicted.count)
        for retailer in predicted {
            let licence = Canonical.value(kind: "licence_no", retailer.licenceNo)
            let score = retailer.score.isNaN ? -Double.infinity : retailer.score
            items.append((licence, score))
            if let known = best[licence], known.score >= score { continue }
            best[licence] = (score, retailer.pattern)
        }
        let ranking = Ranking.order(items)
        let relevance = ranking.map { patternOf[$0] != nil }
        let topK = Set(ranking.prefix(k))

        var actualByPattern: [String: Int] = [:]
        var inTopKByPattern: [String: Int] = [:]
        var withPattern = 0
        var patternRight = 0
        for (licence, pattern) in patternOf {
            actualByPattern[pattern, default: 0] += 1
            guard topK.contains(licence) else { continue }
            inTopKByPattern[pattern, default: 0] += 1
            if let predictedPattern = best[licence]?.pattern {
                withPattern += 1
                if predictedPattern == pattern { patternRight += 1 }
            }
        }
        let patternRecall = actualByPattern.keys.sorted().map { pattern in
            let actual = actualByPattern[pattern] ?? 0
            let inTopK = inTopKByPattern[pattern] ?? 0
            return EvalReport.PatternRecall(
                pattern: pattern, actual: actual, inTopK: inTopK, recall: ratio(inTopK, actual) ?? 0)
        }
        let decoyLicences = Set(
            decoys.filter { $0.kind == "licence_no" }.map { Canonical.value(kind: "licence_no", $0.value) })
        let hits = relevance.prefix(k).reduce(0) { $0 + ($1 ? 1 : 0) }

        let scores = EvalReport.RetailerScores(
            k: k,
            ranked: ranking.count,
            hitsAtK: hits,
            precisionAtK: Ranking.precisionAtK(relevance, k: k),
            averagePrecision: Ranking.averagePrecision(relevance, relevantCount: k),
            patternRecall: patternRecall,
            patternAccuracy: ratio(patternRight, withPattern),
            decoysInTopK: decoyLicences.intersection(topK).count
        )
        return (scores, topK)
    }

    /// The tip scores: precision in the top k (k = true tips) and average precision.
    static func tips(truth: [String], predicted: [Findings.Tip]) -> EvalReport.TipScores {
        let trueTips = Set(truth.map(Canonical.trimmed))
        let ranking = Ranking.order(predicted.map { (Canonical.trimmed($0.tipID), $0.score) })
        let relevance = ranking.map { trueTips.contains($0) }
        return EvalReport.TipScores(
            trueTips: trueTips.count,
            ranked: ranking.count,
            precisionAtK: Ranking.precisionAtK(relevance, k: trueTips.count),
            averagePrecision: Ranking.averagePrecision(relevance, relevantCount: trueTips.count)
        )
    }
}
