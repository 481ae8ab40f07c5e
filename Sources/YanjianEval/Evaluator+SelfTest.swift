import YanjianCore

extension Evaluator {
    /// Perfect findings for a truth: every gang with all its members and tiers, only the true anomalous
    /// retailers and tips (riskiest first, true pattern given), every convoy, cloned plate and night
    /// vehicle. Scoring them against the same truth must give 1 everywhere; the scorer's own self-test.
    public static func findings(fromTruth truth: Truth) -> Findings {
        let gangs = truth.gangs.map { gang in
            Findings.Gang(
                gangID: gang.gangID,
                members: gang.members.map { Findings.Member(kind: $0.kind, value: $0.value, tier: $0.tier, score: 1) },
                waybills: gang.waybills)
        }
        let retailers = truth.anomalousRetailers.enumerated().map { offset, retailer in
            Findings.Retailer(
                licenceNo: retailer.licenceNo, score: Double(truth.anomalousRetailers.count - offset),
                pattern: retailer.pattern)
        }
        let tips = truth.trueTips.enumerated().map { offset, tip in
            Findings.Tip(tipID: tip, score: Double(truth.trueTips.count - offset))
        }
        return Findings(
            generatedAt: "",
            gangs: gangs,
            anomalousRetailers: retailers,
            convoys: truth.convoys.map { Findings.Convoy(plates: $0, score: 1) },
            clonedPlates: truth.clonedPlates.map { Findings.Scored(plate: $0, score: 1) },
            nightVehicles: truth.nightVehicles.map { Findings.Scored(plate: $0, score: 1) },
            tips: tips
        )
    }

    /// Findings that know nothing, for checking that the scorer does not reward chance: the true gangs'
    /// scored members dealt at random into as many gangs with random tiers; the true retailers and tips
    /// hidden among fillers up to `retailerCount` and `tipCount` with random scores; the true plates
    /// regrouped into random convoys; a random half of the cloned and night plates plus as many made-up
    /// ones. The same seed always gives the same findings.
    public static func randomFindings(
        for truth: Truth,
        seed: UInt64,
        retailerCount: Int = 2_000,
        tipCount: Int = 500
    ) -> Findings {
        var random = SplitMix64(seed: seed)

        let members = truth.gangs.flatMap { gang in
            gang.members.filter { Canonical.scoredMemberKinds.contains($0.kind) }
        }
        let gangCount = max(truth.gangs.count, 1)
        var buckets = [[Findings.Member]](repeating: [], count: gangCount)
        for member in members {
            let tier = Int.random(in: 1...3, using: &random)
            buckets[Int.random(in: 0..<gangCount, using: &random)].append(
                Findings.Member(kind: member.kind, value: member.value, tier: tier, score: Double.random(in: 0..<1, using: &random)))
        }
        let gangs = buckets.enumerated().filter { !$0.element.isEmpty }.map { offset, members in
            Findings.Gang(gangID: "R\(offset + 1)", members: members)
        }

        let trueLicences = truth.anomalousRetailers.map(\.licenceNo)
        let licences = trueLicences + fillers(prefix: "RND-L", count: retailerCount - trueLicences.count, avoiding: Set(trueLicences))
        let retailers = licences.map { Findings.Retailer(licenceNo: $0, score: Double.random(in: 0..<100, using: &random)) }
        let tipIDs = truth.trueTips + fillers(prefix: "RND-T", count: tipCount - truth.trueTips.count, avoiding: Set(truth.trueTips))
        let tips = tipIDs.map { Findings.Tip(tipID: $0, score: Double.random(in: 0..<1, using: &random)) }

        var plates = truth.convoys.flatMap { $0 }
        plates.shuffle(using: &random)
        var convoys: [Findings.Convoy] = []
        var start = 0
        while plates.count - start >= 2 {
            let size = min(Int.random(in: 2...3, using: &random), plates.count - start)
            convoys.append(Findings.Convoy(plates: Array(plates[start..<(start + size)]), score: 0.5))
            start += size
        }

        func halfAndFake(_ truePlates: [String], prefix: String) -> [Findings.Scored] {
            var kept = truePlates.filter { _ in Bool.random(using: &random) }
            kept += fillers(prefix: prefix, count: kept.count, avoiding: Set(truePlates))
            return kept.map { Findings.Scored(plate: $0, score: 0.5) }
        }
        return Findings(
            generatedAt: "",
            gangs: gangs,
            anomalousRetailers: retailers,
            convoys: convoys,
            clonedPlates: halfAndFake(truth.clonedPlates, prefix: "RNDC"),
            nightVehicles: halfAndFake(truth.nightVehicles, prefix: "RNDN"),
            tips: tips
        )
    }

    /// `count` identifiers `<prefix><n>` none of which is in `taken`.
    private static func fillers(prefix: String, count: Int, avoiding taken: Set<String>) -> [String] {
        guard count > 0 else { return [] }
        var out: [String] = []
        out.reserveCapacity(count)
        var n = 0
        while out.count < count {
            n += 1
            let id = prefix + String(n)
            if !taken.contains(id) { out.append(id) }
        }
        return out
    }
}
