import Foundation
import YanjianCore

/// One edge of a path or neighbourhood explained: what record states it, when, and in which words.
public struct EdgeEvidence: Sendable, Equatable, Codable {
    /// `kind:value` of both ends, in the edge's direction.
    public var from: String
    public var to: String
    /// The edge kind code (`sent_by`, `paid`…).
    public var kind: String
    /// The time, `YYYY-MM-DDTHH:MM:SS+08:00`, when the record has one.
    public var time: String?
    /// The record behind the edge (`waybill_no:SF…`, `txn:TX…`, `case:AJ…`, `person:P…`).
    public var record: String
    /// A sentence for people.
    public var text: String
}

extension EntityGraph {
    /// Explains edge `e`.
    public func evidence(_ e: Int32) -> EdgeEvidence {
        let edge = Int(e)
        let source = edgeSource[edge], target = edgeTarget[edge]
        let edgeKind = EdgeKind(rawValue: edgeKinds[edge]) ?? .sentBy
        let time = edgeTimes[edge] == EntityGraph.undated ? nil : Timestamp.format(edgeTimes[edge])
        var record = label(source)
        var text: String
        switch edgeKind {
        case .sentBy, .receivedBy, .sentFrom, .deliveredTo, .acceptedAt:
            text = "运单\(value(source))的\(edgeKind.label)为\(displayValue(target))"
            let ordinal = Int(recordOrdinal[Int(source)])
            if ordinal >= 0 {
                let flags = facts.waybillFlags[ordinal]
                if flags & RecordFacts.WaybillFlag.seized != 0 { text += "（已查获）" } else if flags & RecordFacts.WaybillFlag.xray != 0 { text += "（过机可疑）" }
            }
        case .paid:
            let payment = Int(edgeRecords[edge])
            let fen = payment >= 0 ? facts.amountFen[payment] : 0
            record = payment >= 0 ? "txn:" + facts.transactionIDs.string(Int32(payment)) : "txn:?"
            text = "\(value(source))向\(value(target))转账\(fen / 100).\(String(format: "%02d", Int(fen % 100)))元"
        case .personHas:
            text = "人员档案\(value(source))登记\(kind(target).code)\(displayValue(target))"
        case .caseNames:
            let link = Int(edgeRecords[edge])
            let role = link >= 0 ? facts.roles.string(facts.linkRole[link]) : ""
            text = "案件\(value(source))关联\(displayValue(target))" + (role.isEmpty ? "" : "（\(role)）")
        case .retailerHas:
            text = "零售户\(value(source))登记\(displayValue(target))"
        case .companyHas:
            text = "企业\(value(source))登记\(displayValue(target))"
        }
        if let time { text += "，" + time }
        return EdgeEvidence(from: label(source), to: label(target), kind: edgeKind.code, time: time, record: record, text: text)
    }
}
