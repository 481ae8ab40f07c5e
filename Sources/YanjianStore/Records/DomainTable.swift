import YanjianCore

/// How a stored column is typed, for reading rows back into API values.
public enum ColumnType: Sendable {
    case text, int, real
}

/// One column of a domain table as the store and the API see it.
public struct DomainColumn: Sendable {
    /// The SQL column and API field name.
    public let name: String
    public let type: ColumnType
    /// How the column is masked when the caller has no unmask grant; nil for non-personal data.
    public let personal: PersonalField?
    /// Whether list endpoints may filter on it with an exact match.
    public let filterable: Bool

    init(_ name: String, _ type: ColumnType = .text, personal: PersonalField? = nil, filterable: Bool = false) {
        self.name = name
        self.type = type
        self.personal = personal
        self.filterable = filterable
    }
}

/// A table of imported operational data (one per interchange file) with its key, columns, personal
/// fields and the adcode column that places each record in a jurisdiction.
public struct DomainTable: Sendable {
    /// The SQL table name, also the API collection name.
    public let name: String
    /// The identifier column.
    public let key: String
    public let columns: [DomainColumn]
    /// Default ordering for listings.
    public let order: String
    /// The personal columns' positions and masks (masking a page walks only these).
    public let personalColumns: [(index: Int, field: PersonalField)]

    init(name: String, key: String, columns: [DomainColumn], order: String) {
        self.name = name
        self.key = key
        self.columns = columns
        self.order = order
        personalColumns = columns.enumerated().compactMap { index, column in column.personal.map { (index, $0) } }
    }

    /// The column that places a record in a jurisdiction.
    public var adcodeColumn: String { "adcode" }

    /// Looks a table up by name.
    public static func named(_ name: String) -> DomainTable? { all.first { $0.name == name } }

    /// Every domain table.
    public static let all: [DomainTable] = [
        retailers, orders, posSales, businessRegistrations, waybills, persons, cases, caseLinks, payments,
        cameras, plateReads, videoEvents, units, tips,
    ]

    public static let retailers = DomainTable(name: "retailers", key: "licence_no", columns: [
        .init("licence_no", filterable: true), .init("name"), .init("owner_name", personal: .name),
        .init("owner_id_no", personal: .idNumber), .init("phone", personal: .phone, filterable: true),
        .init("address"), .init("adcode", filterable: true), .init("lat", .real), .init("lon", .real),
        .init("business_type", filterable: true), .init("status", filterable: true), .init("issued_on"),
        .init("expires_on"), .init("credit_code", filterable: true), .init("accounts", personal: .account),
    ], order: "licence_no")

    public static let orders = DomainTable(name: "orders", key: "order_id", columns: [
        .init("order_id", filterable: true), .init("licence_no", filterable: true), .init("order_date"),
        .init("brand", filterable: true), .init("product_code"), .init("cartons", .int), .init("unit_price_fen", .int),
        .init("amount_fen", .int), .init("returned_cartons", .int), .init("quota_cartons", .int), .init("adcode"),
    ], order: "order_date DESC, order_id")

    public static let posSales = DomainTable(name: "pos_sales", key: "sale_id", columns: [
        .init("sale_id", filterable: true), .init("licence_no", filterable: true), .init("ts", .int),
        .init("brand", filterable: true), .init("packs", .int), .init("amount_fen", .int), .init("adcode"),
    ], order: "ts DESC, sale_id")

    public static let businessRegistrations = DomainTable(name: "business_registrations", key: "credit_code", columns: [
        .init("credit_code", filterable: true), .init("name"), .init("legal_person", personal: .name),
        .init("legal_person_id_no", personal: .idNumber), .init("address"), .init("adcode"),
        .init("status", filterable: true), .init("abnormal_list", .int), .init("updated_on"),
    ], order: "credit_code")

    public static let waybills = DomainTable(name: "waybills", key: "waybill_no", columns: [
        .init("waybill_no", filterable: true), .init("courier", filterable: true), .init("sender_name", personal: .name),
        .init("sender_phone", personal: .phone, filterable: true), .init("sender_address", personal: .address),
        .init("receiver_name", personal: .name), .init("receiver_phone", personal: .phone, filterable: true),
        .init("receiver_address", personal: .address), .init("item_desc"), .init("pieces", .int),
        .init("weight_kg", .real), .init("accepted_at", .int), .init("origin_outlet", filterable: true),
        .init("delivered_at", .int), .init("xray_suspect", .int), .init("seized", .int), .init("adcode"),
        .init("receiver_adcode"),
    ], order: "accepted_at DESC, waybill_no")

    public static let persons = DomainTable(name: "persons", key: "person_id", columns: [
        .init("person_id", filterable: true), .init("name", personal: .name), .init("id_no", personal: .idNumber, filterable: true),
        .init("phones", personal: .phone), .init("addresses", personal: .address), .init("accounts", personal: .account),
        .init("plates"), .init("source"), .init("note"), .init("adcode"),
    ], order: "person_id")

    public static let cases = DomainTable(name: "cases", key: "case_no", columns: [
        .init("case_no", filterable: true), .init("opened_on"), .init("kind", filterable: true), .init("adcode"),
        .init("summary"), .init("sticks", .int), .init("value_fen", .int), .init("status", filterable: true),
        .init("department", filterable: true),
    ], order: "opened_on DESC, case_no")

    public static let caseLinks = DomainTable(name: "case_links", key: "case_no", columns: [
        .init("case_no", filterable: true), .init("entity_kind", filterable: true), .init("entity_value"),
        .init("role"), .init("adcode"),
    ], order: "case_no, entity_kind, entity_value")

    public static let payments = DomainTable(name: "payments", key: "txn_id", columns: [
        .init("txn_id", filterable: true), .init("ts", .int), .init("payer_account", personal: .account, filterable: true),
        .init("payer_name", personal: .name), .init("payee_account", personal: .account, filterable: true),
        .init("payee_name", personal: .name), .init("amount_fen", .int), .init("channel"), .init("adcode"),
    ], order: "ts DESC, txn_id")

    public static let cameras = DomainTable(name: "cameras", key: "camera_id", columns: [
        .init("camera_id", filterable: true), .init("name"), .init("kind", filterable: true), .init("lat", .real),
        .init("lon", .real), .init("adcode"), .init("direction"),
    ], order: "camera_id")

    public static let plateReads = DomainTable(name: "plate_reads", key: "read_id", columns: [
        .init("read_id", filterable: true), .init("plate", filterable: true), .init("plate_color"),
        .init("camera_id", filterable: true), .init("ts", .int), .init("vehicle_type"), .init("confidence", .real),
        .init("adcode"),
    ], order: "ts DESC, read_id")

    public static let videoEvents = DomainTable(name: "video_events", key: "event_id", columns: [
        .init("event_id", filterable: true), .init("camera_id", filterable: true), .init("ts", .int),
        .init("type", filterable: true), .init("confidence", .real), .init("plate"), .init("count", .int),
        .init("snapshot"), .init("adcode"),
    ], order: "ts DESC, event_id")

    public static let units = DomainTable(name: "units", key: "unit_id", columns: [
        .init("unit_id", filterable: true), .init("department", filterable: true), .init("name"), .init("lat", .real),
        .init("lon", .real), .init("adcode"), .init("members", .int), .init("status", filterable: true),
    ], order: "unit_id")

    public static let tips = DomainTable(name: "tips", key: "tip_id", columns: [
        .init("tip_id", filterable: true), .init("received_at", .int), .init("channel"), .init("text"),
        .init("phone", personal: .phone), .init("address", personal: .address), .init("lat", .real), .init("lon", .real),
        .init("adcode"),
    ], order: "received_at DESC, tip_id")
}
