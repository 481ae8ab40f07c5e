import Foundation

/// One audit entry as stored: who did what to which target, chained to the entry before it.
public struct AuditEntry: Sendable, Equatable, Codable {
    public var seq: Int64
    public var at: Int64
    public var actor: String
    public var action: String
    public var target: String
    /// JSON object text with the operation's details (never a password or a token).
    public var details: String
    public var prevMac: String
    public var mac: String

    /// The bytes the MAC covers: every field but the MAC, length-prefixed so fields cannot run together.
    func message() -> [UInt8] {
        var bytes: [UInt8] = []
        for field in [String(seq), String(at), actor, action, target, details, prevMac] {
            let utf8 = Array(field.utf8)
            bytes += Array(String(utf8.count).utf8) + [0x3A] + utf8
        }
        return bytes
    }
}

/// What `verify` found.
public struct AuditVerification: Sendable, Equatable, Codable {
    public var entries: Int
    public var checkpoints: Int
    public var problems: [String]
    public var ok: Bool { problems.isEmpty }
}

/// A signed statement that the chain reached `seq` with `mac`. Exported copies let an outside party
/// prove later that nothing up to that point was removed or rewritten.
public struct AuditCheckpoint: Sendable, Equatable, Codable {
    public var seq: Int64
    public var at: Int64
    public var mac: String
    public var signature: String
    public var publicKey: String

    enum CodingKeys: String, CodingKey {
        case seq, at, mac, signature
        case publicKey = "public_key"
    }

    func message() -> [UInt8] { Array("yanjian-audit-checkpoint:\(seq):\(at):\(mac)".utf8) }
}

/// The append-only, HMAC-chained audit log (审计日志).
///
/// Each entry's MAC covers its fields and the previous entry's MAC under a key kept outside the
/// database. Editing an entry breaks its MAC; deleting one breaks the next entry's link; cutting off
/// the tail is caught by the signed checkpoints (every `checkpointEvery` entries, and on demand).
public struct AuditLog: Sendable {
    public let store: Store
    public let key: AuditKey
    public var checkpointEvery: Int64 = 1000

    static let genesis = String(repeating: "0", count: 64)

    public init(store: Store, key: AuditKey) {
        self.store = store
        self.key = key
    }

    /// Appends an entry. Concurrent appenders race on the primary key and retry, so the chain stays linear.
    @discardableResult
    public func append(actor: String, action: String, target: String = "", details: [String: String] = [:]) async throws -> AuditEntry {
        let detailText = Self.json(details)
        for _ in 0..<20 {
            let last = try await store.db.queryOne("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1")
            var entry = AuditEntry(
                seq: (last?["seq"].int ?? 0) + 1, at: store.now, actor: actor, action: action, target: target,
                details: detailText, prevMac: last?["mac"].text ?? Self.genesis, mac: "")
            entry.mac = key.mac(entry.message())
            do {
                try await store.db.execute(
                    "INSERT INTO audit_log (seq, at, actor, action, target, details, prev_mac, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [.int(entry.seq), .int(entry.at), .text(entry.actor), .text(entry.action), .text(entry.target),
                     .text(entry.details), .text(entry.prevMac), .text(entry.mac)])
            } catch {
                if try await store.db.queryOne("SELECT seq FROM audit_log WHERE seq = ?", [.int(entry.seq)]) != nil { continue }
                throw error
            }
            if entry.seq % checkpointEvery == 0 { try await checkpoint() }
            return entry
        }
        throw AuditError.appendFailed("too much contention on the audit log")
    }

    /// Signs the current head of the chain and stores the checkpoint.
    @discardableResult
    public func checkpoint() async throws -> AuditCheckpoint? {
        guard let last = try await store.db.queryOne("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1"),
              let seq = last["seq"].int, let mac = last["mac"].text
        else { return nil }
        if try await store.db.queryOne("SELECT seq FROM audit_checkpoints WHERE seq = ?", [.int(seq)]) != nil { return nil }
        var point = AuditCheckpoint(seq: seq, at: store.now, mac: mac, signature: "", publicKey: key.publicKey)
        point.signature = try key.sign(point.message())
        try await store.db.execute(
            "INSERT INTO audit_checkpoints (seq, at, mac, signature, public_key) VALUES (?, ?, ?, ?, ?)",
            [.int(point.seq), .int(point.at), .text(point.mac), .text(point.signature), .text(point.publicKey)])
        return point
    }

    /// All checkpoints, oldest first.
    public func checkpoints() async throws -> [AuditCheckpoint] {
        try await store.db.query("SELECT seq, at, mac, signature, public_key FROM audit_checkpoints ORDER BY seq").map {
            AuditCheckpoint(seq: $0["seq"].int ?? 0, at: $0["at"].int ?? 0, mac: $0["mac"].text ?? "",
                            signature: $0["signature"].text ?? "", publicKey: $0["public_key"].text ?? "")
        }
    }

    /// Entries, newest first, for the viewer.
    public func recent(limit: Int, beforeSeq: Int64? = nil) async throws -> [AuditEntry] {
        let rows = try await store.db.query(
            "SELECT seq, at, actor, action, target, details, prev_mac, mac FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?",
            [.int(beforeSeq ?? Int64.max), .int(Int64(limit))])
        return rows.map(Self.entry(from:))
    }

    static func entry(from row: SQLRow) -> AuditEntry {
        AuditEntry(seq: row["seq"].int ?? 0, at: row["at"].int ?? 0, actor: row["actor"].text ?? "",
                   action: row["action"].text ?? "", target: row["target"].text ?? "", details: row["details"].text ?? "",
                   prevMac: row["prev_mac"].text ?? "", mac: row["mac"].text ?? "")
    }

    /// Walks the whole chain and the checkpoints (stored, plus any exported copies passed in) and lists
    /// every problem: an edited entry, a missing one, a broken link, a cut-off tail, a bad signature.
    public func verify(externalCheckpoints: [AuditCheckpoint] = []) async throws -> AuditVerification {
        var problems: [String] = []
        var expectedSeq: Int64 = 1
        var prevMac = Self.genesis
        var macBySeq: [Int64: String] = [:]
        var count = 0
        var cursor: Int64 = 0
        while true {
            let rows = try await store.db.query(
                "SELECT seq, at, actor, action, target, details, prev_mac, mac FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 5000",
                [.int(cursor)])
            if rows.isEmpty { break }
            for row in rows {
                let entry = Self.entry(from: row)
                count += 1
                if entry.seq != expectedSeq {
                    problems.append("entries \(expectedSeq)–\(entry.seq - 1) are missing")
                }
                if entry.prevMac != prevMac {
                    problems.append("entry \(entry.seq) does not link to the entry before it")
                }
                if !ConstantTime.equal(key.mac(entry.message()), entry.mac) {
                    problems.append("entry \(entry.seq) was altered (its MAC does not match)")
                }
                macBySeq[entry.seq] = entry.mac
                prevMac = entry.mac
                expectedSeq = entry.seq + 1
                cursor = entry.seq
            }
        }
        let stored = try await checkpoints()
        var seen = Set<Int64>()
        for point in stored + externalCheckpoints where seen.insert(point.seq).inserted || externalCheckpoints.contains(point) {
            if point.publicKey != key.publicKey || !AuditKey.verifySignature(point.signature, message: point.message(), publicKey: point.publicKey) {
                problems.append("checkpoint at \(point.seq) has an invalid signature")
                continue
            }
            guard let mac = macBySeq[point.seq] else {
                problems.append("the log ends before checkpoint \(point.seq): entries were removed from the end")
                continue
            }
            if mac != point.mac { problems.append("entry \(point.seq) differs from its signed checkpoint") }
        }
        return AuditVerification(entries: count, checkpoints: stored.count, problems: problems)
    }

    static func json(_ details: [String: String]) -> String {
        guard !details.isEmpty,
              let data = try? JSONSerialization.data(withJSONObject: details, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
