import Foundation
import YanjianCore
import YanjianStore

/// Cross-region cooperation (跨区域协查): a gang whose parcels reach other provinces generates one
/// request to each of them — intercept the gang's parcels and verify the receivers' addresses — with
/// the gang, its centre and its key suspects named. Sent once per gang and province; run after link
/// analysis (`yanjian analyze` runs it with the warnings).
public enum AssistanceGeneration {
    /// Sends the requests the current gang findings call for; returns how many were new.
    @discardableResult
    public static func run(store: Store, actor: String = "system") async throws -> Int {
        var drafts: [AssistanceDraft] = []
        for gang in try await store.findings(kind: FindingKind.gang, scope: .system, limit: 100_000) {
            let object = (try? JSONSerialization.jsonObject(with: Data(gang.details.utf8))) as? [String: Any] ?? [:]
            let provinces = object["provinces"] as? [String] ?? []
            let home = gang.adcode.map { String($0.prefix(2)) + "0000" }
            let suspects = (object["key_suspects"] as? [String] ?? []).prefix(8)
            let waybills = (object["waybills"] as? [Any])?.count ?? 0
            for province in provinces where province != home && province.count == 6 {
                let subject = "协查：拦截团伙 \(gang.subject) 寄往本省的卷烟包裹"
                var details = "团伙 \(gang.subject)（中心 \(gang.adcode ?? "未知")）的寄递网络涉及本省收件人，共 \(waybills) 票运单。"
                details += "请核实收件地址、拦截在途包裹并反馈。"
                if !suspects.isEmpty { details += "关键嫌疑对象：\(suspects.joined(separator: "、"))。" }
                drafts.append(AssistanceDraft(fromAdcode: gang.adcode, toAdcode: province, kind: .interceptParcels, subject: subject,
                                              details: details, source: "gang:\(gang.subject)"))
            }
        }
        return try await store.sendAssistance(drafts, actor: actor)
    }
}
