import Foundation
import YanjianCore
import YanjianStore

/// Each retailer's orders by calendar month and brand, read as one grouped query, and the measurements
/// taken from them: recent and baseline rates, the recent trend, brand-mix divergence, premium shares,
/// ordering at the quota cap and month-end ordering.
struct OrderHistory {
    /// Month numbers (`year * 12 + month - 1`) from the first to the last month with orders.
    var firstMonth = 0
    var monthCount = 0
    /// Days of each month inside the data's order span (the first and last months may be partial).
    var coveredDays: [Double] = []
    /// `[retailer * monthCount + month]`.
    var cartons: [Double] = []
    var spendFen: [Double] = []
    /// Per retailer: order lines with a quota, those at the cap, cartons in a month's last days, total cartons.
    var quotaLines: [Double] = []
    var capLines: [Double] = []
    var monthEndCartons: [Double] = []
    var totalCartons: [Double] = []
    var returnedCartons: [Double] = []
    /// Brand lines: retailer, month offset, brand index, cartons.
    var lineRetailer: [Int32] = []
    var lineMonth: [Int16] = []
    var lineBrand: [Int32] = []
    var lineCartons: [Double] = []
    var brandNames: [String] = []
    var brandPremium: [Bool] = []
    /// Last order date per retailer (`YYYY-MM-DD`, empty if none) and the last date in the data.
    var lastOrder: [String] = []
    var lastDate = ""
    var firstDate = ""

    static func monthNumber(_ text: String) -> Int? {
        let parts = text.split(separator: "-")
        guard parts.count >= 2, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else { return nil }
        return year * 12 + month - 1
    }

    static func dayNumber(_ text: String) -> Int? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              CivilCalendar.isValidDate(year: year, month: month, day: day) else { return nil }
        return CivilCalendar.daysFromCivil(year: year, month: month, day: day)
    }

    /// A premium product (domain-facts §6/§8: 中华, 玉溪, high 黄鹤楼 lines and similar), by name or by a
    /// wholesale price of at least 350 yuan a carton.
    static func isPremium(name: String, maxUnitPriceFen: Int64) -> Bool {
        for marker in ["中华", "玉溪", "1916", "和天下", "华贵"] where name.contains(marker) { return true }
        return maxUnitPriceFen >= 35_000
    }

    static func load(from store: Store, directory: RetailerDirectory, asOf: Int64? = nil) async throws -> OrderHistory {
        var history = OrderHistory()
        let n = directory.count
        history.lastOrder = [String](repeating: "", count: n)
        // Orders dated before the cutoff's day (dates are local, YYYY-MM-DD).
        let before = asOf.map { " WHERE order_date < '\(Timestamp.formatDate($0))'" } ?? ""
        let span = try await store.db.queryOne("SELECT MIN(order_date) AS first, MAX(order_date) AS last FROM orders\(before)")
        guard let first = span?["first"].text, let last = span?["last"].text,
              let firstMonth = monthNumber(first), let lastMonth = monthNumber(last),
              let firstDay = dayNumber(first), let lastDay = dayNumber(last), lastMonth >= firstMonth
        else {
            history.quotaLines = [Double](repeating: 0, count: n)
            history.capLines = history.quotaLines
            history.monthEndCartons = history.quotaLines
            history.totalCartons = history.quotaLines
        history.returnedCartons = history.quotaLines
            history.returnedCartons = history.quotaLines
            return history
        }
        history.firstDate = first
        history.lastDate = last
        history.firstMonth = firstMonth
        let months = lastMonth - firstMonth + 1
        history.monthCount = months
        for offset in 0..<months {
            let number = firstMonth + offset
            let year = number / 12
            let month = number % 12 + 1
            let start = CivilCalendar.daysFromCivil(year: year, month: month, day: 1)
            let end = start + CivilCalendar.daysInMonth(year: year, month: month) - 1
            history.coveredDays.append(Double(max(0, min(end, lastDay) - max(start, firstDay) + 1)))
        }
        history.cartons = [Double](repeating: 0, count: n * months)
        history.spendFen = history.cartons
        history.quotaLines = [Double](repeating: 0, count: n)
        history.capLines = history.quotaLines
        history.monthEndCartons = history.quotaLines
        history.totalCartons = history.quotaLines
        history.returnedCartons = history.quotaLines

        // The last three days of each month (February: from the 26th, so leap years get four).
        let monthEnd = """
            (substr(order_date, 6, 2) IN ('01','03','05','07','08','10','12') AND substr(order_date, 9, 2) >= '29')
            OR (substr(order_date, 6, 2) IN ('04','06','09','11') AND substr(order_date, 9, 2) >= '28')
            OR (substr(order_date, 6, 2) = '02' AND substr(order_date, 9, 2) >= '26')
            """
        let rows = try await store.db.query(
            """
            SELECT licence_no, substr(order_date, 1, 7) AS month, brand, SUM(cartons) AS cartons,
                   SUM(amount_fen) AS spend,
                   SUM(CASE WHEN quota_cartons > 0 THEN 1 ELSE 0 END) AS quota_lines,
                   SUM(CASE WHEN quota_cartons > 0 AND cartons >= quota_cartons THEN 1 ELSE 0 END) AS cap_lines,
                   SUM(CASE WHEN \(monthEnd) THEN cartons ELSE 0 END) AS month_end,
                   SUM(COALESCE(returned_cartons, 0)) AS returned,
                   MAX(unit_price_fen) AS price, MAX(order_date) AS last_date
            FROM orders\(before) GROUP BY licence_no, substr(order_date, 1, 7), brand
            """)
        var brandIndex: [String: Int32] = [:]
        var brandPrice: [Int64] = []
        history.lineRetailer.reserveCapacity(rows.count)
        history.lineMonth.reserveCapacity(rows.count)
        history.lineBrand.reserveCapacity(rows.count)
        history.lineCartons.reserveCapacity(rows.count)
        for row in rows {
            guard let licence = row["licence_no"].text, let i = directory.index[licence],
                  let monthText = row["month"].text, let number = monthNumber(monthText)
            else { continue }
            let offset = number - firstMonth
            guard offset >= 0, offset < months else { continue }
            let cartons = row["cartons"].double ?? 0
            history.cartons[i * months + offset] += cartons
            history.spendFen[i * months + offset] += row["spend"].double ?? 0
            history.quotaLines[i] += row["quota_lines"].double ?? 0
            history.capLines[i] += row["cap_lines"].double ?? 0
            history.monthEndCartons[i] += row["month_end"].double ?? 0
            history.totalCartons[i] += cartons
            history.returnedCartons[i] += row["returned"].double ?? 0
            if let lastDate = row["last_date"].text, lastDate > history.lastOrder[i] { history.lastOrder[i] = lastDate }
            let brand = row["brand"].text ?? ""
            let price = row["price"].int ?? 0
            let b: Int32
            if let known = brandIndex[brand] {
                b = known
                brandPrice[Int(b)] = max(brandPrice[Int(b)], price)
            } else {
                b = Int32(history.brandNames.count)
                brandIndex[brand] = b
                history.brandNames.append(brand)
                brandPrice.append(price)
            }
            history.lineRetailer.append(Int32(i))
            history.lineMonth.append(Int16(offset))
            history.lineBrand.append(b)
            history.lineCartons.append(cartons)
        }
        history.brandPremium = zip(history.brandNames, brandPrice).map { isPremium(name: $0.0, maxUnitPriceFen: $0.1) }
        return history
    }

    /// Weekly rate over months `range` of retailer `i` (NaN when the months cover no days).
    func weeklyRate(_ i: Int, months range: Range<Int>) -> Double {
        var cartons = 0.0
        var days = 0.0
        for month in range where month >= 0 && month < monthCount {
            cartons += self.cartons[i * monthCount + month]
            days += coveredDays[month]
        }
        return days > 0 ? cartons / days * 7 : .nan
    }

    /// Fills the order measurements: the recent window is the last `recentMonths` months, the baseline
    /// everything before; the brand mix compares the last `brandRecentMonths` with the `brandTrailingMonths`
    /// before them.
    func measure(into m: inout RetailerMeasurements, recentMonths: Int = 3, brandRecentMonths: Int = 2, brandTrailingMonths: Int = 6) {
        let n = m.count
        guard monthCount > 0 else { return }
        // A last month with under a week of data is too thin to stand alone: the window moves back.
        var end = monthCount
        if coveredDays[monthCount - 1] < 7 && monthCount > 1 { end -= 1 }
        measureSteps(into: &m, months: 0..<end)
        let recentStart = max(0, end - recentMonths)
        for i in 0..<n {
            m.recentRate[i] = weeklyRate(i, months: recentStart..<end)
            if recentStart > 0 {
                let baseline = weeklyRate(i, months: 0..<recentStart)
                m.baselineRate[i] = totalCartons[i] > 0 ? baseline : .nan
            }
            if end - recentStart >= 2 {
                let last = weeklyRate(i, months: (end - 1)..<end)
                let first = weeklyRate(i, months: recentStart..<(recentStart + 1))
                m.recentTrend[i] = log((last + 0.5) / (first + 0.5))
            }
            if quotaLines[i] >= 3 { m.quotaCapShare[i] = capLines[i] / quotaLines[i] }
            if totalCartons[i] >= 20 {
                m.monthEndShare[i] = monthEndCartons[i] / totalCartons[i]
                m.returnShare[i] = min(1, max(0, returnedCartons[i]) / totalCartons[i])
            }
        }
        // Brand mix: shares with two cartons of smoothing spread over the shop's own overall mix, so a
        // small shop's rounding does not read as a shift.
        let brandRecentStart = max(0, end - brandRecentMonths)
        let trailingStart = max(0, brandRecentStart - brandTrailingMonths)
        guard brandRecentStart > trailingStart else { return }
        var recent: [Int32: [Int32: Double]] = [:]
        var trailing: [Int32: [Int32: Double]] = [:]
        for line in 0..<lineRetailer.count {
            let month = Int(lineMonth[line])
            if month >= brandRecentStart && month < end {
                recent[lineRetailer[line], default: [:]][lineBrand[line], default: 0] += lineCartons[line]
            } else if month >= trailingStart && month < brandRecentStart {
                trailing[lineRetailer[line], default: [:]][lineBrand[line], default: 0] += lineCartons[line]
            }
        }
        for (retailer, now) in recent {
            guard let before = trailing[retailer] else { continue }
            let nowTotal = now.values.reduce(0, +)
            let beforeTotal = before.values.reduce(0, +)
            guard nowTotal >= 4, beforeTotal >= 4 else { continue }
            var brands = Set(now.keys)
            brands.formUnion(before.keys)
            let smoothing = 2.0
            var p: [Double] = []
            var q: [Double] = []
            var premiumNow = 0.0
            var premiumBefore = 0.0
            for brand in brands.sorted() {
                let overall = ((now[brand] ?? 0) + (before[brand] ?? 0)) / (nowTotal + beforeTotal)
                p.append(((now[brand] ?? 0) + smoothing * overall) / (nowTotal + smoothing))
                q.append(((before[brand] ?? 0) + smoothing * overall) / (beforeTotal + smoothing))
                if brandPremium[Int(brand)] {
                    premiumNow += (now[brand] ?? 0) / nowTotal
                    premiumBefore += (before[brand] ?? 0) / beforeTotal
                }
            }
            let i = Int(retailer)
            m.brandDivergence[i] = Self.jensenShannon(p, q)
            m.premiumRecent[i] = premiumNow
            m.premiumTrailing[i] = premiumBefore
        }
    }

    /// The step-change statistic of ``RetailerMeasurements/stepChange``, on monthly rates relative to the
    /// business type's median rate that month (which takes out the season), skipping months with under
    /// a week of data.
    func measureSteps(into m: inout RetailerMeasurements, months: Range<Int>) {
        let used = months.filter { coveredDays[$0] >= 7 }
        guard used.count >= 4 else { return }
        let n = m.count
        var members: [Int32: [Int]] = [:]
        for i in 0..<n where totalCartons[i] > 0 { members[m.typePeers[i], default: []].append(i) }
        var typeMedian: [Int32: [Double]] = [:]
        for (type, list) in members {
            typeMedian[type] = used.map { month in
                RobustStatistics.median(list.map { cartons[$0 * monthCount + month] / coveredDays[month] * 7 }) ?? 0
            }
        }
        var relative: [Double] = []
        for i in 0..<n where totalCartons[i] > 0 {
            guard let medians = typeMedian[m.typePeers[i]] else { continue }
            // Months without orders are left out: a skipped cycle, or a shop not yet open or already
            // closed, is not a level of ordering.
            relative.removeAll(keepingCapacity: true)
            for (k, month) in used.enumerated() {
                let monthCartons = cartons[i * monthCount + month]
                guard monthCartons > 0 else { continue }
                let rate = monthCartons / coveredDays[month] * 7
                relative.append(log((rate + 0.5) / (medians[k] + 0.5)))
            }
            guard relative.count >= 4 else { continue }
            var best = -Double.infinity
            var before = relative[0] + relative[1]
            var after = relative[2...].reduce(0, +)
            for t in 2...(relative.count - 2) {
                let step = after / Double(relative.count - t) - before / Double(t)
                best = max(best, step)
                before += relative[t]
                after -= relative[t]
            }
            m.stepChange[i] = best
        }
    }

    /// Jensen–Shannon divergence in bits (0…1) of two distributions over the same support.
    static func jensenShannon(_ p: [Double], _ q: [Double]) -> Double {
        var divergence = 0.0
        for k in 0..<min(p.count, q.count) {
            let mean = (p[k] + q[k]) / 2
            if p[k] > 0 { divergence += 0.5 * p[k] * log2(p[k] / mean) }
            if q[k] > 0 { divergence += 0.5 * q[k] * log2(q[k] / mean) }
        }
        return max(0, min(1, divergence))
    }
}
