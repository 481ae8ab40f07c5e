import Foundation
import Testing
import YanjianCore
@testable import YanjianIngest
import YanjianStore
import YanjianTesting

/// Mutation fuzzing of the importer: every interchange file of the test delivery, good rows and bad,
/// is mutated at random (bytes flipped, hostile tokens inserted, ranges cut or doubled, lines swapped,
/// truncation, another delimiter, a BOM or binary junk in front) and read.
///
/// The reading layer (reader → header plan → field conversion) takes 10,000 mutants: none may crash
/// and every record read must be either converted or rejected with a reason — none silently lost. The
/// whole importer, with the store, takes a few hundred: its report must account for every row and the
/// table must hold what it says it accepted. `YANJIAN_FUZZ_COUNT` raises the numbers for a long run.
@Suite("Mutated files never crash the importer and never lose a row silently")
struct ImportFuzzTests {
    static var count: Int { Int(ProcessInfo.processInfo.environment["YANJIAN_FUZZ_COUNT"] ?? "") ?? 10_000 }

    /// The seed corpus: every file of the fixture delivery with its defect rows.
    static func seeds() throws -> [(name: String, bytes: [UInt8])] {
        var files = DeliveryFixture.goodFiles
        for (name, lines) in DeliveryFixture.defectLines { files[name, default: ""] += lines }
        return files.sorted { $0.key < $1.key }.map { ($0.key, Array($0.value.utf8)) }
    }

    @Test("10,000 mutants through the reader and the field conversion: no crash, every record converted or rejected")
    func readingLayer() throws {
        let seeds = try Self.seeds()
        var rng = SplitMix64(seed: 20_261_206)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yanjian-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var records = 0
        var rejected = 0
        var fileProblems = 0
        for round in 0..<Self.count {
            let seed = seeds[round % seeds.count]
            // Four in five mutants keep the header line, so that most reach the records.
            let mutant = Mutator.mutate(seed.bytes, rounds: 1 + Int(rng.next() % 4), keepHeader: rng.next() % 5 != 0, rng: &rng)
            let url = folder.appendingPathComponent(seed.name)
            try Data(mutant).write(to: url)
            let outcome = Self.read(url, file: try #require(InterchangeFile.named(seed.name)))
            records += outcome.records
            rejected += outcome.rejected
            if outcome.fileProblem { fileProblems += 1; continue }
            #expect(outcome.converted + outcome.rejected == outcome.records,
                    "round \(round), \(seed.name): \(outcome.records) read, \(outcome.converted) converted, \(outcome.rejected) rejected")
        }
        // The mutants did reach the converter, and the converter did refuse some of them.
        #expect(records > Self.count / 2 && rejected > Self.count / 10 && fileProblems < Self.count / 2,
                "\(records) records, \(rejected) rejected, \(fileProblems) files refused whole")
    }

    @Test("Mutated deliveries through the whole importer: every row accounted for, what was accepted is stored", arguments: [StoreKind.sqlite])
    func wholeImporter(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let seeds = try Self.seeds()
        var rng = SplitMix64(seed: 7)
        try await DeliveryFixture.withImporter(kind) { store, importer in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yanjian-fuzz-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            for round in 0..<max(14, Self.count / 25) {
                let seed = seeds[round % seeds.count]
                let url = folder.appendingPathComponent(seed.name)
                try Data(Mutator.mutate(seed.bytes, rounds: 1 + Int(rng.next() % 3), rng: &rng)).write(to: url)
                let table = try #require(InterchangeFile.named(seed.name)).table.name
                let before = try await store.db.scalarInt("SELECT COUNT(*) FROM \(table)")
                let report = try await importer.run(paths: [url])
                let after = try await store.db.scalarInt("SELECT COUNT(*) FROM \(table)")
                for file in report.files {
                    #expect(file.accepted + file.rejected == file.rows, "round \(round), \(seed.name): \(file)")
                    #expect(Int(after - before) == file.accepted - file.updated - file.unchanged, "round \(round), \(seed.name): \(file)")
                }
            }
            // Nothing was left half-written: no batch is still running.
            #expect(try await store.db.scalarInt("SELECT COUNT(*) FROM import_batches WHERE status = 'running'") == 0)
        }
    }

    struct Outcome {
        var records = 0
        var converted = 0
        var rejected = 0
        var fileProblem = false
    }

    /// Reads one file the way `Importer.load` does, without a store.
    static func read(_ url: URL, file: InterchangeFile) -> Outcome {
        var issues = IssueLog(file: url.lastPathComponent, maxListed: 10)
        var outcome = Outcome()
        switch file.format {
        case .csv:
            var options = CSVReader.Options()
            options.detectDialect = true
            guard var reader = try? CSVReader(path: url.path, options: options) else { outcome.fileProblem = true; return outcome }
            var header: CSVRecord?
            do { header = try reader.next() } catch { outcome.fileProblem = true; return outcome }
            guard let header, let plan = HeaderPlan(header: header.strings(), file: file, issues: &issues) else {
                outcome.fileProblem = true
                return outcome
            }
            var converter = RowConverter(file: file, fileName: url.lastPathComponent, slots: plan.slots, implicitAdcodeSlot: plan.implicitAdcodeSlot,
                                         perRecordPresence: false, batchID: 1, divisions: AdminDivisions.shared)
            var stream = CSVRecordStream(reader: reader, headerCount: header.count, unknown: plan.unknown, identifierSlot: plan.identifierSlot)
            while let (fields, line) = stream.next(issues: &issues) {
                if converter.convert(fields, line: line, issues: &issues) != nil { outcome.converted += 1 }
            }
            outcome.records = stream.recordsRead
        case .jsonLines:
            guard let reader = try? JSONLinesReader(path: url.path) else { outcome.fileProblem = true; return outcome }
            var keys = file.columns.map(\.field)
            let implicitAdcode = keys.contains("adcode") ? -1 : keys.count
            if implicitAdcode >= 0 { keys.append("adcode") }
            var converter = RowConverter(file: file, fileName: url.lastPathComponent, slots: Array(file.columns.indices),
                                         implicitAdcodeSlot: implicitAdcode, perRecordPresence: true, batchID: 1, divisions: AdminDivisions.shared)
            var stream = JSONLinesRecordStream(reader: reader, keys: keys)
            while let (fields, line) = stream.next(issues: &issues) {
                if converter.convert(fields, line: line, issues: &issues) != nil { outcome.converted += 1 }
            }
            outcome.records = stream.recordsRead
        }
        outcome.rejected = issues.rejectCount
        return outcome
    }
}

/// Byte-level mutations that real exports and hostile senders produce.
enum Mutator {
    static let tokens: [[UInt8]] = [
        Array("\"".utf8), Array(",".utf8), Array("\n".utf8), Array("\r\n".utf8), Array("\r".utf8), [0], Array("\t".utf8),
        [0xFF], [0xC3], [0xE4, 0xB8], [0xB9, 0xFA], [0x84, 0x31, 0x95, 0x33], Array("=cmd|' /C calc'!A0".utf8),
        Array("2026-02-30".utf8), Array("-5".utf8), Array("NaN".utf8), Array("1e309".utf8), Array("{".utf8), Array("}".utf8),
        Array("[1,2]".utf8), Array("\"\"\"".utf8), Array("\\".utf8), Array("\\u0000".utf8), Array("null".utf8),
        Array(repeating: UInt8(ascii: "9"), count: 40), Array(repeating: UInt8(ascii: "x"), count: 70_000),
        Array("陕西省西安市".utf8), Array("\u{3000}".utf8), Array("１３８".utf8),
    ]

    static func mutate(_ seed: [UInt8], rounds: Int, keepHeader: Bool = false, rng: inout SplitMix64) -> [UInt8] {
        if keepHeader, let end = seed.firstIndex(of: UInt8(ascii: "\n")) {
            return Array(seed[...end]) + mutate(Array(seed[(end + 1)...]), rounds: rounds, rng: &rng)
        }
        var bytes = seed
        for _ in 0..<rounds {
            let at = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count))
            switch rng.next() % 9 {
            case 0 where !bytes.isEmpty:
                bytes[at] = UInt8(truncatingIfNeeded: rng.next())
            case 1, 2:
                bytes.insert(contentsOf: tokens[Int(rng.next() % UInt64(tokens.count))], at: at)
            case 3 where !bytes.isEmpty:
                bytes.removeSubrange(at..<min(bytes.count, at + 1 + Int(rng.next() % 40)))
            case 4 where !bytes.isEmpty:
                let end = min(bytes.count, at + 1 + Int(rng.next() % 200))
                bytes.insert(contentsOf: bytes[at..<end], at: end)
            case 5:
                bytes = Array(bytes.prefix(at))
            case 6:
                var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                if lines.count > 2 {
                    let a = Int(rng.next() % UInt64(lines.count)), b = Int(rng.next() % UInt64(lines.count))
                    lines.swapAt(a, b)
                }
                bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
            case 7:
                let delimiter: UInt8 = rng.next() % 2 == 0 ? UInt8(ascii: ";") : UInt8(ascii: "\t")
                bytes = bytes.map { $0 == UInt8(ascii: ",") && rng.next() % 3 != 0 ? delimiter : $0 }
            default:
                let junk: [UInt8] = rng.next() % 2 == 0 ? [0xEF, 0xBB, 0xBF] : (0..<8).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                bytes.insert(contentsOf: junk, at: 0)
            }
        }
        return bytes
    }
}
