import Foundation
import Testing
import YanjianCore
import YanjianStore
import YanjianTesting

@Suite("Jurisdiction scoping and masking, enforced by the store, on every engine")
struct ScopeContractTests {
    static let columns = ["licence_no", "name", "owner_name", "owner_id_no", "phone", "address", "adcode",
                          "business_type", "status", "issued_on"]

    static func seed(_ store: Store) async throws {
        let rows: [[SQLValue]] = [
            [.text("370702000001"), .text("潍城便利店"), .text("张三"), .text("370702198503123418"), .text("13812345678"),
             .text("山东省潍坊市潍城区胜利街1号"), .text("370702"), .text("便利店"), .text("有效"), .text("2024-01-01")],
            [.text("370705000002"), .text("奎文烟酒店"), .text("李四"), .null, .text("13912345678|05361234567"),
             .text("山东省潍坊市奎文区东风街2号"), .text("370705"), .text("烟酒店"), .text("有效"), .text("2024-01-01")],
            [.text("610113000003"), .text("雁塔超市"), .text("王五"), .null, .text("13712345678"),
             .text("陕西省西安市雁塔区科技路3号"), .text("610113"), .text("超市"), .text("有效"), .text("2024-01-01")],
            [.text("000000000004"), .text("无地址店"), .text("赵六"), .null, .null,
             .text("不详"), .null, .text("其他"), .text("有效"), .text("2024-01-01")],
        ]
        try await store.bulkInsert(table: "retailers", columns: columns, rows: rows)
    }

    static func user(_ jurisdiction: String, role: Role = .analyst) throws -> User {
        User(id: 99, username: "u", displayName: "u", role: role, department: .tobacco,
             jurisdiction: try Jurisdiction(validating: jurisdiction))
    }

    @Test("A Weifang user sees only Weifang retailers; a national user sees all, including those without adcode", arguments: StoreKind.allCases)
    func jurisdiction(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        try await Self.seed(store)
        let weifang = AccessScope(user: try Self.user("370700"))
        let page = try await store.list(.retailers, scope: weifang, page: PageRequest())
        #expect(page.rows.map { $0[0].text } == ["370702000001", "370705000002"])
        #expect(try await store.record(.retailers, key: "610113000003", scope: weifang) == nil)
        #expect(try await store.counts(scope: weifang)["retailers"] == 2)
        let national = AccessScope(user: try Self.user("*"))
        #expect(try await store.list(.retailers, scope: national, page: PageRequest()).rows.count == 4)
        let district = AccessScope(user: try Self.user("370705"))
        #expect(try await store.list(.retailers, scope: district, page: PageRequest()).rows.count == 1)

        // The edges of a prefix: the last county of the city is in, the next city's first is out.
        try await store.bulkInsert(table: "retailers", columns: Self.columns, rows: [
            [.text("370799000005"), .text("边界内店"), .text("钱七"), .null, .null, .text("—"), .text("370799"), .text("其他"), .text("有效"), .text("2024-01-01")],
            [.text("370800000006"), .text("边界外店"), .text("孙八"), .null, .null, .text("—"), .text("370800"), .text("其他"), .text("有效"), .text("2024-01-01")],
        ])
        #expect(try await store.list(.retailers, scope: weifang, page: PageRequest()).rows.map { $0[0].text }
            == ["370702000001", "370705000002", "370799000005"])
        #expect(try await store.counts(scope: weifang)["retailers"] == 3)
    }

    @Test("Personal fields are masked unless the caller holds an unmask grant", arguments: StoreKind.allCases)
    func masking(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        try await Self.seed(store)
        let analyst = try await store.createUser(
            username: "analyst", displayName: "分析员", password: "long enough pass", role: .analyst, department: .tobacco,
            jurisdiction: Jurisdiction(validating: "3707"), policy: AuthContractTests.policy)
        let masked = try await store.list(.retailers, scope: store.scope(for: analyst), page: PageRequest())
        let first = try #require(masked.rows.first)
        #expect(first[2].text == "张*")
        #expect(first[3].text == "370702********3418")
        #expect(first[4].text == "138****5678")
        #expect(masked.rows[1][4].text == "139****5678|0536***4567")
        _ = try await store.grantUnmask(user: analyst, purpose: "核查案件 2026-001", seconds: 600)
        let clear = try await store.list(.retailers, scope: store.scope(for: analyst), page: PageRequest())
        #expect(clear.rows.first?[4].text == "13812345678")
        let liaison = try await store.createUser(
            username: "police.liaison", displayName: "联络员", password: "long enough pass", role: .liaison, department: .police,
            jurisdiction: Jurisdiction(validating: "3707"), policy: AuthContractTests.policy)
        await #expect(throws: StoreError.self) { try await store.grantUnmask(user: liaison, purpose: "想看看", seconds: 60) }
    }

    @Test("Filters are bound values and unknown filter fields are refused", arguments: StoreKind.allCases)
    func filters(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        try await Self.seed(store)
        let scope = AccessScope(user: try Self.user("*"))
        let injected = try await store.list(.retailers, scope: scope, page: PageRequest(), filters: ["licence_no": "x' OR '1'='1"])
        #expect(injected.rows.isEmpty)
        await #expect(throws: StoreError.self) {
            try await store.list(.retailers, scope: scope, page: PageRequest(), filters: ["name; DROP TABLE users": "1"])
        }
        #expect(throws: StoreError.self) { try PageRequest(page: 0) }
        #expect(throws: StoreError.self) { try PageRequest(perPage: 10_000) }
        let auditor = AccessScope(user: try Self.user("*", role: .auditor))
        await #expect(throws: StoreError.self) { try await store.list(.retailers, scope: auditor, page: PageRequest()) }
    }
}
