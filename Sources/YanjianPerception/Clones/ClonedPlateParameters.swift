/// The knobs of cloned-plate (套牌) detection (domain facts §4: > 200 km/h, or conflicting colour or
/// vehicle type; all configurable).
public struct ClonedPlateParameters: Sendable, Codable, Equatable {
    /// No vehicle covers the great-circle distance between two cameras faster than this.
    public var maxSpeedKmh: Double = 200
    /// Journeys shorter than this are never called impossible (camera positions are approximate).
    public var minDistanceKm: Double = 10
    /// Seconds added to every time gap for clocks that disagree between cameras.
    public var clockSkewSeconds: Int = 120
    /// Reads below this confidence (percent) are not evidence; reads without a confidence are.
    public var minConfidence: Int = 80
    /// A camera in impossible journeys of at least this many plates…
    public var blameMinPlates: Int = 4
    /// …making up at least this share of the plates it read is blamed (broken clock or position) and
    /// its journeys are discarded.
    public var blameShare: Double = 0.02
    /// Seconds around a read searched for other reads of the same trip (a lone read may be a misread).
    public var tripSeconds: Int = 1800
    /// The smaller colour (or type) needs at least this many confident reads…
    public var minConflictReads: Int = 3
    /// …and at least this share of the plate's confident reads to count as a conflict.
    public var minConflictShare: Double = 0.1
    /// Impossible journeys listed as evidence per plate.
    public var maxEvidence: Int = 10
    /// Local time offset from UTC in seconds, for counting days.
    public var utcOffsetSeconds: Int = 8 * 3600

    /// The defaults.
    public init() {}
}
