import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import YanjianCore
import YanjianStore

/// Builds the OpenAPI 3.1 document from the route table, so the document lists exactly the routes
/// the router serves.
enum OpenAPIDocument {
    static func build(routes: [APIRoute], version: String) -> [UInt8] {
        var paths: [String: [String: Any]] = [:]
        for route in routes {
            var operation: [String: Any] = [
                "summary": route.summary,
                "tags": [route.tag],
                "operationId": operationID(route),
                "responses": responses(route),
            ]
            var parameters: [[String: Any]] = route.path.split(separator: "/").filter { $0.hasPrefix("{") }.map {
                ["name": String($0.dropFirst().dropLast()), "in": "path", "required": true, "schema": ["type": "string"]]
            }
            parameters += route.query.map { ["name": $0, "in": "query", "required": false, "schema": ["type": "string"]] }
            if !parameters.isEmpty { operation["parameters"] = parameters }
            if route.isPublic { operation["security"] = [[String: Any]]() }
            if route.method == .post || route.method == .patch {
                operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": ["type": "object"]]]]
            }
            paths[route.path, default: [:]][route.method.rawValue.lowercased()] = operation
        }
        let document: [String: Any] = [
            "openapi": "3.1.0",
            "info": [
                "title": "Yanjian API",
                "version": version,
                "description": "Joint enforcement against illegal tobacco trade. All data endpoints are scoped to the caller's jurisdiction and mask personal data unless an audited unmask grant is live.",
            ],
            "servers": [["url": "/"]],
            "security": [["bearer": [String]()]],
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer", "description": "A session token from /api/v1/auth/login or a partner API key"]],
                "schemas": [
                    "Error": [
                        "type": "object",
                        "required": ["error"],
                        "properties": ["error": [
                            "type": "object",
                            "required": ["code", "message"],
                            "properties": [
                                "code": ["type": "string"], "message": ["type": "string"],
                                "details": ["type": "object"], "request_id": ["type": "string"],
                            ],
                        ]],
                    ],
                ],
            ],
            "paths": paths,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return [UInt8](data)
    }

    static func operationID(_ route: APIRoute) -> String {
        let parts = route.path.split(separator: "/").dropFirst(2).map { $0.replacingOccurrences(of: "{", with: "by_").replacingOccurrences(of: "}", with: "") }
        return ([route.method.rawValue.lowercased()] + parts).joined(separator: "_").replacingOccurrences(of: ".", with: "_")
    }

    static func responses(_ route: APIRoute) -> [String: Any] {
        let error: [String: Any] = ["description": "error", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
        var result: [String: Any] = [
            route.method == .post && route.path.hasSuffix("logout") ? "204" : (route.method == .post && !route.path.hasSuffix("login") ? "201" : "200"):
                ["description": "success", "content": ["application/json": ["schema": ["type": "object"]]]],
            "400": error,
            "500": error,
        ]
        if !route.isPublic {
            result["401"] = error
            result["403"] = error
        }
        return result
    }
}
