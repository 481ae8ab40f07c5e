import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import YanjianStore

/// An evidence upload, shared by case evidence and field evidence: the file is the raw request body
/// (its Content-Type is kept); what it is comes in the query (`kind`, `filename`, `description`, and
/// the route's own parameters). Unknown parameters, a missing kind or file name, and a body larger than
/// `Store.maxEvidenceBytes` are refused with the field named.
struct EvidenceUpload {
    static let query = ["kind", "filename", "description"]

    var kind: EvidenceKind
    var filename: String
    var description: String?
    var mediaType: String
    var content: [UInt8]

    static func read(_ request: Request, extraQuery: [String] = []) async throws -> EvidenceUpload {
        let allowed = Set(query + extraQuery)
        for name in request.uri.queryParameters.map({ String($0.key) }) where !allowed.contains(name) {
            throw APIError.badRequest(code: "request.unknown_parameter", message: "unknown query parameter \(name)", field: name)
        }
        guard let kind = request.uri.queryParameters.get("kind").flatMap(EvidenceKind.init(rawValue:)) else {
            throw APIError.badRequest(code: "request.invalid_query",
                                      message: "kind must be one of \(EvidenceKind.allCases.map(\.rawValue).joined(separator: ", "))", field: "kind")
        }
        guard let filename = request.uri.queryParameters.get("filename"), !filename.isEmpty else {
            throw APIError.badRequest(code: "request.invalid_query", message: "filename is required", field: "filename")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: Store.maxEvidenceBytes)
        } catch {
            throw APIError.payloadTooLarge(limit: Store.maxEvidenceBytes)
        }
        let mediaType = request.headers[.contentType] ?? "application/octet-stream"
        return EvidenceUpload(kind: kind, filename: filename, description: request.uri.queryParameters.get("description"),
                              mediaType: String(mediaType.prefix(100)), content: Array(buffer.readableBytesView))
    }

    /// The `purpose` query parameter every evidence read states (recorded with the read).
    static func purpose(_ request: Request) throws -> String {
        guard let purpose = request.uri.queryParameters.get("purpose"), (2...200).contains(purpose.count) else {
            throw APIError.badRequest(code: "request.invalid_query", message: "state a purpose (2–200 characters)", field: "purpose")
        }
        return purpose
    }

    /// An evidence file as a download, with its hash in `X-Content-SHA256`.
    static func download(filename: String, fallbackName: String, mediaType: String, sha256: String, content: [UInt8]) -> Response {
        let ascii = filename.unicodeScalars.allSatisfy { $0.isASCII && $0 != "\"" } ? filename : fallbackName
        let encoded = filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ascii
        return Response(status: .ok, headers: [
            .contentType: mediaType,
            .contentDisposition: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)",
            HTTPField.Name("X-Content-SHA256")!: sha256,
        ], body: .init(byteBuffer: ByteBuffer(bytes: content)))
    }
}
