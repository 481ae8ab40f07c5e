import Foundation
import Logging
import Testing
import YanjianCore
import YanjianEval
import YanjianIngest
import YanjianStore
import YanjianSynth
import YanjianTesting

/// A generated `--messy` world through the importer, against the `defects.json` the generator wrote:
/// every defect shows in the report (a reject, a warning, a normalisation or an update) and no good
/// row is lost.
@Suite("A messy generated world: every listed defect is reported, no good row lost")
struct MessyWorldTests {
    static let malformedKinds: Set<String> = ["bad_date", "negative_cartons", "unknown_licence", "broken_quoting"]
    /// Defects whose records are kept, normalised or as written.
    static let keptKinds: Set<String> = ["phone_format", "masked_phone", "address_variant", "legacy_id_no", "duplicate_id", "updated_id"]

    @Test("Defects against the import report, on every engine", arguments: [
        (StoreKind.sqlite, UInt64(11)), (.sqlite, 12), (.postgres, 11),
    ])
    func defectsReported(kind: StoreKind, seed: UInt64) async throws {
        guard TestDatabases.available(kind) else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yanjian-messy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try WorldGenerator.generate(WorldConfig(seed: seed, scale: 0.03, messy: true), to: folder)
        let defects = try JSONDecoder().decode([Defect].self, from: Data(contentsOf: folder.appendingPathComponent("defects.json")))
        #expect(Set(defects.map(\.kind)).isSuperset(of: Self.malformedKinds.union(Self.keptKinds)), "the world has every kind")

        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        var logger = Logger(label: "yanjian.test.messy")
        logger.logLevel = .warning
        let report = try await Importer(store: store, logger: logger, source: "messy", actor: "tester").run(paths: [folder])

        // Every row is accounted for, and the only rows rejected are malformed ones the generator listed.
        for file in report.files {
            #expect(file.rows == file.accepted + file.rejected, "\(file.file)")
        }
        let malformedLines = Set(defects.filter { Self.malformedKinds.contains($0.kind) }.map { "\($0.file):\($0.line)" })
        for reject in report.rejects {
            #expect(malformedLines.contains("\(reject.file):\(reject.line)"), "a good row rejected: \(reject)")
        }
        // Every malformed record is a reject or a warning at its line, naming its record.
        let issues = Dictionary(grouping: report.rejects + report.warnings) { "\($0.file):\($0.line)" }
        for defect in defects where Self.malformedKinds.contains(defect.kind) {
            let found = issues["\(defect.file):\(defect.line)"] ?? []
            #expect(!found.isEmpty, "not reported: \(defect)")
            if let id = defect.id, !id.isEmpty, !found.isEmpty {
                #expect(found.contains { $0.id == id }, "reported without its id: \(defect) → \(found)")
            }
        }
        // A repeated record is said at its line, with its id: which row wins depends on the order the
        // source wrote them in, so the analyst must be able to see it.
        for defect in defects where ["duplicate_id", "updated_id"].contains(defect.kind) {
            let found = (issues["\(defect.file):\(defect.line)"] ?? []).filter { $0.reason.contains("repeats the key of line") }
            #expect(!found.isEmpty, "repeat not reported: \(defect)")
            if let id = defect.id, !id.isEmpty, !found.isEmpty {
                #expect(found.contains { $0.id == id }, "repeat reported without its id: \(defect) → \(found)")
            }
        }
        for (file, fileDefects) in Dictionary(grouping: defects, by: \.file) {
            let summary = try #require(report.files.first { $0.file == file }, "\(file) not in the report")
            let count = { (kinds: Set<String>) in fileDefects.filter { kinds.contains($0.kind) }.count }
            // Phones in another form and 15-digit ID numbers are normalised, and counted as such.
            let normalised = report.fields.filter { $0.file == file }.reduce(0) { $0 + $1.normalised }
            #expect(normalised >= count(["phone_format", "legacy_id_no"]), "\(file): \(normalised) normalisations")
            // A repeated record is an update (or, unchanged, counted as such), never a new row.
            #expect(summary.updated + summary.unchanged >= count(["duplicate_id", "updated_id"]), "\(file): \(summary)")
            // Kept records are stored under their identifier.
            guard let interchange = InterchangeFile.named(file), interchange.keyColumns.count == 1,
                  let key = interchange.keyColumns.first else { continue }
            for defect in fileDefects where Self.keptKinds.contains(defect.kind) && !malformedLines.contains("\(file):\(defect.line)") {
                guard let id = defect.id, !id.isEmpty else { continue }
                let stored = try await store.db.scalarInt("SELECT COUNT(*) FROM \(interchange.table.name) WHERE \(key) = ?", [.text(id)])
                #expect(stored == 1, "\(defect) not stored")
            }
            // A file in another encoding or with other line ends reads as the others do: no rejects
            // beyond its malformed rows and no replacement characters.
            #expect(summary.rejected <= count(Self.malformedKinds), "\(file): \(summary)")
        }
        for defect in defects where defect.kind == "encoding_gb18030" {
            let table = try #require(InterchangeFile.named(defect.file)).table
            let text = table.columns.filter { $0.name.hasSuffix("name") || $0.name.hasSuffix("address") }.map(\.name)
            for column in text {
                let broken = try await store.db.scalarInt("SELECT COUNT(*) FROM \(table.name) WHERE \(column) LIKE ?", [.text("%\u{FFFD}%")])
                #expect(broken == 0, "\(defect.file) \(column) decoded with replacement characters")
            }
        }
    }
}
