import YanjianStore

/// Reads everything the retailer risk score needs from the store, as grouped queries (never one object
/// per order or scan), and returns the retailers and their measurements.
///
/// `asOf` (Unix seconds) measures as the data stood then: only orders, till sales, payments, cases,
/// tip-offs and on-site verdicts from before it count — the month-by-month backtest scores each past
/// month this way. Two sources have no history and are read as they are now: the business registry
/// status and the licence list; night loading near a shop (a video finding) is left out before the
/// present, since its events are not dated in the finding.
public enum RetailerFeatureLoader {
    /// The retailers and what was measured about each.
    public static func load(from store: Store, asOf: Int64? = nil) async throws -> (directory: RetailerDirectory, measurements: RetailerMeasurements) {
        let directory = try await RetailerDirectory.load(from: store)
        var m = RetailerMeasurements(count: directory.count)
        let groups = directory.peerGroups()
        m.countyPeers = groups.county
        m.cityPeers = groups.city
        m.typePeers = groups.type
        guard directory.count > 0 else { return (directory, m) }
        let orders = try await OrderHistory.load(from: store, directory: directory, asOf: asOf)
        orders.measure(into: &m)
        try await TerminalSales.measure(from: store, directory: directory, asOf: asOf, into: &m)
        try await FundFlows.measure(from: store, directory: directory, orders: orders, asOf: asOf, into: &m)
        try await RetailerContext.measure(from: store, directory: directory, orders: orders, asOf: asOf, into: &m)
        return (directory, m)
    }
}
