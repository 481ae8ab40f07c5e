import ArgumentParser
import Foundation
import YanjianCore
import YanjianGraph
import YanjianStore

/// `yanjian graph neighbors|path`: queries on the entity graph built from the store.
struct GraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Query the entity graph: neighbourhoods and paths with the evidence on every link.",
        discussion: """
        Entities are written kind:value (phone:13812345678, id_no:…, account:…, address:陕西省西安市…,
        waybill_no:SF…, case:AJ…, person:P…, licence_no:…, plate:陕A12345); a bare 11-digit number is a
        phone. Kinds: \(EntityKind.allCases.map(\.code).joined(separator: ", ")).
        """,
        subcommands: [Neighbors.self, Path.self]
    )

    /// Filters shared by both queries.
    struct FilterOptions: ParsableArguments {
        @Option(name: .customLong("edge-kinds"), help: ArgumentHelp(
            "Comma-separated edge kinds to follow (default: all).",
            discussion: EdgeKind.allCases.map(\.code).joined(separator: ", ")))
        var edgeKinds: String?
        @Option(name: .customLong("node-kinds"), help: "Comma-separated node kinds to enter (default: all).")
        var nodeKinds: String?
        @Option(help: "Only links dated on or after this day (YYYY-MM-DD, Asia/Shanghai); files always count.")
        var since: String?
        @Option(help: "Only links dated on or before this day (YYYY-MM-DD).")
        var until: String?
        @Option(name: .customLong("expand-limit"), help: "Do not expand nodes with more links than this.")
        var expandLimit = 10_000

        func filter() throws -> TraversalFilter {
            var edges = EdgeKindSet.all
            if let edgeKinds {
                edges = EdgeKindSet(try edgeKinds.split(separator: ",").map { code in
                    guard let kind = EdgeKind(code: code.trimmingCharacters(in: .whitespaces)) else {
                        throw ValidationError("unknown edge kind '\(code)'; use \(EdgeKind.allCases.map(\.code).joined(separator: ", "))")
                    }
                    return kind
                })
            }
            var nodes = Set(EntityKind.allCases)
            if let nodeKinds {
                nodes = Set(try nodeKinds.split(separator: ",").map { code in
                    guard let kind = EntityKind(code: code.trimmingCharacters(in: .whitespaces)) else {
                        throw ValidationError("unknown node kind '\(code)'; use \(EntityKind.allCases.map(\.code).joined(separator: ", "))")
                    }
                    return kind
                })
                nodes.insert(.waybill)  // records in between are always entered
            }
            var window: ClosedRange<Int64>?
            if since != nil || until != nil {
                let low = try since.map(day) ?? Int64.min + 1
                let high = try until.map { try day($0) + 86_399 } ?? Int64.max
                guard low <= high else { throw ValidationError("--since is after --until") }
                window = low...high
            }
            return TraversalFilter(edgeKinds: edges, nodeKinds: nodes, window: window, expandLimit: expandLimit)
        }

        func day(_ text: String) throws -> Int64 {
            guard let days = Timestamp.parseDays(text) else { throw ValidationError("'\(text)' is not a date (YYYY-MM-DD)") }
            return Int64(days) * 86_400 - Timestamp.shanghaiOffsetSeconds
        }
    }

    static func reference(_ text: String) throws -> EntityReference {
        do {
            return try EntityReference(parsing: text)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    static func loadGraph(_ database: DatabaseOptions, _ snapshot: GraphSnapshotOptions) async throws -> EntityGraph {
        try await database.withStore { store in
            try await EntityGraphLoader().load(from: store, logger: CLI.logger, snapshot: snapshot.path(database))
        }
    }

    struct Neighbors: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "neighbors", abstract: "Entities within N links of an entity.",
            discussion: """
            Example:
              yanjian graph neighbors phone:13812345678 --hops 2 --db ./yanjian.db
              yanjian graph neighbors address:陕西省西安市雁塔区… --hops 2 --node-kinds phone,account --since 2025-10-01
            """)

        @Argument(help: "The entity (kind:value).") var entity: String
        @Option(help: "Number of links to follow (1–6).") var hops = 2
        @Option(help: "Most nodes to print.") var limit = 200
        @Flag(help: "Show values in clear (audited).") var unmasked = false
        @OptionGroup var filters: FilterOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var snapshot: GraphSnapshotOptions

        func validate() throws {
            guard (1...6).contains(hops) else { throw ValidationError("--hops must be between 1 and 6") }
            _ = try GraphCommand.reference(entity)
            _ = try filters.filter()
        }

        func run() async throws {
            let reference = try GraphCommand.reference(entity)
            let graph = try await GraphCommand.loadGraph(database, snapshot)
            guard let seed = graph.node(reference) else {
                CLI.note("error: \(reference) does not occur in the data")
                throw ExitCode.failure
            }
            var scratch = TraversalScratch(nodeCount: graph.nodeCount)
            let result = graph.neighborhood(of: seed, hops: hops, filter: try filters.filter(), scratch: &scratch)
            print("\(result.nodes.count) entities within \(hops) links of \(reference)")
            let values: ExportValues = unmasked ? .clear : .masked
            for (node, hop) in zip(result.nodes, result.hops).prefix(limit) {
                print("  \(hop)  \(graph.kind(node).code):\(values.describe(node, in: graph))  (\(graph.degree(node)) links)")
            }
            if result.nodes.count > limit { print("  … \(result.nodes.count - limit) more (raise --limit)") }
        }
    }

    struct Path: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "path", abstract: "The shortest chain of links between two entities, with evidence per link.",
            discussion: """
            Example:
              yanjian graph path phone:13812345678 id_no:610102199001011234 --db ./yanjian.db
            """)

        @Argument(help: "From (kind:value).") var from: String
        @Argument(help: "To (kind:value).") var to: String
        @Option(name: .customLong("max-hops"), help: "Longest chain to look for.") var maxHops = 8
        @Flag(help: "Print the path as JSON.") var json = false
        @OptionGroup var filters: FilterOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var snapshot: GraphSnapshotOptions

        func validate() throws {
            _ = try GraphCommand.reference(from)
            _ = try GraphCommand.reference(to)
            guard (1...20).contains(maxHops) else { throw ValidationError("--max-hops must be between 1 and 20") }
        }

        func run() async throws {
            let a = try GraphCommand.reference(from), b = try GraphCommand.reference(to)
            let graph = try await GraphCommand.loadGraph(database, snapshot)
            guard let start = graph.node(a), let end = graph.node(b) else {
                CLI.note("error: \(graph.node(a) == nil ? a : b) does not occur in the data")
                throw ExitCode.failure
            }
            guard let path = graph.shortestPath(from: start, to: end, filter: try filters.filter(), maxHops: maxHops) else {
                print("no chain of at most \(maxHops) links between \(a) and \(b)")
                throw ExitCode(2)
            }
            let evidence = path.edges.map { graph.evidence($0) }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(evidence), as: UTF8.self))
                return
            }
            print("\(path.edges.count) links from \(a) to \(b):")
            for (i, item) in evidence.enumerated() {
                print("  \(graph.label(path.nodes[i])) → \(graph.label(path.nodes[i + 1]))")
                print("      \(item.text)")
            }
        }
    }
}

/// `yanjian export graph`: GraphML, GEXF or an i2 link table.
struct GraphExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Export the graph of gangs, or of an entity's neighbourhood, as GraphML, GEXF or an i2 link table.",
        discussion: """
        Without --gang or --around, every stored gang is exported (its people, their waybills and cases).
        Values are masked unless --unmasked is given (audited).

        Examples:
          yanjian export graph --format graphml --out gangs.graphml --db ./yanjian.db
          yanjian export graph --format gexf --gang GANG-1A2B3C4D --out g.gexf
          yanjian export graph --format i2 --around phone:13812345678 --hops 2 --out links.csv
        """
    )

    @Option(help: "graphml, gexf or i2.") var format: String
    @Option(help: "Output file.") var out: String
    @Option(help: "Only this gang.") var gang: String?
    @Option(help: "The neighbourhood of this entity instead of gangs.") var around: String?
    @Option(help: "Links around --around.") var hops = 2
    @Flag(help: "Values in clear (audited).") var unmasked = false
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var snapshot: GraphSnapshotOptions

    func validate() throws {
        guard GraphExportFormat(rawValue: format) != nil else {
            throw ValidationError("--format must be one of \(GraphExportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if gang != nil && around != nil { throw ValidationError("give --gang or --around, not both") }
        if let around { _ = try GraphCommand.reference(around) }
        guard (1...4).contains(hops) else { throw ValidationError("--hops must be between 1 and 4") }
    }

    func run() async throws {
        guard let format = GraphExportFormat(rawValue: format) else { throw ExitCode.failure }
        let (graph, members, waybills) = try await database.withStore { store in
            let graph = try await EntityGraphLoader().load(from: store, logger: CLI.logger, snapshot: snapshot.path(database))
            let members = try await store.findings(kind: FindingKind.gangMember, scope: .system)
                .compactMap { LinkDetails.member($0.details) }.filter { gang == nil || $0.gangID == gang }
            let waybills = try await store.findings(kind: FindingKind.gang, scope: .system)
                .filter { gang == nil || $0.subject == gang }.compactMap { LinkDetails.gang($0.details)?.waybills }.flatMap { $0 }
            try await database.auditLog(store).append(
                actor: "cli", action: unmasked ? "graph.export.unmasked" : "graph.export", target: out,
                details: ["format": format.rawValue])
            return (graph, members, waybills)
        }
        var nodes: [Int32] = []
        if let around {
            let reference = try GraphCommand.reference(around)
            guard let seed = graph.node(reference) else {
                CLI.note("error: \(reference) does not occur in the data")
                throw ExitCode.failure
            }
            var scratch = TraversalScratch(nodeCount: graph.nodeCount)
            nodes = graph.neighborhood(of: seed, hops: hops, scratch: &scratch).nodes
        } else {
            for member in members {
                if let reference = try? EntityReference(parsing: member.kind + ":" + member.value), let node = graph.node(reference) {
                    nodes.append(node)
                }
            }
            for number in waybills { if let node = graph.node(.waybill, number) { nodes.append(node) } }
            if nodes.isEmpty {
                CLI.note(gang == nil ? "error: no gangs stored; run `yanjian analyze links` first" : "error: no gang \(gang ?? "")")
                throw ExitCode.failure
            }
        }
        let subgraph = Subgraph(graph, nodes: nodes)
        try GraphExport.data(subgraph, of: graph, format: format, values: unmasked ? .clear : .masked)
            .write(to: URL(fileURLWithPath: out))
        print("wrote \(out): \(subgraph.nodes.count) nodes, \(subgraph.edges.count) edges (\(format.rawValue))")
    }
}
