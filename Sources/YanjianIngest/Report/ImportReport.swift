import Foundation

/// What one import run did: per-file counts, every rejected row and warning with file, line, id,
/// field and reason, and per-field quality counts. Stored as the batch's report and written by
/// `yanjian import --report`.
///
/// The JSON shape is fixed: `{"batch_id", "files": [{"file", "rows", "accepted", "updated",
/// "unchanged", "rejected"}], "rejects": [{"file", "line", "id", "field", "reason"}], "warnings": [same],
/// "fields": [{"file", "field", "present", "valid", "normalised"}]}`. `line` is the record's first
/// physical line (header = 1), 0 for an issue about the whole file; `id` is null when unreadable.
public struct ImportReport: Codable, Sendable, Equatable {
    /// Counts for one file.
    public struct FileSummary: Codable, Sendable, Equatable {
        /// The file name.
        public var file: String
        /// Records read (header excluded).
        public var rows: Int
        /// Records stored (new or updating an existing identifier).
        public var accepted: Int
        /// Accepted records whose identifier was already stored, with other data, or came earlier in
        /// this delivery; the stored version they replaced is kept in the record's history.
        public var updated: Int
        /// Accepted records identical to the stored one (a delivery imported again): nothing written.
        public var unchanged: Int
        /// Records refused.
        public var rejected: Int

        public init(file: String, rows: Int = 0, accepted: Int = 0, updated: Int = 0, unchanged: Int = 0, rejected: Int = 0) {
            self.file = file
            self.rows = rows
            self.accepted = accepted
            self.updated = updated
            self.unchanged = unchanged
            self.rejected = rejected
        }

        // Reports stored before `unchanged` existed decode with 0.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            file = try container.decode(String.self, forKey: .file)
            rows = try container.decode(Int.self, forKey: .rows)
            accepted = try container.decode(Int.self, forKey: .accepted)
            updated = try container.decode(Int.self, forKey: .updated)
            unchanged = try container.decodeIfPresent(Int.self, forKey: .unchanged) ?? 0
            rejected = try container.decode(Int.self, forKey: .rejected)
        }
    }

    /// A rejected record, a warning about a kept record, or a problem with a whole file (`line` 0,
    /// or 1 for the header).
    public struct Issue: Codable, Sendable, Equatable {
        public var file: String
        public var line: Int
        /// The record's identifier when readable, else nil (written as JSON null).
        public var id: String?
        /// The field concerned; empty when the record or file as a whole is concerned.
        public var field: String
        public var reason: String

        public init(file: String, line: Int, id: String?, field: String, reason: String) {
            self.file = file
            self.line = line
            self.id = id
            self.field = field
            self.reason = reason
        }

        enum CodingKeys: String, CodingKey {
            case file, line, id, field, reason
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            file = try container.decode(String.self, forKey: .file)
            line = try container.decode(Int.self, forKey: .line)
            id = try container.decodeIfPresent(String.self, forKey: .id)
            field = try container.decode(String.self, forKey: .field)
            reason = try container.decode(String.self, forKey: .reason)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(file, forKey: .file)
            try container.encode(line, forKey: .line)
            try container.encode(id, forKey: .id)
            try container.encode(field, forKey: .field)
            try container.encode(reason, forKey: .reason)
        }
    }

    /// Quality counts for one field of one file.
    public struct FieldSummary: Codable, Sendable, Equatable {
        public var file: String
        public var field: String
        /// Records where the field was non-empty.
        public var present: Int
        /// Non-empty values that were valid (possibly after normalisation).
        public var valid: Int
        /// Valid values stored in a spelling different from the source's (see `FieldConversion`).
        public var normalised: Int

        public init(file: String, field: String, present: Int, valid: Int, normalised: Int) {
            self.file = file
            self.field = field
            self.present = present
            self.valid = valid
            self.normalised = normalised
        }
    }

    /// The import batch the rows carry.
    public var batchID: Int64
    public var files: [FileSummary]
    public var rejects: [Issue]
    public var warnings: [Issue]
    public var fields: [FieldSummary]

    enum CodingKeys: String, CodingKey {
        case batchID = "batch_id"
        case files, rejects, warnings, fields
    }

    public init(
        batchID: Int64, files: [FileSummary] = [], rejects: [Issue] = [], warnings: [Issue] = [],
        fields: [FieldSummary] = []
    ) {
        self.batchID = batchID
        self.files = files
        self.rejects = rejects
        self.warnings = warnings
        self.fields = fields
    }

    /// Records read in all files.
    public var rowsRead: Int { files.reduce(0) { $0 + $1.rows } }
    /// Records stored in all files.
    public var accepted: Int { files.reduce(0) { $0 + $1.accepted } }
    /// Stored records that updated an existing identifier.
    public var updated: Int { files.reduce(0) { $0 + $1.updated } }
    /// Accepted records identical to the stored ones.
    public var unchanged: Int { files.reduce(0) { $0 + $1.unchanged } }
    /// Records refused in all files.
    public var rejected: Int { files.reduce(0) { $0 + $1.rejected } }

    /// The report as compact JSON with sorted keys (stable for storage and diffing).
    public func jsonData(pretty: Bool = false) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// The report as a JSON string.
    public func jsonString(pretty: Bool = false) throws -> String {
        String(decoding: try jsonData(pretty: pretty), as: UTF8.self)
    }
}
