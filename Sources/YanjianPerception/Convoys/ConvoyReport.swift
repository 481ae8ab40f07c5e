/// One time two plates passed one camera close together.
public struct CoPassing: Sendable, Codable, Equatable {
    /// The camera's dense id.
    public var camera: Int32
    /// Unix seconds of the first plate's read.
    public var time: Int64
    /// Seconds from the first plate's read to the second's (negative: the second plate passed first).
    public var offsetSeconds: Int32
    /// The occasion (0, 1, …) it belongs to, once the pair is summarised.
    public var occasion: Int32 = 0
}

/// A plate pair judged against chance: what they did together, what chance predicts, and the verdict.
public struct ConvoyPair: Sendable, Equatable {
    /// Dense plate ids, `first < second`.
    public var first: Int32
    public var second: Int32
    /// Separate occasions together: co-passings on the same trip of both plates are one occasion.
    public var occasions: Int
    /// Co-passings (read pairs within the window at one camera).
    public var coPassings: Int
    /// Distinct cameras of the co-passings.
    public var cameras: Int
    /// Occasions with co-passings at two or more cameras (trips driven together, not one meeting).
    public var multiCameraOccasions: Int
    /// Expected chance co-passings under the baseline (same habits, days shuffled).
    public var expectedCoPassings: Double
    /// Expected chance occasions (expected co-passings over co-passings per occasion).
    public var expectedOccasions: Double
    /// −log10 of the chance probability of at least this many occasions. For a pair that stopped
    /// early (see ``ConvoyDetector``) an upper bound, or 0 when it lacked occasions or cameras.
    public var surprise: Double
    /// Median absolute offset in seconds.
    public var medianOffsetSeconds: Int
    /// Share of co-passings where the first plate passed first.
    public var firstLeadsShare: Double
    /// Distinct plates each of the two co-passed at least once anywhere (hub measure).
    public var firstPartners: Int
    public var secondPartners: Int
    /// Whether the pair is a conclusion.
    public var flagged: Bool
    /// The co-passings, in time order.
    public var events: [CoPassing]
}

/// A flagged convoy: plates that drove together, every pair among them flagged.
public struct Convoy: Sendable, Equatable {
    /// Dense plate ids, ascending.
    public var plates: [Int32]
    /// 0…1, higher is more certain (from the weakest pair's surprise over the threshold).
    public var score: Double
    /// The flagged pairs inside the convoy.
    public var pairs: [ConvoyPair]
}

/// The outcome of a convoy run, with the counts a person needs to trust it.
public struct ConvoyReport: Sendable {
    /// Flagged convoys, highest score first.
    public var convoys: [Convoy]
    /// Every candidate pair evaluated (flagged or not), highest surprise first.
    public var candidates: [ConvoyPair]
    /// Co-passing read pairs found by the sweep.
    public var coPassingEvents: Int
    /// Distinct plate pairs that co-passed at least once.
    public var distinctPairs: Int
    /// Reads whose window was cut by the fan-out guard.
    public var cappedReads: Int
    /// The surprise a pair needed.
    public var threshold: Double
    /// The parameters used.
    public var parameters: ConvoyParameters
    /// Seconds spent in the sweep, building the pair context, and evaluating candidates.
    public var stageSeconds: (sweep: Double, context: Double, evaluation: Double) = (0, 0, 0)
}
