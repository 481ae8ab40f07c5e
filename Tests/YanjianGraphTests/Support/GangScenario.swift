import Foundation
import YanjianCore
@testable import YanjianGraph

/// A hand-built world: one three-tier gang (a source in Yunnan, a distributor in Xi'an, three sellers,
/// their buyers), a courier station many strangers use, and ordinary background parcels.
enum GangScenario {
    static let sourcePhones = ["17000000001", "17000000002", "17000000003"]
    static let distributorPhone = "13900000100"
    static let distributorPool = ["17100000101", "17100000102", "17100000103"]
    static let sellerPhones = ["13900000201", "13900000202", "13900000203"]
    static let sellerPools = [["16500000211", "16500000212"], ["16500000221", "16500000222"], ["16500000231", "16500000232"]]
    static let courierStation = "陕西省西安市未央区花园大街71号菜鸟驿站"
    static let fakeNames = ["王伟", "李娜", "张敏", "刘洋", "陈静", "杨帆", "赵磊", "黄婷", "周杰", "吴昊", "徐丽", "孙强"]

    /// `extra` adds records to the world before it is built; `shuffle` stores them in another order.
    static func build(background: Int = 300, shuffle: UInt64? = nil, extra: (inout GraphFixture) -> Void = { _ in }) -> EntityGraph {
        var f = GraphFixture(shuffle: shuffle)
        var rng = SplitMix64(seed: 42)
        var fake = 0
        func nextFake() -> String {
            fake += 1
            return fakeNames[fake % fakeNames.count] + String(fake / fakeNames.count)
        }
        let sourceAddress = "云南省昆明市五华区青年路100号2栋1单元101室"
        let distributorAddress = "陕西省西安市雁塔区长安南路88号3号楼2单元501室"
        let sellerAddresses = (0..<3).map { "陕西省西安市碑林区南大街\($0 + 10)号\($0 + 1)号楼1单元\($0 + 2)01室" }
        let sellerNames = ["孙卖一", "周卖二", "吴卖三"]
        var time: Int64 = 1_756_000_000
        // Source → distributor.
        for i in 0..<9 {
            time += 3_600
            f.waybill(from: sourcePhones[i % 3], at: sourceAddress, to: distributorPhone, at: distributorAddress,
                      senderName: nextFake(), receiverName: "钱分销", item: "茶叶", kg: 1.1, time: time,
                      senderPlace: "530102", receiverPlace: "610113")
        }
        // Distributor → sellers.
        for (s, phone) in sellerPhones.enumerated() {
            for i in 0..<5 {
                time += 3_600
                f.waybill(from: distributorPool[(s + i) % 3], at: distributorAddress, to: phone, at: sellerAddresses[s],
                          senderName: nextFake(), receiverName: sellerNames[s], item: "特产", kg: 0.6, time: time,
                          xray: s == 0 && i == 0, senderPlace: "610113", receiverPlace: "610103")
            }
        }
        // Sellers → buyers across provinces; buyers pay the sellers' WeChat.
        let provinces = ["440305", "320102", "330106", "510104", "420102"]
        for s in 0..<3 {
            for b in 0..<6 {
                time += 3_600
                let buyer = "1880000\(s)\(b)00"
                let buyerName = "买家\(s)\(b)"
                f.waybill(from: sellerPools[s][b % 2], at: sellerAddresses[s], to: buyer, at: "广东省深圳市南山区科技路\(s * 10 + b)号",
                          senderName: nextFake(), receiverName: buyerName, item: "衣物", kg: 0.55, time: time,
                          senderPlace: "610103", receiverPlace: provinces[b % provinces.count])
                f.payment(from: "wxid_buyer\(s)\(b)", buyerName, to: "wxid_seller\(s)", sellerNames[s], fen: 30_000, time: time - 600)
            }
            for _ in 0..<2 { f.payment(from: "62220000000002\(s)", sellerNames[s], to: "6222000000000100", "钱分销", fen: 500_000) }
        }
        for _ in 0..<3 { f.payment(from: "6222000000000100", "钱分销", to: "6222000000000001", "赵源头", fen: 2_000_000) }
        f.person("P000001", name: "钱分销", idNo: "610113198001011234", phones: [distributorPhone], addresses: [distributorAddress])
        f.caseFile("AJ20246101130001", links: [("id_no", "610113198001011234", "当事人"), ("phone", distributorPhone, "联系电话")])
        // Background: people sending ordinary parcels, some from the courier station.
        for i in 0..<background {
            time += 600
            let sender = "1390001\(String(format: "%04d", i % 150))"
            let receiver = "1370002\(String(format: "%04d", Int(rng.next() % 400)))"
            let fromStation = i % 10 == 0
            f.waybill(from: sender, at: fromStation ? courierStation : "陕西省西安市新城区东大街\(i % 150)号\(i % 7 + 1)号楼1单元101室",
                      to: receiver, at: "北京市朝阳区建国路\(Int(rng.next() % 400))号", senderName: "寄件人\(i % 150)",
                      receiverName: "收件人\(receiver.suffix(3))", item: "电子产品", kg: 2.4, time: time)
        }
        extra(&f)
        return f.build()
    }
}
