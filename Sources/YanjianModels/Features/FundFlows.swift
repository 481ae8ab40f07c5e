import Foundation
import YanjianCore
import YanjianStore

/// Money moving between retailers' own accounts and counterparties nobody knows.
///
/// A counterparty is *unknown* when no source identifies it: it is not a retailer's account, not an
/// account of a person in `persons`, and no payment row ever names its holder. Its flows are summed per
/// retailer in both directions, counted by distinct counterparty, and expressed as a share of the
/// shop's purchases (order spend) over the months the payment data covers.
struct FundFlows {
    static func measure(
        from store: Store, directory: RetailerDirectory, orders: OrderHistory, asOf: Int64? = nil, into m: inout RetailerMeasurements
    ) async throws {
        let n = directory.count
        var owner: [String: Int] = [:]
        for i in 0..<n {
            for account in directory.accounts[i] where owner[account] == nil { owner[account] = i }
        }
        guard !owner.isEmpty else { return }
        let rows = try await store.db.query(
            """
            SELECT payer_account, payee_account, SUM(amount_fen) AS fen, MIN(ts) AS first_ts, MAX(ts) AS last_ts,
                   MAX(CASE WHEN payer_name IS NULL OR payer_name = '' THEN 0 ELSE 1 END) AS payer_named,
                   MAX(CASE WHEN payee_name IS NULL OR payee_name = '' THEN 0 ELSE 1 END) AS payee_named
            FROM payments\(asOf.map { " WHERE ts < \($0)" } ?? "") GROUP BY payer_account, payee_account
            """)
        guard !rows.isEmpty else { return }
        var known = Set(owner.keys)
        for row in try await store.db.query("SELECT accounts FROM persons WHERE accounts IS NOT NULL AND accounts <> ''") {
            for account in RetailerDirectory.splitList(row["accounts"].text ?? "") { known.insert(account) }
        }
        var firstTs = Int64.max
        var lastTs = Int64.min
        struct Pair { var payer: String; var payee: String; var fen: Double }
        var pairs: [Pair] = []
        pairs.reserveCapacity(rows.count)
        for row in rows {
            guard let payer = row["payer_account"].text, let payee = row["payee_account"].text else { continue }
            if row["payer_named"].int == 1 { known.insert(payer) }
            if row["payee_named"].int == 1 { known.insert(payee) }
            if let t = row["first_ts"].int { firstTs = min(firstTs, t) }
            if let t = row["last_ts"].int { lastTs = max(lastTs, t) }
            pairs.append(Pair(payer: payer, payee: payee, fen: row["fen"].double ?? 0))
        }
        var flowFen = [Double](repeating: 0, count: n)
        var counterparties = [Set<String>](repeating: [], count: n)
        for pair in pairs {
            if let i = owner[pair.payer], !known.contains(pair.payee) {
                flowFen[i] += pair.fen
                counterparties[i].insert(pair.payee)
            }
            if let i = owner[pair.payee], !known.contains(pair.payer) {
                flowFen[i] += pair.fen
                counterparties[i].insert(pair.payer)
            }
        }
        // Purchases over the months the payment data covers.
        let firstMonth = OrderHistory.monthNumber(Timestampish.month(firstTs)) ?? orders.firstMonth
        let lastMonth = OrderHistory.monthNumber(Timestampish.month(lastTs)) ?? (orders.firstMonth + orders.monthCount - 1)
        for i in 0..<n where !directory.accounts[i].isEmpty {
            var spend = 0.0
            if orders.monthCount > 0 {
                for month in max(0, firstMonth - orders.firstMonth)...max(0, min(orders.monthCount - 1, lastMonth - orders.firstMonth)) {
                    spend += orders.spendFen[i * orders.monthCount + month]
                }
            }
            m.unknownFlowYuan[i] = flowFen[i] / 100
            m.unknownCounterparties[i] = Double(counterparties[i].count)
            m.unknownFlowShare[i] = flowFen[i] > 0 ? min(10, flowFen[i] / max(spend, 100_000)) : 0
        }
    }
}

/// `YYYY-MM` of an instant in Beijing time.
enum Timestampish {
    static func month(_ seconds: Int64) -> String {
        guard seconds != .max && seconds != .min else { return "" }
        let days = Int((seconds + 28_800) / 86_400)
        let date = CivilCalendar.civilFromDays(days)
        return String(format: "%04d-%02d", date.year, date.month)
    }
}
