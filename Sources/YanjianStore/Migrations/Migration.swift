import Foundation

/// One step of the schema, applied once, in order, and never edited after it has shipped: later
/// changes are new migrations. SQL is kept as text (it describes the past, not today's types).
///
/// The text uses a few type tokens so that one statement serves both engines: `{ID}` (an
/// auto-incrementing integer primary key), `{INT}` (64-bit integer), `{REAL}`, `{BLOB}`.
public struct Migration: Sendable {
    /// A stable id such as `0001-security`; the order of the list is the order of application.
    public let id: String
    /// The statements, each without a trailing semicolon.
    public let statements: [String]

    /// A statement starting with this runs on PostgreSQL only (without the marker); SQLite skips it.
    static let postgresOnly = "{POSTGRES}"

    /// Renders the statements for one engine.
    public func sql(for dialect: SQLDialect) -> [String] {
        statements.compactMap { statement in
            guard statement.hasPrefix(Migration.postgresOnly) else { return Migration.render(statement, for: dialect) }
            return dialect == .postgres ? Migration.render(String(statement.dropFirst(Migration.postgresOnly.count)), for: dialect) : nil
        }
    }

    static func render(_ statement: String, for dialect: SQLDialect) -> String {
        let tokens: [(String, String)] = switch dialect {
        case .sqlite:
            [("{ID}", "INTEGER PRIMARY KEY AUTOINCREMENT"), ("{INT}", "INTEGER"), ("{REAL}", "REAL"), ("{BLOB}", "BLOB")]
        case .postgres:
            [("{ID}", "BIGSERIAL PRIMARY KEY"), ("{INT}", "BIGINT"), ("{REAL}", "DOUBLE PRECISION"), ("{BLOB}", "BYTEA")]
        }
        var text = statement
        for (token, replacement) in tokens {
            text = text.replacingOccurrences(of: token, with: replacement)
        }
        return text
    }
}
