import Foundation
import Testing
import YanjianCore
import YanjianStore
import YanjianTesting

@Suite("A table scan reads every row once with the values a query reads, on every engine")
struct ScanContractTests {
    static let columns = ["waybill_no", "courier", "pieces", "weight_kg", "accepted_at", "sender_phone", "sender_address"]

    static func waybill(_ number: Int) -> [SQLValue] {
        [
            .text("YT\(1_000_000_000_000 + number)"), .text(number % 3 == 0 ? "圆通" : "SF"), .int(Int64(number % 4 + 1)),
            .double(0.25 * Double(number)), .int(1_767_225_600 + Int64(number)),
            number % 5 == 0 ? .null : .text("138\(10_000_000 + number)"),
            number % 7 == 0 ? .text("") : .text("陕西省西安市雁塔区长安南路\(number)号"),
        ]
    }

    /// A row as plain values read through the cursor's typed accessors.
    static func read(_ row: SQLRowCursor) -> [String] {
        [
            String(decoding: row.bytes(0), as: UTF8.self), row.text(1) ?? "∅", row.int(2).map(String.init) ?? "∅",
            row.double(3).map { String($0) } ?? "∅", row.int(4).map(String.init) ?? "∅",
            row.isNull(5) ? "∅" : String(decoding: row.bytes(5), as: UTF8.self),
            row.text(6) ?? "∅",
        ]
    }

    @Test("Every row once, NULLs and empty text kept apart, in pages smaller than the table", arguments: StoreKind.allCases)
    func scanEqualsQuery(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        let rows = (1...23).map(Self.waybill)
        _ = try await store.bulkInsert(table: "waybills", columns: Self.columns, rows: rows)
        let expected = rows.map { values in
            [
                values[0].text!, values[1].text!, values[2].text!, String(values[3].double!), values[4].text!,
                values[5].text ?? "∅", values[6].text ?? "∅",
            ]
        }
        var seen: [[String]] = []
        var conversions: [String] = []
        try await store.db.scan(table: "waybills", columns: Self.columns, key: ["waybill_no"], pageSize: 5) { row in
            seen.append(Self.read(row))
            // The other accessors agree with the typed ones, whatever form the engine handed over.
            if row.text(2) != row.int(2).map(String.init) { conversions.append("text of an integer: \(row.text(2) ?? "nil")") }
            if row.value(1).text != row.text(1) { conversions.append("value of text: \(row.value(1))") }
            if row.int(1) != nil { conversions.append("int of non-numeric text") }
            if row.value(5).isNull != row.isNull(5) { conversions.append("value of a NULL") }
            if case .text(let bytes) = row.cell(6), String(decoding: bytes, as: UTF8.self) != row.text(6) {
                conversions.append("cell of text")
            }
        }
        #expect(conversions.isEmpty, "\(conversions.prefix(3))")
        #expect(seen.count == expected.count)
        #expect(seen.sorted { $0[0] < $1[0] } == expected)
        // The portable paged form gives the same rows, in key order, on every engine.
        var paged: [[String]] = []
        try await store.db.pagedScan(table: "waybills", columns: Self.columns, key: ["waybill_no", "courier"], pageSize: 4) { row in
            paged.append(Self.read(row))
        }
        #expect(paged == expected)
    }

    @Test("A scan after a batch reads only the rows of later batches, streamed or paged", arguments: StoreKind.allCases)
    func scanAfterBatch(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        // Rows 1–11 without lineage (NULL batch), 12–17 from batch 3, 18–23 from batch 4.
        let rows = (1...23).map { number -> [SQLValue] in
            Self.waybill(number) + [number <= 11 ? .null : .int(number <= 17 ? 3 : 4)]
        }
        _ = try await store.bulkInsert(table: "waybills", columns: Self.columns + ["batch_id"], rows: rows)
        for (after, expected) in [(Int64(0), Array(12...23)), (3, Array(18...23)), (4, [])] {
            let numbers = expected.map { "YT\(1_000_000_000_000 + $0)" }
            var streamed: [String] = []
            try await store.db.scan(table: "waybills", columns: Self.columns, key: ["waybill_no"], pageSize: 5, batchesAfter: after) { row in
                streamed.append(String(decoding: row.bytes(0), as: UTF8.self))
            }
            #expect(streamed.sorted() == numbers, "after batch \(after)")
            var paged: [String] = []
            try await store.db.pagedScan(table: "waybills", columns: Self.columns, key: ["waybill_no"], pageSize: 4, batchesAfter: after) { row in
                paged.append(String(decoding: row.bytes(0), as: UTF8.self))
            }
            #expect(paged == numbers, "paged, after batch \(after)")
        }
    }

    @Test("A scan of an empty table calls nothing", arguments: StoreKind.allCases)
    func emptyTable(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        var calls = 0
        try await store.db.scan(table: "payments", columns: ["txn_id"], key: ["txn_id"], pageSize: 2) { _ in calls += 1 }
        #expect(calls == 0)
    }

    @Test("A streamed listing hands over, cell for cell, the page the listing returns, masked or not", arguments: StoreKind.allCases)
    func streamedListingEqualsList(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        let columns = ["person_id", "name", "id_no", "phones", "addresses", "accounts", "adcode", "source"]
        var rows: [[SQLValue]] = []
        for n in 1...7 {
            let name: SQLValue = .text(n == 3 ? "李" : n % 2 == 0 ? "欧阳娜娜" : "张三")
            let idNo: SQLValue = n == 3 ? .null : .text("61010219900101\(1000 + n)")
            let phones: SQLValue = .text(n == 4 ? "13812345678|05361234567" : "1391234567\(n)")
            let accounts: SQLValue = n == 5 ? .text("") : .text("62220212345678\(n)")
            let place: SQLValue = .text(n == 6 ? "370702" : "610113")
            rows.append([.text("P\(n)"), name, idNo, phones, .text("陕西省西安市雁塔区长安南路\(n)号"), accounts, place, .text("公安")])
        }
        _ = try await store.bulkInsert(table: "persons", columns: columns, rows: rows)
        let user = User(id: 1, username: "a", displayName: "a", role: .analyst, department: .tobacco, jurisdiction: try Jurisdiction(validating: "61"))
        for unmasked in [false, true] {
            let scope = AccessScope(user: user, unmasked: unmasked)
            for page in [try PageRequest(page: 1, perPage: 4), try PageRequest(page: 2, perPage: 4), try PageRequest(page: 1, perPage: 50)] {
                let listed = try await store.list(.persons, scope: scope, page: page)
                var streamed: [[String]] = []
                var scratch: [UInt8] = []
                let listing = try await store.listRows(.persons, scope: scope, page: page) { row in
                    streamed.append(DomainTable.persons.columns.indices.map { index in
                        row.withCell(index, scratch: &scratch) { cell in
                            switch cell {
                            case .null, .blob: "∅"
                            case .int(let v): String(v)
                            case .double(let v): String(v)
                            case .text(let bytes): String(decoding: bytes, as: UTF8.self)
                            }
                        }
                    })
                }
                #expect(streamed == listed.rows.map { $0.map { $0.text ?? "∅" } }, "unmasked \(unmasked), page \(page.page)")
                #expect(listing.rows == listed.rows.count && listing.hasMore == listed.hasMore && listing.unmasked == unmasked)
            }
        }
    }
}
