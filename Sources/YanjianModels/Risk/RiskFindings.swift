import Foundation
import YanjianStore

/// Reading back the published retailer-risk ranking.
public enum RiskFindings {
    /// One ranked retailer as `export findings` writes it.
    public typealias Entry = (licenceNo: String, score: Double, pattern: String?, reasons: [String])

    /// Every scored retailer, riskiest first (ties by licence number): its score 0–100, its pattern when
    /// flagged, and the zh-CN reasons from the finding's details.
    public static func export(store: Store) async throws -> [Entry] {
        let count = try await store.db.scalarInt("SELECT COUNT(*) FROM findings WHERE kind = ?", [.text(FindingKind.retailerRisk)])
        let stored = try await store.findings(kind: FindingKind.retailerRisk, scope: .system, limit: max(1, Int(count)))
        return stored.map { finding in
            (finding.subject, finding.score, finding.label, reasons(finding.details))
        }
        .sorted { $0.score != $1.score ? $0.score > $1.score : $0.licenceNo < $1.licenceNo }
    }

    static func reasons(_ details: String) -> [String] {
        struct Reasons: Decodable { var reasons: [String]? }
        return (try? JSONDecoder().decode(Reasons.self, from: Data(details.utf8)))?.reasons ?? []
    }
}
