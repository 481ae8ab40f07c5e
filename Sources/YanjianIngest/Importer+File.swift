import Foundation
import Logging
import YanjianCore
import YanjianStore

/// What loading one file produced for the report.
struct FileOutcome {
    var summary: ImportReport.FileSummary
    var rejects: [ImportReport.Issue]
    var warnings: [ImportReport.Issue]
    var fields: [ImportReport.FieldSummary]
}

extension Importer {
    /// Loads one file: opens it, checks its header, streams its records through the converter into
    /// bulk batches, and counts what it stored.
    func load(
        _ input: ImportInput, batchID: Int64, parents: [String: String?], position: (Int, Int),
        progress: (@Sendable (ImportProgress) -> Void)?
    ) async throws -> FileOutcome {
        let file = input.file
        var issues = IssueLog(file: input.name, maxListed: options.maxListedIssuesPerFile)
        var summary = ImportReport.FileSummary(file: input.name)
        var fields: [ImportReport.FieldSummary] = []
        func outcome() -> FileOutcome {
            let lists = issues.finished()
            return FileOutcome(summary: summary, rejects: lists.rejects, warnings: lists.warnings, fields: fields)
        }
        let divisions = AdminDivisions.shared
        let before = try await store.db.scalarInt("SELECT COUNT(*) FROM \(file.table.name)")
        var converter: RowConverter
        var written = PumpResult()
        let size = input.byteCount
        let report = ProgressReporter(file: input.name, position: position, totalBytes: input.isWorkbook ? 0 : size, progress: progress)
        let batchSize = max(1, options.batchSize)
        // Room for the rows a batch will hold: a small file's few rows, not a whole batch (a workbook's
        // size says little; at least 30 bytes a row otherwise).
        let reserve = input.isWorkbook ? min(batchSize, 8_192) : min(batchSize, max(1_024, size / 30))
        switch file.format {
        case .csv:
            var readerOptions = CSVReader.Options()
            readerOptions.detectDialect = true
            var reader: CSVReader
            let header: CSVRecord
            // An Excel workbook is read into CSV first (its sheet named like the file, else the first).
            var path = input.url.path
            var scratch: URL?
            defer { if let scratch { try? FileManager.default.removeItem(at: scratch) } }
            if input.isWorkbook {
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yanjian-xlsx-\(UUID().uuidString)")
                do {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
                    scratch = folder
                    let csv = folder.appendingPathComponent(file.name)
                    let stem = input.url.deletingPathExtension().lastPathComponent
                    _ = try XLSXConverter.convert(input.url, to: csv, preferredSheets: [stem, String(file.name.prefix { $0 != "." })])
                    path = csv.path
                } catch {
                    issues.fileProblem(reason: "cannot read the workbook: \(error)")
                    return outcome()
                }
            }
            do {
                reader = try CSVReader(path: path, options: readerOptions)
                guard let first = try reader.next() else {
                    issues.fileProblem(reason: "the file is empty: it has no header line")
                    return outcome()
                }
                header = first
            } catch {
                issues.fileProblem(line: (error as? CSVError)?.line ?? 0, reason: "cannot read the file: \(error)")
                return outcome()
            }
            guard let plan = HeaderPlan(header: header.strings(), file: file, aliases: options.profile?.aliases(for: file) ?? [:],
                                        issues: &issues) else { return outcome() }
            converter = RowConverter(
                file: file, fileName: input.name, slots: plan.slots, implicitAdcodeSlot: plan.implicitAdcodeSlot,
                perRecordPresence: false, batchID: batchID, divisions: divisions)
            converter.parents = parents
            var stream = CSVRecordStream(
                reader: reader, headerCount: header.count, unknown: plan.unknown, identifierSlot: plan.identifierSlot)
            let maps = options.profile?.valueMaps(for: file) ?? [:]
            if maps.isEmpty {
                written = try await pump(&stream, converter: &converter, issues: &issues, report: report, batchID: batchID, batchSize: batchSize, reserve: reserve)
                summary.rows = stream.recordsRead
            } else {
                var mapped = MappedRecordStream(stream, maps: maps, slots: plan.slots)
                written = try await pump(&mapped, converter: &converter, issues: &issues, report: report, batchID: batchID, batchSize: batchSize, reserve: reserve)
                summary.rows = mapped.recordsRead
            }
            if stream.recordsRead == 0 {
                issues.warn(line: 1, id: nil, field: "", reason: "the file has a header but no records")
            }
        case .jsonLines:
            let reader: JSONLinesReader
            do {
                reader = try JSONLinesReader(path: input.url.path)
            } catch {
                issues.fileProblem(reason: "cannot read the file: \(error)")
                return outcome()
            }
            // Keys are slots in descriptor order; an `adcode` key the descriptor lacks gets the last slot.
            var keys = file.columns.map(\.field)
            let implicitAdcode = keys.contains("adcode") ? -1 : keys.count
            if implicitAdcode >= 0 { keys.append("adcode") }
            converter = RowConverter(
                file: file, fileName: input.name, slots: Array(file.columns.indices), implicitAdcodeSlot: implicitAdcode,
                perRecordPresence: true, batchID: batchID, divisions: divisions)
            converter.parents = parents
            var stream = JSONLinesRecordStream(reader: reader, keys: keys)
            let maps = options.profile?.valueMaps(for: file) ?? [:]
            if maps.isEmpty {
                written = try await pump(&stream, converter: &converter, issues: &issues, report: report, batchID: batchID, batchSize: batchSize, reserve: reserve)
                summary.rows = stream.recordsRead
            } else {
                var mapped = MappedRecordStream(stream, maps: maps, slots: Array(file.columns.indices))
                written = try await pump(&mapped, converter: &converter, issues: &issues, report: report, batchID: batchID, batchSize: batchSize, reserve: reserve)
                summary.rows = mapped.recordsRead
            }
            if stream.recordsRead == 0 { issues.warn(line: 0, id: nil, field: "", reason: "the file has no records") }
        }
        let after = try await store.db.scalarInt("SELECT COUNT(*) FROM \(file.table.name)")
        let accepted = written.accepted
        summary.accepted = accepted
        summary.rejected = issues.rejectCount
        // Rows written that did not add to the table replaced a stored one; a row replaced by a later
        // one of this delivery is an update too; the rest were identical to what was stored.
        let added = Int(after - before)
        summary.updated = max(0, written.changed - added) + written.collapsed
        summary.unchanged = max(0, accepted - written.changed - written.collapsed)
        fields = converter.fieldSummaries()
        report.send(rowsRead: summary.rows, accepted: accepted, rejected: summary.rejected, finished: true)
        logger.info("import file done", metadata: [
            "import.file": "\(input.name)", "import.rows": "\(summary.rows)", "import.accepted": "\(accepted)",
            "import.rejected": "\(summary.rejected)",
        ])
        return outcome()
    }

    /// Streams records into bulk batches: at most one batch is written while the next is converted.
    /// Within a batch a repeated key keeps its last row, with a warning naming both lines; across
    /// batches `.replace` does the same, silently (the batch's keys are all this keeps in memory).
    /// Returns the records accepted, the rows the store wrote (added or changed) and the records
    /// replaced by a later one of the same bulk batch. After every write the batch's heartbeat moves.
    private func pump<Stream: RecordStream>(
        _ stream: inout Stream, converter: inout RowConverter, issues: inout IssueLog, report: ProgressReporter, batchID: Int64,
        batchSize: Int, reserve: Int
    ) async throws -> PumpResult {
        let file = converter.file
        let table = file.table.name
        let columns = file.storedColumns
        let keyIndices = file.keyColumns.compactMap { columns.firstIndex(of: $0) }
        let store = self.store
        var result = PumpResult()
        try await withThrowingTaskGroup(of: Int.self) { group in
            var rows = BulkRows(width: columns.count, reservingRows: reserve)
            var positions: [String: Int] = [:]
            positions.reserveCapacity(reserve)
            // The line each row of the batch came from, for the warning on a repeated key.
            var lines: [Int] = []
            lines.reserveCapacity(reserve)
            let keyNames = file.keyColumns.joined(separator: ", ")
            var writing = false
            while let (fields, line) = stream.next(issues: &issues) {
                guard let row = converter.convert(fields, line: line, issues: &issues) else { continue }
                result.accepted += 1
                let key = Self.key(row, keyIndices)
                if let existing = positions[key] {
                    // Said, not silent: in a delivery meant to hold each record once, a repeated key is
                    // a defect of the source (two businesses given one credit code), and which row wins
                    // then depends on the order the rows were written in.
                    issues.warn(
                        line: line, id: keyIndices.first.flatMap { row[$0].text }, field: keyNames,
                        reason: "repeats the key of line \(lines[existing]); this later row replaces it")
                    rows.replace(existing, with: row)
                    lines[existing] = line
                    result.collapsed += 1
                } else {
                    positions[key] = rows.count
                    rows.append(row)
                    lines.append(line)
                }
                guard rows.count >= batchSize else { continue }
                // Sorted here, while the previous batch is still being written. Rows arrive in
                // whatever order the source wrote them, so their primary keys land all over the key's
                // B-tree and each insert walks to another page: the C floor
                // (`bench/import/waybills_floor.c`) loaded 4.31M waybills in 37–41 s in file order and
                // in 28 s with each 200,000-row batch sorted. Within a batch the order is free: a
                // repeated key has already been collapsed to its last row.
                rows.sort(byColumns: keyIndices)
                let batch = rows
                if writing { result.changed += try await group.next() ?? 0 }
                group.addTask {
                    let changed = try await store.bulkInsert(table: table, columns: columns, rows: batch, onConflict: .replace)
                    try await store.importHeartbeat(id: batchID)
                    return changed
                }
                writing = true
                rows = BulkRows(width: columns.count, reservingRows: batchSize, bytes: batch.byteCount)
                positions.removeAll(keepingCapacity: true)
                lines.removeAll(keepingCapacity: true)
                report.send(rowsRead: stream.recordsRead, accepted: result.accepted, rejected: issues.rejectCount, finished: false,
                            bytesRead: stream.bytesRead)
                try Task.checkCancellation()
            }
            if writing { result.changed += try await group.next() ?? 0 }
            if !rows.isEmpty {
                rows.sort(byColumns: keyIndices)
                result.changed += try await store.bulkInsert(table: table, columns: columns, rows: rows, onConflict: .replace)
            }
        }
        return result
    }

    /// A row's key for in-batch deduplication (the primary key's values).
    private static func key(_ row: [SQLValue], _ indices: [Int]) -> String {
        if indices.count == 1 { return row[indices[0]].text ?? "" }
        return indices.map { row[$0].text ?? "" }.joined(separator: "\u{1F}")
    }
}

/// What streaming one file into the store did.
struct PumpResult {
    var accepted = 0
    var changed = 0
    var collapsed = 0
}

/// Sends progress for one file, if anyone listens.
struct ProgressReporter {
    let file: String
    let position: (Int, Int)
    let totalBytes: Int
    let progress: (@Sendable (ImportProgress) -> Void)?
    let started = ContinuousClock.now

    func send(rowsRead: Int, accepted: Int, rejected: Int, finished: Bool, bytesRead: Int = 0) {
        let elapsed = ContinuousClock.now - started
        progress?(ImportProgress(
            file: file, fileNumber: position.0, fileCount: position.1, rowsRead: rowsRead, accepted: accepted,
            rejected: rejected, finished: finished,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            bytesRead: finished ? totalBytes : min(bytesRead, totalBytes), totalBytes: totalBytes))
    }
}
