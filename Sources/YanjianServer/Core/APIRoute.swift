import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import YanjianCore
import YanjianStore

/// One API route as documented: the OpenAPI document is generated from these, and a test checks the
/// router registers exactly these routes, so the document cannot drift from the code.
public struct APIRoute: Sendable, Hashable {
    public var method: HTTPRequest.Method
    /// OpenAPI-style path, e.g. `/api/v1/records/{table}`.
    public var path: String
    public var summary: String
    public var tag: String
    /// Reachable without signing in.
    public var isPublic: Bool
    /// Names of query parameters.
    public var query: [String] = []

    /// The Hummingbird path (`{table}` → `:table`).
    var routerPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? ":" + part.dropFirst().dropLast() : String(part)
        }.joined(separator: "/")
    }
}

/// A handler of the API.
public typealias APIHandler = @Sendable (Request, AppRequestContext) async throws -> Response

/// Registers routes on the public or the authenticated group and remembers them for the OpenAPI document.
struct RouteTable {
    private(set) var routes: [APIRoute] = []
    let open: RouterGroup<AppRequestContext>
    let secured: RouterGroup<AppRequestContext>

    mutating func add(_ route: APIRoute, _ handler: @escaping APIHandler) {
        routes.append(route)
        let group = route.isPublic ? open : secured
        group.on(RouterPath(route.routerPath), method: route.method, use: handler)
    }
}
