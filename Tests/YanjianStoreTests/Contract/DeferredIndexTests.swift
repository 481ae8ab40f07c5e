import Foundation
import Testing
import YanjianCore
import YanjianStore
import YanjianTesting

@Suite("Secondary indexes can be deferred for a large load and are never lost, on every engine")
struct DeferredIndexTests {
    struct Planned: Error {}

    static func names(_ store: Store) async throws -> Set<String> {
        Set(try await store.secondaryIndexes(of: "waybills").map(\.name))
    }

    static func waybill(_ number: Int) -> [SQLValue] {
        [.text("YT\(1_000_000_000_000 + number)"), .text("圆通"), .int(1), .double(0.5), .int(1_767_225_600), .text("13812345678")]
    }

    static let columns = ["waybill_no", "courier", "pieces", "weight_kg", "accepted_at", "sender_phone"]

    @Test("Indexes are dropped during the load and built again after it, also when the load fails", arguments: StoreKind.allCases)
    func deferAndRestore(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        let before = try await Self.names(store)
        #expect(before == ["waybills_adcode", "waybills_receiver_phone", "waybills_sender_phone"])
        let loaded = try await store.withDeferredIndexes(on: "waybills") {
            #expect(try await Self.names(store).isEmpty)
            return try await store.bulkInsert(table: "waybills", columns: Self.columns, rows: (0..<500).map(Self.waybill))
        }
        #expect(loaded == 500)
        #expect(try await Self.names(store) == before)
        #expect(try await store.db.scalarInt("SELECT COUNT(*) FROM waybills WHERE sender_phone = ?", [.text("13812345678")]) == 500)

        await #expect(throws: Planned.self) {
            try await store.withDeferredIndexes(on: "waybills") {
                #expect(try await Self.names(store).isEmpty)
                throw Planned()
            }
        }
        #expect(try await Self.names(store) == before)
    }

    @Test("A load killed with its indexes dropped is repaired by the next schema check", arguments: StoreKind.allCases)
    func repairAfterCrash(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        #expect(try await store.restoreMissingIndexes().isEmpty)
        try await store.db.executeScript(["DROP INDEX waybills_sender_phone", "DROP INDEX plate_reads_plate"])
        try await store.checkSchema()
        #expect(try await Self.names(store).contains("waybills_sender_phone"))
        #expect(try await store.secondaryIndexes(of: "plate_reads").map(\.name).contains("plate_reads_plate"))
        #expect(try await store.restoreMissingIndexes().isEmpty)
    }
}
