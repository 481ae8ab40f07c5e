import Foundation

/// The knobs of every vehicle analysis, stored with each run.
public struct PerceptionParameters: Sendable, Codable, Equatable {
    public var convoys = ConvoyParameters()
    public var clonedPlates = ClonedPlateParameters()
    public var nightVehicles = NightVehicleParameters()

    enum CodingKeys: String, CodingKey {
        case convoys
        case clonedPlates = "cloned_plates"
        case nightVehicles = "night_vehicles"
    }

    /// The defaults.
    public init() {}
}

/// Everything one run of the vehicle analyses produced, before it is stored.
public struct PerceptionResult: Sendable {
    public var reads: PlateReadSet
    public var convoys: ConvoyReport
    public var clonedPlates: ClonedPlateReport
    public var nightVehicles: NightVehicleReport
    /// Seconds per stage (`index`, `convoys`, `cloned_plates`, `night_vehicles`).
    public var seconds: [String: Double]
}

/// Vehicle perception over plate reads: convoys, cloned plates and night vehicles, stored as findings
/// of kinds `convoy`, `cloned_plate` and `night_vehicle` (conclusions only, with scores and evidence).
public enum PerceptionAnalysis {
    /// The analysis name in `analysis_runs`.
    public static let name = "vehicles"

    /// Runs the three analyses over a read set.
    public static func analyze(_ reads: PlateReadSet, parameters: PerceptionParameters = PerceptionParameters()) async throws -> PerceptionResult {
        let clock = ContinuousClock()
        var seconds: [String: Double] = [:]
        func elapsed(_ start: ContinuousClock.Instant) -> Double {
            let duration = clock.now - start
            return Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        }
        var start = clock.now
        let index = try ReadIndex(reads)
        seconds["index"] = elapsed(start)
        start = clock.now
        let convoys = await ConvoyDetector.detect(reads: reads, index: index, parameters: parameters.convoys)
        seconds["convoys"] = elapsed(start)
        try Task.checkCancellation()
        start = clock.now
        let cloned = ClonedPlateDetector.detect(reads: reads, index: index, parameters: parameters.clonedPlates)
        seconds["cloned_plates"] = elapsed(start)
        start = clock.now
        let night = NightVehicleDetector.detect(reads: reads, index: index, parameters: parameters.nightVehicles)
        seconds["night_vehicles"] = elapsed(start)
        return PerceptionResult(reads: reads, convoys: convoys, clonedPlates: cloned, nightVehicles: night, seconds: seconds)
    }
}
