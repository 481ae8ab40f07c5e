import Foundation
import YanjianCore
import YanjianStore

/// Point-of-sale scans per retailer (one grouped query) against the orders of the same span: the
/// orders-to-sales ratio, the night share (22:00–06:00 Beijing time) and the growth of till sales.
struct TerminalSales {
    /// A terminal needs this many days of scans and packs before its ratios are trusted.
    static let minimumDays = 28.0
    static let minimumPacks = 50.0

    static func measure(from store: Store, directory: RetailerDirectory, asOf: Int64? = nil, into m: inout RetailerMeasurements) async throws {
        let before = asOf.map { " WHERE ts < \($0)" } ?? ""
        guard let span = try await store.db.queryOne("SELECT MIN(ts) AS first, MAX(ts) AS last FROM pos_sales\(before)"),
              let first = span["first"].int, let last = span["last"].int, last > first
        else { return }
        let middle = first + (last - first) / 2
        // Local time is UTC+8 (Asia/Shanghai has no daylight saving).
        let rows = try await store.db.query(
            """
            SELECT licence_no, SUM(packs) AS packs, MIN(ts) AS first_ts, MAX(ts) AS last_ts,
                   SUM(CASE WHEN (ts + 28800) % 86400 >= 79200 OR (ts + 28800) % 86400 < 21600 THEN packs ELSE 0 END) AS night,
                   SUM(CASE WHEN ts >= ? THEN packs ELSE 0 END) AS late
            FROM pos_sales\(before) GROUP BY licence_no
            """, [.int(middle)])
        let n = directory.count
        var packs = [Double](repeating: 0, count: n)
        var firstDay = [Int](repeating: 0, count: n)
        var lastDay = [Int](repeating: -1, count: n)
        for row in rows {
            guard let licence = row["licence_no"].text, let i = directory.index[licence],
                  let firstTs = row["first_ts"].int, let lastTs = row["last_ts"].int
            else { continue }
            let total = row["packs"].double ?? 0
            let days = Double(lastTs - firstTs) / 86_400
            guard total >= minimumPacks, days >= minimumDays else { continue }
            packs[i] = total
            firstDay[i] = Int((firstTs + 28_800) / 86_400)
            lastDay[i] = Int((lastTs + 28_800) / 86_400)
            m.nightShare[i] = (row["night"].double ?? 0) / total
            let late = row["late"].double ?? 0
            let early = total - late
            // Growth only when the terminal covered most of both halves.
            if firstTs <= first + 14 * 86_400 && lastTs >= last - 14 * 86_400 {
                m.posGrowth[i] = log((late + 10) / (early + 10))
            }
        }
        // Orders placed while the terminal was recording.
        let startDate = Timestamp.formatDate(first)
        let endDate = Timestamp.formatDate(last)
        let orderRows = try await store.db.query(
            """
            SELECT licence_no, order_date, SUM(cartons) AS cartons FROM orders
            WHERE order_date >= ? AND order_date <= ? GROUP BY licence_no, order_date
            """, [.text(startDate), .text(endDate)])
        var ordered = [Double](repeating: 0, count: n)
        for row in orderRows {
            guard let licence = row["licence_no"].text, let i = directory.index[licence], lastDay[i] >= 0,
                  let date = row["order_date"].text, let day = OrderHistory.dayNumber(date)
            else { continue }
            if day >= firstDay[i] && day <= lastDay[i] { ordered[i] += row["cartons"].double ?? 0 }
        }
        for i in 0..<n where packs[i] > 0 {
            m.posRatio[i] = max(ordered[i], 0.5) * 10 / packs[i]
        }
    }
}
