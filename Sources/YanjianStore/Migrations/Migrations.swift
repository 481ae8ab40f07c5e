/// The schema history, oldest first. Append only: never edit or reorder a migration that has shipped.
public enum Migrations {
    /// Every migration this version knows.
    public static let all: [Migration] = [security, domain, domainIndexes, findings, workflow, cases, publicTips, models, assistance, caseTasks, partners, unitMembers, fieldEvidence, retailerLists, modelCandidates, recordHistory, identityDecisions, byteOrderKeys]

    static let security = Migration(id: "0001-security", statements: [
        """
        CREATE TABLE users (
            id {ID},
            username TEXT NOT NULL UNIQUE,
            display_name TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('admin','analyst','investigator','liaison','auditor','partner')),
            department TEXT NOT NULL,
            jurisdiction TEXT NOT NULL,
            disabled {INT} NOT NULL DEFAULT 0,
            failed_logins {INT} NOT NULL DEFAULT 0,
            locked_until {INT} NOT NULL DEFAULT 0,
            totp_secret TEXT,
            created_at {INT} NOT NULL,
            password_changed_at {INT} NOT NULL
        )
        """,
        """
        CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY,
            user_id {INT} NOT NULL REFERENCES users(id),
            created_at {INT} NOT NULL,
            expires_at {INT} NOT NULL,
            last_seen_at {INT} NOT NULL
        )
        """,
        "CREATE INDEX sessions_user ON sessions(user_id)",
        """
        CREATE TABLE api_keys (
            id {ID},
            key_hash TEXT NOT NULL UNIQUE,
            prefix TEXT NOT NULL,
            user_id {INT} NOT NULL REFERENCES users(id),
            label TEXT NOT NULL,
            created_at {INT} NOT NULL,
            revoked_at {INT}
        )
        """,
        """
        CREATE TABLE unmask_grants (
            id {ID},
            user_id {INT} NOT NULL REFERENCES users(id),
            purpose TEXT NOT NULL,
            granted_at {INT} NOT NULL,
            expires_at {INT} NOT NULL
        )
        """,
        """
        CREATE TABLE login_attempts (
            id {ID},
            username TEXT NOT NULL,
            client TEXT NOT NULL,
            at {INT} NOT NULL,
            success {INT} NOT NULL
        )
        """,
        "CREATE INDEX login_attempts_client ON login_attempts(client, at)",
        """
        CREATE TABLE audit_log (
            seq {INT} PRIMARY KEY,
            at {INT} NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            details TEXT NOT NULL,
            prev_mac TEXT NOT NULL,
            mac TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE audit_checkpoints (
            seq {INT} PRIMARY KEY,
            at {INT} NOT NULL,
            mac TEXT NOT NULL,
            signature TEXT NOT NULL,
            public_key TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE import_batches (
            id {ID},
            started_at {INT} NOT NULL,
            finished_at {INT},
            source TEXT NOT NULL,
            actor TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('running','committed','failed','rolled_back')),
            files TEXT NOT NULL DEFAULT '[]',
            rows_read {INT} NOT NULL DEFAULT 0,
            rows_accepted {INT} NOT NULL DEFAULT 0,
            rows_rejected {INT} NOT NULL DEFAULT 0,
            report TEXT
        )
        """,
        """
        CREATE TABLE record_versions (
            id {ID},
            table_name TEXT NOT NULL,
            record_id TEXT NOT NULL,
            batch_id {INT},
            source_file TEXT,
            source_line {INT},
            replaced_at {INT} NOT NULL,
            data TEXT NOT NULL
        )
        """,
        "CREATE INDEX record_versions_record ON record_versions(table_name, record_id)",
    ])

    /// Record history for imports: which batch replaced a version (so a batch can be undone), and who
    /// runs a batch (so a batch left `running` by a killed process is found). The per-table history
    /// triggers are created by `Store.installRecordHistory()` from the live column lists.
    static let recordHistory = Migration(id: "0016-record-history", statements: [
        "ALTER TABLE record_versions ADD COLUMN replaced_by {INT}",
        "CREATE INDEX record_versions_replaced_by ON record_versions(replaced_by)",
        "ALTER TABLE import_batches ADD COLUMN pid {INT}",
        "ALTER TABLE import_batches ADD COLUMN host TEXT",
        "ALTER TABLE import_batches ADD COLUMN heartbeat_at {INT}",
    ])

    /// Analysts' identity decisions for link analysis: two entities are one party (merge) or never
    /// one (split); applied on every run until revoked, with who and why for both.
    static let identityDecisions = Migration(id: "0017-identity-decisions", statements: [
        """
        CREATE TABLE identity_decisions (
            id {ID},
            action TEXT NOT NULL CHECK (action IN ('merge','split')),
            entity_a TEXT NOT NULL,
            entity_b TEXT NOT NULL,
            reason TEXT NOT NULL,
            decided_by TEXT NOT NULL,
            decided_at {INT} NOT NULL,
            revoked_by TEXT,
            revoked_at {INT},
            revoke_reason TEXT
        )
        """,
        "CREATE UNIQUE INDEX identity_decisions_live ON identity_decisions(entity_a, entity_b) WHERE revoked_at IS NULL",
    ])

    /// PostgreSQL: the waybill columns with secondary indexes (phones, division codes; ASCII digits) compare
    /// byte by byte (`COLLATE "C"`) instead of by the cluster's locale, which orders and compares the same
    /// for digits at a fraction of the cost: the deferred rebuild of 1M waybills' indexes made the bulk
    /// load 185–206k rows/s with the locale and 223–233k with "C" (`YanjianBench bulk --defer-indexes`).
    /// Equality with parameters is unchanged; these columns are never compared with another table's
    /// columns, where two different collations would have to be reconciled. SQLite compares bytes already.
    static let byteOrderKeys = Migration(id: "0018-byte-order-keys", statements: [
        Migration.postgresOnly + """
            ALTER TABLE waybills ALTER COLUMN sender_phone TYPE TEXT COLLATE "C", ALTER COLUMN receiver_phone TYPE TEXT COLLATE "C",
                ALTER COLUMN adcode TYPE TEXT COLLATE "C"
            """,
    ])

    /// Lineage columns every imported record carries.
    static let lineage = "batch_id {INT}, source_file TEXT, source_line {INT}, extra TEXT"

    static let domain = Migration(id: "0002-domain", statements: [
        """
        CREATE TABLE retailers (
            licence_no TEXT PRIMARY KEY, name TEXT NOT NULL, owner_name TEXT NOT NULL, owner_id_no TEXT,
            phone TEXT, address TEXT NOT NULL, adcode TEXT, lat {REAL}, lon {REAL}, business_type TEXT NOT NULL,
            status TEXT NOT NULL, issued_on TEXT NOT NULL, expires_on TEXT, credit_code TEXT, accounts TEXT,
            \(lineage)
        )
        """,
        """
        CREATE TABLE orders (
            order_id TEXT PRIMARY KEY, licence_no TEXT NOT NULL, order_date TEXT NOT NULL, brand TEXT NOT NULL,
            product_code TEXT, cartons {INT} NOT NULL CHECK (cartons >= 0), unit_price_fen {INT} NOT NULL,
            amount_fen {INT} NOT NULL, returned_cartons {INT}, quota_cartons {INT}, adcode TEXT,
            \(lineage)
        )
        """,
        """
        CREATE TABLE pos_sales (
            sale_id TEXT PRIMARY KEY, licence_no TEXT NOT NULL, ts {INT} NOT NULL, brand TEXT NOT NULL,
            packs {INT} NOT NULL, amount_fen {INT} NOT NULL, adcode TEXT,
            \(lineage)
        )
        """,
        """
        CREATE TABLE business_registrations (
            credit_code TEXT PRIMARY KEY, name TEXT NOT NULL, legal_person TEXT NOT NULL,
            legal_person_id_no TEXT, address TEXT NOT NULL, adcode TEXT, status TEXT NOT NULL,
            abnormal_list {INT} NOT NULL DEFAULT 0, updated_on TEXT NOT NULL,
            \(lineage)
        )
        """,
        """
        CREATE TABLE waybills (
            waybill_no TEXT PRIMARY KEY, courier TEXT NOT NULL, sender_name TEXT, sender_phone TEXT,
            sender_address TEXT, receiver_name TEXT, receiver_phone TEXT, receiver_address TEXT, item_desc TEXT,
            pieces {INT} NOT NULL, weight_kg {REAL} NOT NULL, accepted_at {INT} NOT NULL, origin_outlet TEXT,
            delivered_at {INT}, xray_suspect {INT} NOT NULL DEFAULT 0, seized {INT} NOT NULL DEFAULT 0,
            adcode TEXT, receiver_adcode TEXT,
            \(lineage)
        )
        """,
        """
        CREATE TABLE persons (
            person_id TEXT PRIMARY KEY, name TEXT NOT NULL, id_no TEXT, phones TEXT, addresses TEXT,
            accounts TEXT, plates TEXT, source TEXT NOT NULL, note TEXT, adcode TEXT,
            \(lineage)
        )
        """,
        """
        CREATE TABLE cases (
            case_no TEXT PRIMARY KEY, opened_on TEXT NOT NULL, kind TEXT NOT NULL, adcode TEXT, summary TEXT,
            sticks {INT}, value_fen {INT}, status TEXT NOT NULL, department TEXT NOT NULL,
            \(lineage)
        )
        """,
        """
        CREATE TABLE case_links (
            case_no TEXT NOT NULL, entity_kind TEXT NOT NULL, entity_value TEXT NOT NULL, role TEXT NOT NULL DEFAULT '',
            adcode TEXT,
            \(lineage),
            PRIMARY KEY (case_no, entity_kind, entity_value, role)
        )
        """,
        """
        CREATE TABLE payments (
            txn_id TEXT PRIMARY KEY, ts {INT} NOT NULL, payer_account TEXT NOT NULL, payer_name TEXT,
            payee_account TEXT NOT NULL, payee_name TEXT, amount_fen {INT} NOT NULL, channel TEXT NOT NULL,
            adcode TEXT,
            \(lineage)
        )
        """,
        """
        CREATE TABLE cameras (
            camera_id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, lat {REAL} NOT NULL,
            lon {REAL} NOT NULL, adcode TEXT, direction TEXT,
            \(lineage)
        )
        """,
        """
        CREATE TABLE plate_reads (
            read_id TEXT PRIMARY KEY, plate TEXT NOT NULL, plate_color TEXT, camera_id TEXT NOT NULL,
            ts {INT} NOT NULL, vehicle_type TEXT, confidence {REAL}, adcode TEXT,
            \(lineage)
        )
        """,
        """
        CREATE TABLE video_events (
            event_id TEXT PRIMARY KEY, camera_id TEXT NOT NULL, ts {INT} NOT NULL, type TEXT NOT NULL,
            confidence {REAL}, plate TEXT, count {INT}, snapshot TEXT, adcode TEXT,
            \(lineage)
        )
        """,
        """
        CREATE TABLE units (
            unit_id TEXT PRIMARY KEY, department TEXT NOT NULL, name TEXT NOT NULL, lat {REAL} NOT NULL,
            lon {REAL} NOT NULL, adcode TEXT, members {INT} NOT NULL, status TEXT NOT NULL,
            \(lineage)
        )
        """,
        """
        CREATE TABLE tips (
            tip_id TEXT PRIMARY KEY, received_at {INT} NOT NULL, channel TEXT NOT NULL, text TEXT NOT NULL,
            phone TEXT, address TEXT, lat {REAL}, lon {REAL}, adcode TEXT,
            \(lineage)
        )
        """,
    ])

    static let domainIndexes = Migration(id: "0003-domain-indexes", statements: [
        "CREATE INDEX retailers_adcode ON retailers(adcode)",
        "CREATE INDEX orders_licence ON orders(licence_no, order_date)",
        "CREATE INDEX pos_sales_licence ON pos_sales(licence_no, ts)",
        "CREATE INDEX waybills_adcode ON waybills(adcode)",
        "CREATE INDEX waybills_sender_phone ON waybills(sender_phone)",
        "CREATE INDEX waybills_receiver_phone ON waybills(receiver_phone)",
        "CREATE INDEX persons_id_no ON persons(id_no)",
        "CREATE INDEX cases_adcode ON cases(adcode)",
        "CREATE INDEX case_links_entity ON case_links(entity_kind, entity_value)",
        "CREATE INDEX payments_payer ON payments(payer_account)",
        "CREATE INDEX payments_payee ON payments(payee_account)",
        "CREATE INDEX plate_reads_plate ON plate_reads(plate, ts)",
        "CREATE INDEX plate_reads_camera ON plate_reads(camera_id, ts)",
        "CREATE INDEX video_events_camera ON video_events(camera_id, ts)",
    ])

    static let findings = Migration(id: "0004-findings", statements: [
        """
        CREATE TABLE analysis_runs (
            id {ID},
            analysis TEXT NOT NULL,
            started_at {INT} NOT NULL,
            finished_at {INT},
            status TEXT NOT NULL CHECK (status IN ('running','done','failed')),
            parameters TEXT NOT NULL DEFAULT '{}',
            summary TEXT NOT NULL DEFAULT '{}'
        )
        """,
        """
        CREATE TABLE findings (
            id {ID},
            run_id {INT} NOT NULL REFERENCES analysis_runs(id),
            analysis TEXT NOT NULL,
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            score {REAL} NOT NULL,
            label TEXT,
            adcode TEXT,
            details TEXT NOT NULL DEFAULT '{}',
            created_at {INT} NOT NULL
        )
        """,
        "CREATE INDEX findings_kind ON findings(kind, score)",
        "CREATE INDEX findings_subject ON findings(kind, subject)",
    ])
}
