import Foundation
import Logging
import YanjianIngest
import YanjianStore
import YanjianTesting

/// A small delivery of all 14 interchange files, written to a fresh temporary folder, with a few
/// good records each and, where `withDefects`, the bad rows the tests expect to be rejected.
struct DeliveryFixture {
    let folder: URL

    /// Writes the delivery; `extra` adds or replaces files (name → bytes).
    init(withDefects: Bool = true, extra: [String: [UInt8]] = [:]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("yanjian-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var files = Self.goodFiles
        if withDefects {
            for (name, lines) in Self.defectLines { files[name, default: ""] += lines }
        }
        for (name, text) in files where extra[name] == nil {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        for (name, bytes) in extra {
            try Data(bytes).write(to: folder.appendingPathComponent(name))
        }
    }

    func url(_ name: String) -> URL { folder.appendingPathComponent(name) }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }

    static let goodFiles: [String: String] = [
        "cameras.csv": """
            camera_id,name,kind,lat,lon,adcode,direction
            CAM1,小寨卡口,卡口,34.2230,108.9480,610113,北向南
            CAM2,高速出口,高速出入口,34.3400,108.9400,,东向西

            """,
        "retailers.csv": """
            licence_no,name,owner_name,owner_id_no,phone,address,adcode,lat,lon,business_type,status,issued_on,expires_on,credit_code,accounts,shop_size
            610113000001,雁塔便利店,张三,610502680224062,+86 138-1234-5678,陕西省西安市雁塔区小寨东路1号,,,,便利店,有效,2024/3/1,2029-02-28,,6222000011112222,40
            370702000002,潍城烟酒店,李四,370702198503123418,0536-1234567,山东省潍坊市潍城区胜利街2号,370702,36.71,119.10,烟酒店,有效,2023-06-01,,91370702MA3C4D5E7P,,

            """,
        "business_registry.csv": """
            credit_code,name,legal_person,legal_person_id_no,address,status,abnormal_list,updated_on
            91370702MA3C4D5E7P,潍坊潍城烟酒商行,李四,370702198503123418,山东省潍坊市潍城区胜利街2号,存续,1,2025-12-01

            """,
        "units.csv": """
            unit_id,department,name,lat,lon,adcode,members,status
            U1,公安,雁塔分局巡逻队,34.22,108.95,610113,6,空闲

            """,
        "persons.csv": """
            person_id,name,id_no,phones,addresses,accounts,plates,source,note
            P1,王五,610502680224062,13812345678|+86 139-1234-5678,陕西省西安市雁塔区科技路3号|山东省潍坊市,,陕A·12345,公安,

            """,
        "cases.csv": """
            case_no,opened_on,kind,adcode,summary,sticks,value_yuan,status,department
            C1,2026-01-15,假烟,610113,小寨假烟案,20000,12000.5,立案,烟草专卖

            """,
        "waybills.csv": """
            waybill_no,courier,sender_name,sender_phone,sender_address,receiver_name,receiver_phone,receiver_address,item_desc,pieces,weight_kg,accepted_at,origin_outlet,delivered_at,xray_suspect,seized
            SF1234567890123,顺丰,王五,+86 138-1234-5678,陕西省西安市雁塔区科技路3号,赵六,138****5678,山东省潍坊市潍城区胜利街9号,茶叶,1,2.5,2026-03-01 21:15:00,西安小寨网点,2026-03-03T10:00:00+08:00,1,0
            YT1234567890123,圆通,,,,,,,衣服,2,1.0,2026-03-02T08:00:00Z,,,,

            """,
        "payments.csv": """
            txn_id,ts,payer_account,payer_name,payee_account,payee_name,amount,channel
            T1,2026-03-01 20:00:00,6222000011112222,王五,wx_abc,李四,0.29,微信

            """,
        "tips.jsonl": """
            {"tip_id":"TIP1","received_at":"2026-03-01 09:00:00","channel":"12313","text":"小寨有人卖假烟","address":"陕西省西安市雁塔区小寨东路","source_ref":{"n":1}}

            """,
        "orders.csv": """
            order_id,licence_no,order_date,brand,product_code,cartons,unit_price,amount,returned_cartons,quota_cartons
            O1,610113000001,2026-02-01,中华,6901028001,10,95.5,955.00,0,20
            O2,999999999999,2026-02-02,玉溪,,2,21.00,42.00,,

            """,
        "pos_sales.csv": """
            sale_id,licence_no,ts,brand,packs,amount
            S1,610113000001,2026-03-01 22:30:00,中华,2,90.00

            """,
        "plate_reads.csv": """
            read_id,plate,plate_color,camera_id,ts,vehicle_type,confidence
            R1,陕a12345,蓝,CAM1,2026-03-01 23:10:05,小型轿车,0.97
            R2,陕A67890,蓝,CAM2,2026-03-01 23:12:00,小型轿车,0.91

            """,
        "video_events.jsonl": """
            {"event_id":"E1","camera_id":"CAM1","ts":"2026-03-01T23:20:00+08:00","type":"loading_unloading","confidence":0.88,"plate":"陕A12345","count":3,"model":"v2"}

            """,
        "case_links.csv": """
            case_no,entity_kind,entity_value,role
            C1,phone,+86 138-1234-5678,supplier
            C1,plate,陕A12345,
            C1,phone,13812345678,supplier

            """,
    ]

    /// Bad rows appended to some files: each is one reject with the field named in the comment.
    static let defectLines: [String: String] = [
        // order_date: 2026-02-30 is not a date.
        // cartons: negative.
        // broken quoting: text after a closing quote.
        // wrong field count: 3 fields.
        "orders.csv": """
            O3,610113000001,2026-02-30,中华,,1,95.5,95.5,,
            O4,610113000001,2026-02-03,中华,,-5,95.5,0,,
            O5,"610113000001"x,2026-02-04,中华,,1,95.5,95.5,,
            O6,610113000001,2026-02-05

            """,
        // courier: unknown code.
        "waybills.csv": """
            ZT1234567890,某某快递,,,,,,,,1,0.5,2026-03-02 10:00:00,,,0,0

            """,
        // type: unknown event type; then a line that is not JSON.
        "video_events.jsonl": """
            {"event_id":"E2","camera_id":"CAM2","ts":"2026-03-01 23:30:00","type":"dancing","confidence":0.5}
            {"event_id":"E3",

            """,
    ]

    /// A migrated store of `kind` with an importer; `body` runs, then everything is cleaned up.
    static func withImporter(
        _ kind: StoreKind, _ body: (Store, Importer) async throws -> Void
    ) async throws {
        let (store, cleanup) = try await TestDatabases.open(kind)
        var logger = Logger(label: "yanjian.test.ingest")
        logger.logLevel = .warning
        let importer = Importer(store: store, logger: logger, source: "test", actor: "tester")
        do {
            try await body(store, importer)
        } catch {
            await cleanup()
            throw error
        }
        await cleanup()
    }
}

extension Store {
    /// One stored value, for assertions.
    func value(_ sql: String, _ arguments: [SQLValue] = []) async throws -> SQLValue {
        try await db.queryOne(sql, arguments)?.values.first ?? .null
    }

    /// Row counts of every domain table.
    func tableCounts() async throws -> [String: Int64] {
        var counts: [String: Int64] = [:]
        for table in DomainTable.all { counts[table.name] = try await db.scalarInt("SELECT COUNT(*) FROM \(table.name)") }
        return counts
    }
}
