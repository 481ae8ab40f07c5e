import Foundation
import Logging
import YanjianCore
import YanjianStore

/// The storage engines a contract test runs against.
public enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres
    public var description: String { rawValue }
}

/// Why a PostgreSQL contract test did not run.
public struct PostgresUnavailable: Error, CustomStringConvertible {
    public var description: String
}

/// Fresh, isolated databases for tests: a temporary SQLite file, or a new schema in the PostgreSQL
/// named by `YANJIAN_TEST_POSTGRES_URL`.
public enum TestDatabases {
    /// The PostgreSQL URL for tests, if configured.
    public static var postgresURL: String? {
        let value = ProcessInfo.processInfo.environment["YANJIAN_TEST_POSTGRES_URL"] ?? ""
        return value.isEmpty ? nil : value
    }

    /// Whether tests run under CI, where a missing PostgreSQL is a failure.
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Whether a contract test for `kind` should run here. Locally without PostgreSQL it is skipped
    /// with a visible message; in CI the absence fails the test instead (see `open`).
    public static func available(_ kind: StoreKind) -> Bool {
        switch kind {
        case .sqlite: return true
        case .postgres:
            if postgresURL == nil && !isCI {
                FileHandle.standardError.write(Data(
                    "note: YANJIAN_TEST_POSTGRES_URL is not set: PostgreSQL contract tests are skipped locally (in CI they fail).\n".utf8))
                return false
            }
            return true
        }
    }

    /// A fresh migrated store of the given kind; call `cleanup` when done.
    public static func open(
        _ kind: StoreKind, clock: @escaping @Sendable () -> Date = { Date() }
    ) async throws -> (store: Store, cleanup: @Sendable () async -> Void) {
        var logger = Logger(label: "yanjian.test")
        logger.logLevel = .warning
        switch kind {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("yanjian-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let store = try Store.open(.sqlite(path: directory.appendingPathComponent("test.db").path), logger: logger, clock: clock)
            try await store.migrate()
            return (store, {
                await store.close()
                try? FileManager.default.removeItem(at: directory)
            })
        case .postgres:
            guard let base = postgresURL else {
                throw PostgresUnavailable(description: "CI=true but YANJIAN_TEST_POSTGRES_URL is not set: PostgreSQL contract tests must run in CI")
            }
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let admin = try Store.open(.postgres(url: base), logger: logger)
            try await admin.db.executeScript(["CREATE SCHEMA \(schema)"])
            let separator = base.contains("?") ? "&" : "?"
            let store = try Store.open(.postgres(url: base + separator + "schema=\(schema)"), logger: logger, clock: clock)
            try await store.migrate()
            return (store, {
                await store.close()
                try? await admin.db.executeScript(["DROP SCHEMA \(schema) CASCADE"])
                await admin.close()
            })
        }
    }
}

/// A clock tests can move.
public final class TestClock: @unchecked Sendable {
    // Invariant: `current` is only touched under `lock`.
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date = Date(timeIntervalSince1970: 1_767_225_600)) { current = start }

    public var now: Date { lock.withLock { current } }

    public func advance(seconds: TimeInterval) { lock.withLock { current += seconds } }

    /// A closure for `Store(clock:)`.
    public var closure: @Sendable () -> Date { { [self] in self.now } }
}
