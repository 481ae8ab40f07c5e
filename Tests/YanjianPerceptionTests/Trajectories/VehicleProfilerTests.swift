import Foundation
import Testing
import YanjianCore
import YanjianPerception

@Suite("Vehicle profiles: trajectory, trips, stay points and district flows")
struct VehicleProfilerTests {
    @Test("A day out and back with a stay at work, then a trip to Chengdu")
    func profile() {
        var world = TrackWorld(seed: 31)
        world.background(vehicles: 5)
        let morning = TrackWorld.start + TrackWorld.day + 8 * 3600
        world.drive("陕A1P001", from: 0, to: 5, start: morning, spacing: 90)
        world.drive("陕A1P001", from: 5, to: 0, start: morning + 9 * 3600, spacing: 90)
        world.read("陕A1P001", camera: TrackWorld.chengdu, at: TrackWorld.start + 3 * TrackWorld.day + 12 * 3600, color: "黄", type: "面包车")
        let profile = VehicleProfiler.profile(world.reads(), plate: "陕A1P001")
        #expect(profile.points.count == 13)
        #expect(profile.firstSeen == morning)
        #expect(profile.lastSeen == TrackWorld.start + 3 * TrackWorld.day + 12 * 3600)
        #expect(profile.trips == [0..<6, 6..<12, 12..<13])
        #expect(profile.activeDays == 2)
        #expect(profile.stayPoints == [StayPoint(camera: 5, arrival: morning + 5 * 90, departure: morning + 9 * 3600, resumedAt: 5)])
        #expect(profile.originDestinations == [
            OriginDestination(origin: "610113", destination: "610113", trips: 2),
            OriginDestination(origin: "510100", destination: "510100", trips: 1),
        ])
        #expect(profile.colors.map(\.value) == ["蓝", "黄"])
        #expect(profile.vehicleTypes.map(\.reads) == [12, 1])
        #expect(profile.points.first?.confidence == 95)
    }

    @Test("An unknown plate has an empty profile")
    func unknown() {
        let profile = VehicleProfiler.profile(TrackWorld(seed: 32).reads(), plate: "陕A0NONE")
        #expect(profile.points.isEmpty && profile.trips.isEmpty && profile.firstSeen == nil)
    }
}
