import Foundation
/// A summary of one import batch, as listed on the overview and the import screen.
public struct ImportBatchSummary: Sendable, Equatable, Codable {
    public var id: Int64
    public var startedAt: Int64
    public var finishedAt: Int64?
    public var source: String
    public var actor: String
    public var status: String
    public var rowsRead: Int64
    public var rowsAccepted: Int64
    public var rowsRejected: Int64
}

extension Store {
    /// Opens a batch in `running` state and returns its id; every record it loads carries that id.
    public func beginImport(source: String, actor: String) async throws -> Int64 {
        // A batch an earlier process left behind is undone first, so that this one starts clean.
        try await recoverInterruptedImports()
        let rows = try await db.query(
            """
            INSERT INTO import_batches (started_at, source, actor, status, pid, host, heartbeat_at)
            VALUES (?, ?, ?, 'running', ?, ?, ?) RETURNING id
            """,
            [.int(now), .text(source), .text(actor), .int(Int64(getpid())), .text(ProcessInfo.processInfo.hostName), .int(now)],
            writing: true)
        guard let id = rows.first?["id"].int else { throw StoreError.internalInconsistency("insert returned no id") }
        return id
    }

    /// Closes a batch with its counts, its final status and the JSON quality report.
    public func finishImport(
        id: Int64, status: String, filesJSON: String, read: Int64, accepted: Int64, rejected: Int64, reportJSON: String?
    ) async throws {
        try await db.execute(
            """
            UPDATE import_batches SET finished_at = ?, status = ?, files = ?, rows_read = ?, rows_accepted = ?,
                   rows_rejected = ?, report = ? WHERE id = ?
            """,
            [.int(now), .text(status), .text(filesJSON), .int(read), .int(accepted), .int(rejected), .text(reportJSON), .int(id)])
    }

    /// The most recent batches, newest first.
    public func recentImports(limit: Int) async throws -> [ImportBatchSummary] {
        try await db.query(
            """
            SELECT id, started_at, finished_at, source, actor, status, rows_read, rows_accepted, rows_rejected
            FROM import_batches ORDER BY id DESC LIMIT ?
            """, [.int(Int64(limit))]
        ).map {
            ImportBatchSummary(
                id: $0["id"].int ?? 0, startedAt: $0["started_at"].int ?? 0, finishedAt: $0["finished_at"].int,
                source: $0["source"].text ?? "", actor: $0["actor"].text ?? "", status: $0["status"].text ?? "",
                rowsRead: $0["rows_read"].int ?? 0, rowsAccepted: $0["rows_accepted"].int ?? 0,
                rowsRejected: $0["rows_rejected"].int ?? 0)
        }
    }

    /// The stored JSON quality report of a batch.
    public func importReport(id: Int64) async throws -> String? {
        try await db.queryOne("SELECT report FROM import_batches WHERE id = ?", [.int(id)])?["report"].text
    }
}
