import YanjianStore

/// Reads everything the retailer risk score needs from the store, as grouped queries (never one object
/// per order or scan), and returns the retailers and their measurements.
public enum RetailerFeatureLoader {
    /// The retailers and what was measured about each.
    public static func load(from store: Store) async throws -> (directory: RetailerDirectory, measurements: RetailerMeasurements) {
        let directory = try await RetailerDirectory.load(from: store)
        var m = RetailerMeasurements(count: directory.count)
        let groups = directory.peerGroups()
        m.countyPeers = groups.county
        m.cityPeers = groups.city
        m.typePeers = groups.type
        guard directory.count > 0 else { return (directory, m) }
        let orders = try await OrderHistory.load(from: store, directory: directory)
        orders.measure(into: &m)
        try await TerminalSales.measure(from: store, directory: directory, into: &m)
        try await FundFlows.measure(from: store, directory: directory, orders: orders, into: &m)
        try await RetailerContext.measure(from: store, directory: directory, orders: orders, into: &m)
        return (directory, m)
    }
}
