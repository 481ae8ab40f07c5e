import Foundation
import Logging
import YanjianServer
import YanjianCore
import YanjianStore
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `yanjian demo --smoke`: serves on a free port, signs in as the demo admin, checks that the main
/// endpoints answer with data, and stops the server.
enum DemoSmoke {
    static func run(store: Store, audit: AuditLog, configuration: ServerConfiguration, credentials: [(String, String, Role)]) async throws {
        guard let admin = credentials.first else { throw CLIError("smoke: no demo users were created") }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // The smoke run stops the server by cancelling it; HummingbirdCore reports that at error level.
                var quiet = CLI.logger
                quiet.logLevel = .critical
                try await ServerRunner.run(store: store, audit: audit, configuration: configuration, logger: quiet) { port in
                    continuation.yield(port)
                }
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CLIError("smoke: the server did not start") }
            let base = "http://127.0.0.1:\(port)"
            try await check(base: base, user: admin.0, password: admin.1)
            group.cancelAll()
        }
        print("smoke: OK")
    }

    static func check(base: String, user: String, password: String) async throws {
        let health = try await request(base + "/api/v1/health")
        guard health.status == 200, (health.json["status"] as? String) == "ok" else { throw CLIError("smoke: health answered \(health.status)") }
        let denied = try await request(base + "/api/v1/overview")
        guard denied.status == 401 else { throw CLIError("smoke: overview without a token answered \(denied.status), expected 401") }
        let login = try await request(base + "/api/v1/auth/login", method: "POST", body: ["username": user, "password": password])
        guard login.status == 200, let token = login.json["token"] as? String else { throw CLIError("smoke: login answered \(login.status)") }
        let overview = try await request(base + "/api/v1/overview", token: token)
        guard overview.status == 200, let counts = overview.json["counts"] as? [String: Any],
              let retailers = counts["retailers"] as? Int, retailers > 0
        else { throw CLIError("smoke: overview has no retailers (\(overview.status))") }
        let list = try await request(base + "/api/v1/records/waybills?per_page=5", token: token)
        guard list.status == 200, let items = list.json["items"] as? [Any], !items.isEmpty else {
            throw CLIError("smoke: waybill list answered \(list.status)")
        }
        // The demo analysed its world: every retailer has a risk score, and the findings endpoint serves them.
        let findings = try await request(base + "/api/v1/findings", token: token)
        guard findings.status == 200, let kinds = findings.json["counts"] as? [String: Any],
              let scored = kinds["retailer_risk"] as? Int, scored == retailers
        else { throw CLIError("smoke: findings answered \(findings.status) without a risk score per retailer") }
        // … and the rules raised warnings from those findings, with units ranked for the first one that has a place.
        let warnings = try await request(base + "/api/v1/warnings?open=true&per_page=200", token: token)
        guard warnings.status == 200, let open = warnings.json["items"] as? [[String: Any]], !open.isEmpty else {
            throw CLIError("smoke: the warnings list answered \(warnings.status) without open warnings")
        }
        if let located = open.first(where: { $0["lat"] is Double }), let id = located["id"] as? Int {
            let detail = try await request(base + "/api/v1/warnings/\(id)", token: token)
            guard detail.status == 200, detail.json["units"] is [Any] else {
                throw CLIError("smoke: warning \(id) answered \(detail.status)")
            }
        }
        let page = try await request(base + "/", token: nil)
        guard page.status == 200 else { throw CLIError("smoke: the web app answered \(page.status)") }
        let found = ["gang", "convoy", "cloned_plate", "night_vehicle"].map { "\(kinds[$0] as? Int ?? 0) \($0)" }.joined(separator: ", ")
        print("smoke: health ok, login ok, \(retailers) retailers scored, \(found), \(open.count) open warnings, waybills listed, web app served")
    }

    struct Answer {
        var status: Int
        var json: [String: Any]
    }

    static func request(_ url: String, method: String = "GET", body: [String: String]? = nil, token: String? = nil) async throws -> Answer {
        guard let target = URL(string: url) else { throw CLIError("smoke: bad URL \(url)") }
        var request = URLRequest(url: target)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return Answer(status: status, json: json)
    }
}
