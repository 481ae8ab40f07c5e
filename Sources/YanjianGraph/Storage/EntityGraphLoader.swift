import Foundation
import Logging
import YanjianCore
import YanjianStore

/// Reads the domain tables of a store into an ``EntityGraph``: waybills, transfers, person files, cases
/// and their links, retailers and business registrations, read through the store's
/// table scan (storage order on SQLite; keyset pages of `pageSize` rows elsewhere) into flat columns.
///
/// Every row becomes edges between entity nodes keyed by ``EntityKeys``; masked or unusable values
/// never become nodes, so they cannot link anything.
public struct EntityGraphLoader: Sendable {
    /// Rows per query.
    public var pageSize: Int
    /// How waybills are flagged as carton-sized or disguised.
    public var profile: ParcelProfile
    /// The division table used to key addresses.
    public var divisions: AdminDivisions
    /// Which of the two waybill threads normalises the addresses new in a batch (the graph is the same
    /// either way; tests pin it).
    var addressKeying = AddressKeying.balanced
    /// Waybills per batch handed from the reading thread to the graph thread.
    var batchRows = WaybillBatch.capacity

    /// Who normalises the new addresses of a batch of waybills.
    enum AddressKeying: Sendable, CaseIterable {
        /// The reading thread while the graph thread has a backlog, else the graph thread.
        case balanced
        /// Always the reading thread.
        case reader
        /// Always the graph thread.
        case graph
    }

    /// Creates a loader.
    public init(pageSize: Int = 50_000, profile: ParcelProfile = .standard, divisions: AdminDivisions = .shared) {
        self.pageSize = pageSize
        self.profile = profile
        self.divisions = divisions
    }

    /// Loads the whole graph.
    ///
    /// With `snapshot` (a file path), the waybills and transfers — the tables that only grow with
    /// imports, nearly all of the graph — come from the snapshot left by the previous load plus the rows
    /// of the batches imported since, when the store still holds exactly what the snapshot was made
    /// from (``GraphSnapshotStamp``); otherwise from the store, and the snapshot is written anew. The
    /// files (persons, cases and their links, retailers, businesses), small and changed by the
    /// workflow too, are read whole every time.
    public func load(from store: Store, logger: Logger, snapshot: String? = nil) async throws -> EntityGraph {
        try await loadReporting(from: store, logger: logger, snapshot: snapshot).graph
    }

    /// Loads the whole graph (``load(from:logger:snapshot:)``) and says where its waybills and
    /// transfers came from.
    public func loadReporting(from store: Store, logger: Logger, snapshot: String?) async throws -> (graph: EntityGraph, origin: GraphLoadOrigin) {
        let clock = ContinuousClock()
        let start = clock.now
        var (state, origin) = try await loadStreams(store, logger: logger, snapshot: snapshot)
        let streamsRead = clock.now
        try await loadPersons(store, &state)
        try await loadCases(store, &state)
        try await loadRetailers(store, &state)
        try await loadCompanies(store, &state)
        logger.info("entity graph loaded", metadata: [
            "seconds.streams": "\(Self.seconds(start, streamsRead))", "seconds.files": "\(Self.seconds(streamsRead, clock.now))",
            "graph.nodes": "\(state.builder.nodeCount)", "graph.waybills": "\(state.builder.facts.waybillCount)",
            "graph.payments": "\(state.builder.facts.paymentCount)",
        ])
        // Drop the loader's memos (raw address and description texts) before the freeze, which is the
        // load's memory peak.
        let loaded = state.builder
        let filesRead = clock.now
        state = LoadState(builder: EntityGraphBuilder(nodes: 0, edges: 0), profile: profile, divisions: divisions)
        HeapTrim.release()
        let trimmed = clock.now
        logger.debug("entity graph rows read", metadata: [
            "rss_mb": "\(HeapTrim.residentMegabytes() ?? -1)", "seconds.release": "\(Self.seconds(filesRead, trimmed))",
        ])
        let graph = (consume loaded).build()
        logger.debug("entity graph frozen", metadata: [
            "rss_mb": "\(HeapTrim.residentMegabytes() ?? -1)", "seconds.freeze": "\(Self.seconds(trimmed, clock.now))",
        ])
        return (graph, origin)
    }

    /// The time between two instants in seconds, to the millisecond, for the log.
    static func seconds(_ from: ContinuousClock.Instant, _ to: ContinuousClock.Instant) -> String {
        String(format: "%.3f", Double((to - from).components.attoseconds) / 1e18 + Double((to - from).components.seconds))
    }

    /// The waybills and transfers, from the snapshot and later batches when it fits, else all of them.
    func loadStreams(_ store: Store, logger: Logger, snapshot: String?) async throws -> (LoadState, GraphLoadOrigin) {
        let mark = snapshot == nil ? nil : try await GraphSnapshotStamp.current(store, profile: profile)
        if let snapshot, let mark, let resumed = await resume(snapshot, mark: mark, store, logger: logger) { return resumed }
        let waybills = try await store.db.scalarInt("SELECT COUNT(*) FROM waybills")
        let payments = try await store.db.scalarInt("SELECT COUNT(*) FROM payments")
        var builder = EntityGraphBuilder(nodes: Int(waybills) * 2 + 4096, edges: Int(waybills) * 5 + Int(payments) + 4096)
        builder.facts.reserve(waybills: Int(waybills), payments: Int(payments))
        var state = LoadState(builder: consume builder, profile: profile, divisions: divisions)
        state.reserve(waybills: Int(waybills))
        let read = try await loadStreamRows(store, &state, after: nil, logger: logger)
        if let snapshot, var stamp = mark {
            (stamp.waybills, stamp.payments) = read
            save(&state, stamp: stamp, to: snapshot, logger: logger)
        }
        return (state, .store)
    }

    /// Adds the waybills, then the transfers, of batches after `batch` (all with nil), leaving out the
    /// rows whose keys `skipping` lists per table; the rows added.
    func loadStreamRows(_ store: Store, _ state: inout LoadState, after batch: Int64?,
                        skipping: [String: Set<String>] = [:], logger: Logger) async throws -> (waybills: Int64, payments: Int64) {
        let clock = ContinuousClock()
        let start = clock.now
        let waybills = try await loadWaybills(store, &state, after: batch, skipping: skipping["waybills"] ?? [], logger: logger)
        let waybillsRead = clock.now
        HeapTrim.release()
        let payments = try await loadPayments(store, &state, after: batch, skipping: skipping["payments"] ?? [])
        logger.debug("entity graph waybills and transfers read", metadata: [
            "waybills": "\(waybills)", "seconds.waybills": "\(Self.seconds(start, waybillsRead))",
            "payments": "\(payments)", "seconds.payments": "\(Self.seconds(waybillsRead, clock.now))",
        ])
        return (waybills, payments)
    }

    /// Reads every row of `table` through the store's scan (storage order on SQLite, key pages elsewhere).
    func scan(_ store: Store, _ table: String, _ columns: [String], key: [String], after batch: Int64? = nil,
              _ body: (SQLRowCursor) throws -> Void) async throws {
        try await store.db.scan(table: table, columns: columns, key: key, pageSize: pageSize, batchesAfter: batch, body)
    }

    /// The waybills on two threads: this one scans the table and reads each row (keys from bytes,
    /// address spellings numbered — ``WaybillReader``), a second one adds the read batches to the graph
    /// (``LoadState/consume(_:)``: normalisation, names, nodes, edges), in order, so the graph is the
    /// same as reading row by row. Returns the rows read.
    func loadWaybills(_ store: Store, _ state: inout LoadState, after lastBatch: Int64? = nil, skipping: Set<String> = [],
                      logger: Logger) async throws -> Int64 {
        var reader = WaybillReader(profile: profile, divisions: divisions)
        swap(&reader, &state.reader)
        let box = LoadStateBox(LoadState(builder: EntityGraphBuilder(nodes: 0, edges: 0), profile: profile, divisions: divisions))
        swap(&box.state, &state)
        let channel = WaybillBatchChannel()
        let done = DispatchSemaphore(value: 0)
        let graphCPU = CPUSeconds()
        let graphSide = Thread {
            while let batch = channel.receive() { box.state.consume(batch) }
            graphCPU.record()
            done.signal()
        }
        graphSide.name = "yanjian.graph-load"
        graphSide.start()
        var failure: (any Error)?
        var rows: Int64 = 0
        // The scan's rows arrive on the store's reading thread: its CPU time is taken there.
        var readerStart: Double?
        var readerEnd = 0.0
        var readerKeyed = 0
        do {
            var batch = WaybillBatch(rows: batchRows)
            try await scan(store, "waybills", WaybillReader.columns, key: ["waybill_no"], after: lastBatch) { row in
                if !skipping.isEmpty, skipping.contains(String(decoding: row.bytes(0), as: UTF8.self)) { return }
                if readerStart == nil { readerStart = CPUSeconds.thread() }
                rows += 1
                reader.read(row, into: &batch)
                if batch.isFull {
                    // The reader normalises the batch's new addresses only while the graph side has a
                    // backlog; otherwise the graph side does, so that neither thread waits on the other.
                    let keys = switch addressKeying {
                    case .balanced: channel.waiting >= 2
                    case .reader: true
                    case .graph: false
                    }
                    if keys { readerKeyed += 1 }
                    reader.finish(&batch, keys: keys)
                    readerEnd = CPUSeconds.thread()
                    channel.send(batch)
                    batch = WaybillBatch(rows: batchRows)
                }
            }
            reader.finish(&batch, keys: addressKeying != .graph)
            channel.send(batch)
        } catch {
            failure = error
        }
        let readerCPU = readerEnd - (readerStart ?? readerEnd)
        channel.close()
        Self.wait(done)
        logger.debug("entity graph waybill threads", metadata: [
            "cpu_seconds.reader": "\(String(format: "%.3f", readerCPU))", "cpu_seconds.graph": "\(String(format: "%.3f", graphCPU.value))",
            "batches_keyed_by_reader": "\(readerKeyed)",
        ])
        swap(&box.state, &state)
        swap(&reader, &state.reader)
        if let failure { throw failure }
        return rows
    }

    /// Waits for the graph thread to drain its batches (a bounded wait: the reader has stopped).
    private static func wait(_ semaphore: DispatchSemaphore) {
        semaphore.wait()
    }

    /// The transfer columns the graph reads.
    static let paymentColumns = ["txn_id", "ts", "payer_account", "payer_name", "payee_account", "payee_name", "amount_fen"]

    /// Adds the transfers (of batches after `batch`, but those in `skipping`); returns the rows added.
    func loadPayments(_ store: Store, _ state: inout LoadState, after batch: Int64? = nil, skipping: Set<String> = []) async throws -> Int64 {
        var rows: Int64 = 0
        try await scan(store, "payments", Self.paymentColumns, key: ["txn_id"], after: batch) {
            if !skipping.isEmpty, skipping.contains(String(decoding: $0.bytes(0), as: UTF8.self)) { return }
            rows += 1
            state.addPayment($0)
        }
        return rows
    }

    func loadPersons(_ store: Store, _ state: inout LoadState) async throws {
        let columns = ["person_id", "name", "id_no", "phones", "addresses", "accounts", "plates", "adcode"]
        try await scan(store, "persons", columns, key: ["person_id"]) { state.addPerson($0) }
    }

    func loadCases(_ store: Store, _ state: inout LoadState) async throws {
        try await scan(store, "cases", ["case_no", "opened_on", "adcode"], key: ["case_no"]) { state.addCase($0) }
        let linkKey = ["case_no", "entity_kind", "entity_value", "role"]
        try await scan(store, "case_links", linkKey + ["adcode"], key: linkKey) { state.addCaseLink($0) }
    }

    func loadRetailers(_ store: Store, _ state: inout LoadState) async throws {
        let columns = ["licence_no", "owner_name", "owner_id_no", "phone", "address", "accounts", "credit_code", "adcode"]
        try await scan(store, "retailers", columns, key: ["licence_no"]) { state.addRetailer($0) }
    }

    func loadCompanies(_ store: Store, _ state: inout LoadState) async throws {
        let columns = ["credit_code", "legal_person", "legal_person_id_no", "address", "adcode"]
        try await scan(store, "business_registrations", columns, key: ["credit_code"]) { state.addCompany($0) }
    }
}

/// A thread's CPU time, for the load's debug log: which of the two waybill threads bounds it.
final class CPUSeconds: @unchecked Sendable {
    /// The recorded time (written by the measured thread before it signals, read after the wait).
    private(set) var value = 0.0

    /// Records the calling thread's CPU time so far.
    func record() {
        value = Self.thread()
    }

    /// The calling thread's CPU time so far, in seconds.
    static func thread() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

/// The load state lent to the graph thread while the waybills load.
final class LoadStateBox: @unchecked Sendable {
    var state: LoadState

    init(_ state: LoadState) {
        self.state = state
    }
}
