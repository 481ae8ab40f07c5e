import ArgumentParser
import Foundation
import Logging
import YanjianCore
import YanjianGraph
import YanjianStore

/// Issue 6's graph figures, measured beside plain references (bench/graph/): the entity graph load,
/// connected components over the graph's edge arrays (against a C union-find on the same arrays),
/// community detection on LinkAnalysis's weighted projection (against python-igraph's Leiden and
/// Louvain on the same projection) and 2-hop query latency (against a C CSR on the same edges).
///
/// Writes to `--out`: `edges.bin` (Int64 node count, Int64 edge count, Int32 sources, Int32 targets;
/// the graph's own `edgeSource`/`edgeTarget`), `projection.bin` (the same header and arrays, then
/// Float64 weights, one row per undirected edge of the projection) and `queries.bin` (Int64 count,
/// Int32 start nodes) so every reference runs on exactly the same input. All integers little-endian.
struct GraphBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Time the entity graph's load, components, communities and 2-hop queries; write the inputs of the references.")
    @Option(help: "SQLite path or postgres:// URL of an imported store.") var db: String
    @Option(help: "Folder for edges.bin, projection.bin and queries.bin.") var out: String
    @Option(help: "Random start nodes for the 2-hop latency.") var queries = 10_000
    @Option(help: "Seed of the start nodes.") var seed: UInt64 = 6

    func run() async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let store = try Store.open(StoreLocation(db), logger: logger)

        var started = ContinuousClock.now
        let graph = try await EntityGraphLoader().load(from: store, logger: logger)
        await store.close()
        report("load", seconds(since: started), "\(graph.nodeCount) nodes, \(graph.edgeCount) edges")

        try write(to: "\(out)/edges.bin", nodeCount: graph.nodeCount, sources: graph.edgeSource, targets: graph.edgeTarget)

        // Connected components: the public UnionFind over the same edge arrays as the C reference
        // (init, one union per edge, count the roots).
        started = ContinuousClock.now
        var sets = UnionFind(count: graph.nodeCount)
        sets.union(sources: graph.edgeSource, targets: graph.edgeTarget)
        let components = sets.setCount()
        report("components (UnionFind over edges.bin)", seconds(since: started), "\(components) components")

        // Communities exactly as LinkAnalysis.analyze runs them: names → projection → detection.
        let options = LinkAnalysis.Options()
        started = ContinuousClock.now
        let nameLinks = options.names.links(graph)
        report("name resolution", seconds(since: started), "\(nameLinks.count) links")
        started = ContinuousClock.now
        let projection = Projection.build(graph, nameLinks: nameLinks, options: options.projection)
        let projected = projection.graph
        report("projection", seconds(since: started),
               "\(projected.nodeCount) nodes, \(projected.slotCount) slots, \(projection.hubs.count) hubs cut")
        try writeProjection(projected, to: "\(out)/projection.bin")
        started = ContinuousClock.now
        let detected = options.communities.run(projected)
        let detection = seconds(since: started)
        started = ContinuousClock.now
        let modularity = options.communities.modularity(projected, detected.labels)
        report("communities (CommunityDetection.run on the projection)", detection,
               String(format: "%d communities, modularity %.4f (computed in %.2f s)", detected.count, modularity, seconds(since: started)))

        // Case linking as LinkAnalysis runs it (for the record; the C reference is the components line).
        started = ContinuousClock.now
        let caseGroups = CaseLinking.groups(graph, isHub: projection.isHub)
        report("case linking (CaseLinking.groups)", seconds(since: started), "\(caseGroups.count) groups of \(graph.facts.caseNode.count) cases")

        // 2-hop latency over the same random start nodes as the C CSR.
        var rng = SplitMix64(seed: seed)
        let starts = (0..<queries).map { _ in Int32(truncatingIfNeeded: rng.next() % UInt64(graph.nodeCount)) }
        try write(to: "\(out)/queries.bin", header: [Int64(starts.count)], arrays: [starts])
        let plain = TraversalFilter(expandLimit: Int.max, noExpand: [])
        latency(graph, starts, filter: plain, name: "2-hop, every node expanded (as the C CSR)")
        latency(graph, starts, filter: TraversalFilter(), name: "2-hop, default TraversalFilter (outlets, >10k-slot not expanded)")
    }

    func latency(_ graph: EntityGraph, _ starts: [Int32], filter: TraversalFilter, name: String) {
        var scratch = TraversalScratch(nodeCount: graph.nodeCount)
        var nanos = [Int64]()
        nanos.reserveCapacity(starts.count)
        var reached = 0
        let total = ContinuousClock.now
        for start in starts {
            let begun = ContinuousClock.now
            reached += graph.neighborhoodCount(of: start, hops: 2, filter: filter, scratch: &scratch)
            let d = ContinuousClock.now - begun
            nanos.append(d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000)
        }
        let elapsed = seconds(since: total)
        nanos.sort()
        func quantile(_ q: Double) -> Double { Double(nanos[min(nanos.count - 1, Int(q * Double(nanos.count)))]) / 1000 }
        say(padded(name) + String(format: " p50 %8.1f µs  p99 %8.1f µs  max %9.1f µs  (%d queries in %.2f s, %d nodes reached incl. starts)",
                     quantile(0.5), quantile(0.99), quantile(1), starts.count, elapsed, reached))
    }

    func report(_ name: String, _ seconds: Double, _ detail: String) {
        say(padded(name) + String(format: " %8.3f s   ", seconds) + detail)
    }

    /// One line, unbuffered (run.sh pipes the output through tee).
    func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    func padded(_ name: String) -> String {
        "swift  " + name + String(repeating: " ", count: max(2, 64 - name.count))
    }

    func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// The projection's undirected edges once each (`u <= v`), with their weights.
    func writeProjection(_ graph: WeightedGraph, to path: String) throws {
        var us: [Int32] = [], vs: [Int32] = [], ws: [Double] = []
        us.reserveCapacity(graph.slotCount / 2)
        vs.reserveCapacity(graph.slotCount / 2)
        ws.reserveCapacity(graph.slotCount / 2)
        for v in 0..<graph.nodeCount {
            for slot in graph.offsets[v]..<graph.offsets[v + 1] where Int(graph.targets[slot]) >= v {
                us.append(Int32(v))
                vs.append(graph.targets[slot])
                ws.append(graph.weights[slot])
            }
        }
        let handle = try open(path)
        defer { try? handle.close() }
        try append([Int64(graph.nodeCount), Int64(us.count)], to: handle)
        try append(us, to: handle)
        try append(vs, to: handle)
        try append(ws, to: handle)
    }

    func write(to path: String, nodeCount: Int, sources: [Int32], targets: [Int32]) throws {
        try write(to: path, header: [Int64(nodeCount), Int64(sources.count)], arrays: [sources, targets])
    }

    func write(to path: String, header: [Int64], arrays: [[Int32]]) throws {
        let handle = try open(path)
        defer { try? handle.close() }
        try append(header, to: handle)
        for array in arrays { try append(array, to: handle) }
    }

    func open(_ path: String) throws -> FileHandle {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { throw ValidationError("cannot write \(path)") }
        return handle
    }

    /// Raw bytes of a fixed-width array (little-endian on every platform Yanjian builds for).
    func append<T: FixedWidthInteger>(_ values: [T], to handle: FileHandle) throws {
        let little = values.map(\.littleEndian)
        try little.withUnsafeBytes { try handle.write(contentsOf: Data($0)) }
    }

    func append(_ values: [Double], to handle: FileHandle) throws {
        try append(values.map(\.bitPattern), to: handle)
    }
}
