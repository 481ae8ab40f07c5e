import Foundation
import Logging
import YanjianCore
import YanjianStore

/// What a graph snapshot was made from, written at its head and compared before its body is read:
/// the program and parcel profile that keyed it, the database, the highest import batch whose rows it
/// holds with the state of every batch up to it, and how many waybill and transfer rows it read.
///
/// A snapshot is resumed only when the program, profile and database are the same, no batch up to its
/// own has changed state since (committed later, rolled back), no later batch changed a column the graph
/// reads of a waybill or transfer it holds (``Store``'s record history; a re-delivery that only adds, say,
/// the delivery time is skipped when the new rows are read), and the rows it holds plus the rows of later
/// batches are exactly the rows in the tables now (so rows deleted, or written outside an import, mean
/// a full load). Any doubt loads everything: the snapshot saves time, never changes an answer.
public struct GraphSnapshotStamp: Codable, Equatable, Sendable {
    /// The layout of the snapshot file; raised whenever the columns written change.
    static let layout = 2

    var layout: Int
    /// The running executable's size and modification time: a rebuilt program may key or normalise
    /// differently, so it never resumes an older program's snapshot.
    var program: String
    var profile: String
    /// The engine and when its schema was first created.
    var database: String
    /// The highest import batch known when the rows were read, and a digest of every batch's id and
    /// state up to it.
    var batch: Int64
    var batches: String
    /// Waybill and transfer rows read.
    var waybills: Int64 = 0
    var payments: Int64 = 0

    /// The stamp of the store as it is now (row counts zero: the load fills them in).
    static func current(_ store: Store, profile: ParcelProfile) async throws -> GraphSnapshotStamp {
        let created = try await store.db.scalarInt("SELECT COALESCE(MIN(applied_at), 0) FROM schema_migrations")
        let batch = try await store.db.scalarInt("SELECT COALESCE(MAX(id), 0) FROM import_batches")
        return GraphSnapshotStamp(
            layout: layout, program: programStamp(),
            profile: "\(profile.disguiseWords.joined(separator: ","))|\(profile.cartonGrams)|\(profile.maximumPieces)",
            database: "\(store.dialect)@\(created)", batch: batch, batches: try await batchDigest(store, upTo: batch))
    }

    /// A digest of the ids and states of the import batches up to `batch`.
    static func batchDigest(_ store: Store, upTo batch: Int64) async throws -> String {
        var checksum = SnapshotChecksum()
        var count = 0
        try await store.db.forEachRow("SELECT id, status FROM import_batches WHERE id <= ? ORDER BY id", [.int(batch)]) { row in
            let line = Array("\(row.int(0) ?? -1):\(row.text(1) ?? "")\n".utf8)
            line.withUnsafeBytes { checksum.add($0) }
            count += 1
        }
        return "\(count):\(String(checksum.value, radix: 16))"
    }

    /// Why a snapshot with stamp `base` cannot be resumed against a store with this stamp (before
    /// looking at batches), or nil.
    func mismatch(_ base: GraphSnapshotStamp) -> String? {
        if base.layout != layout { return "it has another layout" }
        if base.program != program { return "it was made by another build of yanjian" }
        if base.profile != profile { return "it was made with another parcel profile" }
        if base.database != database { return "it was made from another database" }
        if base.batch > batch { return "it holds batches this database does not have" }
        return nil
    }

    /// The running executable's size and modification time (`/proc/self/exe` on Linux, else the
    /// first argument).
    static func programStamp() -> String {
        var info = stat()
        for path in ["/proc/self/exe", CommandLine.arguments.first ?? ""] where stat(path, &info) == 0 {
            return "\(info.st_size)@\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        }
        return "unknown"
    }
}

/// Where a load's waybills and transfers came from.
public enum GraphLoadOrigin: Sendable, Equatable, CustomStringConvertible {
    /// Read whole from the store.
    case store
    /// Resumed from the snapshot, plus the rows of batches imported since.
    case snapshot(newWaybills: Int64, newPayments: Int64)

    public var description: String {
        switch self {
        case .store: "read from the store"
        case .snapshot(let waybills, let payments): "resumed from the snapshot, +\(waybills) waybills, +\(payments) transfers"
        }
    }
}

extension EntityGraphLoader {
    /// A resumed snapshot is written anew once the rows of later batches exceed this fraction of the rows
    /// it holds (1/8). Until then each load reads those rows again, which costs less than writing the
    /// file: 1.4 GB for 4.31M waybills took 6 s to write here, reading it 1 s, and reading 9,063 new
    /// waybills' rows a fraction of a second.
    static let rewriteShare: Int64 = 8

    /// The state after the waybills and transfers, resumed from `path` plus the rows of later batches;
    /// nil (with the reason logged) when the snapshot is missing, damaged or does not fit the store.
    /// A resumed state with many new rows (``rewriteShare``) is written back as the next snapshot.
    func resume(_ path: String, mark: GraphSnapshotStamp, _ store: Store, logger: Logger) async -> (LoadState, GraphLoadOrigin)? {
        guard FileManager.default.fileExists(atPath: path) else {
            logger.info("no graph snapshot yet: loading everything", metadata: ["snapshot": "\(path)"])
            return nil
        }
        do {
            let started = ContinuousClock.now
            var reader = try SnapshotReader(path: path)
            defer { reader.close() }
            var head: [UInt8] = []
            try reader.column(&head)
            guard let base = try? JSONDecoder().decode(GraphSnapshotStamp.self, from: Data(head)) else {
                throw reader.failure("no stamp at its head")
            }
            if let reason = mark.mismatch(base) {
                logger.notice("graph snapshot not used: \(reason); loading everything", metadata: ["snapshot": "\(path)"])
                return nil
            }
            guard try await GraphSnapshotStamp.batchDigest(store, upTo: base.batch) == base.batches else {
                logger.notice("graph snapshot not used: an import it holds was rolled back or changed state; loading everything",
                              metadata: ["snapshot": "\(path)"])
                return nil
            }
            guard let redelivered = try await Self.redelivered(store, after: base.batch) else {
                logger.notice("graph snapshot not used: later imports changed waybills or transfers it holds; loading everything",
                              metadata: ["snapshot": "\(path)"])
                return nil
            }
            var builder = EntityGraphBuilder(nodes: 0, edges: 0)
            guard try builder.snapshot(&reader) else { throw reader.failure("columns that do not fit together") }
            try reader.finish()
            let resumed = ContinuousClock.now - started
            let waybills = try await store.db.scalarInt("SELECT COUNT(*) FROM waybills")
            let payments = try await store.db.scalarInt("SELECT COUNT(*) FROM payments")
            var state = LoadState(builder: consume builder, profile: profile, divisions: divisions)
            let read = try await loadStreamRows(store, &state, after: base.batch, skipping: redelivered, logger: logger)
            guard base.waybills + read.waybills == waybills, base.payments + read.payments == payments else {
                logger.notice("graph snapshot not used: waybills or transfers changed outside imports; loading everything",
                              metadata: ["snapshot": "\(path)"])
                return nil
            }
            logger.info("entity graph resumed from its snapshot", metadata: [
                "snapshot": "\(path)", "seconds": "\(resumed.components.seconds)", "new.waybills": "\(read.waybills)",
                "new.payments": "\(read.payments)",
            ])
            if (read.waybills + read.payments) * Self.rewriteShare > base.waybills + base.payments {
                var stamp = mark
                (stamp.waybills, stamp.payments) = (waybills, payments)
                save(&state, stamp: stamp, to: path, logger: logger)
            }
            return (state, .snapshot(newWaybills: read.waybills, newPayments: read.payments))
        } catch {
            logger.warning("graph snapshot not used: \(error); loading everything", metadata: ["snapshot": "\(path)"])
            return nil
        }
    }

    /// The tables a snapshot holds, their keys and the columns the graph reads from them.
    static let streams: [(table: String, key: String, columns: [String])] = [
        ("waybills", "waybill_no", WaybillReader.columns), ("payments", "txn_id", paymentColumns),
    ]

    /// Rows a snapshot holds that imports after `batch` wrote again without changing any column the
    /// graph reads (a courier's re-delivery that adds the delivery time): their keys per table, to be
    /// skipped when the later batches are read. Nil when a later import changed such a column (the
    /// snapshot no longer says what the row says), or replaced more than 100,000 rows.
    ///
    /// The row as the snapshot read it is the first version `record_versions` kept after `batch`,
    /// when that version itself came from `batch` or before (else the row is new since, and read).
    static func redelivered(_ store: Store, after batch: Int64) async throws -> [String: Set<String>]? {
        var skipped: [String: Set<String>] = [:]
        for (table, key, columns) in streams {
            var first: [String: (batch: Int64?, data: String)] = [:]
            var versions = 0
            try await store.db.forEachRow(
                "SELECT record_id, batch_id, data FROM record_versions WHERE table_name = ? AND replaced_by > ? ORDER BY id",
                [.text(table), .int(batch)]
            ) { row in
                versions += 1
                guard let record = row.text(0), first[record] == nil else { return }
                first[record] = (row.isNull(1) ? nil : row.int(1), row.text(2) ?? "")
            }
            guard versions <= 100_000 else { return nil }
            var keys = Set<String>()
            for (record, version) in first where (version.batch ?? 0) <= batch {
                guard let old = (try? JSONSerialization.jsonObject(with: Data(version.data.utf8))) as? [String: Any],
                    let now = try await store.db.queryOne(
                        "SELECT \(columns.joined(separator: ", ")) FROM \(table) WHERE \(key) = ?", [.text(record)]),
                    zip(columns, now.values).allSatisfy({ sameValue(old[$0.0], $0.1) })
                else { return nil }
                keys.insert(record)
            }
            skipped[table] = keys
        }
        return skipped
    }

    /// Whether a value of a kept version (JSON) and a value read now are the same: text as text,
    /// numbers by value (a REAL may come back from JSON as its nearest double), NULL as NULL or absent.
    static func sameValue(_ old: Any?, _ now: SQLValue) -> Bool {
        switch (old, now) {
        case (nil, .null), (is NSNull, .null): return true
        case (let text as String, .text(let value)): return text == value
        case (let number as NSNumber, .int(let value)):
            return number.doubleValue == Double(value) && number.int64Value == value
        case (let number as NSNumber, .double(let value)):
            return abs(number.doubleValue - value) <= 1e-9 * max(1, abs(value))
        case (let text as String, .int(let value)): return text == String(value)
        default: return false
        }
    }

    /// Writes the waybills and transfers loaded so far as the snapshot at `path` (atomically: a
    /// temporary file renamed into place). A failure is logged, never thrown: the load goes on.
    func save(_ state: inout LoadState, stamp: GraphSnapshotStamp, to path: String, logger: Logger) {
        var writer: SnapshotWriter?
        do {
            let started = ContinuousClock.now
            writer = try SnapshotWriter(path: path)
            var head = try Array(JSONEncoder().encode(stamp))
            try writer!.column(&head)
            _ = try state.builder.snapshot(&writer!)
            try writer!.finish()
            logger.info("graph snapshot written", metadata: [
                "snapshot": "\(path)", "mb": "\(writer!.bytesWritten >> 20)",
                "seconds": "\((ContinuousClock.now - started).components.seconds)",
            ])
        } catch {
            writer?.abandon()
            logger.warning("graph snapshot not written: \(error)", metadata: ["snapshot": "\(path)"])
        }
    }
}
