import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import YanjianCore
import YanjianStore

/// Health, the OpenAPI document, the caller's identity and the overview.
struct SystemRoutes {
    let store: Store
    let audit: AuditLog
    let configuration: ServerConfiguration
    let auditStatus: AuditStatusCache

    func register(_ table: inout RouteTable, openAPI: @escaping @Sendable () -> [UInt8]) {
        table.add(APIRoute(method: .get, path: "/api/v1/health", summary: "Liveness, version and schema version", tag: "system", isPublic: true)) { _, _ in
            let status = try await auditStatus.schema(store)
            var json = JSONWriter()
            json.object { json in
                json.field("status", status.isCurrent ? "ok" : "schema_mismatch")
                json.field("version", configuration.version)
                json.field("schema_version", status.version)
                json.field("database", store.dialect.rawValue)
            }
            return JSON.response(json)
        }
        table.add(APIRoute(method: .get, path: "/api/v1/openapi.json", summary: "This API as an OpenAPI 3.1 document", tag: "system", isPublic: true)) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: openAPI())))
        }
        table.add(APIRoute(method: .get, path: "/api/v1/me", summary: "The signed-in user", tag: "auth", isPublic: false)) { _, context in
            let scope = try context.requireScope()
            return try JSON.response(UserView(scope.user, unmasked: scope.unmasked))
        }
        table.add(APIRoute(method: .get, path: "/api/v1/overview", summary: "Counts, open warnings by level, top risky districts, cases by status, imports (with their reject rates), recent activity and audit state within the caller's jurisdiction", tag: "system", isPublic: false)) { _, context in
            let scope = try context.requireScope()
            let counts = scope.user.role.mayReadData ? try await store.counts(scope: scope) : [:]
            let cases = scope.user.role.mayReadData ? try await store.caseCountsByStatus(scope: scope) : [:]
            let imports = try await store.recentImports(limit: 5)
            let entries = try await audit.recent(limit: 50)
            let mine = scope.user.role.mayReadAudit ? entries : entries.filter { $0.actor == scope.user.username }
            let verification = try await auditStatus.current(audit, now: store.now)
            let warnings = scope.user.role.mayReadData ? try await store.warningCounts(scope: scope).openByLevel : [:]
            let districts = scope.user.role.mayReadData ? try await store.riskyDistricts(limit: 8, scope: scope) : []
            var json = JSONWriter(capacity: 4096)
            json.object { json in
                json.key("warnings_open_by_level")
                json.object { json in for level in WarningLevel.allCases { json.field(level.rawValue, warnings[level.rawValue] ?? 0) } }
                json.key("risky_districts")
                json.array { json in
                    for district in districts {
                        json.object { json in
                            json.field("adcode", district.adcode)
                            json.field("name", AdminDivisions.shared.path(of: district.adcode).map(\.name).joined())
                            json.field("flagged", district.flagged)
                            json.field("scored", district.scored)
                        }
                    }
                }
                json.key("counts")
                json.object { json in
                    for table in DomainTable.all { json.field(table.name == "business_registrations" ? "business_registrations" : table.name, counts[table.name] ?? 0) }
                }
                json.key("cases_by_status")
                json.object { json in for status in CaseStatus.allCases { json.field(status.code, cases[status.code] ?? 0) } }
                json.key("imports")
                json.array { json in
                    for batch in imports {
                        json.object { json in
                            json.field("id", batch.id)
                            json.field("started_at", Timestamp.format(batch.startedAt))
                            json.field("source", batch.source)
                            json.field("status", batch.status)
                            json.field("rows", batch.rowsAccepted)
                            json.field("rejected", batch.rowsRejected)
                        }
                    }
                }
                json.key("recent_activity")
                json.array { json in
                    for entry in mine.prefix(10) {
                        json.object { json in
                            json.field("at", Timestamp.format(entry.at))
                            json.field("actor", entry.actor)
                            json.field("action", entry.action)
                            json.field("target", entry.target)
                        }
                    }
                }
                json.key("audit")
                json.object { json in
                    json.field("entries", Int64(verification.entries))
                    json.field("verified", verification.ok)
                }
            }
            return JSON.response(json)
        }
    }
}

/// The user as the API shows it.
struct UserView: Encodable {
    var id: Int64
    var username: String
    var displayName: String
    var role: String
    var department: String
    var jurisdiction: String
    var disabled: Bool
    var totp: Bool
    var unmasked: Bool

    init(_ user: User, unmasked: Bool = false) {
        id = user.id
        username = user.username
        displayName = user.displayName
        role = user.role.rawValue
        department = user.department.rawValue
        jurisdiction = user.jurisdiction.description
        disabled = user.disabled
        totp = user.hasTOTP
        self.unmasked = unmasked
    }
}

/// Verifying the whole chain on every overview would cost a full scan, so the result is kept for a minute.
actor AuditStatusCache {
    private var cached: (at: Int64, result: AuditVerification)?
    private var schemaCache: (at: Int64, status: SchemaStatus)?

    /// The schema status, re-read at most every 10 s: health checks must not cost a query each.
    func schema(_ store: Store) async throws -> SchemaStatus {
        let now = store.now
        if let schemaCache, now - schemaCache.at < 10 { return schemaCache.status }
        let status = try await store.schemaStatus()
        schemaCache = (now, status)
        return status
    }

    func current(_ audit: AuditLog, now: Int64) async throws -> AuditVerification {
        if let cached, now - cached.at < 60 { return cached.result }
        let result = try await audit.verify()
        cached = (now, result)
        return result
    }
}
