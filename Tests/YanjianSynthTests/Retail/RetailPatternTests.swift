import Foundation
import Testing
import YanjianEval
import YanjianSynth

/// Cartons ordered and sold per shop over the terminal-sales window (the last 90 days).
struct ShopVolumes {
    var ordered: [String: Double] = [:]
    var sold: [String: Double] = [:]
    var soldAtNight: [String: Double] = [:]
    var scans: [String: Int] = [:]
    var nightScans: [String: Int] = [:]
    var typeOf: [String: String] = [:]

    init(_ world: World) throws {
        for record in try world.table("retailers.csv").records {
            typeOf[record["licence_no"] ?? ""] = record["business_type"]
        }
        for record in try world.table("orders.csv").records where (record["order_date"] ?? "") >= "2025-12-01" {
            ordered[record["licence_no"] ?? "", default: 0] += Double(record["cartons"] ?? "") ?? 0
        }
        for record in try world.table("pos_sales.csv").records {
            let licence = record["licence_no"] ?? ""
            let cartons = (Double(record["packs"] ?? "") ?? 0) / 10
            sold[licence, default: 0] += cartons
            scans[licence, default: 0] += 1
            let ts = record["ts"] ?? ""
            let hour = Int(ts.dropFirst(11).prefix(2)) ?? 12
            if hour >= 22 || hour < 6 { nightScans[licence, default: 0] += 1 }
        }
    }

    func ratio(_ licence: String) -> Double? {
        guard let sold = sold[licence], sold > 0 else { return nil }
        return (ordered[licence] ?? 0) / sold
    }
}

@Suite("Anomalous retailers are planted and detectable; look-alikes are innocent")
struct RetailPatternTests {
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    @Test("3–5 % of retailers carry one pattern each, and every pattern appears")
    func counts() throws {
        let world = try TestWorlds.clean.get()
        let retailers = world.summary.rows["retailers.csv"] ?? 0
        let anomalous = world.truth.anomalousRetailers
        #expect(anomalous.count >= max(5, retailers * 3 / 100) && anomalous.count <= max(5, retailers * 5 / 100 + 1))
        #expect(Set(anomalous.map(\.pattern)) == ["outflow", "brand_shift", "night_trade", "abnormal_growth", "fund_anomaly"])
        #expect(Set(anomalous.map(\.licenceNo)).count == anomalous.count)
    }

    @Test("Outflow shops order far more than their terminals sell, against their peers' median ratio")
    func outflow() throws {
        let world = try TestWorlds.clean.get()
        let volumes = try ShopVolumes(world)
        let planted = Set(world.truth.anomalousRetailers.map(\.licenceNo))
        let decoys = Set(world.truth.decoys.filter { $0.kind == "licence_no" }.map(\.value))
        let peers = volumes.sold.keys.filter { !planted.contains($0) && !decoys.contains($0) }.compactMap(volumes.ratio)
        let peerMedian = RetailPatternTests.median(peers)
        #expect(peerMedian > 0.8 && peerMedian < 1.4)
        let outflow = world.truth.anomalousRetailers.filter { $0.pattern == "outflow" }.compactMap { volumes.ratio($0.licenceNo) }
        #expect(!outflow.isEmpty)
        for ratio in outflow { #expect(ratio > 2.2 * peerMedian, "outflow ratio \(ratio) vs peers \(peerMedian)") }
    }

    @Test("Night traders scan more than 20 % of sales between 22:00 and 06:00; ordinary shops far less")
    func nightTrade() throws {
        let world = try TestWorlds.clean.get()
        let volumes = try ShopVolumes(world)
        let night = world.truth.anomalousRetailers.filter { $0.pattern == "night_trade" }.map(\.licenceNo)
        #expect(!night.isEmpty)
        for licence in night {
            let share = Double(volumes.nightScans[licence] ?? 0) / Double(max(1, volumes.scans[licence] ?? 0))
            #expect(share > 0.2, "night share \(share)")
        }
        let planted = Set(world.truth.anomalousRetailers.map(\.licenceNo))
        let ordinary = volumes.scans.keys.filter { !planted.contains($0) }.map {
            Double(volumes.nightScans[$0] ?? 0) / Double(max(1, volumes.scans[$0] ?? 0))
        }
        #expect(RetailPatternTests.median(ordinary) < 0.1)
    }

    @Test("Abnormal growth shows in orders but not at the till; the real-growth decoy grows in both")
    func growth() throws {
        let world = try TestWorlds.clean.get()
        let orders = try world.table("orders.csv").records
        func monthly(_ licence: String, _ month: String) -> Double {
            orders.filter { $0["licence_no"] == licence && ($0["order_date"] ?? "").hasPrefix(month) }
                .reduce(0) { $0 + (Double($1["cartons"] ?? "") ?? 0) }
        }
        for shop in world.truth.anomalousRetailers where shop.pattern == "abnormal_growth" {
            let before = monthly(shop.licenceNo, "2025-05") + monthly(shop.licenceNo, "2025-06")
            let after = monthly(shop.licenceNo, "2026-01") + monthly(shop.licenceNo, "2026-02")
            #expect(after > 1.8 * before, "growth \(before) → \(after)")
        }
        let volumes = try ShopVolumes(world)
        let growthDecoys = world.truth.decoys.filter { $0.kind == "licence_no" && $0.note.contains("residential") }
        let stationDecoys = world.truth.decoys.filter { $0.kind == "licence_no" && $0.note.contains("railway") }
        #expect(!growthDecoys.isEmpty && !stationDecoys.isEmpty)
        for decoy in growthDecoys + stationDecoys {
            let ratio = try #require(volumes.ratio(decoy.value), "decoy \(decoy.value) has terminal sales")
            #expect(ratio < 1.5, "decoy ratio \(ratio)")
        }
    }

    @Test("Brand-shift shops' last two months differ from their earlier mix by an L1 distance above 0.3, towards premium brands")
    func brandShift() throws {
        let world = try TestWorlds.clean.get()
        let orders = try world.table("orders.csv").records
        let premium: Set<String> = ["中华(硬)", "中华(软)", "玉溪(软)", "黄鹤楼(1916)", "泰山(华贵)", "白沙(和天下)"]
        for shop in world.truth.anomalousRetailers where shop.pattern == "brand_shift" {
            func mix(_ from: String, _ to: String) -> [String: Double] {
                var cartons: [String: Double] = [:]
                for line in orders where line["licence_no"] == shop.licenceNo && (line["order_date"] ?? "") >= from && (line["order_date"] ?? "") < to {
                    cartons[line["brand"] ?? "", default: 0] += Double(line["cartons"] ?? "") ?? 0
                }
                let total = cartons.values.reduce(0, +)
                return cartons.mapValues { $0 / max(total, 1) }
            }
            let before = mix("2025-04-01", "2025-10-01")
            let after = mix("2026-01-05", "2026-03-01")
            let distance = Set(before.keys).union(after.keys).reduce(0) { $0 + abs((before[$1] ?? 0) - (after[$1] ?? 0)) }
            #expect(distance > 0.3, "\(shop.licenceNo): L1 \(distance)")
            let premiumBefore = before.filter { premium.contains($0.key) }.values.reduce(0, +)
            let premiumAfter = after.filter { premium.contains($0.key) }.values.reduce(0, +)
            #expect(premiumAfter > premiumBefore + 0.15)
        }
    }

    @Test("Fund-anomaly shops send large transfers to accounts found nowhere else")
    func funds() throws {
        let world = try TestWorlds.clean.get()
        var accountsOf: [String: [String]] = [:]
        for record in try world.table("retailers.csv").records {
            accountsOf[record["licence_no"] ?? ""] = (record["accounts"] ?? "").split(separator: "|").map(String.init)
        }
        let payments = try world.table("payments.csv").records
        var payeeCount: [String: Int] = [:]
        for payment in payments { payeeCount[payment["payee_account"] ?? "", default: 0] += 1 }
        for shop in world.truth.anomalousRetailers where shop.pattern == "fund_anomaly" {
            let card = try #require(accountsOf[shop.licenceNo]?.first)
            let large = payments.filter { $0["payer_account"] == card && (Double($0["amount"] ?? "") ?? 0) >= 10_000 }
            #expect(large.count >= 3, "only \(large.count) large transfers")
        }
    }
}
