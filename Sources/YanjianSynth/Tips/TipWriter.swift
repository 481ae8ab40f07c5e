import Foundation
import YanjianCore

/// Writes `tips.jsonl`: public tip-offs. A minority are true (they name a planted anomalous shop, a
/// gang's sender phone or a gang's warehouse or seller address); most are vague, about innocent shops,
/// about the decoys, or not about tobacco at all; many are re-submissions of earlier tips.
/// Re-submissions of a true tip are true as well.
enum TipWriter {
    /// One tip before numbering.
    struct Tip {
        var seconds: Int64
        var channel: String
        var text: String
        var phone: UInt64
        var address: String?
        var lat: Double?
        var lon: Double?
        var isTrue: Bool
    }

    static let patternTexts: [RetailPattern: [String]] = [
        .outflow: ["%@每周进很多烟，店里根本卖不了这么多，经常有外地车来拉货", "%@的烟大量往外地倒卖，店里货架上没几条"],
        .brandShift: ["%@最近突然大量进中华、玉溪，跟以前完全不一样，怀疑转手倒卖", "%@这两个月高档烟进得特别多"],
        .nightTrade: ["%@每天晚上十一点以后还有人进出搬烟", "%@半夜有面包车来装卸烟箱"],
        .abnormalGrowth: ["%@这几个月进货量翻了好几倍，生意没见变好", "%@进烟越来越多，怀疑帮别人代购"],
        .fundAnomaly: ["%@老板经常给外地人转账，怀疑从外面进烟", "%@店主说烟是从别的渠道便宜拿的"],
    ]

    static func build(
        context: WorldContext, retail: RetailPlan, gangs: GangPlan
    ) -> [Tip] {
        var rng = context.rng(.tips)
        let total = context.size.tips
        let start = SynthCalendar.seconds(day: SynthCalendar.waybillStart)
        let span = Int64(SynthCalendar.endDay - SynthCalendar.waybillStart) * 86_400
        var tips: [Tip] = []
        func when(_ rng: inout SplitMix64) -> Int64 { start + Int64(rng.below(Int(span))) }
        func tipster(_ rng: inout SplitMix64) -> UInt64 { rng.chance(0.7) ? context.ids.mobile(&rng) : 0 }
        let anomalous = retail.retailers.filter { $0.pattern != nil }
        let ordinary = retail.retailers.filter { $0.pattern == nil }
        let trueCount = max(3, total * 15 / 100)
        for index in 0..<trueCount {
            let channel = rng.pick(Lexicon.tipChannels)
            switch index % 3 {
            case 0 where !anomalous.isEmpty:
                let shop = anomalous[rng.below(anomalous.count)]
                let template = rng.pick(patternTexts[shop.pattern ?? .outflow] ?? ["%@有问题"])
                let text = template.replacingOccurrences(of: "%@", with: (rng.chance(0.5) ? shop.shopAddress : "") + shop.name)
                tips.append(Tip(seconds: when(&rng), channel: channel, text: text, phone: tipster(&rng), address: shop.shopAddress,
                                lat: shop.lat, lon: shop.lon, isTrue: true))
            case 1 where !gangs.gangs.isEmpty:
                let gang = gangs.gangs[rng.below(gangs.gangs.count)]
                let member = gang.members[rng.below(gang.members.count)]
                let phone = IdentityFactory.phoneString(member.poolPhones.first ?? member.person.phone)
                let courier = context.couriers.couriers[gang.couriers[0]].name
                let text = rng.pick([
                    "手机号\(phone)的人在微信朋友圈卖烟，用\(courier)快递发货，一次发一两条",
                    "有人用\(phone)这个号收钱卖烟，货从外地快递过来，包装写的是茶叶",
                ])
                tips.append(Tip(seconds: when(&rng), channel: channel, text: text, phone: tipster(&rng), address: nil,
                                lat: nil, lon: nil, isTrue: true))
            default:
                guard !gangs.gangs.isEmpty else { continue }
                let gang = gangs.gangs[rng.below(gangs.gangs.count)]
                let place = context.geography.districts[gang.warehouseDistrict]
                let text = rng.pick(["\(gang.warehouse)经常有人往外搬纸箱，晚上装车，怀疑是假烟仓库",
                                     "\(gang.warehouse)每天寄很多小包裹，都是一两条烟的大小"])
                tips.append(Tip(seconds: when(&rng), channel: channel, text: text, phone: tipster(&rng), address: gang.warehouse,
                                lat: place.lat, lon: place.lon, isTrue: true))
            }
        }
        let originals = total * 85 / 100
        while tips.count < originals {
            let channel = rng.pick(Lexicon.tipChannels)
            let roll = rng.unit()
            if roll < 0.35 && !ordinary.isEmpty {
                let shop = ordinary[rng.below(ordinary.count)]
                let text = rng.pick(["\(shop.name)卖的烟比别家便宜，怀疑是假烟", "\(shop.name)没有许可证也在卖烟",
                                     "\(shop.name)向未成年人卖烟", "\(shop.name)的中华烟味道不对"])
                tips.append(Tip(seconds: when(&rng), channel: channel, text: text, phone: tipster(&rng), address: shop.shopAddress,
                                lat: shop.lat, lon: shop.lon, isTrue: false))
            } else if roll < 0.5 {
                let text = rng.pick(["\(context.addresses.courierStation)每天有很多人寄快递，怀疑有人寄烟",
                                     "\(context.addresses.campusDorm)附近有人收很多快递",
                                     "\(context.addresses.industrialPark)有很多小包裹寄往外地",
                                     "有家茶行每天寄几十个包裹，会不会夹带香烟"])
                tips.append(Tip(seconds: when(&rng), channel: channel, text: text, phone: tipster(&rng), address: nil,
                                lat: nil, lon: nil, isTrue: false))
            } else if roll < 0.8 {
                let district = context.geography.districts[context.geography.localDistrict(&rng)]
                let text = rng.pick(["听说\(district.districtName)那边有人卖假烟", "\(district.districtName)菜市场门口有人摆摊卖散烟",
                                     "网上看到有人卖便宜烟，不知道是不是本地的", "我买到的烟像是假的，在哪买的忘了"])
                tips.append(Tip(seconds: when(&rng), channel: channel, text: text, phone: tipster(&rng), address: nil,
                                lat: nil, lon: nil, isTrue: false))
            } else {
                let text = rng.pick(["小区门口超市卖过期食品", "楼下饭店油烟扰民", "快递员把包裹扔在门口不送上楼", "路边违章停车没人管"])
                tips.append(Tip(seconds: when(&rng), channel: channel, text: text, phone: tipster(&rng), address: nil,
                                lat: nil, lon: nil, isTrue: false))
            }
        }
        let firstRound = tips
        while tips.count < total && !firstRound.isEmpty {
            var copy = firstRound[rng.below(firstRound.count)]
            copy.seconds += Int64(rng.int(3600, 20 * 86_400))
            copy.channel = rng.pick(Lexicon.tipChannels)
            if rng.chance(0.5) { copy.phone = tipster(&rng) }
            if rng.chance(0.3) { copy.text += rng.pick(["，请尽快处理", "。再次举报", "，之前举报过没人管"]) }
            tips.append(copy)
        }
        tips.sort { ($0.seconds, $0.text) < ($1.seconds, $1.text) }
        return tips
    }

    /// Writes the tips; returns the ids of the true ones.
    static func write(_ tips: [Tip], context: WorldContext, output: WorldOutput) throws -> [String] {
        let file = "tips.jsonl"
        let writer = try output.jsonl(file)
        var mess = output.messer(for: file)
        var trueIDs: [String] = []
        for (number, tip) in tips.enumerated() {
            var id: [UInt8] = Array("T".utf8)
            ByteFormat.appendPadded(UInt64(number + 1), width: 6, to: &id)
            let tipID = String(decoding: id, as: UTF8.self)
            if tip.isTrue { trueIDs.append(tipID) }
            let line = writer.line
            writer.beginObject()
            writer.string("tip_id", tipID)
            writer.timestamp("received_at", localSeconds: tip.seconds)
            writer.string("channel", tip.channel)
            writer.string("text", tip.text)
            if tip.phone != 0 {
                if mess.roll(0.03) {
                    let variant = mess.phoneVariant(tip.phone)
                    writer.string("phone", variant.text)
                    output.log.add(file: file, line: line, id: tipID, kind: variant.kind, detail: "phone written as \(variant.text)")
                } else {
                    writer.string("phone", IdentityFactory.phoneString(tip.phone))
                }
            }
            writer.string("address", tip.address)
            if let lat = tip.lat, let lon = tip.lon {
                writer.fixed("lat", Int64((lat * 1e6).rounded()), fractionDigits: 6)
                writer.fixed("lon", Int64((lon * 1e6).rounded()), fractionDigits: 6)
            }
            try writer.endObject()
        }
        try output.finish(writer)
        return trueIDs
    }
}
