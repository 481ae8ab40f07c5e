import Foundation
import YanjianCore

/// The folder a world is written to: opens each file in its style, logs file-level defects, counts
/// rows and reports progress.
final class WorldOutput {
    let directory: URL
    let mess: MessPlan
    let log = DefectLog()
    private(set) var rows: [String: Int] = [:]
    private let messRoot: SplitMix64
    private let progress: (@Sendable (SynthProgress) -> Void)?
    /// Files the run writes (defects.json only in a messy world).
    let totalFiles: Int

    init(directory: URL, context: WorldContext, progress: (@Sendable (SynthProgress) -> Void)?) throws {
        self.directory = directory
        mess = MessPlan(config: context.config)
        totalFiles = WorldGenerator.files.count + (context.config.messy ? 1 : 0)
        messRoot = context.rng(.messy)
        self.progress = progress
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw SynthError.cannotWrite(path: directory.path, reason: "\(error)")
        }
    }

    /// Opens a CSV file with its header.
    func csv(_ name: String, header: [String]) throws -> CSVWriter {
        mess.logFileDefects(file: name, log: log)
        return try CSVWriter(directory: directory, name: name, header: header, style: mess.style(for: name))
    }

    /// Opens a JSON Lines file.
    func jsonl(_ name: String) throws -> JSONLWriter {
        mess.logFileDefects(file: name, log: log)
        return try JSONLWriter(directory: directory, name: name, style: mess.style(for: name))
    }

    /// The field-level defect decisions for `file`, from its own stream.
    func messer(for file: String, part: Int = 0) -> Messer {
        var hash: UInt64 = 1469598103934665603
        for byte in file.utf8 { hash = (hash ^ UInt64(byte)) &* 1099511628211 }
        return Messer(enabled: mess.enabled, rng: messRoot.fork(hash ^ UInt64(part)))
    }

    /// Closes a CSV file and records its row count.
    func finish(_ writer: CSVWriter) throws {
        let count = try writer.close()
        record(writer.name, rows: count)
    }

    /// Closes a JSON Lines file and records its row count.
    func finish(_ writer: JSONLWriter) throws {
        let count = try writer.close()
        record(writer.name, rows: count)
    }

    /// Writes a whole file at once (truth.json, defects.json).
    func write(_ data: Data, to name: String, rowCount: Int) throws {
        let url = directory.appendingPathComponent(name)
        do {
            try data.write(to: url)
        } catch {
            throw SynthError.cannotWrite(path: url.path, reason: "\(error)")
        }
        record(name, rows: rowCount)
    }

    /// Reports rows written so far in a long file.
    func report(_ file: String, rows count: Int) {
        progress?(SynthProgress(file: file, rows: count, filesDone: rows.count, totalFiles: totalFiles))
    }

    private func record(_ name: String, rows count: Int) {
        rows[name] = count
        report(name, rows: count)
    }
}
