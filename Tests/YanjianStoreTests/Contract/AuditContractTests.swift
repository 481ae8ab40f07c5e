import Foundation
import Testing
import YanjianCore
import YanjianStore
import YanjianTesting

@Suite("The audit chain detects tampering, on every engine")
struct AuditContractTests {
    static func makeLog(_ store: Store) throws -> AuditLog {
        var log = AuditLog(store: store, key: try AuditKey(secret: Array(repeating: 7, count: 32)))
        log.checkpointEvery = 5
        return log
    }

    static func fill(_ log: AuditLog, count: Int) async throws {
        for index in 1...count {
            try await log.append(actor: "admin", action: "record.read", target: "retailers/\(index)", details: ["n": "\(index)"])
        }
    }

    @Test("An untouched log verifies", arguments: StoreKind.allCases)
    func clean(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        let log = try Self.makeLog(store)
        try await Self.fill(log, count: 12)
        let result = try await log.verify()
        #expect(result.ok, "\(result.problems)")
        #expect(result.entries == 12)
        #expect(result.checkpoints == 2)
    }

    @Test("An edited entry is caught", arguments: StoreKind.allCases)
    func edited(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        let log = try Self.makeLog(store)
        try await Self.fill(log, count: 8)
        try await store.db.execute("UPDATE audit_log SET actor = 'someone else' WHERE seq = 3", [])
        let result = try await log.verify()
        #expect(!result.ok)
        #expect(result.problems.contains { $0.contains("entry 3 was altered") })
    }

    @Test("A deleted entry is caught", arguments: StoreKind.allCases)
    func deleted(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        let log = try Self.makeLog(store)
        try await Self.fill(log, count: 8)
        try await store.db.execute("DELETE FROM audit_log WHERE seq = 4", [])
        let result = try await log.verify()
        #expect(result.problems.contains { $0.contains("missing") })
    }

    @Test("A truncated tail is caught by the signed checkpoints, stored or exported", arguments: StoreKind.allCases)
    func truncated(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        let log = try Self.makeLog(store)
        try await Self.fill(log, count: 11)
        let exported = try await log.checkpoints()
        try await store.db.execute("DELETE FROM audit_log WHERE seq > 7", [])
        #expect(try await log.verify().problems.contains { $0.contains("removed from the end") })
        try await store.db.execute("DELETE FROM audit_checkpoints", [])
        let withExport = try await log.verify(externalCheckpoints: exported)
        #expect(withExport.problems.contains { $0.contains("removed from the end") })
    }

    @Test("A chain forged without the key is caught", arguments: StoreKind.allCases)
    func forged(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        let log = try Self.makeLog(store)
        try await Self.fill(log, count: 3)
        let forger = AuditLog(store: store, key: try AuditKey(secret: Array(repeating: 9, count: 32)))
        try await forger.append(actor: "intruder", action: "cover.up")
        #expect(try await log.verify().problems.contains { $0.contains("entry 4 was altered") })
    }
}
