import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import YanjianCore
import YanjianServer
import YanjianStore

@Suite("Bad input gets a clear 4xx JSON error, never a crash or a partial write")
struct BadInputTests {
    static func post(_ client: any TestClientProtocol, _ uri: String, _ body: String, token: String? = nil,
                     type: String = "application/json") async throws -> (HTTPResponse.Status, [String: Any]) {
        var headers: HTTPFields = [.contentType: type]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
            (response.status, (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:])
        }
    }

    @Test("Malformed JSON, wrong types, unknown and missing fields are 400 with a code and the field", arguments: [
        (#"{"username": "admin", "password": "#, "request.invalid_body", nil as String?),
        (#"[1, 2, 3]"#, "request.invalid_body", nil),
        (#"{"username": 5, "password": "x"}"#, "request.invalid_field", "username"),
        (#"{"username": "admin", "password": "x", "role": "admin"}"#, "request.unknown_field", "role"),
        (#"{"username": "admin"}"#, "request.missing_field", "password"),
    ])
    func malformedLogin(body: String, code: String, field: String?) async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let (status, json) = try await Self.post(client, "/api/v1/auth/login", body)
            #expect(status == .badRequest)
            #expect(errorCode(json) == code)
            let details = (json["error"] as? [String: Any])?["details"] as? [String: Any]
            #expect(details?["field"] as? String == field)
            #expect((json["error"] as? [String: Any])?["request_id"] != nil)
        }
    }

    @Test("An oversized body is 413 and a non-JSON content type is 415")
    func sizeAndType() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let huge = #"{"username": "admin", "password": ""# + String(repeating: "x", count: 2 << 20) + #""}"#
            let tooLarge = try await Self.post(client, "/api/v1/auth/login", huge)
            #expect(tooLarge.0 == .contentTooLarge)
            let form = try await Self.post(client, "/api/v1/auth/login", "username=admin", type: "application/x-www-form-urlencoded")
            #expect(form.0 == .unsupportedMediaType)
        }
    }

    @Test("Wrong passwords lock the account through the API with 423 and Retry-After")
    func lockoutOverHTTP() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            for _ in 0..<5 {
                let (status, json) = try await Self.post(client, "/api/v1/auth/login", #"{"username":"analyst","password":"nope"}"#)
                #expect(status == .unauthorized)
                #expect(errorCode(json) == "auth.invalid_credentials")
            }
            let (status, json) = try await Self.post(client, "/api/v1/auth/login", #"{"username":"analyst","password":"\#(TestApp.password)"}"#)
            #expect(status.code == 423)
            #expect(errorCode(json) == "auth.locked")
        }
    }

    @Test("Bad pagination, unknown tables, unknown filters and SQL metacharacters are answered cleanly")
    func listings() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let token = try await client.login("admin")
            #expect(try await client.get("/api/v1/records/retailers?page=0", token: token).0 == .badRequest)
            #expect(try await client.get("/api/v1/records/retailers?per_page=100000", token: token).0 == .badRequest)
            #expect(try await client.get("/api/v1/records/retailers?page=abc", token: token).0 == .badRequest)
            #expect(try await client.get("/api/v1/records/users", token: token).0 == .notFound)
            #expect(try await client.get("/api/v1/records/retailers?password_hash=x", token: token).0 == .badRequest)
            let (status, json) = try await client.get("/api/v1/records/retailers?licence_no=%27%20OR%20%271%27%3D%271", token: token)
            #expect(status == .ok)
            #expect((json["items"] as? [Any])?.isEmpty == true)
            #expect(try await client.get("/api/v1/records/retailers/nope", token: token).0 == .notFound)
            #expect(try await client.get("/api/v1/imports/abc", token: token).0 == .badRequest)
        }
    }

    @Test("Path traversal on static files never leaves the web folder", arguments: [
        "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/css/../../../Package.swift", "/..%2f..%2fetc%2fpasswd",
    ])
    func traversal(path: String) async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let (status, body) = try await client.execute(uri: path, method: .get) { ($0.status, String(buffer: $0.body)) }
            #expect(!body.contains("root:"))
            #expect(!body.contains("PackageDescription"))
            #expect(status == .notFound || status == .ok || status == .badRequest)
        }
    }
}

@Suite("Scoping and masking through the API")
struct ScopeAPITests {
    @Test("An analyst of Weifang sees Weifang retailers masked and not Xi'an's; unmasking needs a purpose and is audited")
    func scopedMasked() async throws {
        let app = try await TestApp.make()
        let store = app.store
        try await app.test { client in
            let token = try await client.login("analyst")
            let (status, json) = try await client.get("/api/v1/records/retailers", token: token)
            #expect(status == .ok)
            let items = try #require(json["items"] as? [[String: Any]])
            #expect(items.map { $0["licence_no"] as? String } == ["370702000001"])
            #expect(items.first?["phone"] as? String == "138****5678")
            #expect(items.first?["owner_name"] as? String == "张*")
            #expect(json["masked"] as? Bool == true)
            #expect(try await client.get("/api/v1/records/retailers/610113000003", token: token).0 == .notFound)
            let denied = try await BadInputTests.post(client, "/api/v1/unmask", #"{"purpose": ""}"#, token: token)
            #expect(denied.0 == .badRequest)
            let granted = try await BadInputTests.post(client, "/api/v1/unmask", #"{"purpose": "核查案件 2026-001", "minutes": 10}"#, token: token)
            #expect(granted.0 == .created)
            let clear = try await client.get("/api/v1/records/retailers", token: token)
            #expect((clear.1["items"] as? [[String: Any]])?.first?["phone"] as? String == "13812345678")
            let audited = try await store.db.scalarInt("SELECT COUNT(*) FROM audit_log WHERE action IN ('privacy.unmask', 'records.read_personal')")
            #expect(audited == 2)
            let xian = try await client.login("xian")
            let other = try await client.get("/api/v1/records/retailers", token: xian)
            #expect((other.1["items"] as? [[String: Any]])?.map { $0["licence_no"] as? String } == ["610113000003"])
        }
    }

    @Test("Findings are served scoped to the jurisdiction and masked; bad kinds and parameters are refused")
    func findings() async throws {
        let app = try await TestApp.make()
        let run = try await app.store.beginAnalysis("links")
        try await app.store.publishFindings(run: run, analysis: "links", kinds: [FindingKind.gangMember], findings: [
            StoredFinding(kind: FindingKind.gangMember, subject: "phone:13812345678", score: 0.9, label: "seller", adcode: "370702",
                          details: #"{"kind":"phone","value":"13812345678"}"#),
            StoredFinding(kind: FindingKind.gangMember, subject: "phone:13712345678", score: 0.8, label: "seller", adcode: "610113"),
        ])
        try await app.test { client in
            let token = try await client.login("analyst")
            let (status, json) = try await client.get("/api/v1/findings/gang_member", token: token)
            #expect(status == .ok)
            let items = try #require(json["items"] as? [[String: Any]])
            #expect(items.map { $0["subject"] as? String } == ["phone:138****5678"])
            #expect((items.first?["details"] as? [String: Any])?["value"] as? String == "138****5678")
            #expect(json["masked"] as? Bool == true)
            let overview = try await client.get("/api/v1/findings", token: token)
            #expect((overview.1["counts"] as? [String: Any])?["gang_member"] as? Int == 1)
            #expect(try await client.get("/api/v1/findings/users", token: token).0 == .notFound)
            #expect(try await client.get("/api/v1/findings/gang_member?sort=1", token: token).0 == .badRequest)
            #expect(try await client.get("/api/v1/findings/gang_member?per_page=0", token: token).0 == .badRequest)
            #expect(try await client.get("/api/v1/findings/gang_member?label=x'%20OR%201=1--", token: token).1["items"] as? [Any] != nil)
            let auditor = try await client.login("auditor")
            #expect(try await client.get("/api/v1/findings/gang_member", token: auditor).0 == .forbidden)
        }
    }

    @Test("Roles limit what an authenticated user may do")
    func roles() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let analyst = try await client.login("analyst")
            #expect(try await client.get("/api/v1/users", token: analyst).0 == .forbidden)
            #expect(try await client.get("/api/v1/audit", token: analyst).0 == .forbidden)
            let auditor = try await client.login("auditor")
            let verify = try await client.get("/api/v1/audit/verify", token: auditor)
            #expect(verify.1["problems"] as? [Any] != nil)
            #expect(try await client.get("/api/v1/records/waybills", token: auditor).0 == .forbidden)
            let partner = try await client.login("partner")
            #expect(try await client.get("/api/v1/records/retailers", token: partner).0 == .forbidden)
            let admin = try await client.login("admin")
            let created = try await BadInputTests.post(client, "/api/v1/users",
                #"{"username":"new.one","password":"a long password","role":"investigator","department":"公安","jurisdiction":"370702"}"#, token: admin)
            #expect(created.0 == .created)
            #expect(created.1["department"] as? String == "police")
        }
    }
}
