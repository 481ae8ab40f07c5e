import Foundation
import YanjianCore

/// One line of a retailer's order: one product on one ordering day.
struct OrderLine: Sendable {
    var day: Int32
    var shop: Int32
    var brand: UInt8
    var returned: UInt8
    var cartons: Int32
    /// The quota for that brand in that cycle, or -1 when the brand has none.
    var quota: Int32
}

/// Generates and writes `orders.csv`: each shop orders on its weekday every one or two weeks, the
/// quantity following its demand, the season and any planted pattern, split over its favoured
/// products and capped by quotas.
enum OrderBook {
    static func generate(plan: RetailPlan, context: WorldContext) -> [OrderLine] {
        let base = context.rng(.orders).baseSeed
        var lines: [OrderLine] = []
        lines.reserveCapacity(plan.retailers.count * 70)
        let brands = BrandCatalogue.all
        let premium = BrandCatalogue.premiumIndices
        for shop in plan.retailers {
            var rng = SplitMix64.entity(base, shop.index)
            let cycleDays = 7 * shop.cycleWeeks
            let startWeekday = SynthCalendar.weekday(SynthCalendar.orderStart)
            var day = SynthCalendar.orderStart + (shop.orderWeekday - startWeekday + 7) % 7
            if shop.cycleWeeks == 2 && rng.chance(0.5) { day += 7 }
            while day < SynthCalendar.endDay && day <= shop.activeUntil {
                defer { day += cycleDays }
                if rng.chance(0.04) { continue }
                let season = SynthCalendar.retailDemand(day + cycleDays / 2 + 3)
                let total = shop.demand * Double(cycleDays) * season * shop.orderFactor(day: day)
                    * rng.logNormal(median: 1, sigma: 0.15)
                let shifted = shop.pattern == .brandShift && day >= shop.patternStart
                let pushing = (shop.pattern == .outflow || shop.pattern == .abnormalGrowth) && day >= shop.patternStart
                var candidates = shop.brands
                var weights = shop.brandWeights
                var quotas = shop.brands.indices.map { shop.quota(forShare: shop.brandWeights[$0]) }
                if shifted {
                    let share = shop.patternStrength
                    weights = weights.map { $0 * (1 - share) }
                    for index in premium {
                        if let position = candidates.firstIndex(of: index) {
                            weights[position] += share / Double(premium.count)
                        } else {
                            candidates.append(index)
                            weights.append(share / Double(premium.count))
                            quotas.append(2 * shop.cycleWeeks)
                        }
                    }
                    // The company raised the shop's allocation of premium brands.
                    quotas = quotas.map { $0 * 4 }
                }
                var cartonsByPosition = [Int](repeating: 0, count: candidates.count)
                var shortfall = 0.0
                for position in candidates.indices {
                    let expected = total * weights[position]
                    var cartons = Int(expected)
                    if rng.unit() < expected - Double(cartons) { cartons += 1 }
                    if brands[candidates[position]].quota {
                        let cap = quotas[position]
                        if pushing && shop.pattern == .outflow && rng.chance(0.85) { cartons = max(cartons, cap) }
                        if cartons > cap { shortfall += Double(cartons - cap) }
                        cartons = min(cartons, cap)
                    }
                    cartonsByPosition[position] = cartons
                }
                // Shops moving stock on buy what the quota denies them in unrestricted brands.
                if pushing && shortfall > 0 {
                    var open = candidates.indices.filter { !brands[candidates[$0]].quota }
                    if open.isEmpty {
                        candidates.append(BrandCatalogue.mostPopularUnrestricted)
                        quotas.append(0)
                        cartonsByPosition.append(0)
                        open = [candidates.count - 1]
                    }
                    let each = shortfall / Double(open.count)
                    for position in open { cartonsByPosition[position] += Int(each.rounded()) }
                }
                for position in candidates.indices {
                    let cartons = cartonsByPosition[position]
                    if cartons <= 0 { continue }
                    let brandIndex = candidates[position]
                    let quota: Int32 = brands[brandIndex].quota ? Int32(quotas[position]) : -1
                    let returned: UInt8 = rng.chance(0.01) ? UInt8(min(cartons, rng.int(1, 2))) : 0
                    lines.append(
                        OrderLine(
                            day: Int32(day), shop: Int32(shop.index), brand: UInt8(brandIndex), returned: returned,
                            cartons: Int32(cartons), quota: quota))
                }
            }
        }
        lines.sort { ($0.day, $0.shop, $0.brand) < ($1.day, $1.shop, $1.brand) }
        return lines
    }

    static let header = [
        "order_id", "licence_no", "order_date", "brand", "product_code", "cartons", "unit_price", "amount",
        "returned_cartons", "quota_cartons",
    ]

    static func write(_ lines: [OrderLine], plan: RetailPlan, context: WorldContext, output: WorldOutput) throws {
        let file = "orders.csv"
        let writer = try output.csv(file, header: header)
        var mess = output.messer(for: file)
        let brands = BrandCatalogue.all
        let licences = plan.retailers.map { Array($0.licenceNo.utf8) }
        let malformedEach = max(2, lines.count / 4000)
        var damaged: [Int: DefectKind] = [:]
        for (offset, row) in mess.pickRows(3 * malformedEach, of: lines.count).sorted().enumerated() {
            damaged[row] = [DefectKind.badDate, .negativeCartons, .unknownLicence][offset % 3]
        }
        var pending: [([UInt8], String)] = []
        var sequence = 0
        var currentDay: Int32 = -1
        for (number, line) in lines.enumerated() {
            if line.day != currentDay {
                currentDay = line.day
                sequence = 0
                for (bytes, id) in pending {
                    let at = try writer.writeRawRow(bytes)
                    output.log.add(file: file, line: at, id: id, kind: .duplicateID, detail: "the same order line repeated")
                }
                pending.removeAll()
            }
            sequence += 1
            var idBytes: [UInt8] = Array("DH".utf8)
            let civil = CivilCalendar.civilFromDays(Int(line.day))
            ByteFormat.appendPadded(UInt64(civil.year * 10_000 + civil.month * 100 + civil.day), width: 8, to: &idBytes)
            ByteFormat.appendPadded(UInt64(sequence), width: 6, to: &idBytes)
            let id = String(decoding: idBytes, as: UTF8.self)
            let kind = damaged[number]
            let at = writer.line
            let brand = brands[Int(line.brand)]
            writer.field(trusted: idBytes)
            if kind == .unknownLicence {
                let fake = String(plan.retailers[Int(line.shop)].adcode) + "9" + String(100_000 + mess.rng.below(899_999)).suffix(5)
                writer.field(fake)
                output.log.add(file: file, line: at, id: id, kind: .unknownLicence, detail: "licence_no \(fake) is held by no retailer")
            } else {
                writer.field(trusted: licences[Int(line.shop)])
            }
            if kind == .badDate {
                let bad = civil.month == 2 ? "\(civil.year)-02-30" : "\(civil.year)-13-\(civil.day < 10 ? "0" : "")\(civil.day)"
                writer.field(bad)
                output.log.add(file: file, line: at, id: id, kind: .badDate, detail: "order_date \(bad) does not exist")
            } else {
                writer.field(date: Int(line.day))
            }
            writer.field(trusted: brand.nameBytes)
            writer.field(brand.productCode)
            var cartons = Int64(line.cartons)
            if kind == .negativeCartons {
                cartons = -cartons
                output.log.add(file: file, line: at, id: id, kind: .negativeCartons, detail: "cartons is \(cartons)")
            }
            writer.field(int: Int(cartons))
            writer.field(fixed: brand.wholesaleFenPerCarton, fractionDigits: 2)
            writer.field(fixed: brand.wholesaleFenPerCarton * cartons, fractionDigits: 2)
            if line.returned > 0 { writer.field(int: Int(line.returned)) } else { writer.emptyField() }
            if line.quota >= 0 { writer.field(int: Int(line.quota)) } else { writer.emptyField() }
            if kind == nil && mess.roll(0.001) { pending.append((writer.currentRowBytes(), id)) }
            try writer.endRow()
            if number & 0xFFFF == 0 { output.report(file, rows: number) }
        }
        for (bytes, id) in pending {
            let at = try writer.writeRawRow(bytes)
            output.log.add(file: file, line: at, id: id, kind: .duplicateID, detail: "the same order line repeated")
        }
        try output.finish(writer)
    }
}
