import Foundation
import YanjianCore
import YanjianEval

/// The planted vehicle patterns and their look-alikes.
extension TrafficBuilder {
    /// A commuter between two districts; returns the morning route and the departures it made.
    mutating func commute(vehicle: Int, home: Int, work: Int, rng: inout SplitMix64)
        -> (route: [(camera: Int, offset: Int)], departures: [(day: Int, start: Int)])
    {
        let morning = 6 * 3600 + 1200 + rng.below(190 * 60)
        let evening = 16 * 3600 + 1800 + rng.below(190 * 60)
        let out = network.route(from: home, to: work, rng: &rng)
        let back = network.route(from: work, to: home, rng: &rng)
        var departures: [(day: Int, start: Int)] = []
        for day in 0..<30 {
            if TrafficBuilder.isWorkday(day) && !rng.chance(0.1) {
                let start = TrafficBuilder.at(day, morning + Int(rng.normal() * 720))
                if !drive(vehicle: vehicle, route: out, start: start, rng: &rng).isEmpty {
                    departures.append((day, start))
                }
                drive(vehicle: vehicle, route: back, start: TrafficBuilder.at(day, evening + Int(rng.normal() * 900)), rng: &rng)
            } else if rng.chance(0.35) {
                casualTrip(vehicle: vehicle, day: day, home: home, rng: &rng)
            }
        }
        return (out, departures)
    }

    /// Buses: the same cameras every day at similar times, among everyone else (decoys for convoys).
    mutating func plantBuses(count: Int) {
        let scale = context.size.scale
        for index in 0..<count {
            var rng = SplitMix64.entity(base, 100 + index)
            let vehicle = addVehicle(role: .bus, rng: &rng)
            var pool = network.urban[network.core]
            rng.shuffle(&pool)
            let core = context.geography.districts[network.core]
            let nearest = context.geography.districts.indices.filter { $0 != network.core }.min { a, b in
                let pa = context.geography.districts[a], pb = context.geography.districts[b]
                return GeoPoint.distanceKm(GeoPoint(lat: pa.lat, lon: pa.lon), GeoPoint(lat: core.lat, lon: core.lon))
                    < GeoPoint.distanceKm(GeoPoint(lat: pb.lat, lon: pb.lon), GeoPoint(lat: core.lat, lon: core.lon))
            }
            var others = nearest.map { network.urban[$0] } ?? []
            rng.shuffle(&others)
            pool += others
            let stops = Array(pool.prefix(min(pool.count, scale < 0.3 ? rng.int(3, 5) : rng.int(5, 8))))
            guard stops.count >= 2 else { continue }
            let forward = network.timed(stops, rng: &rng)
            let backward = network.timed(stops.reversed(), rng: &rng)
            let duration = max(forward.last?.offset ?? 0, backward.last?.offset ?? 0)
            let interval = max(Int(60.0 / min(1, max(0.25, scale))) * 60, duration * 5 / 4 + 900)
            var runs: [Int] = []
            var time = 6 * 3600 + rng.below(1200)
            while time < 21 * 3600 {
                runs.append(time)
                time += interval + rng.int(-5, 5) * 60
            }
            for day in 0..<30 {
                for (run, start) in runs.enumerated() {
                    drive(
                        vehicle: vehicle, route: run % 2 == 0 ? forward : backward,
                        start: TrafficBuilder.at(day, start + rng.int(-90, 90)), reliable: true, force: true, rng: &rng)
                }
            }
            traffic.decoys.append(
                Truth.Decoy(kind: "plate", value: traffic.vehicles[vehicle].plate, note: "bus on a fixed route: the same cameras every day at similar times"))
        }
    }

    /// Convoys of 2–3 vehicles passing the same cameras 30–120 s apart on 6–10 occasions.
    mutating func plantConvoys(count: Int, gangPlates: [[String]]) {
        var gangGroups = gangPlates.filter { $0.count >= 2 }
        for index in 0..<count {
            var rng = SplitMix64.entity(base, 200 + index)
            var size = rng.chance(0.3) ? 3 : 2
            var given: [String] = []
            if !gangGroups.isEmpty {
                given = Array(gangGroups.removeFirst().prefix(size))
                size = given.count
            }
            var members: [Int] = []
            for slot in 0..<size {
                members.append(addVehicle(role: .convoy, rng: &rng, plate: slot < given.count ? given[slot] : nil))
            }
            let firstGap = rng.int(30, 50)
            let secondGap = rng.int(firstGap + 30, 105)
            let days = rng.sample(rng.int(6, 10), from: 30)
            for day in days {
                var route: [(camera: Int, offset: Int)] = []
                for _ in 0..<8 {
                    let origin = context.geography.localDistrict(&rng)
                    let destination = context.geography.localDistrict(&rng)
                    route = network.route(from: origin, to: destination, rng: &rng)
                    if route.count >= 3 { break }
                }
                let second = rng.chance(0.6) ? (19 * 3600 + rng.below(8 * 3600)) % 86_400 : 9 * 3600 + rng.below(8 * 3600)
                let passes = drive(
                    vehicle: members[0], route: route, start: TrafficBuilder.at(day, second), reliable: true, force: true, rng: &rng)
                guard let first = passes.first, let last = passes.last else { continue }
                for (slot, follower) in members.dropFirst().enumerated() {
                    let gap = slot == 0 ? firstGap : secondGap
                    occupy(
                        follower,
                        Trip(start: first.seconds + gap, end: last.seconds + gap, firstCamera: first.camera, lastCamera: last.camera))
                    var previous = Int.min
                    for pass in passes {
                        var at = pass.seconds + gap + rng.int(-6, 6)
                        if previous != Int.min { at = max(at, previous + 15) }
                        previous = at
                        emit(vehicle: follower, camera: pass.camera, at: at, reliable: true, rng: &rng)
                    }
                }
            }
            for vehicle in members { simulateBackground(vehicle: vehicle, rng: &rng) }
            traffic.convoys.append(members.map { traffic.vehicles[$0].plate })
        }
    }

    /// Cloned plates: a local commuter, and a second vehicle with the same plate driving at the
    /// same times in the district furthest away.
    mutating func plantClones(count: Int) {
        let pair = context.geography.farthestDistrictPair
        for index in 0..<count {
            var rng = SplitMix64.entity(base, 300 + index)
            let (home, away) = index % 2 == 0 ? pair : (pair.1, pair.0)
            let original = addVehicle(role: .commuter, rng: &rng, localOnly: true)
            let trips = commute(vehicle: original, home: home, work: home, rng: &rng)
            let plate = traffic.vehicles[original].plate
            let clone = addVehicle(role: .clone, rng: &rng, plate: plate)
            if traffic.vehicles[clone].type == traffic.vehicles[original].type {
                traffic.vehicles[clone].type = traffic.vehicles[original].type == "面包车" ? "小型轿车" : "面包车"
            }
            let chosen = rng.sample(min(trips.departures.count, rng.int(6, 10)), from: trips.departures.count)
            for pick in chosen {
                let route = network.route(from: away, to: away, rng: &rng)
                drive(
                    vehicle: clone, route: route, start: trips.departures[pick].start + rng.int(-300, 300), reliable: true,
                    force: true, rng: &rng)
            }
            traffic.clonedPlates.append(plate)
        }
    }

    /// Night vehicles: trips between the logistics park and retail areas between 00:00 and 05:00 on
    /// 8–16 of the 30 nights, stopping to unload at a shop.
    mutating func plantNightVehicles(count: Int, gangPlates: [String], targets: [Int]) {
        var given = gangPlates
        let park = context.addresses.parkDistrict
        for index in 0..<count {
            var rng = SplitMix64.entity(base, 400 + index)
            let vehicle = addVehicle(role: .night, rng: &rng, plate: given.isEmpty ? nil : given.removeFirst())
            let target = targets.isEmpty ? network.urban[network.core].first ?? 0 : targets[index % targets.count]
            let district = network.cameras[target].district
            let nights = rng.sample(rng.int(8, 16), from: 30)
            for day in nights {
                let gate = network.logistics[rng.below(network.logistics.count)]
                var cameras = [gate]
                if park != district {
                    cameras += network.corridors[park].reversed()
                    cameras += network.corridors[district]
                }
                cameras.append(target)
                let out = network.timed(cameras, rng: &rng)
                let start = TrafficBuilder.at(day, rng.int(1800, 3 * 3600 + 1800))
                let passes = drive(vehicle: vehicle, route: out, start: start, reliable: true, force: true, rng: &rng)
                guard let stop = passes.last else { continue }
                traffic.nightStops.append(
                    NightStop(
                        seconds: SynthCalendar.seconds(day: SynthCalendar.plateStart) + Int64(stop.seconds + rng.int(60, 300)),
                        camera: target, vehicle: vehicle))
                let back = network.timed(cameras.reversed(), rng: &rng)
                drive(vehicle: vehicle, route: back, start: stop.seconds + rng.int(1800, 4800), reliable: true, force: true, rng: &rng)
            }
            for day in 0..<30 where rng.chance(0.2) {
                casualTrip(vehicle: vehicle, day: day, home: park, rng: &rng)
            }
            traffic.nightVehicles.append(traffic.vehicles[vehicle].plate)
        }
    }

    /// Two commuters who happen to drive together twice (decoys for convoys).
    mutating func plantChanceCommuters(count: Int) {
        for index in 0..<count {
            var rng = SplitMix64.entity(base, 500 + index)
            let geography = context.geography
            let first = addVehicle(role: .commuter, rng: &rng)
            let home = geography.localDistrict(&rng)
            var work = geography.localDistrict(&rng)
            if work == home { work = (home + 1) % geography.districts.count }
            let trips = commute(vehicle: first, home: home, work: work, rng: &rng)
            let second = addVehicle(role: .commuter, rng: &rng)
            for pick in rng.sample(2, from: trips.departures.count) {
                let start = trips.departures[pick].start + rng.int(40, 90)
                drive(vehicle: second, route: trips.route, start: start, reliable: true, force: true, rng: &rng)
            }
            simulateBackground(vehicle: second, rng: &rng)
            for vehicle in [first, second] {
                traffic.decoys.append(
                    Truth.Decoy(kind: "plate", value: traffic.vehicles[vehicle].plate, note: "commuter who passed another commuter by chance twice"))
            }
        }
    }

    /// Builds the whole traffic of a world.
    static func build(context: WorldContext, network: CameraNetwork, retail: RetailPlan, gangs: inout GangPlan) -> Traffic {
        var builder = TrafficBuilder(context: context, network: network)
        let s = context.size.scale
        // Gang members who drive get plates; pairs from one gang may become a convoy.
        var gangGroups: [[String]] = []
        var loose: [String] = []
        var plateRNG = builder.rng.fork(77)
        for g in gangs.gangs.indices {
            var group: [String] = []
            for m in gangs.gangs[g].members.indices where gangs.gangs[g].members[m].person.plate != nil {
                let plate = builder.plates.make(newEnergy: false, localOnly: true, rng: &plateRNG)
                gangs.gangs[g].members[m].person.plate = plate
                group.append(plate)
            }
            if group.count >= 2 { gangGroups.append(group) } else { loose += group }
        }
        builder.plantBuses(count: max(2, Int((6 * s).rounded())))
        let convoyCount = min(30, max(2, Int((4 * s).rounded())))
        builder.plantConvoys(count: convoyCount, gangPlates: Array(gangGroups.prefix(max(1, convoyCount / 2))))
        builder.plantClones(count: max(1, Int((2 * s).rounded())))
        let targets = retail.retailers.filter { $0.pattern == .nightTrade }.compactMap { network.retailCameras[$0.index] }
        let usedInConvoys = Set(builder.traffic.convoys.flatMap { $0 })
        let spare = gangGroups.flatMap { $0 }.filter { !usedInConvoys.contains($0) } + loose
        builder.plantNightVehicles(count: min(40, max(2, Int((4 * s).rounded()))), gangPlates: Array(spare.prefix(1)), targets: targets)
        builder.plantChanceCommuters(count: max(1, Int((2 * s).rounded())))
        // Gang vehicles not used by a pattern still drive now and then.
        let planted = Set(builder.traffic.convoys.flatMap { $0 } + builder.traffic.nightVehicles)
        for (offset, plate) in (gangGroups.flatMap { $0 } + loose).enumerated() where !planted.contains(plate) {
            var rng = SplitMix64.entity(builder.base, 600 + offset)
            let vehicle = builder.addVehicle(role: .casual, rng: &rng, plate: plate)
            builder.simulateBackground(vehicle: vehicle, rng: &rng)
        }
        builder.fillBackground(target: context.size.plateReads)
        return builder.finish()
    }
}
