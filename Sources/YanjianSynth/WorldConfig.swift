import Foundation

/// What world to generate: the seed fixes every random choice, the scale sets its size.
///
/// Scale 1 is about one prefecture: 5,000 retailers, 12 months of orders, 90 days of terminal sales,
/// 100,000 waybills, 1,000,000 plate reads over 30 days and 150 cameras. Everything grows linearly
/// with the scale (fractional scales such as 0.02 make tiny test worlds; minimum sizes keep them
/// meaningful).
public struct WorldConfig: Sendable, Equatable {
    /// The seed; the same seed and scale always give byte-identical files.
    public var seed: UInt64
    /// The size of the world relative to one prefecture (1.0).
    public var scale: Double
    /// Whether to inject realistic defects and write `defects.json`.
    public var messy: Bool
    /// Overrides the number of waybills (otherwise 100,000 × scale).
    public var waybills: Int?
    /// Overrides the number of plate reads, approximately (otherwise 1,000,000 × scale).
    public var plateReads: Int?
    /// The adcode of the prefecture the world centres on (default: 潍坊 370700 or 西安 610100 by seed).
    public var centre: String?

    /// Creates a configuration.
    public init(
        seed: UInt64,
        scale: Double = 1,
        messy: Bool = false,
        waybills: Int? = nil,
        plateReads: Int? = nil,
        centre: String? = nil
    ) {
        self.seed = seed
        self.scale = scale
        self.messy = messy
        self.waybills = waybills
        self.plateReads = plateReads
        self.centre = centre
    }
}

/// A progress report while a world is written: which file, and how far the whole run has got.
public struct SynthProgress: Sendable, Equatable {
    /// The file being written (`waybills.csv`).
    public var file: String
    /// Rows of that file written so far.
    public var rows: Int
    /// Files finished out of ``totalFiles``.
    public var filesDone: Int
    /// Files the run writes.
    public var totalFiles: Int
}

/// What a run wrote: rows per file, the time it took and notes worth telling the user.
public struct WorldSummary: Sendable, Equatable {
    /// Rows (records) per file name, header excluded.
    public var rows: [String: Int]
    /// Wall-clock seconds of the whole run.
    public var seconds: Double
    /// The prefecture adcode the world centres on.
    public var centre: String
    /// Short notes (e.g. which GB18030 encoder was used).
    public var notes: [String]

    /// The file names in the order they were written.
    public var files: [String] { rows.keys.sorted() }
}

/// Why a world could not be generated.
public enum SynthError: Error, Equatable, CustomStringConvertible {
    /// The scale is not a positive finite number, or a count is negative.
    case invalidConfig(String)
    /// A file could not be created or written.
    case cannotWrite(path: String, reason: String)
    /// The reference tables (admin divisions, plate prefixes) lack what the generator needs.
    case missingReference(String)

    public var description: String {
        switch self {
        case .invalidConfig(let reason): return "invalid world configuration: \(reason)"
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
        case .missingReference(let what): return "reference data is missing \(what)"
        }
    }
}
