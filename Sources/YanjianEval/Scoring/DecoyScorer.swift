import YanjianCore

/// Finds decoys (innocent look-alikes) that the findings concluded on.
enum DecoyScorer {
    /// A decoy counts once, at the first conclusion it appears in: a gang member of its kind; for a plate,
    /// a convoy, cloned plate or night vehicle; for a licence number, the top k of the retailer ranking.
    static func score(
        decoys: [Truth.Decoy],
        findings: Findings,
        topRetailers: Set<String>
    ) -> EvalReport.DecoyScores {
        var gangOf: [String: String] = [:]
        for gang in findings.gangs {
            for member in gang.members {
                let key = Canonical.key(kind: member.kind, member.value)
                if gangOf[key] == nil { gangOf[key] = gang.gangID }
            }
        }
        let convoyPlates = Set(findings.convoys.flatMap(\.plates).map(Canonical.plate))
        let clonedPlates = Set(findings.clonedPlates.map { Canonical.plate($0.plate) })
        let nightPlates = Set(findings.nightVehicles.map { Canonical.plate($0.plate) })

        var seen = Set<String>()
        var flagged: [EvalReport.FlaggedDecoy] = []
        for decoy in decoys {
            let value = Canonical.value(kind: decoy.kind, decoy.value)
            guard seen.insert(decoy.kind + "\u{1F}" + value).inserted else { continue }
            var place: String?
            if let gangID = gangOf[decoy.kind + "\u{1F}" + value] {
                place = "gang \(gangID)"
            } else if decoy.kind == "plate" {
                if convoyPlates.contains(value) {
                    place = "convoys"
                } else if clonedPlates.contains(value) {
                    place = "cloned_plates"
                } else if nightPlates.contains(value) {
                    place = "night_vehicles"
                }
            } else if decoy.kind == "licence_no", topRetailers.contains(value) {
                place = "anomalous_retailers top k"
            }
            if let place {
                flagged.append(EvalReport.FlaggedDecoy(kind: decoy.kind, value: value, foundIn: place))
            }
        }
        return EvalReport.DecoyScores(total: seen.count, flagged: flagged.count, flaggedDecoys: flagged)
    }
}
