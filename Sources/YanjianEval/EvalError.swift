import Foundation

/// Why a truth or findings file could not be scored.
public enum EvalError: Error, Equatable, CustomStringConvertible {
    /// The file does not exist.
    case fileNotFound(path: String)
    /// The file exists but could not be read.
    case unreadable(path: String, reason: String)
    /// The file is not valid JSON of the expected shape; `codingPath` names the field (`gangs[3].members[0].tier`).
    case invalidJSON(path: String, codingPath: String, reason: String)

    /// A stable code for messages and translations.
    public var code: String {
        switch self {
        case .fileNotFound: "eval.file_not_found"
        case .unreadable: "eval.file_unreadable"
        case .invalidJSON: "eval.invalid_json"
        }
    }

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            "\(path): file not found"
        case .unreadable(let path, let reason):
            "\(path): cannot read file: \(reason)"
        case .invalidJSON(let path, let codingPath, let reason):
            codingPath.isEmpty ? "\(path): invalid JSON: \(reason)" : "\(path): invalid JSON at \(codingPath): \(reason)"
        }
    }

    /// Wraps a decoding failure with the file and the path of the offending field.
    static func from(_ error: any Error, path: String) -> EvalError {
        guard let decodingError = error as? DecodingError else {
            return .invalidJSON(path: path, codingPath: "", reason: String(describing: error))
        }
        switch decodingError {
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return .invalidJSON(path: path, codingPath: render(context.codingPath), reason: context.debugDescription)
        case .keyNotFound(let key, let context):
            return .invalidJSON(
                path: path, codingPath: render(context.codingPath + [key]), reason: "missing field \"\(key.stringValue)\"")
        case .dataCorrupted(let context):
            var reason = context.debugDescription
            if let underlying = context.underlyingError {
                reason += " (\(underlying.localizedDescription))"
            }
            return .invalidJSON(path: path, codingPath: render(context.codingPath), reason: reason)
        @unknown default:
            return .invalidJSON(path: path, codingPath: "", reason: String(describing: decodingError))
        }
    }

    /// `gangs[3].members[0].tier`.
    static func render(_ codingPath: [any CodingKey]) -> String {
        var out = ""
        for key in codingPath {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                if !out.isEmpty { out += "." }
                out += key.stringValue
            }
        }
        return out
    }
}
