import Foundation
import YanjianCore
import YanjianEval

/// What a vehicle does in the simulation.
enum VehicleRole: Sendable {
    case commuter, casual, truck, taxi, bus, night, convoy, clone, ghost
}

/// One vehicle (or, for cloned plates, one of the vehicles carrying the plate).
struct Vehicle: Sendable {
    var plate: String
    var color: PlateColor
    var type: String
    var role: VehicleRole
}

/// A vehicle stopping at a camera at night, seen by video analytics as loading or unloading.
struct NightStop: Sendable {
    var seconds: Int64
    var camera: Int
    var vehicle: Int
}

/// The simulated traffic of the last 30 days: vehicles, every plate read (packed, sorted by time),
/// and what was planted (convoys, cloned plates, night vehicles) with its decoys (buses on fixed
/// routes, commuters who passed together by chance).
struct Traffic: Sendable {
    var vehicles: [Vehicle] = []
    /// seconds since the window start (22 bits) | camera (14 bits) | vehicle (28 bits).
    var reads: [UInt64] = []
    var nightStops: [NightStop] = []
    var convoys: [[String]] = []
    var clonedPlates: [String] = []
    var nightVehicles: [String] = []
    var decoys: [Truth.Decoy] = []

    static let cameraShift: UInt64 = 28
    static let timeShift: UInt64 = 42
    static let windowSeconds = 30 * 86_400

    @inline(__always)
    static func unpack(_ read: UInt64) -> (seconds: Int, camera: Int, vehicle: Int) {
        (Int(read >> timeShift), Int((read >> cameraShift) & 0x3FFF), Int(read & 0xFFF_FFFF))
    }
}

/// Builds ``Traffic``: planted vehicles first, then background vehicles until the read budget is met.
struct TrafficBuilder {
    let context: WorldContext
    let network: CameraNetwork
    var plates: PlateFactory
    var traffic = Traffic()
    /// Per vehicle: the trips it already makes (times and first and last camera), so that no vehicle
    /// is in two places at once or crosses the prefecture between trips faster than it could drive.
    var busy: [[Trip]] = []

    /// A trip already on a vehicle's schedule.
    struct Trip {
        var start: Int
        var end: Int
        var firstCamera: Int
        var lastCamera: Int
    }
    var rng: SplitMix64
    let base: UInt64

    init(context: WorldContext, network: CameraNetwork) {
        self.context = context
        self.network = network
        plates = PlateFactory(centre: context.geography.centre)
        rng = context.rng(.fleet)
        base = rng.baseSeed
    }

    static let carTypes: [(String, Double)] = [("小型轿车", 55), ("SUV", 30), ("面包车", 8), ("出租车", 0), ("轻型货车", 7)]

    /// Adds a vehicle; returns its index.
    mutating func addVehicle(role: VehicleRole, rng: inout SplitMix64, plate given: String? = nil, localOnly: Bool = false) -> Int {
        var type: String
        var color = PlateColor.blue
        var newEnergy = false
        var large = false
        switch role {
        case .truck:
            type = rng.chance(0.6) ? "轻型货车" : "重型货车"
            color = type == "重型货车" ? .yellow : .blue
        case .bus:
            type = "公交车"
            newEnergy = rng.chance(0.6)
            large = true
            color = newEnergy ? .yellowGreen : .yellow
        case .taxi:
            type = "出租车"
            newEnergy = rng.chance(0.5)
        case .night:
            type = rng.chance(0.6) ? "面包车" : "轻型货车"
        case .commuter, .casual, .convoy, .clone, .ghost:
            let roll = rng.unit()
            type = roll < 0.55 ? "小型轿车" : (roll < 0.85 ? "SUV" : (roll < 0.93 ? "面包车" : "轻型货车"))
            newEnergy = (type == "小型轿车" || type == "SUV") && rng.chance(0.15)
        }
        if newEnergy && !large { color = .gradientGreen }
        let plate = given ?? plates.make(newEnergy: newEnergy, large: large, localOnly: localOnly || role == .bus || role == .taxi, rng: &rng)
        if given != nil, plate.count == 8 { color = .gradientGreen }
        traffic.vehicles.append(Vehicle(plate: plate, color: color, type: type, role: role))
        busy.append([])
        return traffic.vehicles.count - 1
    }

    /// Seconds needed to get from one camera to another between trips (50 km/h plus five minutes).
    func transfer(_ from: Int, _ to: Int) -> Int {
        let a = network.cameras[from], b = network.cameras[to]
        let km = GeoPoint.distanceKm(GeoPoint(lat: a.lat, lon: a.lon), GeoPoint(lat: b.lat, lon: b.lon))
        return Int(km / 50 * 3600) + 300
    }

    /// Whether `vehicle` can make `trip` given the trips it already makes.
    func isFree(_ vehicle: Int, _ trip: Trip) -> Bool {
        for other in busy[vehicle] {
            if trip.start >= other.end {
                if trip.start - other.end < transfer(other.lastCamera, trip.firstCamera) { return false }
            } else if trip.end <= other.start {
                if other.start - trip.end < transfer(trip.lastCamera, other.firstCamera) { return false }
            } else {
                return false
            }
        }
        return true
    }

    /// Puts a trip on the vehicle's schedule.
    mutating func occupy(_ vehicle: Int, _ trip: Trip) {
        busy[vehicle].append(trip)
    }

    /// Records a read if it falls in the window; ordinary reads are sometimes missed or misread.
    @inline(__always)
    mutating func emit(vehicle: Int, camera: Int, at seconds: Int, reliable: Bool, rng: inout SplitMix64) {
        guard seconds >= 0 && seconds < Traffic.windowSeconds else { return }
        var who = vehicle
        if !reliable {
            if rng.chance(0.04) { return }
            if rng.chance(0.003), let ghost = plates.misread(traffic.vehicles[vehicle].plate, rng: &rng) {
                let original = traffic.vehicles[vehicle]
                traffic.vehicles.append(Vehicle(plate: ghost, color: original.color, type: original.type, role: .ghost))
                busy.append([])
                who = traffic.vehicles.count - 1
            }
        }
        traffic.reads.append(
            (UInt64(seconds) << Traffic.timeShift) | (UInt64(camera) << Traffic.cameraShift) | UInt64(who))
    }

    /// Drives a route from `start`; returns the pass times at each camera, or nothing when the
    /// vehicle is already on the road then (planted trips pass `force` and are laid down first).
    @discardableResult
    mutating func drive(
        vehicle: Int, route: [(camera: Int, offset: Int)], start: Int, reliable: Bool = false, force: Bool = false,
        rng: inout SplitMix64
    ) -> [(camera: Int, seconds: Int)] {
        guard !route.isEmpty else { return [] }
        let pace = rng.double(0.9, 1.12)
        var passes: [(camera: Int, seconds: Int)] = []
        passes.reserveCapacity(route.count)
        var previous = Int.min
        for step in route {
            var at = start + Int(Double(step.offset) * pace) + rng.int(-3, 3)
            if previous != Int.min { at = max(at, previous + 15) }
            previous = at
            passes.append((step.camera, at))
        }
        let trip = Trip(
            start: passes[0].seconds, end: passes[passes.count - 1].seconds, firstCamera: passes[0].camera,
            lastCamera: passes[passes.count - 1].camera)
        if !force && !isFree(vehicle, trip) { return [] }
        occupy(vehicle, trip)
        for pass in passes {
            emit(vehicle: vehicle, camera: pass.camera, at: pass.seconds, reliable: reliable, rng: &rng)
        }
        return passes
    }

    /// Seconds since the window start of `day` (0…29) at `secondOfDay`.
    @inline(__always)
    static func at(_ day: Int, _ secondOfDay: Int) -> Int { day * 86_400 + secondOfDay }

    static func isWorkday(_ day: Int) -> Bool {
        let date = SynthCalendar.plateStart + day
        return SynthCalendar.weekday(date) <= 5 && !SynthCalendar.isHoliday(date)
    }

    /// A random trip at a time from the traffic curve.
    mutating func casualTrip(vehicle: Int, day: Int, home: Int, rng: inout SplitMix64) {
        let geography = context.geography
        let origin = rng.chance(0.7) ? home : geography.localDistrict(&rng)
        let destination = rng.chance(0.5) ? origin : geography.localDistrict(&rng)
        let route = network.route(from: origin, to: destination, rng: &rng)
        drive(vehicle: vehicle, route: route, start: TrafficBuilder.at(day, DailyCurve.traffic.secondOfDay(&rng)), rng: &rng)
    }

    /// Simulates one ordinary vehicle over the 30 days.
    mutating func simulateBackground(vehicle: Int, rng: inout SplitMix64) {
        let geography = context.geography
        let role = traffic.vehicles[vehicle].role
        let home = geography.localDistrict(&rng)
        switch role {
        case .commuter:
            let work = rng.chance(0.5) ? home : geography.localDistrict(&rng)
            _ = commute(vehicle: vehicle, home: home, work: work, rng: &rng)
        case .truck:
            let park = context.addresses.parkDistrict
            for day in 0..<30 {
                for _ in 0..<rng.poisson(1.4) {
                    let gate = network.logistics[rng.below(network.logistics.count)]
                    let destination = geography.localDistrict(&rng)
                    var out = [(camera: gate, offset: 0)]
                    for step in network.route(from: park, to: destination, rng: &rng) {
                        out.append((step.camera, step.offset + 240))
                    }
                    let hour = rng.chance(0.04) ? rng.int(0, 4) * 3600 : 6 * 3600 + rng.below(13 * 3600)
                    let passes = drive(vehicle: vehicle, route: out, start: TrafficBuilder.at(day, hour), rng: &rng)
                    let back = network.route(from: destination, to: park, rng: &rng)
                    let returnAt = (passes.last?.seconds ?? TrafficBuilder.at(day, hour)) + rng.int(3600, 3 * 3600)
                    drive(vehicle: vehicle, route: back, start: returnAt, rng: &rng)
                }
            }
        case .taxi:
            for day in 0..<30 {
                for _ in 0..<rng.poisson(7) {
                    let origin = rng.chance(0.6) ? network.core : geography.localDistrict(&rng)
                    let destination = rng.chance(0.6) ? network.core : geography.localDistrict(&rng)
                    let route = network.route(from: origin, to: destination, rng: &rng)
                    let second = rng.chance(0.06) ? rng.below(86_400) : DailyCurve.traffic.secondOfDay(&rng)
                    drive(vehicle: vehicle, route: route, start: TrafficBuilder.at(day, second), rng: &rng)
                }
            }
        case .casual, .convoy, .clone, .night, .bus, .ghost:
            let rate = rng.double(0.3, 1.1)
            for day in 0..<30 {
                for _ in 0..<rng.poisson(rate) { casualTrip(vehicle: vehicle, day: day, home: home, rng: &rng) }
            }
        }
    }

    /// Adds background vehicles until the read budget is spent.
    mutating func fillBackground(target: Int) {
        let roles: [VehicleRole] = [.commuter, .casual, .truck, .taxi]
        let table = WeightedTable([38, 50, 10, 2])
        var count = 0
        while traffic.reads.count < target {
            var vehicleRNG = SplitMix64.entity(base, 1_000_000 + count)
            count += 1
            let vehicle = addVehicle(role: roles[table.sample(&vehicleRNG)], rng: &vehicleRNG)
            simulateBackground(vehicle: vehicle, rng: &vehicleRNG)
        }
    }

    /// Sorts the reads by time, camera and vehicle.
    mutating func finish() -> Traffic {
        traffic.reads.sort()
        traffic.nightStops.sort { ($0.seconds, $0.camera, $0.vehicle) < ($1.seconds, $1.camera, $1.vehicle) }
        return traffic
    }
}
