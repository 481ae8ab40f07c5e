import Foundation

/// One read on a vehicle's trajectory.
public struct TrajectoryPoint: Sendable, Equatable, Codable {
    /// Unix seconds.
    public var time: Int64
    /// Dense camera id.
    public var camera: Int32
    /// Plate colour and vehicle type as the camera reported them, if any.
    public var color: String?
    public var vehicleType: String?
    /// Confidence in percent, if reported.
    public var confidence: Int?
}

/// Where a vehicle stayed between two trips: the end of one trip and the start of the next are close
/// together, and the time between is long enough.
public struct StayPoint: Sendable, Equatable, Codable {
    /// The camera where the vehicle was last seen before the stay (dense id).
    public var camera: Int32
    /// Unix seconds of the last read before and the first read after the stay.
    public var arrival: Int64
    public var departure: Int64
    /// The camera where it was seen again.
    public var resumedAt: Int32

    /// Creates a stay point.
    public init(camera: Int32, arrival: Int64, departure: Int64, resumedAt: Int32) {
        self.camera = camera
        self.arrival = arrival
        self.departure = departure
        self.resumedAt = resumedAt
    }
}

/// Trips between two districts (adcodes of the first and last camera of each trip).
public struct OriginDestination: Sendable, Equatable, Codable {
    public var origin: String
    public var destination: String
    public var trips: Int

    /// Creates a flow.
    public init(origin: String, destination: String, trips: Int) {
        self.origin = origin
        self.destination = destination
        self.trips = trips
    }
}

/// Everything the reads say about one vehicle: its trajectory, trips, stay points, flows between
/// districts, first and last sighting, and the colours and types it was read with.
public struct VehicleProfile: Sendable, Equatable {
    /// The plate.
    public var plate: String
    /// Reads in time order.
    public var points: [TrajectoryPoint]
    /// Index ranges into `points`, one per trip (reads more than `tripGapSeconds` apart split trips).
    public var trips: [Range<Int>]
    public var stayPoints: [StayPoint]
    public var originDestinations: [OriginDestination]
    /// Distinct local days with reads.
    public var activeDays: Int
    /// Colours and types with their read counts, most frequent first.
    public var colors: [(value: String, reads: Int)]
    public var vehicleTypes: [(value: String, reads: Int)]

    /// First and last sighting (Unix seconds), if any reads.
    public var firstSeen: Int64? { points.first?.time }
    public var lastSeen: Int64? { points.last?.time }

    public static func == (lhs: VehicleProfile, rhs: VehicleProfile) -> Bool {
        lhs.plate == rhs.plate && lhs.points == rhs.points && lhs.trips == rhs.trips && lhs.stayPoints == rhs.stayPoints
            && lhs.originDestinations == rhs.originDestinations && lhs.activeDays == rhs.activeDays
    }
}

/// Builds ``VehicleProfile``s from a read set.
public enum VehicleProfiler {
    /// The knobs: the trip gap, how close the end and the restart of a stay must be, and how long a
    /// stay must last; and the local time offset for counting days.
    public struct Parameters: Sendable, Equatable {
        public var tripGapSeconds: Int64 = 1800
        public var stayRadiusKm: Double = 1.0
        public var minStaySeconds: Int64 = 1800
        public var utcOffsetSeconds: Int64 = 8 * 3600
        public init() {}
    }

    /// The profile of `plate` (every read of the set that carries it).
    public static func profile(_ reads: PlateReadSet, plate: String, parameters: Parameters = Parameters()) -> VehicleProfile {
        let clock = LocalClock(offsetSeconds: parameters.utcOffsetSeconds)
        var indices: [Int] = []
        if let id = reads.plateID(plate) {
            indices = reads.plate.indices.filter { reads.plate[$0] == id }
            indices.sort { (reads.time[$0], reads.camera[$0]) < (reads.time[$1], reads.camera[$1]) }
        }
        var colorCounts: [String: Int] = [:], typeCounts: [String: Int] = [:]
        let points = indices.map { index -> TrajectoryPoint in
            let color = reads.color[index] == 0 ? nil : reads.colorNames[Int(reads.color[index])]
            let type = reads.vehicleType[index] == 0 ? nil : reads.typeNames[Int(reads.vehicleType[index])]
            if let color { colorCounts[color, default: 0] += 1 }
            if let type { typeCounts[type, default: 0] += 1 }
            let confidence = reads.confidence[index]
            return TrajectoryPoint(
                time: reads.time[index], camera: reads.camera[index], color: color, vehicleType: type,
                confidence: confidence == PlateReadSet.unknownConfidence ? nil : Int(confidence))
        }
        var trips: [Range<Int>] = []
        var start = 0
        for position in points.indices.dropFirst() where points[position].time - points[position - 1].time > parameters.tripGapSeconds {
            trips.append(start..<position)
            start = position
        }
        if !points.isEmpty { trips.append(start..<points.count) }
        var stays: [StayPoint] = []
        for (previous, next) in zip(trips, trips.dropFirst()) {
            let end = points[previous.upperBound - 1], resume = points[next.lowerBound]
            let km = reads.cameras.distanceKm(end.camera, resume.camera)
            guard resume.time - end.time >= parameters.minStaySeconds, km.isFinite, km <= parameters.stayRadiusKm else { continue }
            stays.append(StayPoint(camera: end.camera, arrival: end.time, departure: resume.time, resumedAt: resume.camera))
        }
        struct Flow: Hashable {
            var origin: String
            var destination: String
        }
        var flows: [Flow: Int] = [:]
        for trip in trips {
            let origin = reads.cameras.cameras[Int(points[trip.lowerBound].camera)].adcode ?? "?"
            let destination = reads.cameras.cameras[Int(points[trip.upperBound - 1].camera)].adcode ?? "?"
            flows[Flow(origin: origin, destination: destination), default: 0] += 1
        }
        let originDestinations = flows.map { OriginDestination(origin: $0.key.origin, destination: $0.key.destination, trips: $0.value) }
            .sorted { ($0.trips, $1.origin, $1.destination) > ($1.trips, $0.origin, $0.destination) }
        func ranked(_ counts: [String: Int]) -> [(value: String, reads: Int)] {
            counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { (value: $0.key, reads: $0.value) }
        }
        return VehicleProfile(
            plate: plate, points: points, trips: trips, stayPoints: stays, originDestinations: originDestinations,
            activeDays: Set(points.map { clock.day($0.time) }).count, colors: ranked(colorCounts), vehicleTypes: ranked(typeCounts))
    }
}
