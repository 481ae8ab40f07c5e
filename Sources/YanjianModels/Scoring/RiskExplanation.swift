import Foundation
import YanjianCore

/// Why a retailer scored as it did, in plain words (zh-CN and English), with the numbers behind it: the
/// strongest factors compared with the retailer's peers, supporting facts, and what speaks against a
/// pattern (orders matched by till sales).
public struct RiskExplanation: Sendable, Codable, Equatable {
    public var reasons: [String]
    public var reasonsEnglish: [String]

    /// Factors with at least this much evidence are named.
    static let namedEvidence = 2.0
    /// A shop flagged for outflow this close to a logistics park or highway exit has the distance named
    /// (the route by which its stock would leave).
    static let nearHubKm = 3.0
    /// A return share this high is named (returns are about 1 % of order lines in normal trade).
    static let notableReturnShare = 0.10
    static let levelNames = ["同区县同业态", "同市同业态", "同业态", "全部零售户"]
    static let levelNamesEnglish = ["same county and business type", "same city and business type", "same business type", "all retailers"]

    /// Builds the explanation of retailer `i`.
    public static func explain(_ scores: RiskScores, _ m: RetailerMeasurements, retailer i: Int, maximumFactors: Int = 4) -> RiskExplanation {
        var zh: [String] = []
        var en: [String] = []
        let ranked = RiskScores.factors
            .map { (factor: $0, detail: scores.factor(i, $0)) }
            .filter { $0.detail.evidence >= namedEvidence && $0.factor != .posGrowth }
            .sorted { $0.detail.evidence > $1.detail.evidence }
        for item in ranked.prefix(maximumFactors) {
            let text = describe(item.factor, item.detail, m, i)
            zh.append(text.zh)
            en.append(text.en)
        }
        // Mitigation: high orders that the till confirms.
        let volume = scores.factor(i, .peerVolume)
        let ratio = scores.factor(i, .posRatio)
        if volume.evidence >= namedEvidence, !ratio.value.isNaN, ratio.evidence < namedEvidence {
            zh.append("订货量虽高，但终端销量相符（订销比\(fmt(ratio.value))，同类中位数\(fmt(ratio.reference))）")
            en.append("Orders are high but matched by terminal sales (orders/sales \(fmt(ratio.value)), peers' median \(fmt(ratio.reference)))")
        }
        let growth = scores.factor(i, .growth)
        if growth.evidence >= namedEvidence, !ratio.value.isNaN, ratio.evidence < namedEvidence {
            let pos = scores.factor(i, .posGrowth)
            let tail = pos.value.isNaN ? "" : "（终端销量增长\(fmt(pos.value))倍）"
            let tailEn = pos.value.isNaN ? "" : " (till sales × \(fmt(pos.value)))"
            zh.append("订货增长有终端销售支撑" + tail)
            en.append("The growth in orders shows at the till" + tailEn)
        }
        if m.licenceCases[i] > 0 {
            zh.append("许可证号涉及\(Int(m.licenceCases[i]))起案件")
            en.append("The licence is linked to \(Int(m.licenceCases[i])) case(s)")
        }
        if m.ownerCases[i] > 0 {
            zh.append("经营者身份证号或电话涉及\(Int(m.ownerCases[i]))起案件")
            en.append("The owner's ID number or phone is linked to \(Int(m.ownerCases[i])) case(s)")
        }
        if m.tips[i] > 0 {
            zh.append("\(Int(m.tips[i]))条举报线索提及该店")
            en.append("\(Int(m.tips[i])) tip(s) name the shop")
        }
        if i < scores.forestContributions.count, !scores.forestContributions[i].isEmpty {
            let parts = scores.forestContributions[i].map { String(format: "%@%+.2f", $0.feature, $0.value) }.joined(separator: ", ")
            zh.append("随机森林（以立案与核查结果训练）主要依据：\(parts)")
            en.append("Random forest (trained on cases and verified warnings) mainly from: \(parts)")
        }
        if m.nightLoading[i] > 0 {
            zh.append("店铺周边监控记录到\(Int(m.nightLoading[i]))次夜间装卸")
            en.append("Cameras near the shop recorded \(Int(m.nightLoading[i])) night loading event(s)")
        }
        if scores.flagged[i], scores.pattern[i] == .outflow {
            for (km, zhName, enName) in [(m.logisticsParkKm[i], "物流园", "a logistics park"), (m.highwayExitKm[i], "高速出入口", "a highway exit")]
            where !km.isNaN && km <= Self.nearHubKm {
                zh.append("店铺距\(zhName)约\(fmt(km))公里")
                en.append("The shop is about \(fmt(km)) km from \(enName)")
            }
        }
        if !m.returnShare[i].isNaN, m.returnShare[i] >= Self.notableReturnShare {
            zh.append("退货占订货的\(Int((m.returnShare[i] * 100).rounded()))%")
            en.append("Returns are \(Int((m.returnShare[i] * 100).rounded())) % of the cartons ordered")
        }
        if m.registryClosed[i] {
            zh.append("工商登记状态为吊销或注销")
            en.append("The business registration is revoked or deregistered")
        }
        if m.abnormalList[i] {
            zh.append("列入经营异常名录")
            en.append("On the abnormal-operation list")
        }
        if m.invalidLicenceOrdering[i] {
            zh.append("许可证已暂停或注销，近30天仍在订货")
            en.append("The licence is suspended or cancelled but orders continued in the last 30 days")
        }
        if m.expiredLicenceOrdering[i] {
            zh.append("许可证过期后仍在订货")
            en.append("Orders continued after the licence expired")
        }
        if zh.isEmpty {
            zh.append("各项指标与同类零售户相比无明显异常")
            en.append("Nothing stands out against comparable retailers")
        }
        return RiskExplanation(reasons: zh, reasonsEnglish: en)
    }

    static func describe(
        _ factor: RiskFactor, _ d: (value: Double, reference: Double, z: Double, evidence: Double, level: Int, peers: Int),
        _ m: RetailerMeasurements, _ i: Int
    ) -> (zh: String, en: String) {
        let level = min(d.level, levelNames.count - 1)
        let peersZh = "\(levelNames[level])\(d.peers)户"
        let peersEn = "\(d.peers) retailers (\(levelNamesEnglish[level]))"
        let z = "稳健z=\(fmt(d.z))"
        let zEn = "robust z \(fmt(d.z))"
        switch factor {
        case .peerVolume:
            let times = d.reference > 0 ? d.value / d.reference : .nan
            return ("近期订货\(fmt(d.value))条/周，是\(peersZh)中位数（\(fmt(d.reference))条/周）的\(fmt(times))倍（\(z)）",
                    "Recent orders of \(fmt(d.value)) cartons/week are \(fmt(times))× the median of \(peersEn) (\(fmt(d.reference))); \(zEn)")
        case .posRatio:
            return ("同期订货量是终端(POS)销量的\(fmt(d.value))倍，\(peersZh)中位数为\(fmt(d.reference))倍（\(z)）",
                    "Orders were \(fmt(d.value))× terminal (POS) sales over the same span; median of \(peersEn) \(fmt(d.reference))×; \(zEn)")
        case .growth:
            return ("近3个月订货是此前水平的\(fmt(d.value))倍，\(peersZh)中位数为\(fmt(d.reference))倍（\(z)）",
                    "Orders in the last 3 months are \(fmt(d.value))× the earlier level; median of \(peersEn) \(fmt(d.reference))×; \(zEn)")
        case .stepChange:
            return ("订货量相对同业态水平出现持续跃升，跃升后是此前的\(fmt(d.value))倍（\(z)）",
                    "Orders stepped up and stayed up against the business type's level: \(fmt(d.value))× the level before; \(zEn)")
        case .quotaCap:
            return ("\(pct(d.value))的限量品规订单按上限顶格订购（全体中位数\(pct(d.reference))）",
                    "\(pct(d.value)) of quota-brand order lines were placed at the cap (median \(pct(d.reference)))")
        case .brandDivergence:
            return ("近2个月品规结构与此前6个月明显不同（JS散度\(fmt(d.value))，中位数\(fmt(d.reference))）",
                    "The brand mix of the last 2 months differs from the 6 months before (Jensen–Shannon \(fmt(d.value)), median \(fmt(d.reference)))")
        case .premiumShift:
            return ("高档烟订货占比由\(pct(m.premiumTrailing[i]))升至\(pct(m.premiumRecent[i]))",
                    "Premium brands rose from \(pct(m.premiumTrailing[i])) to \(pct(m.premiumRecent[i])) of orders")
        case .nightShare:
            return ("\(pct(d.value))的终端销量发生在22:00–06:00，\(peersZh)中位数\(pct(d.reference))（\(z)）",
                    "\(pct(d.value)) of terminal sales happened 22:00–06:00; median of \(peersEn) \(pct(d.reference)); \(zEn)")
        case .unknownFunds:
            return ("与\(Int(m.unknownCounterparties[i]))个身份不明账户往来\(fmt(m.unknownFlowYuan[i]))元，相当于同期进货额的\(pct(d.value))",
                    "\(fmt(m.unknownFlowYuan[i])) yuan moved with \(Int(m.unknownCounterparties[i])) unidentified account(s), \(pct(d.value)) of purchases over the same months")
        case .monthEnd:
            return ("\(pct(d.value))的订货集中在月末最后3天",
                    "\(pct(d.value)) of orders were placed in the last 3 days of a month")
        case .posGrowth:
            return ("终端销量增长\(fmt(d.value))倍", "Terminal sales grew \(fmt(d.value))×")
        }
    }

    static func fmt(_ x: Double) -> String {
        guard x.isFinite else { return "—" }
        if abs(x) >= 100 { return String(format: "%.0f", x) }
        if abs(x) >= 10 { return String(format: "%.1f", x) }
        return String(format: "%.2f", x)
    }

    static func pct(_ x: Double) -> String {
        guard x.isFinite else { return "—" }
        return String(format: "%.0f%%", x * 100)
    }
}
