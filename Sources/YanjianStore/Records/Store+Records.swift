import YanjianCore

/// A page request: 1-based page number and page size (at most `maxPerPage`).
public struct PageRequest: Sendable, Equatable {
    public var page: Int
    public var perPage: Int
    public static let maxPerPage = 200

    /// Validates the numbers; out-of-range values are an error, not silently clamped.
    public init(page: Int = 1, perPage: Int = 50) throws {
        guard page >= 1, page <= 1_000_000 else { throw StoreError.invalid(field: "page", reason: "must be 1 or more") }
        guard (1...Self.maxPerPage).contains(perPage) else {
            throw StoreError.invalid(field: "per_page", reason: "must be between 1 and \(Self.maxPerPage)")
        }
        self.page = page
        self.perPage = perPage
    }
}

/// One page of records, already scoped to the caller's jurisdiction and masked for their role.
public struct RecordPage: Sendable {
    public var table: DomainTable
    /// Values in `table.columns` order.
    public var rows: [[SQLValue]]
    public var page: Int
    public var perPage: Int
    /// Whether another page follows.
    public var hasMore: Bool
    /// Whether personal fields are shown in clear.
    public var unmasked: Bool
}

/// What a streamed listing (``Store/listRows(_:scope:page:filters:_:)``) handed over.
public struct RecordListing: Sendable {
    /// Rows given to the body.
    public var rows: Int
    /// Whether another page follows.
    public var hasMore: Bool
    /// Whether personal fields were shown in clear.
    public var unmasked: Bool
}

/// One row of a streamed listing: its cells read in place, personal ones masked for the caller.
public struct RecordRow {
    let cursor: SQLRowCursor
    /// Per column, the mask to apply (nil: shown as stored).
    let masks: [PersonalField?]

    /// Hands cell `column` to `body`; a masked text is built in `scratch` (reused across cells).
    public func withCell<R>(_ column: Int, scratch: inout [UInt8], _ body: (SQLCell) -> R) -> R {
        let cell = cursor.cell(column)
        guard let field = masks[column], case .text(let bytes) = cell else { return body(cell) }
        scratch.removeAll(keepingCapacity: true)
        field.mask(bytes, into: &scratch)
        return scratch.withUnsafeBufferPointer { body(.text($0)) }
    }
}

extension Store {
    /// Lists records of one table for a caller: only rows inside the caller's jurisdiction, personal
    /// fields masked unless a live unmask grant exists, filters matched exactly and always bound.
    public func list(
        _ table: DomainTable, scope: AccessScope, page: PageRequest, filters: [String: String] = [:]
    ) async throws -> RecordPage {
        guard scope.user.role.mayReadData else {
            throw StoreError.forbidden("role \(scope.user.role.rawValue) may not read \(table.name)")
        }
        let (sql, arguments) = try Self.listQuery(table, scope: scope, page: page, filters: filters)
        var rows = try await db.query(sql, arguments).map(\.values)
        let hasMore = rows.count > page.perPage
        if hasMore { rows.removeLast() }
        if !scope.unmasked {
            for index in rows.indices { Self.mask(&rows[index], personal: table.personalColumns) }
        }
        return RecordPage(table: table, rows: rows, page: page.page, perPage: page.perPage, hasMore: hasMore,
                          unmasked: scope.unmasked)
    }

    /// The same listing as ``list(_:scope:page:filters:)``, each row handed to `body` as it is read,
    /// masked in place (an API page written straight to JSON, without a value or string per cell).
    public func listRows(
        _ table: DomainTable, scope: AccessScope, page: PageRequest, filters: [String: String] = [:],
        _ body: (RecordRow) throws -> Void
    ) async throws -> RecordListing {
        guard scope.user.role.mayReadData else {
            throw StoreError.forbidden("role \(scope.user.role.rawValue) may not read \(table.name)")
        }
        let (sql, arguments) = try Self.listQuery(table, scope: scope, page: page, filters: filters)
        var masks = [PersonalField?](repeating: nil, count: table.columns.count)
        if !scope.unmasked { for (index, field) in table.personalColumns { masks[index] = field } }
        var count = 0
        var hasMore = false
        try await db.forEachRow(sql, arguments) { cursor in
            guard count < page.perPage else {
                hasMore = true
                return
            }
            count += 1
            try body(RecordRow(cursor: cursor, masks: masks))
        }
        return RecordListing(rows: count, hasMore: hasMore, unmasked: scope.unmasked)
    }

    /// The scoped, filtered, ordered page query of a listing (one row more than the page, to tell
    /// whether another follows).
    static func listQuery(_ table: DomainTable, scope: AccessScope, page: PageRequest, filters: [String: String]) throws
        -> (sql: String, arguments: [SQLValue]) {
        var clauses: [String] = []
        var arguments: [SQLValue] = []
        Self.scopeClause(scope.jurisdiction, column: table.adcodeColumn, clauses: &clauses, arguments: &arguments)
        for (name, value) in filters.sorted(by: { $0.key < $1.key }) {
            guard let column = table.columns.first(where: { $0.name == name }), column.filterable else {
                throw StoreError.invalid(field: name, reason: "not a filterable field of \(table.name)")
            }
            clauses.append("\(column.name) = ?")
            arguments.append(.text(value))
        }
        let whereText = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
        let sql = "SELECT \(table.columns.map(\.name).joined(separator: ", ")) FROM \(table.name)\(whereText) ORDER BY \(table.order) LIMIT ? OFFSET ?"
        arguments += [.int(Int64(page.perPage + 1)), .int(Int64((page.page - 1) * page.perPage))]
        return (sql, arguments)
    }

    /// Fetches one record by key, scoped and masked like `list`.
    public func record(_ table: DomainTable, key: String, scope: AccessScope) async throws -> [SQLValue]? {
        let page = try await list(table, scope: scope, page: PageRequest(page: 1, perPage: 1), filters: [table.key: key])
        return page.rows.first
    }

    /// Row counts of every domain table within the caller's jurisdiction.
    public func counts(scope: AccessScope) async throws -> [String: Int64] {
        var result: [String: Int64] = [:]
        for table in DomainTable.all {
            var clauses: [String] = []
            var arguments: [SQLValue] = []
            Self.scopeClause(scope.jurisdiction, column: table.adcodeColumn, clauses: &clauses, arguments: &arguments)
            let whereText = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
            result[table.name] = try await db.scalarInt("SELECT COUNT(*) FROM \(table.name)\(whereText)", arguments)
        }
        return result
    }

    /// Case counts by status within the caller's jurisdiction.
    public func caseCountsByStatus(scope: AccessScope) async throws -> [String: Int64] {
        var clauses: [String] = []
        var arguments: [SQLValue] = []
        Self.scopeClause(scope.jurisdiction, column: "adcode", clauses: &clauses, arguments: &arguments)
        let whereText = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
        let rows = try await db.query("SELECT status, COUNT(*) AS n FROM cases\(whereText) GROUP BY status", arguments)
        var result: [String: Int64] = [:]
        for row in rows { if let status = row["status"].text { result[status] = row["n"].int ?? 0 } }
        return result
    }

    /// Adds the jurisdiction condition: records without an adcode are visible only nationally.
    ///
    /// `substr(column, 1, n) = prefix`, not `column LIKE 'prefix%'`: SQLite marks a statement with
    /// `LIKE ?` to be compiled again whenever that parameter is bound afresh — on every execution of a
    /// cached statement (two recompilations per 50-row page, counted with a uprobe on
    /// `sqlite3Reprepare`). Neither form uses the adcode index (SQLite's LIKE optimisation needs a
    /// NOCASE column), so the plans stay those of before: for a page, a scan in the ORDER BY's index
    /// that stops after the page. A range on the index would make SQLite, which has no statistics
    /// for ranges, sort a whole province to show 50 rows.
    static func scopeClause(_ jurisdiction: Jurisdiction, column: String, clauses: inout [String], arguments: inout [SQLValue]) {
        guard !jurisdiction.prefix.isEmpty else { return }
        clauses.append("substr(\(column), 1, CAST(? AS INTEGER)) = ?")
        arguments.append(.int(Int64(jurisdiction.prefix.count)))
        arguments.append(.text(jurisdiction.prefix))
    }

    static func mask(_ values: [SQLValue], columns: [DomainColumn]) -> [SQLValue] {
        var masked = values
        mask(&masked, personal: columns.enumerated().compactMap { index, column in column.personal.map { (index, $0) } })
        return masked
    }

    /// Masks a row's personal columns (`personal`: positions and masks) in place, without copying the row.
    static func mask(_ values: inout [SQLValue], personal: [(index: Int, field: PersonalField)]) {
        for (index, field) in personal {
            guard case .text(let text) = values[index] else { continue }
            guard text.utf8.contains(UInt8(ascii: "|")) else {
                values[index] = .text(field.mask(text))
                continue
            }
            values[index] = .text(text.split(separator: "|", omittingEmptySubsequences: false)
                .map { field.mask(String($0)) }.joined(separator: "|"))
        }
    }
}
