import Foundation
import Testing
import YanjianCore
import YanjianStore
import YanjianTesting

@Suite("Packed bulk rows")
struct BulkRowsTests {
    /// Rows with every kind of value, some keys sharing prefixes, some repeated in the first column.
    static func sample(_ count: Int, seed: UInt64) -> [[SQLValue]] {
        var random = SplitMix64(seed: seed)
        let words = ["", "a", "ab", "abc", "B", "陕A", "陕A1", "\\N", "\t", "Z", "_"]
        return (0..<count).map { _ in
            let kind = random.next() % 6
            let first: SQLValue = switch kind {
            case 0: .null
            case 1: .int(Int64(bitPattern: random.next()) % 1_000)
            case 2: .double(Double(random.next() % 2_000) / 7 - 100)
            case 3: .blob(Array(words[Int(random.next() % UInt64(words.count))].utf8))
            default: .text(words[Int(random.next() % UInt64(words.count))])
            }
            return [first, .text(words[Int(random.next() % UInt64(words.count))]), .int(Int64(random.next() % 5))]
        }
    }

    /// SQLite's order of values: NULL, numbers by value, text bytewise, blobs bytewise.
    static func precedes(_ a: SQLValue, _ b: SQLValue) -> Bool {
        func rank(_ v: SQLValue) -> Int {
            switch v {
            case .null: 0
            case .int, .double: 1
            case .text: 2
            case .blob: 3
            }
        }
        if rank(a) != rank(b) { return rank(a) < rank(b) }
        switch (a, b) {
        case (.text(let x), .text(let y)): return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
        case (.blob(let x), .blob(let y)): return x.lexicographicallyPrecedes(y)
        default: return (a.double ?? 0) < (b.double ?? 0)
        }
    }

    @Test("Rows read back as appended, and a replaced row reads as its replacement")
    func roundTrip() throws {
        let rows = Self.sample(500, seed: 1)
        var packed = try BulkRows(rows, width: 3)
        #expect(packed.count == 500)
        #expect(packed.arrays == rows)
        #expect(packed.value(3, 1) == rows[3][1])
        packed.replace(3, with: [.text("新的"), .null, .double(2.5)])
        var expected = rows
        expected[3] = [.text("新的"), .null, .double(2.5)]
        #expect(packed.arrays == expected)
        #expect(throws: StoreError.self) { try BulkRows([[.null, .null]], width: 3) }
    }

    @Test("Sorting by columns orders rows as SQLite does, column after column", arguments: [1, 2, 3] as [UInt64])
    func sorting(seed: UInt64) throws {
        let rows = Self.sample(800, seed: seed)
        var packed = try BulkRows(rows, width: 3)
        packed.sort(byColumns: [0, 2])
        let sorted = packed.arrays
        #expect(sorted.count == rows.count)
        // The same rows (as a multiset), in order by the first column, then the third.
        #expect(sorted.map { "\($0)" }.sorted() == rows.map { "\($0)" }.sorted())
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            let before = Self.precedes(b[0], a[0]) || (!Self.precedes(a[0], b[0]) && Self.precedes(b[2], a[2]))
            #expect(!before, "\(b) sorted after \(a)")
        }
    }

    @Test("Texts sort bytewise, also when their first eight bytes agree or one is the other's start")
    func textKeys() throws {
        var random = SplitMix64(seed: 9)
        let stems = ["JT00049122", "JT0004912", "JT000491", "JT00049", "", "\u{0}", "a\u{0}", "a", "陕A·1234", "陕A·123", "YT1"]
        let keys = (0..<600).map { _ in
            stems[Int(random.next() % UInt64(stems.count))] + (random.next() % 3 == 0 ? "" : String(random.next() % 97))
        }
        var packed = try BulkRows(keys.enumerated().map { [.text($1), .int(Int64($0))] }, width: 2)
        packed.sort(byColumns: [0, 1])
        let sorted = packed.arrays.map { ($0[0].text ?? "", $0[1].int ?? -1) }
        let expected = keys.enumerated().map { ($1, Int64($0)) }.sorted { a, b in
            Array(a.0.utf8) == Array(b.0.utf8) ? a.1 < b.1 : Array(a.0.utf8).lexicographicallyPrecedes(Array(b.0.utf8))
        }
        #expect(sorted.map(\.0) == expected.map(\.0))
        #expect(sorted.map(\.1) == expected.map(\.1))
    }

    @Test("Sorted packed rows larger than one COPY write land whole, as written, on every engine", arguments: StoreKind.allCases)
    func sortedBatch(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        // 3,000 rows of about 1.4 KB: three megabytes, so PostgreSQL's COPY takes several writes.
        let long = String(repeating: "长\t", count: 350)
        var rows = BulkRows(width: 5, reservingRows: 3_000)
        for index in (0..<3_000).reversed() {
            rows.append([.text(String(format: "C%05d", index)), .text("\(index)" + long), .text(index % 2 == 0 ? "" : "卡口"),
                         .double(Double(index)), .double(-Double(index))])
        }
        rows.sort(byColumns: [0])
        #expect(rows.value(0, 0) == .text("C00000"))
        let written = try await store.bulkInsert(table: "cameras", columns: ["camera_id", "name", "kind", "lat", "lon"], rows: rows, onConflict: .replace)
        #expect(written == 3_000)
        #expect(try await store.db.scalarInt("SELECT COUNT(*) FROM cameras") == 3_000)
        for index in [0, 1, 1_499, 2_999] {
            let row = try #require(try await store.db.queryOne("SELECT name, kind, lat FROM cameras WHERE camera_id = ?",
                                                               [.text(String(format: "C%05d", index))]))
            #expect(row["name"].text == "\(index)" + long)
            #expect(row["kind"].text == (index % 2 == 0 ? "" : "卡口"), "an empty text stays a text, not NULL")
            #expect(row["lat"].double == Double(index))
        }
        await #expect(throws: StoreError.self) {
            try await store.bulkInsert(table: "cameras", columns: ["camera_id", "name"], rows: rows)
        }
    }
}
