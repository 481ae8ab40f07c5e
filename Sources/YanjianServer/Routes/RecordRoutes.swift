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
            // Rows go from the statement straight into the JSON (masked on their bytes in the store).
            let keys = Self.encodedKeys[domain.name] ?? EncodedKeys(domain.columns.map(\.name))
            var items = JSONWriter(capacity: 512 + page.perPage * 400)
            var scratch: [UInt8] = []
            let result = try await store.listRows(domain, scope: scope, page: page, filters: filters) { row in
                Self.write(row, keys: keys, scratch: &scratch, into: &items)
            }
            if result.unmasked && result.rows > 0 {
                try await audit.append(actor: scope.user.username, action: "records.read_personal", target: domain.name,
                                       details: ["rows": String(result.rows), "page": String(page.page)])
            }
            var json = JSONWriter(capacity: items.bytes.count + 128)
            json.object { json in
                json.key("items")
                json.rawJSON(bytes: [UInt8(ascii: "[")] + items.bytes + [UInt8(ascii: "]")])
                json.field("page", page.page)
                json.field("per_page", page.perPage)
                json.field("has_more", result.hasMore)
                json.field("masked", !result.unmasked)
            }
            return JSON.response(json)
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

    /// Each domain table's column names encoded once as JSON keys.
    static let encodedKeys: [String: EncodedKeys] = Dictionary(
        uniqueKeysWithValues: DomainTable.all.map { table in (table.name, EncodedKeys(table.columns.map(\.name))) })

    static func write(_ row: [SQLValue], columns: [DomainColumn], into json: inout JSONWriter) {
        write(row, keys: EncodedKeys(columns.map(\.name)), into: &json)
    }

    /// One streamed row as a JSON object.
    static func write(_ row: RecordRow, keys: EncodedKeys, scratch: inout [UInt8], into json: inout JSONWriter) {
        json.object { json in
            keys.forEach { index, key in
                json.key(encoded: key)
                row.withCell(index, scratch: &scratch) { cell in
                    switch cell {
                    case .null, .blob: json.string(nil)
                    case .int(let v): json.int(v)
                    case .double(let v): json.double(v)
                    case .text(let bytes): json.string(utf8: bytes)
                    }
                }
            }
        }
    }

    static func write(_ row: [SQLValue], keys: EncodedKeys, into json: inout JSONWriter) {
        json.object { json in
            keys.forEach { index, key in
                json.key(encoded: key)
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

/// A table's column names as JSON object keys (quoted and escaped), encoded once, back to back.
struct EncodedKeys: Sendable {
    private let bytes: [UInt8]
    private let ends: [Int]

    init(_ names: [String]) {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        for name in names {
            bytes += JSONWriter.encodedKey(name)
            ends.append(bytes.count)
        }
        self.bytes = bytes
        self.ends = ends
    }

    /// Calls `body` with each column's position and encoded key, in order.
    func forEach(_ body: (Int, UnsafeBufferPointer<UInt8>) -> Void) {
        bytes.withUnsafeBufferPointer { all in
            var start = 0
            for (index, end) in ends.enumerated() {
                body(index, UnsafeBufferPointer(rebasing: all[start..<end]))
                start = end
            }
        }
    }
}
