import ArgumentParser
import Foundation
import YanjianCore
import YanjianIngest
import YanjianServer
import YanjianStore
import YanjianSynth

/// `yanjian demo`: a generated world in its own SQLite database, demo users, and the web app.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate a demo world, load it, create demo users and serve the web app.",
        discussion: """
        Uses its own SQLite database under ./yanjian-demo/ (it ignores YANJIAN_DB and --db). The first run
        generates a world (seed 7), imports it through the normal import pipeline, creates one demo user
        per role with random passwords printed once, and serves http://127.0.0.1:8080. Later runs keep
        the database; --reset starts again.

        Examples:
          yanjian demo
          yanjian demo --port 9090 --scale 0.5
          yanjian demo --reset
          yanjian demo --smoke        a tiny world, checks the API answers, exits 0 (used by CI)
        """
    )

    @OptionGroup var server: ServerOptions
    @Option(help: "Folder for the demo database, key and world.") var dir = "yanjian-demo"
    @Option(help: "World size (1 ≈ a prefecture; the demo default keeps start-up under a minute).") var scale = 0.2
    @Option(help: "World seed.") var seed: UInt64 = 7
    @Flag(help: "Delete the demo folder first.") var reset = false
    @Flag(help: "Tiny world on a free port; check the API, then exit.") var smoke = false

    func run() async throws {
        let root = URL(fileURLWithPath: smoke ? dir + "-smoke" : dir)
        let manager = FileManager.default
        if reset || smoke { try? manager.removeItem(at: root) }
        try manager.createDirectory(at: root, withIntermediateDirectories: true)
        let database = root.appendingPathComponent("yanjian.db").path
        let isNew = !manager.fileExists(atPath: database)
        let store = try Store.open(.sqlite(path: database), logger: CLI.logger)
        do {
            try await store.checkSchema()
            let audit = AuditLog(store: store, key: try AuditKey.load(
                environment: [:], file: root.appendingPathComponent("audit.key").path, create: true))
            var credentials: [(String, String, Role)] = []
            if isNew {
                credentials = try await populate(store: store, audit: audit, root: root)
            } else {
                CLI.note("Using the existing demo database \(database) (--reset to start again; demo passwords were printed on the first run; change one with `yanjian user passwd NAME --db \(database)`).")
            }
            var configuration = server.configuration()
            if smoke { configuration.port = 0 }
            if smoke {
                try await DemoSmoke.run(store: store, audit: audit, configuration: configuration, credentials: credentials)
            } else {
                let scheme = server.scheme
                let host = server.host
                let printed = credentials
                try await ServerRunner.run(store: store, audit: audit, configuration: configuration, logger: CLI.logger) { port in
                    DemoCommand.printWelcome(url: "\(scheme)://\(host):\(port)/", credentials: printed)
                }
            }
            await store.close()
        } catch {
            await store.close()
            throw error
        }
    }

    /// Generates the world, imports it and creates the demo users; returns their passwords.
    private func populate(store: Store, audit: AuditLog, root: URL) async throws -> [(String, String, Role)] {
        let world = root.appendingPathComponent("world")
        let config = WorldConfig(seed: seed, scale: smoke ? 0.02 : scale, messy: false, waybills: nil, plateReads: nil, centre: nil)
        CLI.note("Generating a demo world (seed \(config.seed), scale \(config.scale)) in \(world.path) …")
        let started = Date()
        _ = try WorldGenerator.generate(config, to: world, progress: nil)
        CLI.note(String(format: "  generated in %.1f s; importing …", Date().timeIntervalSince(started)))
        let report = try await Importer(store: store, logger: CLI.logger, source: "demo-world", actor: "demo")
            .run(paths: [world], progress: nil)
        try await audit.append(actor: "demo", action: "import.batch", target: "batch/\(report.batchID)",
                               details: ["accepted": String(report.files.reduce(0) { $0 + $1.accepted })])
        CLI.note(report.renderSummary())
        CLI.note("Analysing …")
        for line in try await AllAnalyses.run(store: store, audit: audit) { CLI.note("  " + line) }
        let centre = try await store.db.queryOne(
            "SELECT substr(adcode, 1, 4) AS city, COUNT(*) AS n FROM retailers WHERE adcode IS NOT NULL GROUP BY city ORDER BY n DESC LIMIT 1")
        let city = centre?["city"].text ?? "*"
        let users: [(String, String, Role, Department, String)] = [
            ("admin", "演示管理员", .admin, .tobacco, "*"),
            ("analyst", "演示分析员", .analyst, .tobacco, city),
            ("inspector", "演示稽查员", .investigator, .tobacco, city),
            ("police", "演示公安联络员", .liaison, .police, city),
            ("auditor", "演示审计员", .auditor, .tobacco, "*"),
        ]
        var credentials: [(String, String, Role)] = []
        for (name, display, role, department, jurisdiction) in users {
            let password = Tokens.make().prefix(16).replacingOccurrences(of: "-", with: "x").replacingOccurrences(of: "_", with: "y")
            let user = try await store.createUser(
                username: name, displayName: display, password: password, role: role, department: department,
                jurisdiction: try Jurisdiction(validating: jurisdiction))
            try await audit.append(actor: "demo", action: "user.create", target: "user/\(user.id)", details: ["role": role.rawValue])
            credentials.append((name, password, role))
        }
        return credentials
    }

    static func printWelcome(url: String, credentials: [(String, String, Role)]) {
        print("")
        print("Yanjian demo is running at \(url)  (Ctrl-C to stop)")
        if !credentials.isEmpty {
            print("Demo users (passwords are shown only this once):")
            for (name, password, role) in credentials {
                print("  \(name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(password)   \(role.rawValue)")
            }
        }
        print("")
        // Written before the server blocks: a pipe or a file must see the credentials now, not at exit.
        fflush(nil)
    }
}
