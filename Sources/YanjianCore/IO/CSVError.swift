/// Why a CSV or JSON Lines reader could not deliver a record or open a file.
///
/// Record-level errors (`isRecordLevel`) concern one record: the reader has already skipped to the
/// next record boundary, so the caller reports the error with its line and calls `next()` again.
/// File-level errors (`.io`, `.notText`) end the file: a later `next()` returns nil.
public enum CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A quoted field starting in the record at `line` is not closed before the end of the file.
    case unterminatedQuote(line: Int)
    /// A field of the record at `line` is longer than `limit` bytes; the record was skipped.
    case fieldTooLarge(line: Int, limit: Int)
    /// The record at `line` (field bytes plus one per field) is longer than `limit` bytes; it was skipped.
    case recordTooLarge(line: Int, limit: Int)
    /// A JSON Lines line is longer than `limit` bytes; it was skipped.
    case lineTooLong(line: Int, limit: Int)
    /// The file could not be opened or read; the message names the file and the system's reason.
    case io(String)
    /// The file is not text (NUL bytes, UTF-16, or neither UTF-8 nor GB18030).
    case notText(reason: String)

    /// Whether only one record is lost and reading can go on with `next()`.
    public var isRecordLevel: Bool {
        switch self {
        case .unterminatedQuote, .fieldTooLarge, .recordTooLarge, .lineTooLong: true
        case .io, .notText: false
        }
    }

    /// The line the error concerns (the record's first physical line), when it concerns one.
    public var line: Int? {
        switch self {
        case .unterminatedQuote(let line), .fieldTooLarge(let line, _), .recordTooLarge(let line, _),
            .lineTooLong(let line, _):
            line
        case .io, .notText: nil
        }
    }

    /// A stable key for translations and API error bodies.
    public var code: String {
        switch self {
        case .unterminatedQuote: "csv.unterminated_quote"
        case .fieldTooLarge: "csv.field_too_large"
        case .recordTooLarge: "csv.record_too_large"
        case .lineTooLong: "jsonl.line_too_long"
        case .io: "io.read_failed"
        case .notText: "io.not_text"
        }
    }

    public var description: String {
        switch self {
        case .unterminatedQuote(let line):
            "line \(line): a quoted field is not closed before the end of the file"
        case .fieldTooLarge(let line, let limit):
            "line \(line): a field is longer than \(limit) bytes; the record was skipped"
        case .recordTooLarge(let line, let limit):
            "line \(line): the record is longer than \(limit) bytes; it was skipped"
        case .lineTooLong(let line, let limit):
            "line \(line): the line is longer than \(limit) bytes; it was skipped"
        case .io(let message):
            message
        case .notText(let reason):
            "not a text file: \(reason)"
        }
    }
}
