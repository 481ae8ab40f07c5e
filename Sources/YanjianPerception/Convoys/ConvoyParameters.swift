/// The knobs of convoy detection (domain facts §8.15: all configurable), with defaults that suit
/// checkpoint-camera data at city scale.
public struct ConvoyParameters: Sendable, Codable, Equatable {
    /// Two reads at one camera at most this many seconds apart co-pass.
    public var windowSeconds: Int = 120
    /// Reads of one plate further apart than this belong to separate trips; co-passings on the same
    /// trip of both plates are one occasion (so a long drive side by side is one occasion, however
    /// sparse the cameras), co-passings on separate trips are separate occasions.
    public var tripGapSeconds: Int = 1800
    /// The fewest separate occasions a flagged pair needs.
    public var minOccasions: Int = 4
    /// The fewest distinct cameras a flagged pair needs.
    public var minCameras: Int = 3
    /// The most following reads one read is paired with at a busy camera.
    public var fanOut: Int = 64
    /// Weight, in read pairs, of the camera-level prior in a pair's chance-alignment estimate.
    public var priorPairs: Double = 20
    /// Surprise (−log10 of the chance probability) a pair needs beyond the multiple-testing correction
    /// `log10(pairs that co-passed at least once)`.
    public var minSurprise: Double = 3
    /// Groups larger than this are reported as pairs (a hub is not a convoy).
    public var maxGroupSize: Int = 6
    /// Local time offset from UTC in seconds (Asia/Shanghai: +8 h), for "same day" and time of day.
    public var utcOffsetSeconds: Int = 8 * 3600
    /// Occasions listed as evidence per pair.
    public var maxEvidenceOccasions: Int = 20

    /// Whether every candidate with enough occasions and cameras gets the full baseline, even when
    /// the lower bound already rules it out (slower; for studying margins, never changes a verdict).
    package var fullBaseline = false

    enum CodingKeys: String, CodingKey {
        case windowSeconds, tripGapSeconds, minOccasions, minCameras, fanOut, priorPairs, minSurprise, maxGroupSize
        case utcOffsetSeconds, maxEvidenceOccasions
    }

    /// The defaults.
    public init() {}
}
