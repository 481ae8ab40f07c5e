import Foundation
import Testing
import YanjianCore
import YanjianStore
import YanjianTesting

@Suite("The link-analysis neighbourhood and shortest chain, read from the domain tables, on every engine")
struct NeighbourhoodContractTests {
    /// Phone A sends 3 parcels to phone B and 1 to C; B belongs to person P (who also drives 鲁G12345);
    /// A is the shop's phone; a case names A; account X pays Y twice.
    static func seed(_ store: Store) async throws {
        try await ScopeContractTests.seed(store)
        let waybills: [[SQLValue]] = (1...4).map { index in
            [.text("SF\(index)"), .text("顺丰"), .text("13812345678"), .text(index == 4 ? "13600000003" : "13900000002"), .int(Int64(1)),
             .double(9.5), .int(Int64(1_760_000_000 + index * 86_400)), .text("370702")]
        }
        try await store.bulkInsert(table: "waybills",
                                   columns: ["waybill_no", "courier", "sender_phone", "receiver_phone", "pieces", "weight_kg", "accepted_at", "adcode"],
                                   rows: waybills)
        try await store.bulkInsert(table: "persons", columns: ["person_id", "name", "id_no", "phones", "accounts", "plates", "source", "adcode"],
                                   rows: [[.text("P-1"), .text("李四"), .text("370702199001011234"), .text("13900000002"), .text("6222000011112222"),
                                           .text("鲁G12345"), .text("公安"), .text("370702")]])
        try await store.bulkInsert(table: "cases", columns: ["case_no", "opened_on", "kind", "adcode", "status", "department"],
                                   rows: [[.text("AJ-1"), .text("2025-10-01"), .text("非法经营"), .text("370702"), .text("结案"), .text("烟草专卖")]])
        try await store.bulkInsert(table: "case_links", columns: ["case_no", "entity_kind", "entity_value", "role"],
                                   rows: [[.text("AJ-1"), .text("phone"), .text("13812345678"), .text("suspect")]])
        try await store.bulkInsert(table: "payments", columns: ["txn_id", "ts", "payer_account", "payee_account", "amount_fen", "channel", "adcode"],
                                   rows: [[.text("T1"), .int(Int64(1_760_000_000)), .text("6222000011112222"), .text("6228000033334444"), .int(Int64(500_000)), .text("银行"), .text("370702")],
                                          [.text("T2"), .int(Int64(1_760_100_000)), .text("6222000011112222"), .text("6228000033334444"), .int(Int64(300_000)), .text("银行"), .text("370702")]])
    }

    @Test("A phone's ring: parcels counted per peer, the shop, the case; limits and jurisdictions respected", arguments: StoreKind.allCases)
    func ring(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        try await Self.seed(store)
        let phone = try #require(EntityRef("phone:+86 138-1234-5678"))
        #expect(phone.value == "13812345678", "typed any usual way")
        let weifang = AccessScope(user: try ScopeContractTests.user("3707"))
        let ring = try await store.neighbourhood(of: [phone], scope: weifang)
        let parcels = ring.edges.filter { $0.kind == "parcel" }
        #expect(parcels.map(\.target.value) == ["13900000002", "13600000003"] && parcels.map(\.count) == [3, 1], "strongest first")
        #expect(parcels.first?.first == 1_760_086_400 && parcels.first?.evidence == ["SF1"])
        #expect(ring.edges.contains { $0.kind == "retailer_has" && $0.source.value == "370702000001" })
        #expect(ring.edges.contains { $0.kind == "case_names" && $0.source.value == "AJ-1" })
        let shop = try #require(ring.nodes.first { $0.ref.kind == "licence_no" })
        #expect(shop.label.contains("潍城便利店"))
        #expect(ring.nodes.first { $0.ref == phone }?.label == "138****5678", "masked without a grant")

        let cut = try await store.neighbourhood(of: [phone], limit: 2, scope: weifang)
        #expect(cut.edges.count == 2 && cut.truncated[phone] == 4)
        let two = try await store.neighbourhood(of: [phone], hops: 2, scope: weifang)
        #expect(two.nodes.contains { $0.ref.kind == "person" }, "the second ring reaches the receiver's owner")
        let xian = AccessScope(user: try ScopeContractTests.user("6101"))
        #expect(try await store.neighbourhood(of: [phone], scope: xian).edges.isEmpty, "nothing from another jurisdiction")
        await #expect(throws: StoreError.self) { _ = try await store.neighbourhood(of: [phone], hops: 3, scope: weifang) }

        let account = EntityRef(kind: "account", value: "6222000011112222")
        let paid = try await store.neighbourhood(of: [account], scope: weifang).edges.first { $0.kind == "paid" }
        #expect(paid?.count == 2 && paid?.target.value == "6228000033334444")
    }

    @Test("What connects a case to a plate: case → phone → parcels → phone → person → plate", arguments: StoreKind.allCases)
    func chain(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        try await Self.seed(store)
        let scope = AccessScope(user: try ScopeContractTests.user("37"))
        let path = try #require(try await store.shortestLinkPath(from: EntityRef(kind: "case", value: "AJ-1"),
                                                                 to: EntityRef(kind: "plate", value: "鲁G12345"), scope: scope))
        #expect(path.nodes.map(\.ref.kind) == ["case", "phone", "phone", "person", "plate"])
        #expect(path.edges.map(\.kind).sorted() == ["case_names", "parcel", "person_has", "person_has"])
        #expect(try await store.shortestLinkPath(from: EntityRef(kind: "case", value: "AJ-1"), to: EntityRef(kind: "plate", value: "鲁G12345"),
                                                 maxHops: 2, scope: scope) == nil, "not within two links")
        #expect(try await store.shortestLinkPath(from: EntityRef(kind: "phone", value: "13812345678"),
                                                 to: EntityRef(kind: "plate", value: "陕A00000"), scope: scope) == nil)
    }
}
