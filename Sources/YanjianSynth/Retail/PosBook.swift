import Foundation
import YanjianCore

/// Generates and writes `pos_sales.csv`: terminal scans over the last 90 days for shops with a
/// terminal. Scans follow the shop's demand, the season, the weekday and a daily curve; night-trading
/// shops add a stream of scans between 22:00 and 06:00; real growth shows at the till, fake growth
/// (orders only) does not.
enum PosBook {
    // A scan packed into one UInt64 so a million of them sort fast:
    // seconds since the window start (24 bits) | shop (24) | brand (6) | packs (4).
    static let shopBits: UInt64 = 24
    static let brandBits: UInt64 = 6
    static let packBits: UInt64 = 4

    @inline(__always)
    static func pack(seconds: Int, shop: Int, brand: Int, packs: Int) -> UInt64 {
        (UInt64(seconds) << (shopBits + brandBits + packBits)) | (UInt64(shop) << (brandBits + packBits))
            | (UInt64(brand) << packBits) | UInt64(packs)
    }

    static func generate(plan: RetailPlan, context: WorldContext) -> [UInt64] {
        let base = context.rng(.pos).baseSeed
        let packOptions = [1, 2, 3, 4, 5, 10]
        let packTable = WeightedTable([72, 15, 3, 2, 1, 7])
        let meanPacks = 1.96
        let start = SynthCalendar.posStart
        var scans: [UInt64] = []
        scans.reserveCapacity(Int(Double(context.size.retailers) * 0.3 * 90 * 8))
        for shop in plan.retailers where shop.hasTerminal {
            var rng = SplitMix64.entity(base, shop.index)
            let table = WeightedTable(shop.brandWeights)
            let coverage = rng.double(0.85, 0.97)
            // Night traders sell `patternStrength` of their packs at night: extra packs per day-time pack.
            let nightExtra = shop.pattern == .nightTrade ? shop.patternStrength / (1 - shop.patternStrength) : 0
            let lastDay = min(SynthCalendar.endDay - 1, shop.activeUntil)
            if lastDay < start { continue }
            for day in start...lastDay {
                let weekend = SynthCalendar.weekday(day) >= 6
                let packsToday = shop.demand * 10 * coverage * SynthCalendar.retailDemand(day)
                    * (weekend ? 1.1 : 0.96) * shop.posFactor(day: day)
                let dayOffset = (day - start) * 86_400
                let count = rng.poisson(packsToday / meanPacks)
                for _ in 0..<count {
                    let second = DailyCurve.pos.secondOfDay(&rng)
                    let brand = shop.brands[table.sample(&rng)]
                    let packs = packOptions[packTable.sample(&rng)]
                    scans.append(pack(seconds: dayOffset + second, shop: shop.index, brand: brand, packs: packs))
                }
                if nightExtra > 0 {
                    // Night scans are more often whole cartons: 15 % of them are 10 packs.
                    let night = rng.poisson(packsToday * nightExtra / (0.85 * meanPacks + 0.15 * 10))
                    for _ in 0..<night {
                        let second = DailyCurve.posNight.secondOfDay(&rng)
                        let brand = shop.brands[table.sample(&rng)]
                        let packs = rng.chance(0.15) ? 10 : packOptions[packTable.sample(&rng)]
                        scans.append(pack(seconds: dayOffset + second, shop: shop.index, brand: brand, packs: packs))
                    }
                }
            }
        }
        scans.sort()
        return scans
    }

    static let header = ["sale_id", "licence_no", "ts", "brand", "packs", "amount"]

    static func write(_ scans: [UInt64], plan: RetailPlan, context: WorldContext, output: WorldOutput) throws {
        let file = "pos_sales.csv"
        let writer = try output.csv(file, header: header)
        var mess = output.messer(for: file)
        let brands = BrandCatalogue.all
        let licences = plan.retailers.map { Array($0.licenceNo.utf8) }
        let startSeconds = SynthCalendar.seconds(day: SynthCalendar.posStart)
        let badRows = mess.pickRows(max(2, scans.count / 100_000), of: scans.count)
        for (number, scan) in scans.enumerated() {
            let packs = Int(scan & 0xF)
            let brand = Int((scan >> packBits) & 0x3F)
            let shop = Int((scan >> (packBits + brandBits)) & 0xFF_FFFF)
            let seconds = Int64(scan >> (packBits + brandBits + shopBits))
            let at = writer.line
            var idBytes: [UInt8] = Array("XS".utf8)
            ByteFormat.appendPadded(UInt64(number + 1), width: 10, to: &idBytes)
            writer.field(trusted: idBytes)
            writer.field(trusted: licences[shop])
            if badRows.contains(number) {
                let local = startSeconds + seconds
                let secondOfDay = Int(local % 86_400)
                var clock: [UInt8] = []
                ByteFormat.appendClock(secondOfDay: secondOfDay, to: &clock)
                let bad = "2026-02-30T" + String(decoding: clock, as: UTF8.self) + "+08:00"
                writer.field(bad)
                output.log.add(
                    file: file, line: at, id: String(decoding: idBytes, as: UTF8.self), kind: .badDate,
                    detail: "ts \(bad) does not exist")
            } else {
                writer.field(timestamp: startSeconds + seconds)
            }
            writer.field(trusted: brands[brand].nameBytes)
            writer.field(int: packs)
            writer.field(fixed: brands[brand].retailFenPerCarton / 10 * Int64(packs), fractionDigits: 2)
            try writer.endRow()
            if number & 0x3FFFF == 0 { output.report(file, rows: number) }
        }
        try output.finish(writer)
    }
}
