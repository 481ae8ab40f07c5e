import ArgumentParser
import Foundation
import YanjianServer
import YanjianStore

/// Options shared by `serve` and `demo`.
struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on (use 0.0.0.0 only behind TLS or a proxy).") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain: serve HTTPS only.") var tlsCert: String?
    @Option(name: .customLong("tls-key"), help: "PEM private key for --tls-cert.") var tlsKey: String?
    @Flag(name: .customLong("no-metrics"), help: "Do not serve the unauthenticated /metrics endpoint.") var noMetrics = false
    @Option(name: .customLong("auth-cache"), help: ArgumentHelp(
        "Seconds a token's authorisation is reused without asking the database (0: every request). Sign-outs, unmask grants and user changes made through this server apply at once; changes made elsewhere (the CLI, another server) within this time.",
        valueName: "seconds"))
    var authCache = 1.0

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0–65535") }
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
        guard (0...60).contains(authCache) else { throw ValidationError("--auth-cache must be 0 to 60 seconds") }
    }

    func configuration() -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.tlsCertificatePath = tlsCert
        configuration.tlsKeyPath = tlsKey
        configuration.metricsEnabled = !noMetrics
        configuration.authCacheSeconds = authCache
        configuration.version = YanjianVersion.current
        return configuration
    }

    var scheme: String { tlsCert == nil ? "http" : "https" }
}

/// `yanjian serve`: the API and web app over an existing database.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the API and the web app.",
        discussion: """
        The database's schema is checked first: a new database is created, an older one must be upgraded
        with `yanjian migrate`, one from a newer yanjian is refused. Create users with `yanjian user add`.

        Examples:
          yanjian serve --db ./yanjian.db
          yanjian serve --db 'postgres://yanjian:secret@db.internal/yanjian?sslmode=require' --host 0.0.0.0 \\
                        --tls-cert /etc/yanjian/cert.pem --tls-key /etc/yanjian/key.pem
        """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var server: ServerOptions

    func run() async throws {
        try await database.withStore { store in
            let audit = try database.auditLog(store)
            try await audit.append(actor: "cli", action: "server.start", details: ["port": String(server.port)])
            let scheme = server.scheme
            let host = server.host
            try await ServerRunner.run(store: store, audit: audit, configuration: server.configuration(), logger: CLI.logger) { port in
                CLI.note("Yanjian is serving \(scheme)://\(host):\(port)/  (Ctrl-C to stop)")
            }
        }
    }
}
