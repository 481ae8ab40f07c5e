import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import YanjianCore
import YanjianStore

/// Paged, jurisdiction-scoped, masked listings of every domain table, and single records.
struct RecordRoutes {
    let store: Store
    let audit: AuditLog

    func register(_ table: inout RouteTable) {
        table.add(APIRoute(method: .get, path: "/api/v1/records/{table}",
                           summary: "List records of one table (retailers, orders, waybills, cases…), scoped and masked; exact-match filters on filterable fields",
                           tag: "records", isPublic: false, query: ["page", "per_page"])) { request, context in
            let scope = try context.requireScope()
            let domain = try Self.table(context)
            let page = try PageRequest(page: request.queryInt("page", default: 1), perPage: request.queryInt("per_page", default: 50))
            var filters: [String: String] = [:]
            for (name, value) in request.uri.queryParameters where name != "page" && name != "per_page" {
                filters[String(name)] = String(value)
            }
            let result = try await store.list(domain, scope: scope, page: page, filters: filters)
            if result.unmasked && !result.rows.isEmpty {
                try await audit.append(actor: scope.user.username, action: "records.read_personal", target: domain.name,
                                       details: ["rows": String(result.rows.count), "page": String(page.page)])
            }
            return JSON.response(Self.encode(result))
        }
        table.add(APIRoute(method: .get, path: "/api/v1/records/{table}/{id}", summary: "One record by its identifier, scoped and masked", tag: "records", isPublic: false)) { _, context in
            let scope = try context.requireScope()
            let domain = try Self.table(context)
            let id = try Self.recordID(context)
            guard let row = try await store.record(domain, key: id, scope: scope) else {
                throw APIError.notFound("\(domain.name) \(id)")
            }
            if scope.unmasked {
                try await audit.append(actor: scope.user.username, action: "records.read_personal", target: "\(domain.name)/\(id)")
            }
            var json = JSONWriter()
            Self.write(row, columns: domain.columns, into: &json)
            return JSON.response(json)
        }
        table.add(APIRoute(method: .get, path: "/api/v1/records/{table}/{id}/history",
                           summary: "The earlier versions of one record (each kept when an import replaced it): the batch and file line that had written it, when and by which batch it was replaced, and the record as it was, scoped and masked",
                           tag: "records", isPublic: false)) { _, context in
            let scope = try context.requireScope()
            let domain = try Self.table(context)
            let id = try Self.recordID(context)
            guard let versions = try await store.recordHistory(domain, key: id, scope: scope) else {
                throw APIError.notFound("\(domain.name) \(id)")
            }
            if scope.unmasked, !versions.isEmpty {
                try await audit.append(actor: scope.user.username, action: "records.read_personal", target: "\(domain.name)/\(id)/history")
            }
            var json = JSONWriter()
            json.object { json in
                json.key("items")
                json.array { json in
                    for item in versions {
                        json.object { json in
                            json.key("id"); json.int(item.version.id)
                            json.key("batch_id"); json.int(item.version.batchID)
                            json.key("source_file"); json.string(item.version.sourceFile)
                            json.key("source_line"); json.int(item.version.sourceLine)
                            json.key("replaced_at"); json.int(item.version.replacedAt)
                            json.key("replaced_by"); json.int(item.version.replacedBy)
                            json.key("record"); Self.write(item.values, columns: domain.columns, into: &json)
                        }
                    }
                }
                json.key("masked"); json.bool(!scope.unmasked)
            }
            return JSON.response(json)
        }
    }

    /// The `{id}` path parameter, percent-decoded, 1–128 characters.
    static func recordID(_ context: AppRequestContext) throws -> String {
        guard let id = context.pathText("id"), !id.isEmpty, id.count <= 128 else {
            throw APIError.badRequest(code: "request.invalid_path", message: "bad record id", field: "id")
        }
        return id
    }

    static func table(_ context: AppRequestContext) throws -> DomainTable {
        guard let name = context.parameters.get("table"), let table = DomainTable.named(name) else {
            throw APIError.notFound("table \(context.parameters.get("table") ?? "")")
        }
        return table
    }

    static func encode(_ page: RecordPage) -> JSONWriter {
        var json = JSONWriter(capacity: 512 + page.rows.count * 400)
        json.object { json in
            json.key("items")
            json.array { json in
                let keys = encodedKeys[page.table.name] ?? page.table.columns.map { JSONWriter.encodedKey($0.name) }
                for row in page.rows { write(row, keys: keys, into: &json) }
            }
            json.field("page", page.page)
            json.field("per_page", page.perPage)
            json.field("has_more", page.hasMore)
            json.field("masked", !page.unmasked)
        }
        return json
    }

    /// Each domain table's column names encoded once as JSON keys.
    static let encodedKeys: [String: [[UInt8]]] = Dictionary(
        uniqueKeysWithValues: DomainTable.all.map { table in (table.name, table.columns.map { JSONWriter.encodedKey($0.name) }) })

    static func write(_ row: [SQLValue], columns: [DomainColumn], into json: inout JSONWriter) {
        write(row, keys: columns.map { JSONWriter.encodedKey($0.name) }, into: &json)
    }

    static func write(_ row: [SQLValue], keys: [[UInt8]], into json: inout JSONWriter) {
        json.object { json in
            for index in keys.indices {
                json.key(encoded: keys[index])
                switch row[index] {
                case .null: json.string(nil)
                case .int(let v): json.int(v)
                case .double(let v): json.double(v)
                case .text(let v): json.string(v)
                case .blob: json.string(nil)
                }
            }
        }
    }
}
