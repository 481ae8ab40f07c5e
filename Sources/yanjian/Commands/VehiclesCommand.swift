import ArgumentParser
import Foundation
import YanjianCore
import YanjianPerception
import YanjianStore

/// `yanjian analyze vehicles`: convoys, cloned plates and night vehicles from the plate reads.
struct AnalyzeVehiclesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vehicles",
        abstract: "Find convoys, cloned plates and night vehicles in the plate reads and store them as findings.",
        discussion: """
            Reads every plate read once, then:
              convoys (伴随车)      plates passing the same cameras within --window seconds on several
                                   separate trips at several cameras, more often than their own habits
                                   explain (a bus on its timetable or two commuters are not flagged);
              cloned plates (套牌)  one plate at two cameras too far apart for the time between
                                   (> --max-speed km/h), or read with two colours;
              night vehicles       repeated 00:00–05:00 trips to logistics parks and retail areas, beyond
                                   the vehicle's own habits and its peers'.
            Replaces the stored findings of these kinds; `yanjian convoys list`, `yanjian vehicles show`
            and `yanjian export findings` read them.

            Example:
              yanjian analyze vehicles --db ./yanjian.db
              yanjian analyze vehicles --db ./yanjian.db --window 90 --max-speed 160 --json
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("Seconds within which two plates at one camera co-pass.", valueName: "seconds"))
    var window: Int = ConvoyParameters().windowSeconds

    @Option(name: .customLong("min-occasions"), help: "The fewest separate trips together a convoy needs.")
    var minOccasions: Int = ConvoyParameters().minOccasions

    @Option(name: .customLong("max-speed"), help: ArgumentHelp("The fastest a vehicle can travel, km/h.", valueName: "km/h"))
    var maxSpeed: Double = ClonedPlateParameters().maxSpeedKmh

    @Option(name: .customLong("min-nights"), help: "The fewest nights a night vehicle needs.")
    var minNights: Int = NightVehicleParameters().minNights

    @Flag(help: "Print the run summary as JSON.")
    var json = false

    func validate() throws {
        guard (10...3600).contains(window) else { throw ValidationError("--window must be 10…3600 seconds.") }
        guard minOccasions >= 2 else { throw ValidationError("--min-occasions must be at least 2.") }
        guard maxSpeed > 0 && maxSpeed.isFinite else { throw ValidationError("--max-speed must be a positive number.") }
        guard minNights >= 1 else { throw ValidationError("--min-nights must be at least 1.") }
    }

    func run() async throws {
        var parameters = PerceptionParameters()
        parameters.convoys.windowSeconds = window
        parameters.convoys.minOccasions = minOccasions
        parameters.clonedPlates.maxSpeedKmh = maxSpeed
        parameters.nightVehicles.minNights = minNights
        let summary = try await database.withStore { store in
            let summary = try await PerceptionAnalysis.run(store: store, parameters: parameters) { CLI.note($0) }
            let video = try await VideoLinkAnalysis.run(store: store)
            CLI.note("video: \(video.linkedEvents) events tied to \(video.retailers) retailers (\(video.nightLoadingRetailers) with night loading)")
            try await database.auditLog(store).append(
                actor: "cli", action: "analysis.run",
                details: ["analyses": PerceptionAnalysis.name, "convoys": "\(summary.convoys)",
                          "cloned_plates": "\(summary.clonedPlates)", "night_vehicles": "\(summary.nightVehicles)"])
            return summary
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
            return
        }
        print("vehicles: \(summary.reads) reads of \(summary.plates) plates at \(summary.cameras) cameras"
              + (summary.unknownCameraReads > 0 ? " (\(summary.unknownCameraReads) reads of unknown cameras skipped)" : ""))
        print("  convoys:        \(summary.convoys) (\(summary.flaggedPairs) pairs flagged of \(summary.candidatePairs) candidates; "
              + "\(summary.distinctPairs) pairs ever co-passed; surprise threshold \(summary.convoyThreshold))")
        print("  cloned plates:  \(summary.clonedPlates) (\(summary.impossibleJourneys) impossible journeys of \(summary.journeysChecked) checked"
              + (summary.blamedCameras.isEmpty ? ")" : "; cameras blamed for clock or position: \(summary.blamedCameras.joined(separator: ", ")))"))
        print("  night vehicles: \(summary.nightVehicles) (\(summary.nightPlatesTested) plates with enough nights"
              + (summary.nightUsedTargetCameras ? ")" : "; no park or shop cameras marked, any camera counted)"))
        print("  seconds: " + summary.seconds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }
}

/// `yanjian vehicles`: look at one vehicle.
struct VehiclesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vehicles",
        abstract: "Look at vehicles: trajectories, stay points, flows between districts, findings.",
        subcommands: [Show.self]
    )

    /// `yanjian vehicles show PLATE`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one plate: first and last seen, trips, stay points, district flows, hot-list hits, findings, reads.",
            discussion: """
                Example:
                  yanjian vehicles show 陕A12345 --db ./yanjian.db
                  yanjian vehicles show 陕A12345 --db ./yanjian.db --reads 200
                """
        )

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The plate (any spelling: spaces, dots and lower case are normalised).") var plate: String
        @Option(help: "How many reads of the trajectory to list (the latest).") var reads: Int = 30

        func validate() throws {
            guard (try? Plate(validating: plate)) != nil || !plate.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("PLATE must not be empty.")
            }
            guard reads >= 0 else { throw ValidationError("--reads must be 0 or more.") }
        }

        func run() async throws {
            let normalised = (try? Plate(validating: plate))?.value ?? plate.trimmingCharacters(in: .whitespaces).uppercased()
            let (profile, cameras, hotlist, findings) = try await database.withStore { store in
                try await database.auditLog(store).append(actor: "cli", action: "vehicle.view", target: normalised)
                return try await store.vehicleProfile(plate: normalised)
            }
            func camera(_ id: Int32) -> String {
                let camera = cameras.cameras[Int(id)]
                return "\(camera.id) \(camera.name)"
            }
            guard let first = profile.firstSeen, let last = profile.lastSeen else {
                print("\(normalised): no plate reads")
                if !hotlist.isEmpty { print("hot list: " + hotlist.map { "\($0.source) \($0.reference)" }.joined(separator: ", ")) }
                return
            }
            print("\(normalised): \(profile.points.count) reads, \(profile.trips.count) trips on \(profile.activeDays) days")
            print("  first seen \(Timestamp.format(first)) at \(camera(profile.points[0].camera))")
            print("  last seen  \(Timestamp.format(last)) at \(camera(profile.points[profile.points.count - 1].camera))")
            print("  colours: " + profile.colors.map { "\($0.value) ×\($0.reads)" }.joined(separator: ", ")
                  + "; types: " + profile.vehicleTypes.map { "\($0.value) ×\($0.reads)" }.joined(separator: ", "))
            print("hot list: " + (hotlist.isEmpty ? "none" : hotlist.map { "\($0.source) \($0.reference) (\($0.detail))" }.joined(separator: "; ")))
            print("findings: " + (findings.isEmpty ? "none" : ""))
            for finding in findings {
                print("  \(finding.kind) \(finding.subject) score \(String(format: "%.3f", finding.score))" + (finding.label.map { " [\($0)]" } ?? ""))
            }
            print("district flows (origin → destination adcode):")
            for flow in profile.originDestinations.prefix(10) { print("  \(flow.origin) → \(flow.destination): \(flow.trips) trips") }
            print("stay points (\(profile.stayPoints.count)):")
            for stay in profile.stayPoints.suffix(10) {
                let hours = Double(stay.departure - stay.arrival) / 3600
                print("  \(Timestamp.format(stay.arrival)) → \(Timestamp.format(stay.departure)) (\(String(format: "%.1f", hours)) h) near \(camera(stay.camera))")
            }
            print("latest reads:")
            for point in profile.points.suffix(reads) {
                let extras = [point.color, point.vehicleType, point.confidence.map { "\($0)%" }].compactMap { $0 }.joined(separator: " ")
                print("  \(Timestamp.format(point.time))  \(camera(point.camera))  \(extras)")
            }
        }
    }
}

/// `yanjian convoys`: the stored convoys.
struct ConvoysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convoys",
        abstract: "List the convoys (伴随车) found by `yanjian analyze vehicles`.",
        subcommands: [List.self]
    )

    /// `yanjian convoys list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List convoys, highest score first, with occasions, cameras and offsets.",
            discussion: """
                Example:
                  yanjian convoys list --db ./yanjian.db
                  yanjian convoys list --db ./yanjian.db --limit 5 --json
                """
        )

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The most convoys to list.") var limit: Int = 50
        @Flag(help: "Print the stored findings (with their evidence) as JSON lines.") var json = false

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit must be positive.") }
        }

        struct Summary: Decodable {
            struct Pair: Decodable {
                var plates: [String]
                var occasions: Int
                var cameras: [String]
                var medianOffsetSeconds: Int
                var surprise: Double
                var leader: String

                enum CodingKeys: String, CodingKey {
                    case plates, occasions, cameras, surprise, leader
                    case medianOffsetSeconds = "median_offset_s"
                }
            }
            var pairs: [Pair]
        }

        func run() async throws {
            let convoys = try await database.withStore { store in
                try await store.findings(kind: FindingKind.convoy, scope: .system, limit: limit)
            }
            if convoys.isEmpty {
                print("no convoys stored; run `yanjian analyze vehicles` first")
                return
            }
            for convoy in convoys {
                if json {
                    print(#"{"plates":"\#(convoy.subject)","score":\#(convoy.score),"adcode":"\#(convoy.adcode ?? "")","details":\#(convoy.details)}"#)
                    continue
                }
                print("\(convoy.subject.replacingOccurrences(of: "|", with: " + "))  score \(String(format: "%.3f", convoy.score))  \(convoy.adcode ?? "")")
                let summary = try? JSONDecoder().decode(Summary.self, from: Data(convoy.details.utf8))
                for pair in summary?.pairs ?? [] {
                    print("  \(pair.plates.joined(separator: " + ")): \(pair.occasions) occasions at \(pair.cameras.count) cameras, "
                          + "\(pair.leader) leads, median offset \(pair.medianOffsetSeconds) s, surprise \(pair.surprise)")
                }
            }
        }
    }
}
