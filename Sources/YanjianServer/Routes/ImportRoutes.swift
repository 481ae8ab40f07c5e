import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import YanjianCore
import YanjianIngest
import YanjianStore

/// Uploading one interchange file from the browser (数据导入): the body is the file (CSV, JSON Lines, or
/// an Excel .xlsx workbook for the CSV files), `?file=` its interchange name (`retailers.csv`, `waybills.csv`,
/// `tips.jsonl` …). It is written to a private
/// temporary folder and imported by the same importer as `yanjian import` — cleaned, standardised,
/// every rejected row listed with line, field and reason — as one batch whose report is answered.
struct ImportRoutes {
    let store: Store
    let audit: AuditLog
    let logger = Logger(label: "yanjian.import")
    static let maxUploadBytes = 256 * 1024 * 1024

    func register(_ table: inout RouteTable) {
        table.add(APIRoute(method: .post, path: "/api/v1/imports",
                           summary: "Import one interchange file: the body is the file (UTF-8 or GB18030; CSV or JSON Lines), ?file=retailers.csv|orders.csv|waybills.csv|…, &profile=zh for Chinese headers; at most 256 MiB; answers the batch's quality report",
                           tag: "imports", isPublic: false, query: ["file", "source", "profile"])) { request, context in
            let scope = try AdminRoutes.require(context, \.mayImport)
            try GraphRoutes.onlyQuery(request, ["file", "source", "profile"])
            var options = ImportOptions()
            if let name = request.uri.queryParameters.get("profile").map({ String($0) }) {
                guard let builtIn = ImportProfile.builtIn[name] else {
                    throw APIError.badRequest(code: "request.invalid_query",
                                              message: "profile must be one of \(ImportProfile.builtIn.keys.sorted().joined(separator: ", "))", field: "profile")
                }
                options.profile = builtIn
            }
            guard let name = request.uri.queryParameters.get("file").map({ String($0) }),
                  let file = InterchangeFile.named(name) ?? options.profile?.target(forFileName: name) else {
                throw APIError.badRequest(
                    code: "request.invalid_query",
                    message: "file must be one of \(InterchangeFile.all.map(\.name).joined(separator: ", "))", field: "file")
            }
            let source = request.uri.queryParameters.get("source").map { String($0) } ?? "upload:\(scope.user.username)"
            guard (1...100).contains(source.count) else {
                throw APIError.badRequest(code: "request.invalid_query", message: "source must be 1 to 100 characters", field: "source")
            }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yanjian-upload-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o700])
            defer { try? FileManager.default.removeItem(at: folder) }
            let path = folder.appendingPathComponent(file.name)
            // Stream the body to disk (an upload can be far larger than is sensible to hold in memory).
            guard FileManager.default.createFile(atPath: path.path, contents: nil), let handle = try? FileHandle(forWritingTo: path) else {
                throw APIError.badRequest(code: "import.storage", message: "the upload could not be stored", field: nil)
            }
            var written = 0
            do {
                for try await chunk in request.body {
                    written += chunk.readableBytes
                    guard written <= Self.maxUploadBytes else { throw APIError.payloadTooLarge(limit: Self.maxUploadBytes) }
                    try handle.write(contentsOf: chunk.readableBytesView)
                }
                try handle.close()
            } catch {
                try? handle.close()
                throw error
            }
            guard written > 0 else { throw APIError.badRequest(code: "request.empty_body", message: "the file is empty", field: "file") }
            // An Excel workbook (a ZIP: "PK\u{3}\u{4}") is imported as such, whatever the name it was sent under.
            var importPath = path
            if let head = try? FileHandle(forReadingFrom: path).read(upToCount: 4), Array(head) == [0x50, 0x4B, 0x03, 0x04] {
                importPath = folder.appendingPathComponent(String(file.name.prefix { $0 != "." }) + ".xlsx")
                try FileManager.default.moveItem(at: path, to: importPath)
            }
            let report = try await Importer(store: store, logger: logger, source: source, actor: scope.user.username, options: options)
                .run(paths: [importPath])
            try await audit.append(actor: scope.user.username, action: "import.upload", target: "import/\(report.batchID)",
                                   details: ["file": file.name, "accepted": String(report.accepted), "rejected": String(report.rejected)])
            guard let stored = try await store.importReport(id: report.batchID) else { throw APIError.notFound("import \(report.batchID)") }
            return Response(status: .created, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: stored)))
        }
    }
}
