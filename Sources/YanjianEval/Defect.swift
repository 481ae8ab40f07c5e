import Foundation

/// One defect a generator injected in `--messy` mode (an entry of `defects.json`), so that tests can check
/// an importer rejects or repairs exactly what was broken.
public struct Defect: Codable, Sendable, Equatable {
    /// The file that holds the defect (`orders.csv`).
    public var file: String
    /// The record's first physical line, the header being line 1.
    public var line: Int
    /// The record's identifier, when it has one.
    public var id: String?
    /// The kind of defect (`bad_phone`, `duplicate_id`…).
    public var kind: String
    /// What was done to the record.
    public var detail: String

    /// Creates a defect entry.
    public init(file: String, line: Int, id: String? = nil, kind: String, detail: String) {
        self.file = file
        self.line = line
        self.id = id
        self.kind = kind
        self.detail = detail
    }

    /// A list of defects as JSON with sorted keys and stable formatting.
    public static func encodedJSON(_ defects: [Defect]) throws -> Data {
        try Truth.makeEncoder().encode(defects)
    }
}
