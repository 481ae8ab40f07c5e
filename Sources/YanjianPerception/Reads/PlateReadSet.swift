import Foundation

/// Every plate read of a period as flat columns: dense `Int32` plate and camera ids, Unix seconds,
/// confidence in percent, and small codes for the plate colour and vehicle type the camera reported.
///
/// Built once from the store (or a file) with ``PlateReadSetBuilder`` and shared read-only by the
/// analyses; nothing here holds one object per read.
public struct PlateReadSet: Sendable {
    /// Plate text by dense plate id (normalised as the importer stored it).
    public package(set) var plateNames: [String] = []
    /// The cameras.
    public package(set) var cameras: CameraTable
    /// Per read: dense plate id.
    public package(set) var plate: [Int32] = []
    /// Per read: dense camera id.
    public package(set) var camera: [Int32] = []
    /// Per read: Unix seconds (UTC).
    public package(set) var time: [Int64] = []
    /// Per read: recognition confidence in percent (0–100), or ``unknownConfidence``.
    public package(set) var confidence: [UInt8] = []
    /// Per read: index into ``colorNames`` (0 = not reported).
    public package(set) var color: [UInt16] = []
    /// Per read: index into ``typeNames`` (0 = not reported).
    public package(set) var vehicleType: [UInt16] = []
    /// Plate colours as reported, index 0 being "not reported".
    public package(set) var colorNames: [String] = [""]
    /// Vehicle types as reported, index 0 being "not reported".
    public package(set) var typeNames: [String] = [""]

    /// The confidence value of a read that reported none.
    public static let unknownConfidence: UInt8 = 255

    /// Creates an empty set over `cameras`.
    public init(cameras: CameraTable) {
        self.cameras = cameras
    }

    /// The number of reads.
    public var count: Int { plate.count }
    /// The number of distinct plates.
    public var plateCount: Int { plateNames.count }

    /// The dense id of a plate, if it was read.
    public func plateID(_ text: String) -> Int32? {
        plateNames.firstIndex(of: text).map { Int32($0) }
    }

    /// The earliest and latest read time, if any.
    public var timeRange: ClosedRange<Int64>? {
        guard let first = time.first else { return nil }
        var low = first, high = first
        for value in time {
            if value < low { low = value }
            if value > high { high = value }
        }
        return low...high
    }
}

/// Accumulates reads into a ``PlateReadSet``, interning plates, colours and types to dense ids.
public struct PlateReadSetBuilder: Sendable {
    private var set: PlateReadSet
    private var plateIndex: [String: Int32] = [:]
    private var colorIndex: [String: UInt16] = [:]
    private var typeIndex: [String: UInt16] = [:]
    /// Reads skipped because their camera is not in the table.
    public private(set) var unknownCameraReads = 0
    /// Reads skipped because their plate was empty.
    public private(set) var emptyPlateReads = 0

    /// Starts a set over `cameras`, reserving room for `expectedReads`.
    public init(cameras: CameraTable, expectedReads: Int = 0) {
        set = PlateReadSet(cameras: cameras)
        if expectedReads > 0 {
            set.plate.reserveCapacity(expectedReads)
            set.camera.reserveCapacity(expectedReads)
            set.time.reserveCapacity(expectedReads)
            set.confidence.reserveCapacity(expectedReads)
            set.color.reserveCapacity(expectedReads)
            set.vehicleType.reserveCapacity(expectedReads)
        }
    }

    /// The dense id of `plate`, adding it if new.
    public mutating func plateID(_ plate: String) -> Int32 {
        if let id = plateIndex[plate] { return id }
        let id = Int32(set.plateNames.count)
        set.plateNames.append(plate)
        plateIndex[plate] = id
        return id
    }

    /// Adds a read by camera id; returns false (and counts it) when the camera or plate is unusable.
    @discardableResult
    public mutating func append(
        plate: String, cameraID: String, time: Int64, confidence: Double?, color: String?, vehicleType: String?
    ) -> Bool {
        guard let camera = set.cameras.index(of: cameraID) else {
            unknownCameraReads += 1
            return false
        }
        guard !plate.isEmpty else {
            emptyPlateReads += 1
            return false
        }
        append(plate: plateID(plate), camera: camera, time: time, confidence: Self.percent(confidence),
               color: Self.code(color, in: &colorIndex, names: &set.colorNames),
               vehicleType: Self.code(vehicleType, in: &typeIndex, names: &set.typeNames))
        return true
    }

    /// Adds a read by dense ids (the fast path for benchmarks and tests).
    public mutating func append(plate: Int32, camera: Int32, time: Int64, confidence: UInt8 = PlateReadSet.unknownConfidence, color: UInt16 = 0, vehicleType: UInt16 = 0) {
        set.plate.append(plate)
        set.camera.append(camera)
        set.time.append(time)
        set.confidence.append(confidence)
        set.color.append(color)
        set.vehicleType.append(vehicleType)
    }

    /// Adds plates by name without reads (so dense ids can be chosen up front).
    public mutating func declarePlates(_ plates: [String]) {
        for plate in plates { _ = plateID(plate) }
    }

    /// The finished set.
    public func build() -> PlateReadSet { set }

    /// Confidence as a percentage, accepting 0–1 and 0–100 scales.
    static func percent(_ value: Double?) -> UInt8 {
        guard let value, value.isFinite, value >= 0 else { return PlateReadSet.unknownConfidence }
        let scaled = value <= 1 ? value * 100 : value
        return UInt8(min(100, scaled.rounded()))
    }

    private static func code(_ text: String?, in index: inout [String: UInt16], names: inout [String]) -> UInt16 {
        guard let text, !text.isEmpty else { return 0 }
        if let code = index[text] { return code }
        guard names.count < Int(UInt16.max) else { return 0 }
        let code = UInt16(names.count)
        names.append(text)
        index[text] = code
        return code
    }
}
