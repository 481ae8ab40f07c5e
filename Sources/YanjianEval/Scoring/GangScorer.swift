import YanjianCore

/// Scores predicted gangs against true gangs over their scored members.
enum GangScorer {
    static func score(truth: [Truth.Gang], predicted: [Findings.Gang]) -> EvalReport.GangScores {
        // True scored entities, in file order; an entity listed in two true gangs stays in the first.
        var trueGangOf: [String: Int] = [:]
        var trueTierOf: [String: Int] = [:]
        var trueOrder: [String] = []
        for (gangIndex, gang) in truth.enumerated() {
            for member in gang.members where Canonical.scoredMemberKinds.contains(member.kind) {
                let key = Canonical.key(kind: member.kind, member.value)
                guard trueGangOf[key] == nil else { continue }
                trueGangOf[key] = gangIndex
                trueTierOf[key] = member.tier
                trueOrder.append(key)
            }
        }

        // Predicted scored entities; an entity in two predicted gangs belongs to the first.
        var predictedGangOf: [String: Int] = [:]
        var predictedTierOf: [String: Int] = [:]
        var predictedOrder: [String] = []
        for (gangIndex, gang) in predicted.enumerated() {
            for member in gang.members where Canonical.scoredMemberKinds.contains(member.kind) {
                let key = Canonical.key(kind: member.kind, member.value)
                guard predictedGangOf[key] == nil else { continue }
                predictedGangOf[key] = gangIndex
                if let tier = member.tier { predictedTierOf[key] = tier }
                predictedOrder.append(key)
            }
        }

        // Adjusted Rand index over the true entities; an unpredicted entity is its own singleton.
        let truthLabels = trueOrder.map { trueGangOf[$0] ?? 0 }
        let predictedLabels = trueOrder.enumerated().map { offset, key in
            predictedGangOf[key] ?? (predicted.count + offset)
        }
        let ari = AdjustedRandIndex.compute(truth: truthLabels, predicted: predictedLabels)
            ?? (trueOrder.count == 1 && predictedGangOf[trueOrder[0]] != nil ? 1 : nil)

        let predictedTrue = predictedOrder.reduce(0) { $0 + (trueGangOf[$1] != nil ? 1 : 0) }
        let found = trueOrder.reduce(0) { $0 + (predictedGangOf[$1] != nil ? 1 : 0) }

        // Match each predicted gang to the true gang it overlaps most (ties: the earlier true gang).
        var overlaps = [[Int: Int]](repeating: [:], count: predicted.count)
        for key in predictedOrder {
            guard let predictedGang = predictedGangOf[key], let trueGang = trueGangOf[key] else { continue }
            overlaps[predictedGang][trueGang, default: 0] += 1
        }
        let matchOf: [Int?] = overlaps.map { counts in
            counts.max { lhs, rhs in lhs.value != rhs.value ? lhs.value < rhs.value : lhs.key > rhs.key }?.key
        }
        var matched = 0
        var withTier = 0
        var tierCorrect = 0
        for key in predictedOrder {
            guard let predictedGang = predictedGangOf[key], let trueGang = trueGangOf[key],
                matchOf[predictedGang] == trueGang
            else { continue }
            matched += 1
            if let tier = predictedTierOf[key] {
                withTier += 1
                if tier == trueTierOf[key] { tierCorrect += 1 }
            }
        }

        let tier1 = trueOrder.filter { trueTierOf[$0] == 1 }
        let tier1Found = tier1.reduce(0) { $0 + (predictedGangOf[$1] != nil ? 1 : 0) }

        return EvalReport.GangScores(
            trueGangs: truth.count,
            predictedGangs: predicted.count,
            trueMembers: trueOrder.count,
            predictedMembers: predictedOrder.count,
            adjustedRandIndex: ari,
            memberPrecision: ratio(predictedTrue, predictedOrder.count),
            memberRecall: ratio(found, trueOrder.count),
            matchedMembers: matched,
            matchedWithTier: withTier,
            tierCorrect: tierCorrect,
            tierAccuracy: ratio(tierCorrect, withTier),
            tier1Total: tier1.count,
            tier1Found: tier1Found,
            tier1Fraction: ratio(tier1Found, tier1.count)
        )
    }
}

/// `numerator / denominator`, or `nil` when the denominator is 0.
func ratio(_ numerator: Int, _ denominator: Int) -> Double? {
    denominator == 0 ? nil : Double(numerator) / Double(denominator)
}
