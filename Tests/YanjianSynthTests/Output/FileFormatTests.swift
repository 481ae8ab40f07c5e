import Foundation
import Testing
import YanjianEval
import YanjianSynth

@Suite("Every file of a clean world follows the interchange format")
struct FileFormatTests {
    /// Columns per file; the required ones (no `?` in data-formats.md) are marked.
    static let schemas: [(file: String, columns: [String], required: [String])] = [
        ("retailers.csv",
         ["licence_no", "name", "owner_name", "owner_id_no", "phone", "address", "adcode", "lat", "lon", "business_type",
          "status", "issued_on", "expires_on", "credit_code", "accounts"],
         ["licence_no", "name", "owner_name", "address", "business_type", "status", "issued_on"]),
        ("orders.csv",
         ["order_id", "licence_no", "order_date", "brand", "product_code", "cartons", "unit_price", "amount",
          "returned_cartons", "quota_cartons"],
         ["order_id", "licence_no", "order_date", "brand", "cartons", "unit_price", "amount"]),
        ("pos_sales.csv", ["sale_id", "licence_no", "ts", "brand", "packs", "amount"],
         ["sale_id", "licence_no", "ts", "brand", "packs", "amount"]),
        ("business_registry.csv",
         ["credit_code", "name", "legal_person", "legal_person_id_no", "address", "status", "abnormal_list", "updated_on"],
         ["credit_code", "name", "legal_person", "address", "status", "updated_on"]),
        ("waybills.csv",
         ["waybill_no", "courier", "sender_name", "sender_phone", "sender_address", "receiver_name", "receiver_phone",
          "receiver_address", "item_desc", "pieces", "weight_kg", "accepted_at", "origin_outlet", "delivered_at",
          "xray_suspect", "seized"],
         ["waybill_no", "courier", "pieces", "weight_kg", "accepted_at"]),
        ("persons.csv", ["person_id", "name", "id_no", "phones", "addresses", "accounts", "plates", "source", "note"],
         ["person_id", "name", "source"]),
        ("cases.csv", ["case_no", "opened_on", "kind", "adcode", "summary", "sticks", "value_yuan", "status", "department"],
         ["case_no", "opened_on", "kind", "status", "department"]),
        ("case_links.csv", ["case_no", "entity_kind", "entity_value", "role"], ["case_no", "entity_kind", "entity_value"]),
        ("payments.csv", ["txn_id", "ts", "payer_account", "payer_name", "payee_account", "payee_name", "amount", "channel"],
         ["txn_id", "ts", "payer_account", "payee_account", "amount", "channel"]),
        ("cameras.csv", ["camera_id", "name", "kind", "lat", "lon", "adcode", "direction"], ["camera_id", "name", "kind", "lat", "lon"]),
        ("plate_reads.csv", ["read_id", "plate", "plate_color", "camera_id", "ts", "vehicle_type", "confidence"],
         ["read_id", "plate", "camera_id", "ts"]),
        ("units.csv", ["unit_id", "department", "name", "lat", "lon", "adcode", "members", "status"],
         ["unit_id", "department", "name", "lat", "lon", "members", "status"]),
    ]

    @Test("Every CSV has the spec's header, the header's field count on every row and its required fields filled",
          arguments: schemas.map(\.file))
    func csvShape(_ file: String) throws {
        let world = try TestWorlds.clean.get()
        let schema = try #require(FileFormatTests.schemas.first { $0.file == file })
        let table = try world.table(file)
        #expect(table.header == schema.columns)
        #expect(!table.rows.isEmpty, "\(file) is empty")
        for row in table.rows {
            #expect(row.fields.count == table.header.count, "\(file) line \(row.line) has \(row.fields.count) fields")
            for name in schema.required {
                let index = try #require(table.column(name))
                if index < row.fields.count {
                    #expect(!row.fields[index].isEmpty, "\(file) line \(row.line): \(name) is empty")
                }
            }
        }
    }

    @Test("Identifiers are unique in every clean file", arguments: [
        ("retailers.csv", "licence_no"), ("orders.csv", "order_id"), ("pos_sales.csv", "sale_id"),
        ("business_registry.csv", "credit_code"), ("waybills.csv", "waybill_no"), ("persons.csv", "person_id"),
        ("cases.csv", "case_no"), ("payments.csv", "txn_id"), ("cameras.csv", "camera_id"),
        ("plate_reads.csv", "read_id"), ("units.csv", "unit_id"),
    ])
    func uniqueIDs(_ file: String, _ column: String) throws {
        let values = try TestWorlds.clean.get().table(file).values(column)
        #expect(Set(values).count == values.count, "\(file) repeats a \(column)")
    }

    @Test("Video events and tips are one JSON object per line with the required keys")
    func jsonLines() throws {
        let world = try TestWorlds.clean.get()
        let events = try world.jsonLines("video_events.jsonl")
        #expect(!events.isEmpty)
        let types: Set<String> = ["loading_unloading", "loitering", "crowd", "vehicle_stop"]
        for event in events {
            for key in ["event_id", "camera_id", "ts", "type", "confidence"] { #expect(event[key] != nil) }
            #expect(types.contains(event["type"] as? String ?? ""))
        }
        let tips = try world.jsonLines("tips.jsonl")
        #expect(tips.count >= 40)
        for tip in tips {
            for key in ["tip_id", "received_at", "channel", "text"] { #expect(tip[key] != nil) }
        }
    }

    @Test("Timestamps carry +08:00 and dates are real", arguments: [
        ("orders.csv", "order_date"), ("pos_sales.csv", "ts"), ("waybills.csv", "accepted_at"),
        ("plate_reads.csv", "ts"), ("payments.csv", "ts"), ("cases.csv", "opened_on"),
    ])
    func times(_ file: String, _ column: String) throws {
        for value in try TestWorlds.clean.get().table(file).values(column) {
            let full = value.count == 10 ? value + "T00:00:00+08:00" : value
            #expect(full.hasSuffix("+08:00"))
            #expect(TestParsing.localSeconds(full) != nil, "\(file): \(value)")
        }
    }

    @Test("Closed sets use the spec's codes")
    func codes() throws {
        let world = try TestWorlds.clean.get()
        #expect(Set(try world.table("retailers.csv").values("business_type")).isSubset(of: ["便利店", "超市", "烟酒店", "食杂店", "娱乐场所", "其他"]))
        #expect(Set(try world.table("retailers.csv").values("status")).isSubset(of: ["有效", "暂停", "注销"]))
        #expect(Set(try world.table("waybills.csv").values("courier")).isSubset(of: ["顺丰", "中通", "圆通", "申通", "韵达", "京东", "邮政EMS", "极兔", "其他"]))
        #expect(Set(try world.table("cases.csv").values("kind")).isSubset(of: ["假烟", "走私烟", "无证经营", "非法运输", "非法经营", "其他"]))
        #expect(Set(try world.table("cases.csv").values("status")).isSubset(of: ["线索", "立案", "移送", "结案", "撤销"]))
        #expect(Set(try world.table("cameras.csv").values("kind")).isSubset(of: ["卡口", "治安", "物流园", "零售户周边", "高速出入口"]))
        #expect(Set(try world.table("units.csv").values("department")).isSubset(of: ["烟草专卖", "公安", "市场监管", "税务", "交通运输", "邮政管理"]))
        #expect(Set(try world.table("units.csv").values("status")).isSubset(of: ["空闲", "出勤", "休整"]))
        #expect(Set(try world.table("business_registry.csv").values("status")).isSubset(of: ["存续", "吊销", "注销"]))
        #expect(Set(try world.table("case_links.csv").values("entity_kind")).isSubset(of: ["waybill_no", "phone", "id_no", "plate", "licence_no", "address", "account"]))
        #expect(Set(try world.table("waybills.csv").values("xray_suspect")).isSubset(of: ["0", "1"]))
    }

    @Test("Order amounts are cartons × unit price and unit prices are below guide retail")
    func orderAmounts() throws {
        let orders = try TestWorlds.clean.get().table("orders.csv")
        for record in orders.records.prefix(2000) {
            let cartons = try #require(Double(record["cartons"] ?? ""))
            let price = try #require(Double(record["unit_price"] ?? ""))
            let amount = try #require(Double(record["amount"] ?? ""))
            #expect(abs(cartons * price - amount) < 0.01)
            #expect(cartons > 0 && price >= 50 && price <= 1000)
        }
    }

    @Test("A clean world writes no defects.json")
    func noDefects() throws {
        let world = try TestWorlds.clean.get()
        #expect(!FileManager.default.fileExists(atPath: world.url("defects.json").path))
        #expect(world.truth.malformed.isEmpty)
    }

    @Test("Row counts grow linearly with the scale")
    func linear() throws {
        let small = TestWorlds.root.appendingPathComponent("linear-small")
        let large = TestWorlds.root.appendingPathComponent("linear-large")
        let a = try WorldGenerator.generate(WorldConfig(seed: 21, scale: 0.03), to: small)
        let b = try WorldGenerator.generate(WorldConfig(seed: 21, scale: 0.06), to: large)
        for file in ["retailers.csv", "waybills.csv"] {
            #expect(b.rows[file] == 2 * (a.rows[file] ?? 0), "\(file) does not double")
        }
        for file in ["orders.csv", "pos_sales.csv", "plate_reads.csv", "payments.csv", "business_registry.csv"] {
            let ratio = Double(b.rows[file] ?? 0) / Double(max(1, a.rows[file] ?? 0))
            #expect(ratio > 1.6 && ratio < 2.5, "\(file) grows by \(ratio)")
        }
    }

    @Test("Overrides set the number of waybills exactly and plate reads approximately")
    func overrides() throws {
        let folder = TestWorlds.root.appendingPathComponent("overrides")
        let summary = try WorldGenerator.generate(WorldConfig(seed: 2, scale: 0.02, waybills: 7000, plateReads: 15_000), to: folder)
        #expect(summary.rows["waybills.csv"] == 7000)
        let reads = summary.rows["plate_reads.csv"] ?? 0
        #expect(reads >= 15_000 && reads < 16_000)
    }
}
