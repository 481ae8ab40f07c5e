import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import YanjianCore
import YanjianStore

/// Building JSON responses and reading JSON requests strictly.
enum JSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// A 200 (or other status) response with a Codable body.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A response from a hand-written JSON buffer.
    static func response(_ writer: JSONWriter, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: writer.buffer))
    }

    /// Reads a JSON object body, refusing bodies over the context's limit, non-objects, unknown fields
    /// and missing required fields, each with a 4xx that names the field.
    static func object(
        _ request: Request, context: AppRequestContext, allowed: Set<String>, required: Set<String> = [], limit: Int? = nil
    ) async throws -> JSONObject {
        let limit = limit ?? context.maxUploadSize
        if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/json") {
            throw APIError.unsupportedMediaType
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw APIError.payloadTooLarge(limit: limit)
        }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView)),
              case .object(let fields) = value
        else {
            throw APIError.badRequest(code: "request.invalid_body", message: "the body must be a JSON object", field: nil)
        }
        if let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError.badRequest(code: "request.unknown_field", message: "unknown field \(unknown)", field: unknown)
        }
        let object = JSONObject(fields: fields)
        if let missing = required.sorted().first(where: { object.isAbsent($0) }) {
            throw APIError.badRequest(code: "request.missing_field", message: "\(missing) is required", field: missing)
        }
        return object
    }
}

/// Any JSON value, decoded strictly (`1` is never a boolean, `"1"` never a number).
enum JSONValue: Decodable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }
}

/// A request body object with typed, validating accessors.
struct JSONObject: Sendable {
    let fields: [String: JSONValue]

    func isAbsent(_ key: String) -> Bool {
        guard let value = fields[key] else { return true }
        if case .null = value { return true }
        return false
    }

    /// A string field, or a 400 when it has another type.
    func string(_ key: String) throws -> String? {
        switch fields[key] {
        case .none, .null: return nil
        case .string(let text): return text
        default: throw APIError.badRequest(code: "request.invalid_field", message: "\(key) must be a string", field: key)
        }
    }

    /// An integer field, or a 400 when it has another type.
    func int(_ key: String) throws -> Int? {
        switch fields[key] {
        case .none, .null: return nil
        case .number(let number) where number == number.rounded() && abs(number) < 1e15: return Int(number)
        default: throw APIError.badRequest(code: "request.invalid_field", message: "\(key) must be a whole number", field: key)
        }
    }

    /// A number field, or a 400 when it has another type.
    func double(_ key: String) throws -> Double? {
        switch fields[key] {
        case .none, .null: return nil
        case .number(let number) where number.isFinite: return number
        default: throw APIError.badRequest(code: "request.invalid_field", message: "\(key) must be a number", field: key)
        }
    }

    /// A list of strings, or a 400 when it has another shape.
    func strings(_ key: String) throws -> [String]? {
        switch fields[key] {
        case .none, .null: return nil
        case .array(let items):
            return try items.map { item in
                guard case .string(let text) = item else {
                    throw APIError.badRequest(code: "request.invalid_field", message: "\(key) must be a list of strings", field: key)
                }
                return text
            }
        default: throw APIError.badRequest(code: "request.invalid_field", message: "\(key) must be a list of strings", field: key)
        }
    }

    /// A boolean field, or a 400 when it has another type.
    func bool(_ key: String) throws -> Bool? {
        switch fields[key] {
        case .none, .null: return nil
        case .bool(let value): return value
        default: throw APIError.badRequest(code: "request.invalid_field", message: "\(key) must be true or false", field: key)
        }
    }
}

extension Request {
    /// A query parameter parsed as a positive integer, with a default; malformed values are a 400.
    func queryInt(_ name: String, default value: Int) throws -> Int {
        guard let text = uri.queryParameters.get(name) else { return value }
        guard let number = Int(text) else {
            throw APIError.badRequest(code: "request.invalid_query", message: "\(name) must be a whole number", field: name)
        }
        return number
    }
}
