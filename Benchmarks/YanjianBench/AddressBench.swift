import ArgumentParser
import Foundation
import Logging
import YanjianCore
import YanjianStore

/// Times the address normaliser on the distinct addresses of an imported store's waybills (the graph
/// load normalises each distinct spelling once: 3.25M on the 4.31M-waybill world), and prints a digest
/// of every key, so that two builds can be checked to give the same keys.
struct AddressBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "addresses",
        abstract: "Time AddressNormalizer on the distinct waybill addresses of a store; print a digest of the keys."
    )

    @Option(help: "SQLite path or postgres:// URL of an imported store.") var db: String
    @Option(help: "Most distinct addresses to read.") var limit = 1_000_000
    @Option(help: "The waybill column to read: receiver_address or sender_address.") var column = "receiver_address"
    @Option(help: "Timed passes over them (the best is reported).") var passes = 3
    @Flag(help: "Key the UTF-8 bytes with AddressNormalizer.appendKey (the graph load's way) instead of normalising Strings.")
    var bytes = false

    func run() async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let store = try Store.open(StoreLocation(db), logger: logger)
        guard ["receiver_address", "sender_address"].contains(column) else {
            throw ValidationError("--column is receiver_address or sender_address")
        }
        let rows = try await store.db.query("SELECT DISTINCT \(column) FROM waybills WHERE \(column) IS NOT NULL LIMIT \(limit)", [])
        let addresses = rows.compactMap { $0.values.first?.text }
        let divisions = AdminDivisions.shared
        var best = Double.infinity
        var digest: UInt64 = 0xCBF2_9CE4_8422_2325
        for pass in 0..<passes {
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            let start = ContinuousClock.now
            if bytes {
                var scratch = AddressNormalizer.Scratch()
                var key: [UInt8] = []
                for var address in addresses {
                    key.removeAll(keepingCapacity: true)
                    _ = address.withUTF8 { AddressNormalizer.appendKey(utf8: $0, divisions: divisions, scratch: &scratch, to: &key) }
                    for byte in key { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
                }
            } else {
                for address in addresses {
                    for byte in AddressNormalizer.normalize(address, divisions: divisions).key.utf8 {
                        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
                    }
                }
            }
            let elapsed = ContinuousClock.now - start
            best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            if pass == 0 { digest = hash }
        }
        print(String(format: "addresses %d  best of %d: %.3f s  %.0f ns each  key digest %016llx",
                     addresses.count, passes, best, best * 1e9 / Double(max(addresses.count, 1)), digest))
    }
}
