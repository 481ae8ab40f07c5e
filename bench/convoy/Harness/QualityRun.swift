import Foundation
import YanjianPerception

/// `convoybench world DIR…`: loads each generated world from its files, runs the vehicle analyses
/// and scores them against truth.json the way `yanjian eval` does (convoys as plate pairs), listing
/// misses, false alarms and flagged decoys with their numbers.
enum QualityRun {
    static func run(folders: [String], parameters: PerceptionParameters, verbose: Bool) async throws {
        for folder in folders {
            let clock = ContinuousClock()
            let start = clock.now
            let cameras = try WorldFiles.cameras(folder)
            let reads = try WorldFiles.reads(folder, cameras: cameras)
            let loaded = clock.now - start
            let truth = try WorldFiles.truth(folder)
            let result = try await PerceptionAnalysis.analyze(reads, parameters: parameters)
            let name = { (id: Int32) in reads.plateNames[Int(id)] }
            print("== \(folder): \(reads.count) reads, \(reads.plateCount) plates, \(cameras.count) cameras (load \(loaded))")
            print("   seconds: " + result.seconds.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.3f", $0.value))" }.joined(separator: ", "))
            let report = result.convoys
            print("   convoy sweep: events \(report.coPassingEvents), distinct pairs \(report.distinctPairs), candidates \(report.candidates.count), capped \(report.cappedReads), threshold \(String(format: "%.2f", report.threshold))")

            func key(_ a: String, _ b: String) -> String { a < b ? a + "|" + b : b + "|" + a }
            var truePairs = Set<String>()
            for convoy in truth.convoys {
                for i in convoy.indices { for j in convoy.indices where j > i { truePairs.insert(key(convoy[i], convoy[j])) } }
            }
            var predicted = Set<String>()
            for convoy in report.convoys {
                let plates = convoy.plates.map(name)
                for i in plates.indices { for j in plates.indices where j > i { predicted.insert(key(plates[i], plates[j])) } }
            }
            let decoyPlates = Set((truth.decoys ?? []).filter { $0.kind == "plate" }.map(\.value))
            let candidateByKey = Dictionary(report.candidates.map { (key(name($0.first), name($0.second)), $0) }, uniquingKeysWith: { a, _ in a })
            func describe(_ pair: ConvoyPair?) -> String {
                guard let pair else { return "not a candidate" }
                return String(format: "occ %d (multi %d) cams %d co %d exp %.4f expOcc %.5f surprise %.2f offset %d partners %d/%d",
                              pair.occasions, pair.multiCameraOccasions, pair.cameras, pair.coPassings, pair.expectedCoPassings,
                              pair.expectedOccasions, pair.surprise, pair.medianOffsetSeconds, pair.firstPartners, pair.secondPartners)
            }
            score("convoys", predicted: predicted, actual: truePairs)
            for miss in truePairs.subtracting(predicted).sorted() { print("     miss \(miss): \(describe(candidateByKey[miss]))") }
            for alarm in predicted.subtracting(truePairs).sorted() { print("     false \(alarm): \(describe(candidateByKey[alarm]))") }
            if verbose {
                for pair in report.candidates where truePairs.contains(key(name(pair.first), name(pair.second))) {
                    print("     hit \(name(pair.first))|\(name(pair.second)): \(describe(pair))")
                }
                for pair in report.candidates.prefix(15) where !truePairs.contains(key(name(pair.first), name(pair.second))) {
                    print("     top non-convoy \(name(pair.first))|\(name(pair.second)): \(describe(pair))")
                }
            }

            let cloned = Set(result.clonedPlates.plates.map { name($0.plate) })
            score("cloned_plates", predicted: cloned, actual: Set(truth.clonedPlates))
            for plate in result.clonedPlates.plates where verbose || !truth.clonedPlates.contains(name(plate.plate)) {
                print("     \(truth.clonedPlates.contains(name(plate.plate)) ? "hit" : "false") \(name(plate.plate)) score \(String(format: "%.3f", plate.score)) reasons \(plate.reasons) impossible \(plate.impossibleCount) corroborated \(plate.corroboratedCount) days \(plate.impossibleDays)")
            }
            print("     journeys checked \(result.clonedPlates.journeysChecked), impossible \(result.clonedPlates.impossibleJourneys), blamed cameras \(result.clonedPlates.blamedCameras.count)")

            let night = Set(result.nightVehicles.vehicles.map { name($0.plate) })
            score("night_vehicles", predicted: night, actual: Set(truth.nightVehicles))
            for vehicle in result.nightVehicles.vehicles where verbose || !truth.nightVehicles.contains(name(vehicle.plate)) {
                print(String(format: "     %@ %@ nights %d/%d active %d share %.2f peer %@ rate %.4f surprise %.1f",
                             truth.nightVehicles.contains(name(vehicle.plate)) ? "hit" : "false", name(vehicle.plate), vehicle.nights,
                             vehicle.nightsAnyCamera, vehicle.activeDays, vehicle.nightShare, vehicle.peerGroup, vehicle.peerRate, vehicle.surprise))
            }
            for miss in Set(truth.nightVehicles).subtracting(night).sorted() { print("     miss \(miss)") }
            print("     night tested \(result.nightVehicles.tested), threshold \(String(format: "%.2f", result.nightVehicles.threshold)), population rate \(String(format: "%.5f", result.nightVehicles.populationRate))")

            let flaggedPlates = Set(report.convoys.flatMap { $0.plates.map(name) }).union(cloned).union(night)
            let flaggedDecoys = decoyPlates.intersection(flaggedPlates)
            print("   decoys flagged: \(flaggedDecoys.count) of \(decoyPlates.count) \(flaggedDecoys.sorted())")
        }
    }

    static func score(_ label: String, predicted: Set<String>, actual: Set<String>) {
        let hits = predicted.intersection(actual).count
        let precision = predicted.isEmpty ? 1 : Double(hits) / Double(predicted.count)
        let recall = actual.isEmpty ? 1 : Double(hits) / Double(actual.count)
        print(String(format: "   %@: predicted %d actual %d hits %d precision %.3f recall %.3f", label, predicted.count, actual.count, hits, precision, recall))
    }
}
