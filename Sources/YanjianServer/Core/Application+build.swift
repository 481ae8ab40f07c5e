import Foundation
import HTTPTypes
import HummingbirdCore
import Hummingbird
import HummingbirdTLS
import Logging
import Metrics
import NIOCore
import NIOSSL
import Prometheus
import YanjianCore
import YanjianStore

/// The wired-up HTTP application: the API under `/api/v1`, `/metrics`, and the web app at `/`.
public struct YanjianApp {
    public let router: Router<AppRequestContext>
    /// The routes as documented (and as registered).
    public let routes: [APIRoute]
    let configuration: ServerConfiguration
    /// Live updates pushed to the web app.
    let events = EventHub()

    /// Builds the router for a store, an audit log and a configuration.
    public init(store: Store, audit: AuditLog, configuration: ServerConfiguration, metrics: PrometheusCollectorRegistry? = nil) {
        self.configuration = configuration
        let router = Router(context: AppRequestContext.self)
        // Outermost first: security headers wrap every response, including the error responses below.
        router.add(middleware: SecurityHeadersMiddleware(hsts: configuration.tlsCertificatePath != nil))
        router.add(middleware: ErrorMiddleware())
        if metrics != nil { router.add(middleware: MetricsMiddleware()) }
        if let web = Bundle.module.resourceURL?.appendingPathComponent("Web").path {
            var fileLogger = Logger(label: "yanjian.web")
            fileLogger.logLevel = .warning
            router.add(middleware: FileMiddleware(web, searchForIndexHtml: true, logger: fileLogger))
        }
        if let metrics, configuration.metricsEnabled {
            router.get("/metrics") { _, _ in
                Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                         body: .init(byteBuffer: ByteBuffer(bytes: metrics.emitToBuffer())))
            }
        }
        var table = RouteTable(open: router.group(), secured: router.group().add(
            middleware: AuthMiddleware(store: store, cache: AuthCache(seconds: configuration.authCacheSeconds))))
        let openAPI = OpenAPIBox()
        SystemRoutes(store: store, audit: audit, configuration: configuration, auditStatus: AuditStatusCache())
            .register(&table, openAPI: { openAPI.bytes })
        AuthRoutes(store: store, audit: audit, configuration: configuration).register(&table)
        RecordRoutes(store: store, audit: audit).register(&table)
        FindingRoutes(store: store, audit: audit).register(&table)
        AdminRoutes(store: store, audit: audit, configuration: configuration).register(&table)
        WorkflowRoutes(store: store, audit: audit, events: events).register(&table)
        CaseRoutes(store: store, audit: audit, events: events).register(&table)
        TipRoutes(store: store, audit: audit).register(&table)
        AssistanceRoutes(store: store, audit: audit).register(&table)
        PartnerRoutes(store: store, audit: audit).register(&table)
        RetailerRoutes(store: store, audit: audit).register(&table)
        let graph = GraphRoutes(store: store, audit: audit)
        // Decisions name entities as the graph page shows them: sealed ids for masked callers.
        EntityDecisionRoutes(store: store, audit: audit, sealer: graph.sealer).register(&table)
        SearchRoutes(store: store, audit: audit).register(&table)
        graph.register(&table)
        ImportRoutes(store: store, audit: audit).register(&table)
        openAPI.set(OpenAPIDocument.build(routes: table.routes, version: configuration.version))
        self.router = router
        routes = table.routes
    }

    /// The runnable application, with TLS when a certificate and key are configured.
    public func application(logger: Logger, onReady: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        let address = BindAddress.hostname(configuration.host, port: configuration.port)
        let config = ApplicationConfiguration(address: address, serverName: "yanjian")
        let server: HTTPServerBuilder
        if let cert = configuration.tlsCertificatePath, let key = configuration.tlsKeyPath {
            let chain = try NIOSSLCertificate.fromPEMFile(cert).map { NIOSSLCertificateSource.certificate($0) }
            let tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain, privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
            server = try .tls(.http1(), tlsConfiguration: tls)
        } else {
            server = .http1()
        }
        return Application(
            router: router, server: server, configuration: config,
            onServerRunning: { channel in await onReady(channel.localAddress?.port ?? 0) }, logger: logger)
    }
}

/// Holds the generated OpenAPI bytes; written once during set-up, before the server accepts requests.
final class OpenAPIBox: @unchecked Sendable {
    // Invariant: `set` runs once in `YanjianApp.init`, before any request can read `bytes`;
    // the lock makes the hand-over explicit anyway.
    private let lock = NSLock()
    private var stored: [UInt8] = []
    var bytes: [UInt8] { lock.withLock { stored } }
    func set(_ value: [UInt8]) { lock.withLock { stored = value } }
}

/// Runs the server until SIGINT/SIGTERM: the process-wide metrics registry is set up once.
public enum ServerRunner {
    private static let registryBox = RegistryBox()

    /// The process-wide Prometheus registry, bootstrapped into swift-metrics on first use.
    public static var registry: PrometheusCollectorRegistry { registryBox.registry }

    /// Serves `store` with `configuration`; `onReady` receives the bound port once listening.
    public static func run(
        store: Store, audit: AuditLog, configuration: ServerConfiguration, logger: Logger,
        onReady: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let app = YanjianApp(store: store, audit: audit, configuration: configuration, metrics: registry)
        // Unanswered warnings escalate once their response time is up, whether or not anyone is looking.
        let events = app.events
        let escalation = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(60))
                do {
                    let escalated = try await store.escalateOverdueWarnings()
                    if escalated > 0 {
                        logger.notice("escalated \(escalated) overdue warning(s)")
                        events.publish(.init(kind: "warnings", status: "escalated"))
                    }
                } catch {
                    logger.error("warning escalation failed: \(error)")
                }
            }
        }
        defer { escalation.cancel() }
        try await app.application(logger: logger, onReady: onReady).runService()
    }
}

/// Bootstraps swift-metrics exactly once per process.
final class RegistryBox: Sendable {
    let registry: PrometheusCollectorRegistry

    init() {
        registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }
}
