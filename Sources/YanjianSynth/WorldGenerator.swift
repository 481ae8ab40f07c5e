import Foundation
import YanjianCore
import YanjianEval

/// Generates a synthetic world: every file of the interchange format plus `truth.json` (and, in
/// messy mode, `defects.json`), deterministically from a seed and a scale.
///
/// ```swift
/// let summary = try WorldGenerator.generate(WorldConfig(seed: 7, scale: 0.05), to: folder)
/// print(summary.rows["waybills.csv"] ?? 0)
/// ```
public enum WorldGenerator {
    /// The files a world holds, in the order they are written.
    public static let files = [
        "retailers.csv", "business_registry.csv", "orders.csv", "pos_sales.csv", "waybills.csv", "payments.csv",
        "cases.csv", "case_links.csv", "persons.csv", "cameras.csv", "plate_reads.csv", "video_events.jsonl",
        "units.csv", "tips.jsonl", "truth.json",
    ]

    /// Writes one world into `directory` (created if needed; existing files are overwritten).
    /// - Parameters:
    ///   - config: seed, scale and options.
    ///   - directory: the world folder.
    ///   - progress: called from the generating thread as files and rows are written.
    /// - Returns: rows per file and the time taken.
    @discardableResult
    public static func generate(
        _ config: WorldConfig, to directory: URL, progress: (@Sendable (SynthProgress) -> Void)? = nil
    ) throws -> WorldSummary {
        let clock = ContinuousClock()
        let started = clock.now
        let context = try WorldContext(config: config)
        let output = try WorldOutput(directory: directory, context: context, progress: progress)

        // Plan everything that other sections refer to.
        let retail = RetailPlan(context: context)
        var gangs = GangPlan(context: context, retail: retail)
        let ledger = PaymentLedger(context: context)
        var shipments = GangShipments(plan: &gangs, context: context, ledger: ledger)
        let backgroundCount = max(0, context.size.waybills - shipments.waybills.count)
        shipments.assignNumbers(firstIndex: backgroundCount, couriers: context.couriers)
        let network = CameraNetwork(context: context, retail: retail)
        let traffic = TrafficBuilder.build(context: context, network: network, retail: retail, gangs: &gangs)
        let caseFiles = CaseFiles(context: context, retail: retail, gangs: &gangs, shipments: shipments, traffic: traffic)

        // Retail.
        try RetailerWriter.writeRetailers(retail, context: context, output: output)
        try RetailerWriter.writeRegistry(retail, extra: gangs.shellCompanies, context: context, output: output)
        let orders = OrderBook.generate(plan: retail, context: context)
        try OrderBook.write(orders, plan: retail, context: context, output: output)
        ledger.addRetailFlows(plan: retail, orders: orders, context: context)
        ledger.addNoise(context: context)
        let scans = PosBook.generate(plan: retail, context: context)
        try PosBook.write(scans, plan: retail, context: context, output: output)

        // Couriers, money, cases.
        let stats = try WaybillWriter.write(
            context: context, gangs: shipments, backgroundCount: backgroundCount, reserved: gangs.reservedPhones,
            output: output)
        try ledger.write(output: output)
        try caseFiles.writeCases(output: output)
        try caseFiles.writePersons(context: context, output: output)

        // Vehicles, units, tips.
        try network.write(context: context, output: output)
        try TrafficWriter.writeReads(traffic, network: network, context: context, output: output)
        try TrafficWriter.writeVideoEvents(traffic, network: network, retail: retail, context: context, output: output)
        try UnitRoster.write(context: context, output: output)
        let tips = TipWriter.build(context: context, retail: retail, gangs: gangs)
        let trueTips = try TipWriter.write(tips, context: context, output: output)

        // Ground truth and the defect list.
        let truth = WorldTruth.assemble(
            WorldTruth.Inputs(
                context: context, retail: retail, gangs: gangs, shipments: shipments, cases: caseFiles, ledger: ledger,
                traffic: traffic, trueTips: trueTips, waybillStats: stats, malformed: output.log.malformed))
        try output.write(try truth.encodedJSON(), to: "truth.json", rowCount: 1)
        var notes: [String] = []
        if config.messy {
            try output.write(try Defect.encodedJSON(output.log.defects), to: "defects.json", rowCount: output.log.defects.count)
            notes.append("GB18030 file \(output.mess.gb18030File) encoded with \(GB18030Encoder.backend.rawValue)")
        }
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return WorldSummary(rows: output.rows, seconds: seconds, centre: context.geography.centre.adcode, notes: notes)
    }
}
