import Foundation
import YanjianCore

extension Store {
    /// Collects the stored findings of every analysis into the findings.json model, within `scope`.
    ///
    /// The conventions each analysis writes by (see `FindingKind`): a convoy's subject is its plates
    /// joined by `|`; a retailer risk's label is its pattern and its details carry `reasons`; a gang
    /// member's details carry `gang_id`, `kind`, `value`, `tier`, `key_suspect`; a gang's details carry
    /// `waybills` and `provinces`. Warnings are the open ones of the closed loop (the `warnings` table), most
    /// severe first, then by target.
    public func exportFindings(scope: AccessScope, generatedAt: String) async throws -> Findings {
        var findings = Findings.empty
        findings.generatedAt = generatedAt
        findings.convoys = try await self.findings(kind: FindingKind.convoy, scope: scope).map {
            Findings.Convoy(plates: $0.subject.split(separator: "|").map(String.init), score: $0.score)
        }
        findings.clonedPlates = try await self.findings(kind: FindingKind.clonedPlate, scope: scope).map {
            Findings.Scored(plate: $0.subject, score: $0.score)
        }
        findings.nightVehicles = try await self.findings(kind: FindingKind.nightVehicle, scope: scope).map {
            Findings.Scored(plate: $0.subject, score: $0.score)
        }
        findings.anomalousRetailers = try await self.findings(kind: FindingKind.retailerRisk, scope: scope).map {
            Findings.Retailer(licenceNo: $0.subject, score: $0.score, pattern: $0.label,
                              reasons: Self.details($0.details)["reasons"] as? [String] ?? [])
        }
        findings.tips = try await self.findings(kind: FindingKind.tipScore, scope: scope).map {
            Findings.Tip(tipID: $0.subject, score: $0.score)
        }
        var gangs: [String: Findings.Gang] = [:]
        var order: [String] = []
        for gang in try await self.findings(kind: FindingKind.gang, scope: scope) {
            let details = Self.details(gang.details)
            gangs[gang.subject] = Findings.Gang(
                gangID: gang.subject, members: [], waybills: details["waybills"] as? [String] ?? [],
                provinces: details["provinces"] as? [String] ?? [])
            order.append(gang.subject)
        }
        for member in try await self.findings(kind: FindingKind.gangMember, scope: scope) {
            let details = Self.details(member.details)
            guard let gangID = details["gang_id"] as? String, let kind = details["kind"] as? String,
                  let value = details["value"] as? String else { continue }
            if gangs[gangID] == nil {
                gangs[gangID] = Findings.Gang(gangID: gangID, members: [])
                order.append(gangID)
            }
            gangs[gangID]?.members.append(Findings.Member(
                kind: kind, value: value, tier: (details["tier"] as? NSNumber)?.intValue, score: member.score,
                keySuspect: details["key_suspect"] as? Bool))
        }
        findings.gangs = order.compactMap { gangs[$0] }
        var page = 1
        var warnings: [(level: WarningLevel, warning: Findings.Warning)] = []
        while true {
            let batch = try await warningPage(scope: scope, filter: WarningFilter(openOnly: true),
                                              page: PageRequest(page: page, perPage: PageRequest.maxPerPage))
            warnings += batch.items.map {
                ($0.level, Findings.Warning(level: $0.level.rawValue, targetKind: $0.targetKind, target: $0.target, reason: $0.reason))
            }
            guard batch.hasMore else { break }
            page += 1
        }
        // Most severe first, then by target: not in the order they were raised, which follows the
        // order findings were stored in, so that the same data exports the same file.
        warnings.sort { a, b in
            a.level != b.level ? a.level > b.level
                : (a.warning.targetKind, a.warning.target, a.warning.reason) < (b.warning.targetKind, b.warning.target, b.warning.reason)
        }
        findings.warnings = warnings.map(\.warning)
        return findings
    }

    static func details(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }
}
