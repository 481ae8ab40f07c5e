import Foundation
import Logging
import YanjianCore
import YanjianStore

/// Tuning of an import run.
public struct ImportOptions: Sendable {
    /// Rows per bulk write (one transaction on SQLite, one `COPY` on PostgreSQL), whatever the file's
    /// size. Each batch is written in key order, so a file of up to this many rows is stored in key
    /// order whatever order its rows came in, and the same rows land in the same order whether their
    /// file is large or small (a delivery respelled with quotes and extra columns — bigger, same
    /// facts — once crossed a size threshold to other batches, another storage order and, through the
    /// graph's node order, a few other gang members at community borders). Large batches also commit
    /// and checkpoint less (10M plate reads: 237.8 s at 20,000 rows, 161.6 s at 200,000).
    public var batchSize = 200_000
    /// Rejects and warnings listed per file in the report; the rest are counted.
    public var maxListedIssuesPerFile = 1_000
    /// A file at least this large (bytes) loads with its table's secondary indexes deferred — dropped
    /// before and built after the file — unless the table already holds more than `deferralTableRatio`
    /// rows per estimated new row (then updating the indexes in place is cheaper than rebuilding them).
    public var deferIndexesFromBytes = 32 * 1_024 * 1_024
    public var deferralTableRatio = 4
    /// How the source's own file names and headers map to the interchange format, if they differ.
    public var profile: ImportProfile?

    public init() {}

}

/// How far an import has come, for a progress line.
public struct ImportProgress: Sendable, Equatable {
    /// The file being loaded.
    public var file: String
    /// Its position among the run's files (1-based) and their number.
    public var fileNumber: Int
    public var fileCount: Int
    /// Records read, stored and refused so far in this file.
    public var rowsRead: Int
    public var accepted: Int
    public var rejected: Int
    /// Whether the file is done.
    public var finished: Bool
    /// Seconds since this file started loading.
    public var seconds: Double = 0
    /// Bytes of the file read so far and its size (0 when unknown).
    public var bytesRead: Int = 0
    public var totalBytes: Int = 0

    /// Rows read per second in this file so far.
    public var rowsPerSecond: Double { seconds > 0 ? Double(rowsRead) / seconds : 0 }

    /// Seconds left for this file at the rate so far, by bytes; nil until there is a rate to go by.
    public var secondsLeft: Double? {
        guard !finished, totalBytes > 0, bytesRead > 0, seconds >= 0.5 else { return nil }
        let left = Double(max(0, totalBytes - bytesRead)) * seconds / Double(bytesRead)
        return left.isFinite ? left : nil
    }
}

/// Loads a delivery of the interchange format (a folder, or single files) into the store as one
/// import batch.
///
/// Files load in dependency order (cameras, retailers, … before orders, plate reads, case links),
/// each streamed record by record and written in bulk batches with `onConflict: .replace`, so a
/// repeated identifier is an update (last wins; the replaced version is kept in `record_versions`)
/// and importing the same delivery twice changes nothing. A run that fails is undone
/// (`Store.rollBackImport`); one killed mid-file is undone by the next start (`recoverInterruptedImports`). Every stored row carries `batch_id`, `source_file` and `source_line`; unknown columns
/// go to `extra`. Bad records never stop the run: each is listed in the report with file, line,
/// identifier, field and reason, and every good record is kept. A problem with a whole file (not
/// text, a missing required column) is reported and the other files still load.
///
/// ```swift
/// let importer = Importer(store: store, logger: logger, source: "world-7", actor: "cli")
/// let report = try await importer.run(paths: [URL(fileURLWithPath: "worlds/seed7")], progress: nil)
/// print(report.renderSummary())
/// ```
public struct Importer: Sendable {
    public let store: Store
    public let logger: Logger
    /// A label for the batch (the folder name by default in the CLI).
    public let source: String
    /// Who runs the import (a user name, `cli`).
    public let actor: String
    public var options: ImportOptions

    public init(store: Store, logger: Logger, source: String, actor: String, options: ImportOptions = ImportOptions()) {
        self.store = store
        self.logger = logger
        self.source = source
        self.actor = actor
        self.options = options
    }

    /// Imports `paths` (folders and files) as one batch and returns its report, which is also stored
    /// with the batch. The batch is `committed` when at least one record was stored, else `failed`.
    /// Throws only when the store fails (the batch is then marked `failed`) or the task is cancelled.
    public func run(paths: [URL], progress: (@Sendable (ImportProgress) -> Void)? = nil) async throws -> ImportReport {
        let resolved = Self.resolve(paths, profile: options.profile)
        let batchID = try await store.beginImport(source: source, actor: actor)
        var report = ImportReport(batchID: batchID, rejects: resolved.rejects, warnings: resolved.warnings)
        logger.info("import started", metadata: ["import.batch": "\(batchID)", "import.files": "\(resolved.inputs.count)"])
        var parents: [ParentTable: [String: String?]] = [:]
        do {
            for (number, input) in resolved.inputs.enumerated() {
                try Task.checkCancellation()
                if let key = input.file.foreignKey, parents[key.parent] == nil {
                    parents[key.parent] = try await loadParents(key.parent)
                }
                let outcome = try await withIndexPolicy(input) {
                    try await load(
                        input, batchID: batchID, parents: input.file.foreignKey.flatMap { parents[$0.parent] } ?? [:],
                        position: (number + 1, resolved.inputs.count), progress: progress)
                }
                report.files.append(outcome.summary)
                report.rejects += outcome.rejects
                report.warnings += outcome.warnings
                report.fields += outcome.fields
                // A later file may name parents this one just stored.
                for parent in ParentTable.allCases where parent.rawValue == input.file.table.name {
                    parents[parent] = nil
                }
            }
        } catch {
            // All or nothing: what the batch wrote before the failure is undone.
            logger.info("import failed", metadata: ["import.batch": "\(batchID)", "import.error": "\(error)"])
            try? await finish(report, status: "failed")
            do {
                try await store.rollBackImport(id: batchID)
            } catch let undo {
                logger.error("import rollback failed", metadata: ["import.batch": "\(batchID)", "import.error": "\(undo)"])
            }
            throw error
        }
        if resolved.inputs.isEmpty {
            report.rejects.append(ImportReport.Issue(
                file: paths.map(\.lastPathComponent).joined(separator: ", "), line: 0, id: nil, field: "",
                reason: "no interchange files found (expected names such as retailers.csv, orders.csv, waybills.csv)"))
        }
        try await finish(report, status: report.accepted > 0 ? "committed" : "failed")
        logger.info("import finished", metadata: [
            "import.batch": "\(batchID)", "import.accepted": "\(report.accepted)", "import.rejected": "\(report.rejected)",
        ])
        return report
    }

    /// Loads a large file with its table's secondary indexes deferred (see `ImportOptions`).
    private func withIndexPolicy<T>(_ input: ImportInput, _ body: () async throws -> T) async throws -> T {
        let bytes = input.byteCount
        guard bytes >= options.deferIndexesFromBytes else { return try await body() }
        // About 150 bytes a row in the interchange CSVs; only the order of magnitude matters here.
        let estimatedRows = Int64(bytes / 150)
        let existing = try await store.db.scalarInt("SELECT COUNT(*) FROM \(input.file.table.name)")
        guard existing <= estimatedRows * Int64(options.deferralTableRatio) else { return try await body() }
        return try await store.withDeferredIndexes(on: input.file.table.name, logger: logger, body)
    }

    private func finish(_ report: ImportReport, status: String) async throws {
        let filesJSON = String(decoding: try JSONEncoder().encode(report.files), as: UTF8.self)
        try await store.finishImport(
            id: report.batchID, status: status, filesJSON: filesJSON, read: Int64(report.rowsRead),
            accepted: Int64(report.accepted), rejected: Int64(report.rejected), reportJSON: try report.jsonString())
    }

    /// Parent key → adcode for every stored parent record.
    private func loadParents(_ parent: ParentTable) async throws -> [String: String?] {
        let rows = try await store.db.query("SELECT \(parent.keyColumn) AS k, adcode FROM \(parent.rawValue)")
        var map: [String: String?] = [:]
        map.reserveCapacity(rows.count)
        for row in rows {
            guard let key = row.values.first?.text else { continue }
            map[key] = row.values.count > 1 ? row.values[1].text : nil
        }
        return map
    }
}

// MARK: - Inputs

/// One file to load and the descriptor it was matched to.
struct ImportInput {
    var file: InterchangeFile
    var url: URL
    /// The name as delivered (stored as `source_file`).
    var name: String { url.lastPathComponent }
    /// An Excel workbook, read through `XLSXConverter`.
    var isWorkbook: Bool { url.pathExtension.lowercased() == "xlsx" }
    /// The size in bytes of the file the path names, following symbolic links (0 when unknown). A
    /// delivery folder of links to the real files is common; the link's own size (the length of its
    /// target's path) had made a 818 MB file look tiny: no deferred indexes, small transactions, no ETA.
    var byteCount: Int { (try? url.resolvingSymlinksInPath().resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0 }
}

extension Importer {
    /// Expands folders (not recursively), matches file names to descriptors and orders the inputs
    /// parents first. Unknown names in a folder are skipped with a warning; an unknown file named
    /// explicitly, or a path that does not exist, is a reject.
    static func resolve(_ paths: [URL], profile: ImportProfile? = nil) -> (inputs: [ImportInput], rejects: [ImportReport.Issue], warnings: [ImportReport.Issue]) {
        var inputs: [ImportInput] = []
        var rejects: [ImportReport.Issue] = []
        var warnings: [ImportReport.Issue] = []
        var seen = Set<String>()
        let manager = FileManager.default
        let expected = "expected one of " + InterchangeFile.all.map(\.name).joined(separator: ", ")
        func add(_ url: URL, explicit: Bool) {
            let name = url.lastPathComponent
            guard seen.insert(url.standardizedFileURL.path).inserted else { return }
            let isWorkbook = url.pathExtension.lowercased() == "xlsx"
            let stem = url.deletingPathExtension().lastPathComponent
            if let file = InterchangeFile.named(name) ?? profile?.target(forFileName: name)
                ?? (isWorkbook ? InterchangeFile.named(stem + ".csv") ?? InterchangeFile.named(stem + ".jsonl") : nil) {
                if isWorkbook && file.format != .csv {
                    rejects.append(ImportReport.Issue(
                        file: name, line: 0, id: nil, field: "",
                        reason: "\(file.name) is JSON Lines; an Excel workbook can hold only the CSV files, not imported"))
                    return
                }
                inputs.append(ImportInput(file: file, url: url))
            } else if explicit {
                rejects.append(ImportReport.Issue(
                    file: name, line: 0, id: nil, field: "", reason: "not an interchange file name, not imported (\(expected))"))
            } else if !name.hasPrefix("."), !InterchangeFile.companionNames.contains(name.lowercased()) {
                warnings.append(ImportReport.Issue(
                    file: name, line: 0, id: nil, field: "", reason: "not an interchange file name, skipped (\(expected))"))
            }
        }
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path.path, isDirectory: &isDirectory) else {
                rejects.append(ImportReport.Issue(
                    file: path.lastPathComponent, line: 0, id: nil, field: "", reason: "no such file or folder: \(path.path)"))
                continue
            }
            guard isDirectory.boolValue else {
                add(path, explicit: true)
                continue
            }
            let entries = (try? manager.contentsOfDirectory(at: path, includingPropertiesForKeys: [.isDirectoryKey])) ?? []
            for entry in entries.sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) {
                let isFolder = (try? entry.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false
                if !isFolder { add(entry, explicit: false) }
            }
        }
        // Stable: equal orders keep the order given.
        let ordered = inputs.enumerated().sorted { ($0.element.file.order, $0.offset) < ($1.element.file.order, $1.offset) }
        return (ordered.map(\.element), rejects, warnings)
    }
}
