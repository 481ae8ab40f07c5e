import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import YanjianCore
import YanjianStore

/// Errors raised by handlers, each with an HTTP status and a stable code (an i18n key in the web app).
public enum APIError: Error, Equatable {
    case unauthenticated
    case forbidden(String)
    case notFound(String)
    case badRequest(code: String, message: String, field: String?)
    case payloadTooLarge(limit: Int)
    case unsupportedMediaType

    var status: HTTPResponse.Status {
        switch self {
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .badRequest: .badRequest
        case .payloadTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        }
    }

    var code: String {
        switch self {
        case .unauthenticated: "auth.required"
        case .forbidden: "forbidden"
        case .notFound: "not_found"
        case .badRequest(let code, _, _): code
        case .payloadTooLarge: "request.too_large"
        case .unsupportedMediaType: "request.unsupported_media_type"
        }
    }

    var message: String {
        switch self {
        case .unauthenticated: "sign in first: send Authorization: Bearer <token>"
        case .forbidden(let reason): reason
        case .notFound(let what): "\(what) not found"
        case .badRequest(_, let message, _): message
        case .payloadTooLarge(let limit): "the request body is larger than \(limit) bytes"
        case .unsupportedMediaType: "send the body as application/json"
        }
    }

    var field: String? {
        if case .badRequest(_, _, let field) = self { return field }
        return nil
    }
}

/// The one place where any error becomes an HTTP response: `{"error":{"code","message","details"}}`.
enum ErrorMapping {
    struct Mapped {
        var status: HTTPResponse.Status
        var code: String
        var message: String
        var details: [String: String] = [:]
        var headers: HTTPFields = [:]
    }

    static func map(_ error: any Error) -> Mapped {
        switch error {
        case let error as APIError:
            var mapped = Mapped(status: error.status, code: error.code, message: error.message)
            if let field = error.field { mapped.details["field"] = field }
            return mapped
        case let error as AuthError:
            switch error {
            case .invalidCredentials, .totpRequired, .invalidToken:
                return Mapped(status: .unauthorized, code: error.code, message: error.description)
            case .locked(let seconds):
                return Mapped(status: .init(code: 423, reasonPhrase: "Locked"), code: error.code, message: error.description,
                              details: ["retry_after_seconds": String(seconds)], headers: [.retryAfter: String(seconds)])
            case .rateLimited(let seconds):
                return Mapped(status: .tooManyRequests, code: error.code, message: error.description,
                              details: ["retry_after_seconds": String(seconds)], headers: [.retryAfter: String(seconds)])
            case .weakPassword:
                return Mapped(status: .badRequest, code: error.code, message: error.description, details: ["field": "password"])
            }
        case let error as StoreError:
            switch error {
            case .notFound: return Mapped(status: .notFound, code: error.code, message: error.description)
            case .conflict: return Mapped(status: .conflict, code: error.code, message: error.description)
            case .invalid(let field, _):
                return Mapped(status: .badRequest, code: error.code, message: error.description, details: ["field": field])
            case .forbidden: return Mapped(status: .forbidden, code: error.code, message: error.description)
            case .cannotOpen, .badLocation, .schemaTooNew, .schemaOutdated, .internalInconsistency:
                return Mapped(status: .internalServerError, code: "internal", message: "internal error")
            }
        case let error as HTTPError:
            let code = switch error.status.code {
            case 404: "not_found"
            case 405: "method_not_allowed"
            case 413: "request.too_large"
            case 400: "request.invalid_body"
            default: "http.\(error.status.code)"
            }
            return Mapped(status: error.status, code: code, message: error.body ?? error.status.reasonPhrase)
        case is DecodingError:
            return Mapped(status: .badRequest, code: "request.invalid_body", message: "the body is not valid JSON of the expected shape")
        default:
            return Mapped(status: .internalServerError, code: "internal", message: "internal error")
        }
    }
}

/// Turns every thrown error into the JSON error body, with the request id; internals never leak.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let mapped = ErrorMapping.map(error)
            if mapped.status.code >= 500 {
                context.logger.error("request failed", metadata: ["error.type": "\(type(of: error))", "error": "\(error)"])
            }
            var json = JSONWriter()
            json.object { json in
                json.key("error")
                json.object { json in
                    json.field("code", mapped.code)
                    json.field("message", mapped.message)
                    json.key("details")
                    json.object { json in
                        for (key, value) in mapped.details.sorted(by: { $0.key < $1.key }) { json.field(key, value) }
                    }
                    json.field("request_id", context.id)
                }
            }
            var headers = mapped.headers
            headers[.contentType] = "application/json; charset=utf-8"
            return Response(status: mapped.status, headers: headers, body: .init(byteBuffer: json.buffer))
        }
    }
}
