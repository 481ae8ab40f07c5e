import Logging

/// Where a database's schema stands against the migrations this version knows.
public struct SchemaStatus: Sendable, Equatable {
    /// Ids applied to the database, in order of application.
    public var applied: [String]
    /// Ids this version knows but the database lacks.
    public var pending: [String]
    /// Ids the database has that this version does not know (the database is newer).
    public var unknown: [String]

    /// The number of applied migrations, used as the schema version.
    public var version: Int { applied.count }
    /// Whether the database has no schema at all.
    public var isEmpty: Bool { applied.isEmpty }
    /// Whether the schema is exactly what this version expects.
    public var isCurrent: Bool { pending.isEmpty && unknown.isEmpty }
}

extension Store {
    /// Reads the schema status without changing anything.
    public func schemaStatus() async throws -> SchemaStatus {
        let rows: [SQLRow]
        do {
            rows = try await db.query("SELECT id FROM schema_migrations ORDER BY applied_order")
        } catch {
            // No migration table yet: a new, empty database. Any other failure surfaces on creation.
            try await ensureMigrationTable()
            rows = try await db.query("SELECT id FROM schema_migrations ORDER BY applied_order")
        }
        let applied = rows.compactMap { $0["id"].text }
        let known = Migrations.all.map(\.id)
        return SchemaStatus(
            applied: applied,
            pending: known.filter { !applied.contains($0) },
            unknown: applied.filter { !known.contains($0) }
        )
    }

    /// Applies every pending migration in order, each in its own transaction, and returns their ids.
    /// Refuses a database that is newer than this version.
    @discardableResult
    public func migrate() async throws -> [String] {
        let status = try await schemaStatus()
        guard status.unknown.isEmpty else {
            throw StoreError.schemaTooNew(database: status.unknown, known: Migrations.all.count)
        }
        var done: [String] = []
        for (order, migration) in Migrations.all.enumerated() where status.pending.contains(migration.id) {
            let record = SQLStatement(
                "INSERT INTO schema_migrations (id, applied_order, applied_at) VALUES (?, ?, ?)",
                [.text(migration.id), .int(Int64(order)), .int(now)]
            )
            let statements = migration.sql(for: dialect).map { SQLStatement($0) } + [record]
            try await db.transaction(statements)
            done.append(migration.id)
            logger.info("applied migration", metadata: ["store.migration": "\(migration.id)"])
        }
        // The history triggers follow the tables' columns: rebuilt whenever the schema moved.
        if !done.isEmpty { try await installRecordHistory() }
        return done
    }

    /// Checks that the schema is current: an empty database is migrated (a new installation); an
    /// older one asks for `yanjian migrate`; a newer one is refused.
    public func checkSchema(migrateIfEmpty: Bool = true) async throws {
        let status = try await schemaStatus()
        if !status.unknown.isEmpty {
            throw StoreError.schemaTooNew(database: status.unknown, known: Migrations.all.count)
        }
        if status.isEmpty && migrateIfEmpty {
            try await migrate()
            return
        }
        if !status.pending.isEmpty {
            throw StoreError.schemaOutdated(applied: status.version, known: Migrations.all.count)
        }
        // An import killed mid-batch is undone, so the store is as it was before that batch.
        let undone = try await recoverInterruptedImports()
        if !undone.isEmpty {
            logger.warning("rolled back interrupted imports", metadata: ["store.batches": "\(undone.map(String.init).joined(separator: ","))"])
        }
        // A load killed while its indexes were deferred left them missing: build them now.
        let restored = try await restoreMissingIndexes()
        if !restored.isEmpty {
            logger.warning("rebuilt missing indexes (an interrupted load?)", metadata: ["store.indexes": "\(restored.joined(separator: ","))"])
        }
    }

    private func ensureMigrationTable() async throws {
        try await db.executeScript([
            "CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_order INTEGER NOT NULL, applied_at BIGINT NOT NULL)"
        ])
    }
}
