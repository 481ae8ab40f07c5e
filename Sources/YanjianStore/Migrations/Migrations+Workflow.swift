/// The closed loop's schema (migrations 0005 onwards): warnings and dispatch, cases and evidence,
/// public tips, the model registry, assistance, tasks, partners, unit members, field evidence, the key-
/// retailer lists and model candidates. Kept apart from the foundation's migrations only for size;
/// `Migrations.all` is the one ordered list.
extension Migrations {
    /// The closed loop: warnings raised from findings, their timeline, and the units dispatched to them.
    static let workflow = Migration(id: "0005-workflow", statements: [
        """
        CREATE TABLE warnings (
            id {ID},
            target_kind TEXT NOT NULL,
            target TEXT NOT NULL,
            level TEXT NOT NULL CHECK (level IN ('red','orange','yellow','blue')),
            status TEXT NOT NULL CHECK (status IN ('new','acknowledged','dispatched','on_site','confirmed','dismissed','closed')),
            rule_ids TEXT NOT NULL,
            reason TEXT NOT NULL,
            evidence TEXT NOT NULL DEFAULT '[]',
            department TEXT NOT NULL,
            departments TEXT NOT NULL DEFAULT '[]',
            adcode TEXT,
            lat {REAL},
            lon {REAL},
            raised_at {INT} NOT NULL,
            updated_at {INT} NOT NULL,
            due_at {INT} NOT NULL,
            escalations {INT} NOT NULL DEFAULT 0,
            closed_at {INT}
        )
        """,
        "CREATE INDEX warnings_target ON warnings(target_kind, target)",
        "CREATE INDEX warnings_status ON warnings(status, level)",
        """
        CREATE TABLE warning_events (
            id {ID},
            warning_id {INT} NOT NULL REFERENCES warnings(id),
            at {INT} NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            from_status TEXT,
            to_status TEXT,
            note TEXT
        )
        """,
        "CREATE INDEX warning_events_warning ON warning_events(warning_id, id)",
        """
        CREATE TABLE dispatches (
            id {ID},
            warning_id {INT} NOT NULL REFERENCES warnings(id),
            unit_id TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('dispatched','arrived','handling','reported','cancelled')),
            distance_km {REAL},
            eta_minutes {REAL},
            created_at {INT} NOT NULL,
            updated_at {INT} NOT NULL,
            actor TEXT NOT NULL,
            result TEXT CHECK (result IS NULL OR result IN ('confirmed','not_found','other')),
            note TEXT
        )
        """,
        "CREATE INDEX dispatches_warning ON dispatches(warning_id)",
        "CREATE INDEX dispatches_unit ON dispatches(unit_id, status)",
    ])

    /// Cases worked in the platform: opened from a verified warning, with a timeline, immutable
    /// content-addressed evidence and its chain of custody, and transfers between departments and regions.
    static let cases = Migration(id: "0006-cases", statements: [
        "ALTER TABLE cases ADD COLUMN warning_id {INT}",
        """
        CREATE TABLE case_events (
            id {ID},
            case_no TEXT NOT NULL,
            at {INT} NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            from_status TEXT,
            to_status TEXT,
            note TEXT
        )
        """,
        "CREATE INDEX case_events_case ON case_events(case_no, id)",
        """
        CREATE TABLE evidence (
            id {ID},
            case_no TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('document','photo','video_snapshot','waybill_extract','camera_package','other')),
            filename TEXT NOT NULL,
            media_type TEXT NOT NULL,
            size {INT} NOT NULL,
            content {BLOB} NOT NULL,
            description TEXT,
            added_at {INT} NOT NULL,
            added_by TEXT NOT NULL,
            UNIQUE (case_no, sha256)
        )
        """,
        """
        CREATE TABLE evidence_custody (
            id {ID},
            evidence_id {INT} NOT NULL REFERENCES evidence(id),
            at {INT} NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            note TEXT
        )
        """,
        "CREATE INDEX evidence_custody_item ON evidence_custody(evidence_id, id)",
        """
        CREATE TABLE transfers (
            id {ID},
            case_no TEXT NOT NULL,
            from_department TEXT NOT NULL,
            to_department TEXT NOT NULL,
            from_adcode TEXT,
            to_adcode TEXT,
            reason TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending','accepted','returned')),
            created_at {INT} NOT NULL,
            created_by TEXT NOT NULL,
            decided_at {INT},
            decided_by TEXT,
            decision_note TEXT
        )
        """,
        "CREATE INDEX transfers_case ON transfers(case_no, id)",
        "CREATE INDEX transfers_to ON transfers(to_department, status)",
    ])

    /// The public tip-off channel: receipts (only their hashes) for two-way anonymous follow-up, the
    /// messages exchanged, attached photos, and rewards proposed from case outcomes.
    static let publicTips = Migration(id: "0007-public-tips", statements: [
        """
        CREATE TABLE tip_receipts (
            tip_id TEXT PRIMARY KEY,
            receipt_hash TEXT NOT NULL UNIQUE,
            status TEXT NOT NULL CHECK (status IN ('received','reviewing','verified','not_verified','closed')),
            anonymous {INT} NOT NULL,
            text_hash TEXT NOT NULL,
            created_at {INT} NOT NULL,
            updated_at {INT} NOT NULL
        )
        """,
        "CREATE INDEX tip_receipts_text ON tip_receipts(text_hash, created_at)",
        """
        CREATE TABLE tip_messages (
            id {ID},
            tip_id TEXT NOT NULL,
            at {INT} NOT NULL,
            sender TEXT NOT NULL CHECK (sender IN ('tipster','officer')),
            author TEXT,
            body TEXT NOT NULL
        )
        """,
        "CREATE INDEX tip_messages_tip ON tip_messages(tip_id, id)",
        """
        CREATE TABLE tip_attachments (
            id {ID},
            tip_id TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            media_type TEXT NOT NULL,
            size {INT} NOT NULL,
            content {BLOB} NOT NULL,
            added_at {INT} NOT NULL
        )
        """,
        """
        CREATE TABLE rewards (
            id {ID},
            tip_id TEXT NOT NULL,
            case_no TEXT NOT NULL,
            amount_fen {INT} NOT NULL CHECK (amount_fen >= 0),
            basis TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('proposed','approved','rejected','paid')),
            proposed_at {INT} NOT NULL,
            proposed_by TEXT NOT NULL,
            decided_at {INT},
            decided_by TEXT,
            paid_at {INT},
            note TEXT,
            UNIQUE (tip_id, case_no)
        )
        """,
    ])

    /// The model registry: every trained version of a model with its training-data fingerprint,
    /// label counts, metrics and feature importances; one active version per model.
    static let models = Migration(id: "0008-models", statements: [
        """
        CREATE TABLE model_versions (
            id {ID},
            model TEXT NOT NULL,
            version {INT} NOT NULL,
            trained_at {INT} NOT NULL,
            fingerprint TEXT NOT NULL,
            parameters TEXT NOT NULL,
            training TEXT NOT NULL,
            metrics TEXT NOT NULL,
            importances TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('active','retired')),
            UNIQUE (model, version)
        )
        """,
    ])

    /// Requests for assistance between jurisdictions (协查): verify an address, intercept parcels,
    /// locate a person; with a deadline, an answer, and the finding that prompted it.
    static let assistance = Migration(id: "0009-assistance", statements: [
        """
        CREATE TABLE assistance_requests (
            id {ID},
            from_adcode TEXT,
            to_adcode TEXT NOT NULL,
            to_prefix TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('verify_address','intercept_parcels','locate_person','other')),
            subject TEXT NOT NULL,
            details TEXT NOT NULL,
            source TEXT,
            status TEXT NOT NULL CHECK (status IN ('open','accepted','done','declined')),
            created_at {INT} NOT NULL,
            created_by TEXT NOT NULL,
            due_at {INT} NOT NULL,
            answered_at {INT},
            answered_by TEXT,
            answer TEXT
        )
        """,
        "CREATE INDEX assistance_to ON assistance_requests(to_prefix, status)",
        "CREATE INDEX assistance_source ON assistance_requests(source, to_adcode)",
    ])

    /// Tasks of a case (办案任务) with an assignee and a due date, created from the template of the
    /// case's kind when it is opened, and added by hand.
    static let caseTasks = Migration(id: "0010-case-tasks", statements: [
        """
        CREATE TABLE case_tasks (
            id {ID},
            case_no TEXT NOT NULL,
            title TEXT NOT NULL,
            assignee TEXT,
            due_at {INT},
            status TEXT NOT NULL CHECK (status IN ('open','done')),
            created_at {INT} NOT NULL,
            created_by TEXT NOT NULL,
            done_at {INT},
            done_by TEXT
        )
        """,
        "CREATE INDEX case_tasks_case ON case_tasks(case_no, id)",
    ])

    /// Courier and e-commerce partners: which uploaded waybills are whose, and the watch-list hits on
    /// them (the partner sees its hits, never the watch list or why).
    static let partners = Migration(id: "0011-partners", statements: [
        """
        CREATE TABLE partner_waybills (
            waybill_no TEXT NOT NULL,
            partner TEXT NOT NULL,
            uploaded_at {INT} NOT NULL,
            PRIMARY KEY (partner, waybill_no)
        )
        """,
        """
        CREATE TABLE partner_hits (
            id {ID},
            partner TEXT NOT NULL,
            waybill_no TEXT NOT NULL,
            reference TEXT NOT NULL UNIQUE,
            reason TEXT NOT NULL,
            created_at {INT} NOT NULL,
            UNIQUE (partner, waybill_no)
        )
        """,
    ])

    /// Which users serve in which enforcement unit, so an investigator's phone shows the unit's dispatches.
    static let unitMembers = Migration(id: "0012-unit-members", statements: [
        """
        CREATE TABLE unit_members (
            unit_id TEXT NOT NULL,
            username TEXT NOT NULL,
            added_at {INT} NOT NULL,
            PRIMARY KEY (unit_id, username)
        )
        """,
        "CREATE INDEX unit_members_user ON unit_members(username)",
    ])

    /// Photos and documents taken on site before any case exists, kept with the warning and its
    /// dispatch (with the phone's position); content-addressed like case evidence, and carried into
    /// the case's evidence, custody chain included, when a case is opened from the warning.
    static let fieldEvidence = Migration(id: "0013-field-evidence", statements: [
        """
        CREATE TABLE field_evidence (
            id {ID},
            warning_id {INT} NOT NULL REFERENCES warnings(id),
            dispatch_id {INT},
            sha256 TEXT NOT NULL,
            kind TEXT NOT NULL,
            filename TEXT NOT NULL,
            media_type TEXT NOT NULL,
            size {INT} NOT NULL,
            content {BLOB} NOT NULL,
            description TEXT,
            latitude {REAL},
            longitude {REAL},
            added_at {INT} NOT NULL,
            added_by TEXT NOT NULL,
            UNIQUE (warning_id, sha256)
        )
        """,
    ])

    /// Grey and black lists of key retailers: entries proposed by rules or by officers, reviewed by a
    /// person, with expiry and a history of every step; and the score history of findings whose
    /// analysis keeps one (retailer risk), for the dossier's risk chart.
    static let retailerLists = Migration(id: "0014-retailer-lists", statements: [
        """
        CREATE TABLE list_entries (
            id {ID},
            licence_no TEXT NOT NULL,
            list TEXT NOT NULL CHECK (list IN ('grey','black')),
            status TEXT NOT NULL CHECK (status IN ('proposed','active','rejected','removed','expired')),
            source TEXT NOT NULL CHECK (source IN ('rules','manual')),
            reasons TEXT NOT NULL,
            adcode TEXT,
            proposed_at {INT} NOT NULL,
            proposed_by TEXT NOT NULL,
            decided_at {INT},
            decided_by TEXT,
            decision_note TEXT,
            expires_at {INT}
        )
        """,
        "CREATE INDEX list_entries_licence ON list_entries(licence_no, id)",
        "CREATE INDEX list_entries_status ON list_entries(status, list)",
        "CREATE UNIQUE INDEX list_entries_live ON list_entries(licence_no, list) WHERE status IN ('proposed','active')",
        """
        CREATE TABLE list_events (
            id {ID},
            entry_id {INT} NOT NULL REFERENCES list_entries(id),
            at {INT} NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            from_status TEXT,
            to_status TEXT,
            note TEXT
        )
        """,
        "CREATE INDEX list_events_entry ON list_events(entry_id, id)",
        """
        CREATE TABLE finding_history (
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            run_id {INT} NOT NULL,
            at {INT} NOT NULL,
            score {REAL} NOT NULL,
            label TEXT,
            PRIMARY KEY (kind, subject, run_id)
        )
        """,
    ])

    /// Candidate model versions scored in shadow mode (their findings kept apart, no warnings raised)
    /// until a person promotes one to the active version or rejects it.
    static let modelCandidates = Migration(id: "0015-model-candidates", statements: [
        """
        CREATE TABLE model_candidates (
            id {ID},
            model TEXT NOT NULL,
            trained_at {INT} NOT NULL,
            run_id {INT} NOT NULL,
            fingerprint TEXT NOT NULL,
            parameters TEXT NOT NULL,
            training TEXT NOT NULL,
            metrics TEXT NOT NULL,
            importances TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('shadow','promoted','rejected','superseded')),
            review TEXT NOT NULL DEFAULT '{}',
            decided_at {INT},
            decided_by TEXT,
            note TEXT
        )
        """,
        "CREATE INDEX model_candidates_model ON model_candidates(model, id)",
    ])
}
