import Foundation
import YanjianCore

/// Writes `plate_reads.csv` and `video_events.jsonl` from the simulated traffic.
enum TrafficWriter {
    static let readHeader = ["read_id", "plate", "plate_color", "camera_id", "ts", "vehicle_type", "confidence"]

    static func writeReads(_ traffic: Traffic, network: CameraNetwork, context: WorldContext, output: WorldOutput) throws {
        let file = "plate_reads.csv"
        let writer = try output.csv(file, header: readHeader)
        var rng = context.rng(.plateReads)
        let plates = traffic.vehicles.map { Array($0.plate.utf8) }
        let colors = traffic.vehicles.map { Array($0.color.code.utf8) }
        let types = traffic.vehicles.map { Array($0.type.utf8) }
        let cameraIDs = network.cameras.map { Array($0.id.utf8) }
        let start = SynthCalendar.seconds(day: SynthCalendar.plateStart)
        for (number, read) in traffic.reads.enumerated() {
            let (seconds, camera, vehicle) = Traffic.unpack(read)
            var id: [UInt8] = Array("PR".utf8)
            ByteFormat.appendPadded(UInt64(number + 1), width: 10, to: &id)
            writer.field(trusted: id)
            writer.field(bytes: plates[vehicle])
            writer.field(trusted: colors[vehicle])
            writer.field(trusted: cameraIDs[camera])
            writer.field(timestamp: start + Int64(seconds))
            writer.field(trusted: types[vehicle])
            let ghost = traffic.vehicles[vehicle].role == .ghost
            writer.field(fixed: Int64(ghost ? rng.int(50, 74) : rng.int(80, 99)), fractionDigits: 2)
            try writer.endRow()
            if number & 0x3FFFF == 0 { output.report(file, rows: number) }
        }
        try output.finish(writer)
    }

    /// Event types by the index the generator draws (weights 20, 20, 25, 35).
    static let eventTypes: [VideoEventType] = [.loadingUnloading, .loitering, .crowd, .vehicleStop]

    /// One video-analytics event before numbering.
    struct Event {
        var seconds: Int64
        var camera: Int
        var type: Int
        var confidence: Int
        var plate: String?
        var count: Int?
    }

    static func writeVideoEvents(
        _ traffic: Traffic, network: CameraNetwork, retail: RetailPlan, context: WorldContext, output: WorldOutput
    ) throws {
        var rng = context.rng(.videoEvents)
        let start = SynthCalendar.seconds(day: SynthCalendar.plateStart)
        let weights = network.cameras.map { camera -> Double in
            switch camera.kind {
            case .retailerVicinity, .logisticsPark: return 3
            case .publicSecurity: return 1.5
            case .checkpoint, .highwayGate: return 0.5
            }
        }
        let cameraTable = WeightedTable(weights)
        let typeTable = WeightedTable([20, 20, 25, 35])  // loading_unloading, loitering, crowd, vehicle_stop
        let ordinary = traffic.vehicles.indices.filter { traffic.vehicles[$0].role != .ghost && traffic.vehicles[$0].role != .night }
        var events: [Event] = []
        events.reserveCapacity(context.size.videoEvents + traffic.nightStops.count * 2)
        for _ in 0..<context.size.videoEvents {
            let camera = cameraTable.sample(&rng)
            let type = typeTable.sample(&rng)
            let day = rng.below(30)
            let second = type == 0 ? 7 * 3600 + rng.below(11 * 3600) : DailyCurve.traffic.secondOfDay(&rng)
            var event = Event(
                seconds: start + Int64(day * 86_400 + second), camera: camera, type: type, confidence: rng.int(55, 98))
            switch type {
            case 0, 3:
                if rng.chance(0.7) && !ordinary.isEmpty { event.plate = traffic.vehicles[ordinary[rng.below(ordinary.count)]].plate }
                if type == 0 { event.count = rng.int(1, 4) }
            case 1: event.count = rng.int(1, 4)
            default: event.count = rng.int(8, 150)
            }
            events.append(event)
        }
        for stop in traffic.nightStops {
            events.append(
                Event(
                    seconds: stop.seconds, camera: stop.camera, type: 0, confidence: rng.int(70, 95),
                    plate: traffic.vehicles[stop.vehicle].plate, count: rng.int(2, 5)))
        }
        // Night traders also unload from vehicles the cameras cannot read.
        for shop in retail.retailers where shop.pattern == .nightTrade {
            guard let camera = network.retailCameras[shop.index] else { continue }
            for _ in 0..<rng.int(4, 10) {
                let second = (22 * 3600 + rng.below(7 * 3600)) % 86_400
                events.append(
                    Event(
                        seconds: start + Int64(rng.below(30) * 86_400 + second), camera: camera, type: 0,
                        confidence: rng.int(60, 90), plate: nil, count: rng.int(2, 4)))
            }
        }
        events.sort { ($0.seconds, $0.camera, $0.type) < ($1.seconds, $1.camera, $1.type) }
        let writer = try output.jsonl("video_events.jsonl")
        for (number, event) in events.enumerated() {
            var id: [UInt8] = Array("VE".utf8)
            ByteFormat.appendPadded(UInt64(number + 1), width: 8, to: &id)
            let eventID = String(decoding: id, as: UTF8.self)
            writer.beginObject()
            writer.string("event_id", eventID)
            writer.string("camera_id", network.cameras[event.camera].id)
            writer.timestamp("ts", localSeconds: event.seconds)
            writer.string("type", TrafficWriter.eventTypes[event.type].code)
            writer.fixed("confidence", Int64(event.confidence), fractionDigits: 2)
            writer.string("plate", event.plate)
            if let count = event.count { writer.int("count", count) }
            if number % 5 < 3 { writer.string("snapshot", "snapshots/\(eventID).jpg") }
            try writer.endObject()
        }
        try output.finish(writer)
    }
}
