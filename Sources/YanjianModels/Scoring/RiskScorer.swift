import Foundation
import YanjianCore

/// Turns ``RetailerMeasurements`` into a 0–100 risk score, a pattern and the evidence behind both.
///
/// The rule (`docs/RISK.md` has the full text):
/// 1. Each factor is compared with the retailer's peers (same county and business type, else wider) as a
///    robust z-score, and separately scaled so that the domain threshold of domain-facts §8 reads as
///    `flagLevel`; its evidence is the smaller of the two, so a factor counts only when it is both unusual
///    among peers and materially beyond the domain threshold.
/// 2. Pattern evidence combines factors (outflow: orders unexplained by POS sales, or by peers when the
///    shop has no terminal, and ordering at the quota cap; growth: growth beyond peers, which must also be
///    unmatched at the till when there is a terminal; brand shift; night share; unknown-counterparty
///    funds). A logistic at `flagLevel` turns evidence into a 0…1 pattern score.
/// 3. The combined score mixes the strongest pattern score, the second strongest, the isolation-forest
///    rank, supporting context (cases, tips, registry, licence) and, when case labels are enough and the
///    forest's out-of-bag AUC passes its gate, the random forest's probability.
public enum RiskScorer {
    /// Scores every retailer.
    public static func score(_ m: RetailerMeasurements, parameters p: RiskParameters = .init()) async throws -> RiskScores {
        let n = m.count
        let factors = RiskScores.factors
        let patterns = RiskScores.patterns
        let fCount = factors.count
        let pCount = patterns.count
        let levels = [m.countyPeers, m.cityPeers, m.typePeers]
        let typeLevels = [m.cityPeers, m.typePeers]

        var value = [Double](repeating: .nan, count: n * fCount)
        var reference = [Double](repeating: .nan, count: n * fCount)
        var zScore = [Double](repeating: .nan, count: n * fCount)
        var evidence = [Double](repeating: 0, count: n * fCount)
        var peerLevel = [UInt8](repeating: 0, count: n * fCount)
        var peerCount = [Int32](repeating: 0, count: n * fCount)
        let flag = p.flagLevel

        /// Fills one factor: `transformed` is compared with peers; `domain` maps (transformed value,
        /// peer centre) to the domain-scaled evidence.
        func fill(
            _ factor: RiskFactor, raw: [Double], transformed: [Double], levels: [[Int32]],
            referenceOf: (Double) -> Double, domain: (Double, Double) -> Double
        ) {
            let f = RiskScores.factorIndex(factor)
            let peers = PeerComparison(values: transformed, levels: levels, minimum: p.minimumPeers)
            for i in 0..<n {
                let index = i * fCount + f
                value[index] = raw[i]
                reference[index] = referenceOf(peers.centre[i])
                peerLevel[index] = peers.level[i]
                peerCount[index] = peers.peers[i]
                let x = transformed[i]
                guard !x.isNaN else { continue }
                let scaled = domain(x, peers.centre[i])
                if peers.degenerate[i] {
                    // Most peers share one value (usually zero): there is no spread to compare with, so
                    // the domain-scaled value stands alone (and stands in for z in the models).
                    zScore[index] = scaled
                    evidence[index] = min(max(scaled, -5), 15)
                    continue
                }
                let z = (x - peers.centre[i]) / peers.spread[i]
                zScore[index] = z
                evidence[index] = min(max(min(z, scaled), -5), 15)
            }
        }

        let logVolume = m.recentRate.map { $0.isNaN ? .nan : log1p(max(0, $0)) }
        fill(.peerVolume, raw: m.recentRate, transformed: logVolume, levels: levels, referenceOf: { expm1($0) }) { x, c in
            // orders / peer median, on the log1p scale
            flag * (x - c) / log(p.volumeVersusPeers)
        }
        let logRatio = m.posRatio.map { $0.isNaN || $0 <= 0 ? .nan : log($0) }
        fill(.posRatio, raw: m.posRatio, transformed: logRatio, levels: typeLevels, referenceOf: { exp($0) }) { x, c in
            flag * (x - c) / log(p.ordersVersusSales)
        }
        var growth = [Double](repeating: .nan, count: n)
        for i in 0..<n where !m.baselineRate[i].isNaN {
            // Half a carton a week keeps tiny shops' ratios from exploding.
            growth[i] = log((m.recentRate[i] + 0.5) / (m.baselineRate[i] + 0.5))
        }
        fill(.growth, raw: growth.map { $0.isNaN ? .nan : exp($0) }, transformed: growth, levels: levels, referenceOf: { exp($0) }) { x, c in
            flag * (x - c) / log(p.growthVersusHistory)
        }
        fill(.stepChange, raw: m.stepChange.map { $0.isNaN ? .nan : exp($0) }, transformed: m.stepChange, levels: [], referenceOf: { exp($0) }) { x, c in
            flag * (x - c) / log(p.growthVersusHistory)
        }
        fill(.quotaCap, raw: m.quotaCapShare, transformed: m.quotaCapShare, levels: [], referenceOf: { $0 }) { x, _ in
            flag * x / p.quotaCapShare
        }
        fill(.brandDivergence, raw: m.brandDivergence, transformed: m.brandDivergence, levels: [], referenceOf: { $0 }) { x, _ in
            flag * x / p.brandDivergence
        }
        var premiumShift = [Double](repeating: .nan, count: n)
        for i in 0..<n where !m.premiumRecent[i].isNaN && !m.premiumTrailing[i].isNaN {
            premiumShift[i] = m.premiumRecent[i] - m.premiumTrailing[i]
        }
        fill(.premiumShift, raw: premiumShift, transformed: premiumShift, levels: [], referenceOf: { $0 }) { x, _ in
            flag * x / p.premiumShift
        }
        fill(.nightShare, raw: m.nightShare, transformed: m.nightShare, levels: levels, referenceOf: { $0 }) { x, _ in
            flag * x / p.nightShare
        }
        fill(.unknownFunds, raw: m.unknownFlowShare, transformed: m.unknownFlowShare, levels: [], referenceOf: { $0 }) { x, _ in
            flag * x / p.unknownFundsShare
        }
        fill(.monthEnd, raw: m.monthEndShare, transformed: m.monthEndShare, levels: [], referenceOf: { $0 }) { x, _ in
            flag * x / p.monthEndShare
        }
        fill(.posGrowth, raw: m.posGrowth.map { $0.isNaN ? .nan : exp($0) }, transformed: m.posGrowth, levels: [], referenceOf: { exp($0) }) { x, c in
            flag * (x - c) / log(p.growthVersusHistory)
        }

        // Pattern evidence.
        func e(_ i: Int, _ factor: RiskFactor) -> Double { evidence[i * fCount + RiskScores.factorIndex(factor)] }
        var patternEvidence = [Double](repeating: 0, count: n * pCount)
        var patternScore = [Double](repeating: 0, count: n * pCount)
        var rule = [Double](repeating: 0, count: n)
        var second = [Double](repeating: 0, count: n)
        var strongest = [RiskPattern](repeating: .outflow, count: n)
        for i in 0..<n {
            let hasTerminal = !m.posRatio[i].isNaN
            // Without a terminal, a step up in orders relative to the business type backs the peer excess
            // (Stouffer's sum of the two, when it is larger than the peer excess alone).
            let peer = e(i, .peerVolume)
            let step = e(i, .stepChange)
            let backed = peer > 0 && step > 0 ? (peer + step) / 2.0.squareRoot() : peer
            let unexplained = hasTerminal ? e(i, .posRatio) : max(peer, backed)
            let cap = e(i, .quotaCap)
            let outflow = max(unexplained, cap) + 0.3 * min(max(unexplained, 0), max(cap, 0))
            let grew = hasTerminal ? min(e(i, .growth), e(i, .posRatio)) : e(i, .growth)
            let brand = max(e(i, .brandDivergence), e(i, .premiumShift))
            var values = [Double](repeating: 0, count: pCount)
            values[RiskScores.patternIndex(.outflow)] = outflow
            values[RiskScores.patternIndex(.abnormalGrowth)] = grew
            values[RiskScores.patternIndex(.brandShift)] = brand
            values[RiskScores.patternIndex(.nightTrade)] = e(i, .nightShare)
            values[RiskScores.patternIndex(.fundAnomaly)] = e(i, .unknownFunds)
            var best = -Double.infinity
            var runnerUp = 0.0
            var bestPattern = RiskPattern.outflow
            for (k, pattern) in patterns.enumerated() {
                let s = 1 / (1 + exp(-p.steepness * (values[k] - flag)))
                patternEvidence[i * pCount + k] = values[k]
                patternScore[i * pCount + k] = s
                if s > best {
                    runnerUp = max(runnerUp, best)
                    best = s
                    bestPattern = pattern
                } else {
                    runnerUp = max(runnerUp, s)
                }
            }
            // Shape rule: a rising recent trend reads as growth, a level excess as outflow.
            if outflow >= flag && grew >= flag {
                let rising = !m.recentTrend[i].isNaN && m.recentTrend[i] >= log(1.15)
                bestPattern = rising ? .abnormalGrowth : .outflow
            }
            rule[i] = best
            second[i] = runnerUp
            strongest[i] = bestPattern
        }

        // Context: supporting facts that are not a trading pattern.
        var context = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var keep = 1.0
            if m.licenceCases[i] > 0 { keep *= 0.5 }
            if m.ownerCases[i] > 0 { keep *= 0.7 }
            if m.tips[i] > 0 { keep *= pow(0.75, min(m.tips[i], 4)) }
            if m.nightLoading[i] > 0 { keep *= 0.85 }
            if m.registryClosed[i] { keep *= 0.6 }
            if m.abnormalList[i] { keep *= 0.7 }
            if m.invalidLicenceOrdering[i] { keep *= 0.5 }
            if m.expiredLicenceOrdering[i] { keep *= 0.7 }
            let monthEnd = 1 / (1 + exp(-p.steepness * (e(i, .monthEnd) - flag)))
            keep *= 1 - 0.4 * monthEnd
            context[i] = 1 - keep
        }

        // Unsupervised models on the clipped z-scores.
        let modelMatrix = featureMatrix(m, z: zScore, supervised: false)
        let isolationForest = try await IsolationForest.fit(
            modelMatrix, parameters: .init(trees: p.trees, seed: p.seed, parallelism: p.parallelism))
        let isolationScores = try await isolationForest.score(modelMatrix, parallelism: p.parallelism)
        let isolation = percentileAboveMedian(isolationScores.map(Double.init))
        let clusters = max(1, min(p.segments, n / 10))
        var segment = [Int32](repeating: 0, count: n)
        var segmentSizes = [n]
        if n >= 10 {
            let kmeans = try await KMeans.fit(
                modelMatrix, parameters: .init(clusters: clusters, maxIterations: 100, seed: p.seed, parallelism: p.parallelism))
            segment = kmeans.assignments
            segmentSizes = [Int](repeating: 0, count: clusters)
            for s in segment { segmentSizes[Int(s)] += 1 }
        }

        // Supervised: case-linked licences as labels, corrected by on-site verification (a confirmed
        // warning is positive, a dismissed one negative), gated by out-of-bag AUC.
        let labels = (0..<n).map { i in m.verified[i] > 0 || (m.licenceCases[i] > 0 && m.verified[i] >= 0) }
        let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        let verifiedPositive = m.verified.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        let verifiedNegative = m.verified.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
        var importances: [String: Double] = [:]
        var forest = [Double](repeating: .nan, count: n)
        var forestUsed = false
        var forestAUC: Double?
        var forestNote: String
        var usedForest: (model: RandomForest, matrix: FeatureMatrix)?
        if positives >= p.minimumLabels && n - positives >= p.minimumLabels {
            let supervised = featureMatrix(m, z: zScore, supervised: true)
            // Rare labels: train on every case-linked retailer and at most 20 times as many others
            // (at least 20,000), drawn with the seed; the rest are scored out of sample anyway.
            let training = trainingRows(labels: labels, positives: positives, seed: p.seed)
            let model = try await RandomForest.fit(
                supervised.selecting(rows: training), labels: training.map { labels[$0] },
                parameters: .init(
                    trees: p.trees, maxDepth: 12, minSamplesLeaf: 3, classWeight: .balanced, seed: p.seed,
                    parallelism: p.parallelism, outOfBag: true))
            // The gate: AUC of the out-of-bag probabilities of the training rows (never seen by the
            // trees that score them). Only a forest that passes scores everyone.
            var oobScores: [Double] = []
            var oobLabels: [Bool] = []
            if let oob = model.outOfBagProbabilities {
                for (position, row) in training.enumerated() where !oob[position].isNaN {
                    oobScores.append(Double(oob[position]))
                    oobLabels.append(labels[row])
                }
            }
            forestAUC = RobustStatistics.auc(scores: oobScores, labels: oobLabels)
            let names = Self.forestFeatureNames
            for (index, value) in model.importances.enumerated() where index < names.count && value > 0 {
                importances[names[index]] = (value * 10_000).rounded() / 10_000
            }
            if let auc = forestAUC, auc >= p.minimumForestAUC {
                let full = try await model.predictProbability(supervised, parallelism: p.parallelism)
                var honest = full.map(Double.init)
                if let oob = model.outOfBagProbabilities {
                    for (position, row) in training.enumerated() where !oob[position].isNaN { honest[row] = Double(oob[position]) }
                }
                forestUsed = true
                forest = honest
                usedForest = (model, supervised)
                forestNote = "used: \(positives) case-linked retailers, out-of-bag AUC \(String(format: "%.3f", auc))"
            } else {
                forestNote = "not used: out-of-bag AUC \(String(format: "%.3f", forestAUC ?? 0)) below \(p.minimumForestAUC) on \(positives) case-linked retailers"
            }
        } else {
            forestNote = "not used: \(positives) case-linked retailers, fewer than \(p.minimumLabels)"
        }

        var score = [Double](repeating: 0, count: n)
        var flagged = [Bool](repeating: false, count: n)
        var byPattern: [String: Int] = [:]
        for i in 0..<n {
            let total: Double
            if forestUsed {
                total = p.supervisedRuleWeight * rule[i] + p.secondPatternWeight * second[i]
                    + p.supervisedIsolationWeight * isolation[i] + p.supervisedContextWeight * context[i]
                    + p.forestWeight * forest[i]
            } else {
                total = p.ruleWeight * rule[i] + p.secondPatternWeight * second[i] + p.isolationWeight * isolation[i]
                    + p.contextWeight * context[i]
            }
            score[i] = min(100, max(0, 100 * total))
            flagged[i] = rule[i] >= 0.5 || score[i] >= p.flagScore
            if flagged[i] { byPattern[strongest[i].rawValue, default: 0] += 1 }
        }
        let summary = RiskRunSummary(
            retailers: n, flagged: flagged.reduce(0) { $0 + ($1 ? 1 : 0) }, flaggedByPattern: byPattern,
            caseLabelled: positives, forestUsed: forestUsed, forestOutOfBagAUC: forestAUC, forestNote: forestNote,
            segments: segmentSizes.count, verifiedPositive: verifiedPositive, verifiedNegative: verifiedNegative,
            importances: importances)
        var scores = RiskScores(
            count: n, labels: labels, score: score, pattern: strongest, flagged: flagged, rule: rule, secondPattern: second,
            isolation: isolation, context: context, forest: forest, segment: segment, segmentSizes: segmentSizes,
            patternEvidence: patternEvidence, patternScore: patternScore, factorValue: value,
            factorReference: reference, factorZ: zScore, factorEvidence: evidence, factorPeerLevel: peerLevel,
            factorPeers: peerCount, summary: summary)
        // Why the forest scored each flagged retailer as it did: its three strongest tree-path contributions.
        if let (model, matrix) = usedForest {
            scores.forestContributions = Array(repeating: [], count: n)
            for i in 0..<n where flagged[i] {
                let features = try model.contributions(matrix, row: i).features
                scores.forestContributions[i] = features.indices.filter { abs(features[$0]) >= 0.01 && $0 < Self.forestFeatureNames.count }
                    .sorted { abs(features[$0]) > abs(features[$1]) }.prefix(3)
                    .map { (Self.forestFeatureNames[$0], (features[$0] * 1000).rounded() / 1000) }
            }
        }
        return scores
    }

    /// The random forest's features, in the columns of `featureMatrix(_:z:supervised: true)`.
    static let forestFeatureNames = RiskScores.factors.map(\.rawValue)
        + ["has_pos", "tips", "registry_closed", "abnormal_list", "licence_invalid", "unknown_counterparties",
           "return_share", "logistics_park_km", "highway_exit_km"]

    /// The model features: every factor's robust z clipped to ±10 (0 when not measurable), whether the
    /// shop has a terminal, and the supporting facts. The unsupervised models (isolation forest, k-means)
    /// also get the case counts; the supervised forest, whose labels come from cases, gets instead the
    /// return share and the distances to logistics parks and highway exits — facts that are suspicious
    /// only if the labels say so (a shop beside a highway exit is not unusual by itself).
    static func featureMatrix(_ m: RetailerMeasurements, z: [Double], supervised: Bool) -> FeatureMatrix {
        let n = m.count
        let fCount = RiskScores.factors.count
        let extra = supervised ? 9 : 8
        let columns = fCount + extra
        var values = [Float](repeating: 0, count: n * columns)
        for i in 0..<n {
            let base = i * columns
            for f in 0..<fCount {
                let x = z[i * fCount + f]
                values[base + f] = x.isNaN ? 0 : Float(min(max(x, -10), 10))
            }
            var column = base + fCount
            values[column] = m.posRatio[i].isNaN ? 0 : 1
            column += 1
            values[column] = Float(log1p(min(m.tips[i], 20)))
            column += 1
            values[column] = m.registryClosed[i] ? 1 : 0
            column += 1
            values[column] = m.abnormalList[i] ? 1 : 0
            column += 1
            values[column] = m.invalidLicenceOrdering[i] || m.expiredLicenceOrdering[i] ? 1 : 0
            column += 1
            values[column] = Float(log1p(min(m.unknownCounterparties[i], 20)))
            column += 1
            if supervised {
                let radius = RetailerMeasurements.hubRadiusKm
                values[column] = m.returnShare[i].isNaN ? 0 : Float(m.returnShare[i])
                values[column + 1] = Float(m.logisticsParkKm[i].isNaN ? radius : m.logisticsParkKm[i])
                values[column + 2] = Float(m.highwayExitKm[i].isNaN ? radius : m.highwayExitKm[i])
            } else {
                values[column] = Float(log1p(min(m.licenceCases[i], 20)))
                values[column + 1] = Float(log1p(min(m.ownerCases[i], 20)))
            }
        }
        return FeatureMatrix(unchecked: n, columns: columns, values: values)
    }

    /// The rows a supervised model trains on: all positives, and the negatives thinned to at most
    /// max(20 × positives, 20,000) by a seeded draw.
    static func trainingRows(labels: [Bool], positives: Int, seed: UInt64) -> [Int] {
        let negatives = labels.indices.filter { !labels[$0] }
        let keep = max(20 * positives, 20_000)
        guard negatives.count > keep else { return Array(labels.indices) }
        var rng = SplitMix64.stream(seed, 991)
        var pool = negatives
        for i in 0..<keep {
            pool.swapAt(i, i + rng.below(pool.count - i))
        }
        return (labels.indices.filter { labels[$0] } + pool.prefix(keep)).sorted()
    }

    /// For each value, how far above the median it ranks: 0 at or below the median, 1 for the highest.
    static func percentileAboveMedian(_ values: [Double]) -> [Double] {
        let n = values.count
        guard n > 1 else { return [Double](repeating: 0, count: n) }
        let order = values.indices.sorted { values[$0] < values[$1] }
        var result = [Double](repeating: 0, count: n)
        for (rank, index) in order.enumerated() {
            let percentile = Double(rank) / Double(n - 1)
            result[index] = max(0, (percentile - 0.5) / 0.5)
        }
        return result
    }
}
