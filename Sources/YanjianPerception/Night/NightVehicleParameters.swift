/// The knobs of night-vehicle detection (domain facts §0 and §8.15: night trips 00:00–05:00 local,
/// all configurable).
public struct NightVehicleParameters: Sendable, Codable, Equatable {
    /// The night window, local hours `[startHour, endHour)`.
    public var startHour: Int = 0
    public var endHour: Int = 5
    /// The fewest distinct nights with night reads at logistics-park or retail-area cameras (at any
    /// camera when the camera table marks none).
    public var minNights: Int = 5
    /// The least share of the plate's nights (with any night read) spent at its most visited target
    /// camera: night runs keep going to the same park or shop.
    public var minFocus: Double = 0.5
    /// A target camera counts for a plate when it visits it at night on at least this many nights.
    public var minNightsPerTarget: Int = 2
    /// The least share of the plate's active days that are such nights (its own habits).
    public var minNightShare: Double = 0.25
    /// Surprise (−log10 of the chance probability against peers) needed beyond `log10(active plates)`.
    public var minSurprise: Double = 3
    /// Reads further apart than this start a new trip.
    public var tripGapSeconds: Int = 1800
    /// A vehicle-type peer group needs this many plates, else all plates are the peers.
    public var minPeerGroup: Int = 30
    /// Nights listed as evidence per plate.
    public var maxEvidenceNights: Int = 20
    /// Local time offset from UTC in seconds (Asia/Shanghai: +8 h).
    public var utcOffsetSeconds: Int = 8 * 3600

    /// The defaults.
    public init() {}
}
