import Foundation
import YanjianCore
import YanjianStore

/// How long a unit needs to reach a place: great-circle distance stretched by a road factor, at an
/// average speed, plus a fixed time to set off. Pluggable: a bureau with a road network puts its own
/// estimate behind the same call.
public struct TravelModel: Sendable, Equatable {
    /// Road distance over straight-line distance (1.3–1.4 is typical for Chinese cities and counties).
    public var roadFactor: Double
    /// Average speed in km/h.
    public var speedKmh: Double
    /// Minutes to get going.
    public var setOffMinutes: Double

    public init(roadFactor: Double = 1.35, speedKmh: Double = 40, setOffMinutes: Double = 5) {
        self.roadFactor = roadFactor
        self.speedKmh = speedKmh
        self.setOffMinutes = setOffMinutes
    }

    /// Straight-line kilometres and estimated minutes from `from` to `to`.
    public func estimate(from: GeoPoint, to: GeoPoint) -> (distanceKm: Double, minutes: Double) {
        let distance = from.distanceKm(to: to)
        return (distance, setOffMinutes + distance * roadFactor / speedKmh * 60)
    }
}

/// Ranks enforcement units for a warning (指挥调度): by estimated travel time to the target, the
/// available ones first, and proposes the nearest available unit of each department a joint
/// operation needs.
public enum DispatchPlanner {
    /// A unit with its estimate.
    public struct Candidate: Sendable, Equatable {
        public var unit: StoredUnit
        public var distanceKm: Double
        public var etaMinutes: Double
    }

    /// Every unit ranked by estimated time to `point`: available units first, then the busy ones (so
    /// a commander sees who would be nearest once free), each group nearest first; ties by unit id.
    public static func rank(_ units: [StoredUnit], to point: GeoPoint, departments: [Department]? = nil,
                            travel: TravelModel = TravelModel()) -> [Candidate] {
        units.compactMap { unit -> Candidate? in
            if let departments, !departments.contains(where: { $0 == unit.department }) { return nil }
            let estimate = travel.estimate(from: unit.location, to: point)
            return Candidate(unit: unit, distanceKm: estimate.distanceKm, etaMinutes: estimate.minutes)
        }.sorted {
            if $0.unit.isAvailable != $1.unit.isAvailable { return $0.unit.isAvailable }
            if $0.etaMinutes != $1.etaMinutes { return $0.etaMinutes < $1.etaMinutes }
            return $0.unit.unitID < $1.unit.unitID
        }
    }

    /// The nearest available unit of each department in `departments`, in that order; a department
    /// with no available unit is left out (the caller shows the gap).
    public static func suggest(_ units: [StoredUnit], to point: GeoPoint, departments: [Department],
                               travel: TravelModel = TravelModel()) -> [Candidate] {
        let ranked = rank(units, to: point, departments: departments, travel: travel)
        return departments.compactMap { department in
            ranked.first { $0.unit.department == department && $0.unit.isAvailable }
        }
    }
}
