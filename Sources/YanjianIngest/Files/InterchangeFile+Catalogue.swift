import YanjianCore
import YanjianStore

extension InterchangeFile {
    /// Every file of interchange format version 1, in load order (parents first).
    public static let all: [InterchangeFile] = [
        cameras, retailers, businessRegistry, units, persons, cases, waybills, payments, tips,
        orders, posSales, plateReads, videoEvents, caseLinks,
    ].sorted { $0.order < $1.order }

    /// The descriptor for a file name (`Orders.CSV` matches `orders.csv`), or nil.
    public static func named(_ fileName: String) -> InterchangeFile? {
        let lower = fileName.lowercased()
        return all.first { $0.name == lower }
    }

    /// Files a delivery folder may hold beside the data that the importer skips without a warning:
    /// the generator's ground truth and defect list, and findings exports. They are never read.
    static let companionNames: Set<String> = ["truth.json", "defects.json", "findings.json", "readme.md", "readme.txt"]

    private static let latitude = FieldConversion.real(-90...90)
    private static let longitude = FieldConversion.real(-180...180)
    private static let count = FieldConversion.integer(minimum: 0)

    public static let cameras = InterchangeFile(
        name: "cameras.csv", format: .csv, table: .cameras, identifier: "camera_id", keyColumns: ["camera_id"],
        columns: [
            .init("camera_id", required: true), .init("name", required: true),
            .init("kind", .code(.cameraKind), required: true), .init("lat", latitude, required: true),
            .init("lon", longitude, required: true), .init("adcode", .adcode), .init("direction"),
        ],
        adcodeRules: [.column, .coordinates], receiverAddressField: nil, foreignKey: nil, order: 0)

    public static let retailers = InterchangeFile(
        name: "retailers.csv", format: .csv, table: .retailers, identifier: "licence_no", keyColumns: ["licence_no"],
        columns: [
            .init("licence_no", .licenceNo, required: true), .init("name", required: true),
            .init("owner_name", required: true), .init("owner_id_no", .residentID), .init("phone", .phone),
            .init("address", required: true), .init("adcode", .adcode), .init("lat", latitude),
            .init("lon", longitude), .init("business_type", .code(.businessType), required: true),
            .init("status", .code(.licenceStatus), required: true), .init("issued_on", .date, required: true),
            .init("expires_on", .date), .init("credit_code", .creditCode), .init("accounts"),
        ],
        adcodeRules: [.column, .address(field: "address"), .coordinates], receiverAddressField: nil,
        foreignKey: nil, order: 1)

    public static let businessRegistry = InterchangeFile(
        name: "business_registry.csv", format: .csv, table: .businessRegistrations, identifier: "credit_code",
        keyColumns: ["credit_code"],
        columns: [
            .init("credit_code", .creditCode, required: true), .init("name", required: true),
            .init("legal_person", required: true), .init("legal_person_id_no", .residentID),
            .init("address", required: true), .init("adcode", .adcode),
            .init("status", .code(.registryStatus), required: true),
            .init("abnormal_list", .flag, default: .int(0)), .init("updated_on", .date, required: true),
        ],
        adcodeRules: [.column, .address(field: "address"), .creditCode(field: "credit_code")],
        receiverAddressField: nil, foreignKey: nil, order: 2)

    public static let units = InterchangeFile(
        name: "units.csv", format: .csv, table: .units, identifier: "unit_id", keyColumns: ["unit_id"],
        columns: [
            .init("unit_id", required: true), .init("department", .code(.department), required: true),
            .init("name", required: true), .init("lat", latitude, required: true),
            .init("lon", longitude, required: true), .init("adcode", .adcode),
            .init("members", count, required: true), .init("status", .code(.unitStatus), required: true),
        ],
        adcodeRules: [.column, .coordinates], receiverAddressField: nil, foreignKey: nil, order: 3)

    public static let persons = InterchangeFile(
        name: "persons.csv", format: .csv, table: .persons, identifier: "person_id", keyColumns: ["person_id"],
        columns: [
            .init("person_id", required: true), .init("name", required: true), .init("id_no", .residentID),
            .init("phones", .phoneList), .init("addresses"), .init("accounts"), .init("plates", .plateList),
            .init("source", required: true), .init("note"),
        ],
        adcodeRules: [.column, .firstAddress(field: "addresses")], receiverAddressField: nil,
        foreignKey: nil, order: 4)

    public static let cases = InterchangeFile(
        name: "cases.csv", format: .csv, table: .cases, identifier: "case_no", keyColumns: ["case_no"],
        columns: [
            .init("case_no", required: true), .init("opened_on", .date, required: true),
            .init("kind", .code(.caseKind), required: true), .init("adcode", .adcode), .init("summary"),
            .init("sticks", count), .init("value_yuan", column: "value_fen", .money),
            .init("status", .code(.caseStatus), required: true),
            .init("department", .code(.department), required: true),
        ],
        adcodeRules: [.column], receiverAddressField: nil, foreignKey: nil, order: 5)

    public static let waybills = InterchangeFile(
        name: "waybills.csv", format: .csv, table: .waybills, identifier: "waybill_no", keyColumns: ["waybill_no"],
        columns: [
            .init("waybill_no", .waybillNo, required: true), .init("courier", .code(.courier), required: true),
            .init("sender_name"), .init("sender_phone", .phone), .init("sender_address"),
            .init("receiver_name"), .init("receiver_phone", .phone), .init("receiver_address"),
            .init("item_desc"), .init("pieces", count, required: true),
            .init("weight_kg", .real(0...1_000_000), required: true),
            .init("accepted_at", .timestamp, required: true), .init("origin_outlet"),
            .init("delivered_at", .timestamp), .init("xray_suspect", .flag, default: .int(0)),
            .init("seized", .flag, default: .int(0)),
        ],
        adcodeRules: [.column, .address(field: "sender_address")], receiverAddressField: "receiver_address",
        foreignKey: nil, order: 6)

    /// Payments carry no adcode: accounts have no place, so fund flows are visible nationally only.
    public static let payments = InterchangeFile(
        name: "payments.csv", format: .csv, table: .payments, identifier: "txn_id", keyColumns: ["txn_id"],
        columns: [
            .init("txn_id", required: true), .init("ts", .timestamp, required: true),
            .init("payer_account", required: true), .init("payer_name"),
            .init("payee_account", required: true), .init("payee_name"),
            .init("amount", column: "amount_fen", .money, required: true), .init("channel", required: true),
        ],
        adcodeRules: [], receiverAddressField: nil, foreignKey: nil, order: 7)

    public static let tips = InterchangeFile(
        name: "tips.jsonl", format: .jsonLines, table: .tips, identifier: "tip_id", keyColumns: ["tip_id"],
        columns: [
            .init("tip_id", required: true), .init("received_at", .timestamp, required: true),
            .init("channel", required: true), .init("text", required: true), .init("phone", .phone),
            .init("address"), .init("lat", latitude), .init("lon", longitude),
        ],
        adcodeRules: [.column, .address(field: "address"), .coordinates], receiverAddressField: nil,
        foreignKey: nil, order: 8)

    public static let orders = InterchangeFile(
        name: "orders.csv", format: .csv, table: .orders, identifier: "order_id", keyColumns: ["order_id"],
        columns: [
            .init("order_id", required: true), .init("licence_no", .licenceNo, required: true),
            .init("order_date", .date, required: true), .init("brand", required: true), .init("product_code"),
            .init("cartons", count, required: true),
            .init("unit_price", column: "unit_price_fen", .money, required: true),
            .init("amount", column: "amount_fen", .money, required: true),
            .init("returned_cartons", count), .init("quota_cartons", count),
        ],
        adcodeRules: [.column, .parent], receiverAddressField: nil,
        foreignKey: ForeignKey(field: "licence_no", parent: .retailers), order: 9)

    public static let posSales = InterchangeFile(
        name: "pos_sales.csv", format: .csv, table: .posSales, identifier: "sale_id", keyColumns: ["sale_id"],
        columns: [
            .init("sale_id", required: true), .init("licence_no", .licenceNo, required: true),
            .init("ts", .timestamp, required: true), .init("brand", required: true),
            .init("packs", count, required: true), .init("amount", column: "amount_fen", .money, required: true),
        ],
        adcodeRules: [.column, .parent], receiverAddressField: nil,
        foreignKey: ForeignKey(field: "licence_no", parent: .retailers), order: 10)

    public static let plateReads = InterchangeFile(
        name: "plate_reads.csv", format: .csv, table: .plateReads, identifier: "read_id", keyColumns: ["read_id"],
        columns: [
            .init("read_id", required: true), .init("plate", .plate, required: true),
            .init("plate_color", .softCode(.plateColor)), .init("camera_id", required: true),
            .init("ts", .timestamp, required: true), .init("vehicle_type"), .init("confidence", .real(0...1)),
        ],
        adcodeRules: [.column, .parent], receiverAddressField: nil,
        foreignKey: ForeignKey(field: "camera_id", parent: .cameras), order: 11)

    public static let videoEvents = InterchangeFile(
        name: "video_events.jsonl", format: .jsonLines, table: .videoEvents, identifier: "event_id",
        keyColumns: ["event_id"],
        columns: [
            .init("event_id", required: true), .init("camera_id", required: true),
            .init("ts", .timestamp, required: true), .init("type", .code(.videoEventType), required: true),
            .init("confidence", .real(0...1), required: true), .init("plate", .plate), .init("count", count),
            .init("snapshot"),
        ],
        adcodeRules: [.column, .parent], receiverAddressField: nil,
        foreignKey: ForeignKey(field: "camera_id", parent: .cameras), order: 12)

    public static let caseLinks = InterchangeFile(
        name: "case_links.csv", format: .csv, table: .caseLinks, identifier: nil,
        keyColumns: ["case_no", "entity_kind", "entity_value", "role"],
        columns: [
            .init("case_no", required: true), .init("entity_kind", .code(.caseEntityKind), required: true),
            .init("entity_value", .entityValue, required: true), .init("role", default: .text("")),
        ],
        adcodeRules: [.column, .parent], receiverAddressField: nil,
        foreignKey: ForeignKey(field: "case_no", parent: .cases), order: 13)
}
