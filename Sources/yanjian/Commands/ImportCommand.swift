import ArgumentParser
import Foundation
import YanjianIngest
import YanjianStore

/// `yanjian import`: loads a delivery of the interchange format into the store as one batch.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import interchange-format files (a folder or single files) into the database.",
        discussion: """
        Reads the files of data-formats.md (retailers.csv, orders.csv, waybills.csv, … video_events.jsonl,
        tips.jsonl) in dependency order and stores them as one import batch. A repeated identifier updates
        the stored record (last wins), so importing the same delivery twice changes nothing. Bad records
        are rejected with file, line, field and reason and every good record is kept; an order for an
        unknown licence is kept and listed as a warning. Unknown files in a folder are skipped.

        Exit status: 0 when the batch stored records (even with rejects), 1 when nothing was stored.

        Examples:
          yanjian import worlds/seed7 --db ./yanjian.db
          yanjian import worlds/seed7/orders.csv worlds/seed7/retailers.csv --source "march orders"
          yanjian import delivery/ --db 'postgres://yanjian@127.0.0.1/yanjian' --report import-report.json
          yanjian import 运单导出.csv 过车记录.csv --profile zh      # Chinese headers (运单号, 寄件人电话, 号牌号码 …)
          yanjian import export/ --profile docs/profiles/courier-export.yaml   # your own headers and codes (YAML or JSON)
        """
    )

    @Argument(help: ArgumentHelp("Folders and files to import.", valueName: "path"))
    var paths: [String]

    @Option(help: ArgumentHelp("A label for the batch (default: the folder or file name).", valueName: "label"))
    var source: String?

    @Option(help: ArgumentHelp("Write the full JSON report (every reject and warning) to this file.", valueName: "file"))
    var report: String?

    @Option(help: ArgumentHelp("A mapping profile for the source's own file names, headers and codes: a built-in name (zh: common Chinese headers) or a YAML/JSON file (example: docs/profiles/courier-export.yaml).", valueName: "name|file"))
    var profile: String?

    @Option(name: .customLong("batch-size"), help: ArgumentHelp(
        "Rows written per transaction (default 200,000; memory grows with it, smaller batches commit more often and store a file's rows in key order only within each batch).",
        valueName: "rows"))
    var batchSize: Int?

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if let batchSize, !(1_000...1_000_000).contains(batchSize) { throw ValidationError("--batch-size must be 1000 to 1000000 rows.") }
        if paths.isEmpty { throw ValidationError("Name at least one folder or file to import.") }
        if let profile {
            do { _ = try ImportProfile.load(profile) } catch { throw ValidationError("--profile: \(error)") }
        }
        if let source, source.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--source must not be empty.")
        }
    }

    func run() async throws {
        let urls = paths.map { URL(fileURLWithPath: $0) }
        let label = source ?? urls.map { $0.standardizedFileURL.lastPathComponent }.joined(separator: ", ")
        let interactive = CLI.isInteractive
        let result = try await database.withStore { store -> ImportReport in
            var options = ImportOptions()
            options.profile = try profile.map(ImportProfile.load)
            if let batchSize { options.batchSize = batchSize }
            let importer = Importer(store: store, logger: CLI.logger, source: label, actor: "cli", options: options)
            let outcome = try await importer.run(paths: urls) { progress in
                guard interactive else { return }
                let rate = Int(progress.rowsPerSecond.rounded()).formatted()
                // Carriage return and erase-to-end-of-line: each update replaces the last one in place.
                let line = "\r\u{1B}[K[\(progress.fileNumber)/\(progress.fileCount)] \(progress.file): \(progress.rowsRead.formatted()) rows, "
                    + "\(progress.rejected.formatted()) rejected, \(rate) rows/s"
                    + String(format: ", %.1f s", progress.seconds)
                    + (progress.secondsLeft.map { String(format: ", about %.0f s left", $0.rounded(.up)) } ?? "")
                    + (progress.finished ? "\n" : "")
                FileHandle.standardError.write(Data(line.utf8))
            }
            try await database.auditLog(store).append(
                actor: "cli", action: "import.batch", target: String(outcome.batchID),
                details: [
                    "source": label, "files": String(outcome.files.count), "rows": String(outcome.rowsRead),
                    "accepted": String(outcome.accepted), "updated": String(outcome.updated),
                    "rejected": String(outcome.rejected), "warnings": String(outcome.warnings.count),
                ])
            return outcome
        }
        if let report {
            do {
                try result.jsonData(pretty: true).write(to: URL(fileURLWithPath: report))
            } catch {
                CLI.note("error: cannot write the report to \(report): \(error.localizedDescription)")
            }
        }
        print(result.renderSummary(), terminator: "")
        guard result.accepted > 0 else {
            let reason = result.rejects.first.map { "\($0.file): \($0.reason)" } ?? "no records in the given files"
            CLI.note("error: nothing was imported (batch \(result.batchID) marked failed): \(reason)")
            CLI.note("hint: name a folder holding files such as retailers.csv or orders.csv, or the files themselves")
            throw ExitCode.failure
        }
    }
}
