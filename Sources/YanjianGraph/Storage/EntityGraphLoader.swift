import Logging
import YanjianCore
import YanjianStore

/// Reads the domain tables of a store into an ``EntityGraph``: waybills, transfers, person files, cases
/// and their links, retailers and business registrations, with keyset pagination (pages of
/// `pageSize` rows) into flat columns.
///
/// Every row becomes edges between entity nodes keyed by ``EntityKeys``; masked or unusable values
/// never become nodes, so they cannot link anything.
public struct EntityGraphLoader: Sendable {
    /// Rows per query.
    public var pageSize: Int
    /// How waybills are flagged as carton-sized or disguised.
    public var profile: ParcelProfile
    /// The division table used to key addresses.
    public var divisions: AdminDivisions

    /// Creates a loader.
    public init(pageSize: Int = 50_000, profile: ParcelProfile = .standard, divisions: AdminDivisions = .shared) {
        self.pageSize = pageSize
        self.profile = profile
        self.divisions = divisions
    }

    /// Loads the whole graph.
    public func load(from store: Store, logger: Logger) async throws -> EntityGraph {
        let waybills = try await store.db.scalarInt("SELECT COUNT(*) FROM waybills")
        let payments = try await store.db.scalarInt("SELECT COUNT(*) FROM payments")
        var builder = EntityGraphBuilder(nodes: Int(waybills) * 2 + 4096, edges: Int(waybills) * 5 + Int(payments) + 4096)
        builder.facts.reserve(waybills: Int(waybills), payments: Int(payments))
        var state = LoadState(builder: consume builder, profile: profile, divisions: divisions)
        try await loadWaybills(store, &state)
        HeapTrim.release()
        try await loadPayments(store, &state)
        try await loadPersons(store, &state)
        try await loadCases(store, &state)
        try await loadRetailers(store, &state)
        try await loadCompanies(store, &state)
        logger.info("entity graph loaded", metadata: [
            "graph.nodes": "\(state.builder.nodeCount)", "graph.waybills": "\(state.builder.facts.waybillCount)",
            "graph.payments": "\(state.builder.facts.paymentCount)",
        ])
        // Drop the loader's memos (raw address and description texts) before the freeze, which is the
        // load's memory peak.
        let loaded = state.builder
        state = LoadState(builder: EntityGraphBuilder(nodes: 0, edges: 0), profile: profile, divisions: divisions)
        HeapTrim.release()
        logger.debug("entity graph rows read", metadata: ["rss_mb": "\(HeapTrim.residentMegabytes() ?? -1)"])
        let graph = (consume loaded).build()
        logger.debug("entity graph frozen", metadata: ["rss_mb": "\(HeapTrim.residentMegabytes() ?? -1)"])
        return graph
    }

    /// Runs `sql` page by page; `sql` must select the key column first, filter on `key > ?`, order by
    /// it and end with `LIMIT ?`.
    func pages(_ store: Store, _ sql: String, _ body: ([SQLRow]) throws -> Void) async throws {
        var last = ""
        while true {
            try Task.checkCancellation()
            let rows = try await store.db.query(sql, [.text(last), .int(Int64(pageSize))])
            if rows.isEmpty { return }
            try body(rows)
            guard let key = rows.last?.values.first?.text, rows.count == pageSize else { return }
            last = key
        }
    }

    func loadWaybills(_ store: Store, _ state: inout LoadState) async throws {
        let sql = """
            SELECT waybill_no, sender_name, sender_phone, sender_address, receiver_name, receiver_phone, receiver_address,
                   item_desc, pieces, weight_kg, accepted_at, origin_outlet, xray_suspect, seized, adcode, receiver_adcode
            FROM waybills WHERE waybill_no > ? ORDER BY waybill_no LIMIT ?
            """
        try await pages(store, sql) { rows in
            for row in rows { state.addWaybill(row.values) }
        }
    }

    func loadPayments(_ store: Store, _ state: inout LoadState) async throws {
        let sql = """
            SELECT txn_id, ts, payer_account, payer_name, payee_account, payee_name, amount_fen
            FROM payments WHERE txn_id > ? ORDER BY txn_id LIMIT ?
            """
        try await pages(store, sql) { rows in
            for row in rows { state.addPayment(row.values) }
        }
    }

    func loadPersons(_ store: Store, _ state: inout LoadState) async throws {
        let sql = """
            SELECT person_id, name, id_no, phones, addresses, accounts, plates, adcode
            FROM persons WHERE person_id > ? ORDER BY person_id LIMIT ?
            """
        try await pages(store, sql) { rows in
            for row in rows { state.addPerson(row.values) }
        }
    }

    func loadCases(_ store: Store, _ state: inout LoadState) async throws {
        try await pages(store, "SELECT case_no, opened_on, adcode FROM cases WHERE case_no > ? ORDER BY case_no LIMIT ?") { rows in
            for row in rows { state.addCase(row.values) }
        }
        // case_links has a composite key: page on the rowid-free natural order of its primary key.
        var last = ["", "", "", ""]
        while true {
            try Task.checkCancellation()
            let rows = try await store.db.query(
                """
                SELECT case_no, entity_kind, entity_value, role, adcode FROM case_links
                WHERE (case_no, entity_kind, entity_value, role) > (?, ?, ?, ?)
                ORDER BY case_no, entity_kind, entity_value, role LIMIT ?
                """,
                last.map { .text($0) } + [.int(Int64(pageSize))])
            for row in rows { state.addCaseLink(row.values) }
            guard rows.count == pageSize, let row = rows.last else { break }
            last = (0..<4).map { row.values[$0].text ?? "" }
        }
    }

    func loadRetailers(_ store: Store, _ state: inout LoadState) async throws {
        let sql = """
            SELECT licence_no, owner_name, owner_id_no, phone, address, accounts, credit_code, adcode
            FROM retailers WHERE licence_no > ? ORDER BY licence_no LIMIT ?
            """
        try await pages(store, sql) { rows in
            for row in rows { state.addRetailer(row.values) }
        }
    }

    func loadCompanies(_ store: Store, _ state: inout LoadState) async throws {
        let sql = """
            SELECT credit_code, legal_person, legal_person_id_no, address, adcode
            FROM business_registrations WHERE credit_code > ? ORDER BY credit_code LIMIT ?
            """
        try await pages(store, sql) { rows in
            for row in rows { state.addCompany(row.values) }
        }
    }
}
