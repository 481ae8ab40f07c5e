import Foundation

/// A value bound into or read out of SQL, in the small portable subset both engines share.
///
/// Times are stored as Unix seconds (`int`), money as integer fen (`int`), flags as 0/1 (`int`),
/// dates as `YYYY-MM-DD` text; so one statement text serves SQLite and PostgreSQL alike.
public enum SQLValue: Sendable, Hashable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case blob([UInt8])

    /// Wraps an optional string, mapping `nil` to SQL NULL.
    public static func text(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
    /// Wraps an optional integer, mapping `nil` to SQL NULL.
    public static func int(_ value: Int64?) -> SQLValue { value.map { .int($0) } ?? .null }
    /// Wraps an optional integer, mapping `nil` to SQL NULL.
    public static func int(_ value: Int?) -> SQLValue { value.map { .int(Int64($0)) } ?? .null }
    /// Wraps an optional double, mapping `nil` to SQL NULL.
    public static func double(_ value: Double?) -> SQLValue { value.map { .double($0) } ?? .null }

    /// The value as an integer, converting exact doubles and numeric text.
    public var int: Int64? {
        switch self {
        case .int(let v): v
        case .double(let v): v.isFinite && v == v.rounded() ? Int64(exactly: v) : nil
        case .text(let s): Int64(s)
        case .null, .blob: nil
        }
    }

    /// The value as a double.
    public var double: Double? {
        switch self {
        case .int(let v): Double(v)
        case .double(let v): v
        case .text(let s): Double(s)
        case .null, .blob: nil
        }
    }

    /// The value as text; numbers are formatted.
    public var text: String? {
        switch self {
        case .text(let s): s
        case .int(let v): String(v)
        case .double(let v): String(v)
        case .null: nil
        case .blob(let b): String(decoding: b, as: UTF8.self)
        }
    }

    /// Whether the value is SQL NULL.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

/// One result row: column names shared by all rows of a result, and the values in column order.
public struct SQLRow: Sendable {
    /// Column names, in result order.
    public let columns: [String]
    /// Values, in result order.
    public let values: [SQLValue]

    /// Creates a row.
    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of a named column, or `.null` when the column is absent.
    public subscript(_ name: String) -> SQLValue {
        guard let index = columns.firstIndex(of: name) else { return .null }
        return values[index]
    }
}

/// A statement with its bound values, for running several in one transaction.
public struct SQLStatement: Sendable {
    /// SQL text with `?` placeholders.
    public var sql: String
    /// Values for the placeholders, in order.
    public var arguments: [SQLValue]
    /// When set, the statement must change at least one row; if it changes none, the transaction is
    /// rolled back and fails with `StoreError.conflict(requiredChange)`. This makes a guarded update
    /// (`… WHERE id = ? AND status = ?`) an atomic check-and-set on both engines.
    public var requiredChange: String?

    /// Creates a statement.
    public init(_ sql: String, _ arguments: [SQLValue] = [], requiredChange: String? = nil) {
        self.sql = sql
        self.arguments = arguments
        self.requiredChange = requiredChange
    }
}

/// Which engine a database runs on.
public enum SQLDialect: String, Sendable, CaseIterable, Codable {
    case sqlite
    case postgres
}
