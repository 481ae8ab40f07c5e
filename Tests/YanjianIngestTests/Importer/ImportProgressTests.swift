import Foundation
import Testing
@testable import YanjianIngest
import YanjianStore
import YanjianTesting

@Suite("The import's progress line: rows, rate and the time left")
struct ImportProgressTests {
    @Test("Time left follows the bytes read at the rate so far; none at the start, at the end or without a size")
    func secondsLeft() {
        var progress = ImportProgress(file: "waybills.csv", fileNumber: 1, fileCount: 1, rowsRead: 1_000, accepted: 1_000, rejected: 0,
                                      finished: false, seconds: 10, bytesRead: 25, totalBytes: 100)
        #expect(progress.secondsLeft == 30)
        progress.seconds = 0.1
        #expect(progress.secondsLeft == nil, "too early for a rate")
        progress.seconds = 10
        progress.totalBytes = 0
        #expect(progress.secondsLeft == nil, "size unknown")
        progress.totalBytes = 100
        progress.finished = true
        #expect(progress.secondsLeft == nil)
    }

    @Test("A real import reports growing byte counts up to the file's size", arguments: [StoreKind.sqlite])
    func bytes(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        var text = "order_id,licence_no,order_date,brand,cartons,unit_price,amount\n"
        for index in 0..<3_000 { text += "Q\(index),610113000001,2026-02-01,中华,1,95.5,95.5\n" }
        let fixture = try DeliveryFixture(withDefects: false, extra: ["orders.csv": Array(text.utf8)])
        defer { fixture.remove() }
        let size = try #require(try fixture.url("orders.csv").resourceValues(forKeys: [.fileSizeKey]).fileSize)
        let events = Events()
        try await DeliveryFixture.withImporter(kind) { _, importer in
            var small = importer
            small.options.batchSize = 500
            _ = try await small.run(paths: [fixture.url("orders.csv")]) { events.append($0) }
        }
        let seen = events.all
        #expect(seen.count >= 2)
        #expect(seen.allSatisfy { $0.totalBytes == size })
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.bytesRead <= $1.bytesRead })
        #expect(seen.last?.finished == true && seen.last?.bytesRead == size)

        // Through a symbolic link the size is the target's, not the link's.
        let links = FileManager.default.temporaryDirectory.appendingPathComponent("yanjian-links-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: links, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: links) }
        let link = links.appendingPathComponent("orders.csv")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: fixture.url("orders.csv"))
        let linked = Events()
        try await DeliveryFixture.withImporter(kind) { _, importer in
            _ = try await importer.run(paths: [link]) { linked.append($0) }
        }
        #expect(!linked.all.isEmpty && linked.all.allSatisfy { $0.totalBytes == size })
        #expect(ImportInput(file: try #require(InterchangeFile.named("orders.csv")), url: link).byteCount == size)
    }

}

/// Progress events collected from the importer's callback.
final class Events: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [ImportProgress] = []
    func append(_ event: ImportProgress) { lock.lock(); items.append(event); lock.unlock() }
    var all: [ImportProgress] { lock.lock(); defer { lock.unlock() }; return items }
}
