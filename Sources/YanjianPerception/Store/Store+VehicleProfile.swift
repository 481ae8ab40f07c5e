import Foundation
import YanjianCore
import YanjianStore

/// A plate on a list the platform already keeps: linked to a case, or to a person on file.
public struct HotlistHit: Sendable, Equatable, Codable {
    /// `case` or `person`.
    public var source: String
    /// The case number or person id.
    public var reference: String
    /// The role in the case, or the person's name and note.
    public var detail: String
}

extension Store {
    /// Cases and persons that name `plate` (the hot list).
    public func hotlistHits(plate: String) async throws -> [HotlistHit] {
        var hits = try await db.query(
            "SELECT case_no, role FROM case_links WHERE entity_kind = ? AND entity_value = ? ORDER BY case_no",
            [.text(CaseEntityKind.plate.code), .text(plate)]
        ).map { HotlistHit(source: "case", reference: $0.values[0].text ?? "", detail: $0.values[1].text ?? "") }
        let persons = try await db.query(
            "SELECT person_id, name, note, plates FROM persons WHERE plates LIKE ? ORDER BY person_id", [.text("%\(plate)%")])
        for row in persons {
            let plates = (row.values[3].text ?? "").split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard plates.contains(plate) else { continue }
            let detail = [row.values[1].text, row.values[2].text].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · ")
            hits.append(HotlistHit(source: "person", reference: row.values[0].text ?? "", detail: detail))
        }
        return hits
    }

    /// The stored convoy, cloned-plate and night-vehicle findings that involve `plate`.
    public func perceptionFindings(plate: String, scope: AccessScope = .system) async throws -> [StoredFinding] {
        var result: [StoredFinding] = []
        for kind in PerceptionAnalysis.kinds {
            for finding in try await findings(kind: kind, scope: scope)
            where finding.subject == plate || finding.subject.split(separator: "|").contains(Substring(plate)) {
                result.append(finding)
            }
        }
        return result
    }

    /// The profile of one vehicle from its stored reads, with its hot-list hits and findings.
    public func vehicleProfile(plate: String, parameters: VehicleProfiler.Parameters = VehicleProfiler.Parameters()) async throws
        -> (profile: VehicleProfile, cameras: CameraTable, hotlist: [HotlistHit], findings: [StoredFinding])
    {
        let cameras = try await perceptionCameras()
        let reads = try await perceptionReads(cameras: cameras, plate: plate)
        let profile = VehicleProfiler.profile(reads, plate: plate, parameters: parameters)
        return (profile, cameras, try await hotlistHits(plate: plate), try await perceptionFindings(plate: plate))
    }
}
