import Foundation
import YanjianCore

/// The part of the graph an export writes: chosen nodes and every edge between two of them.
public struct Subgraph: Sendable {
    /// Nodes, in output order.
    public let nodes: [Int32]
    /// Edges whose both ends are in `nodes`.
    public let edges: [Int32]

    /// The subgraph induced by `nodes` (duplicates dropped, order kept).
    public init(_ graph: EntityGraph, nodes chosen: [Int32]) {
        var seen = Set<Int32>()
        var nodes: [Int32] = []
        for node in chosen where seen.insert(node).inserted { nodes.append(node) }
        var edges: [Int32] = []
        for node in nodes {
            for slot in graph.slots(node) {
                let e = graph.slotEdges[slot]
                // Each edge once: from its source's slots.
                guard graph.edgeSource[Int(e)] == node, seen.contains(graph.edgeTarget[Int(e)]) else { continue }
                edges.append(e)
            }
        }
        self.nodes = nodes
        self.edges = edges.sorted()
    }

    /// The whole graph.
    public static func whole(_ graph: EntityGraph) -> Subgraph {
        Subgraph(graph, nodes: Array(0..<Int32(graph.nodeCount)))
    }

    /// A gang's people, the waybills between them and to their buyers, and the cases naming them.
    public static func gang(_ gang: Gang, in graph: EntityGraph) -> Subgraph {
        var nodes: [Int32] = []
        for actor in gang.members { nodes += actor.entities }
        nodes += gang.waybills.map { graph.facts.waybillNode[Int($0)] }
        nodes += gang.cases
        return Subgraph(graph, nodes: nodes)
    }
}

/// How node values appear in exports: as stored, or masked the way screens mask them (脱敏).
public enum ExportValues: Sendable {
    case clear
    case masked

    /// The value of node `v` as this policy shows it.
    public func describe(_ v: Int32, in graph: EntityGraph) -> String {
        value(v, in: graph)
    }

    /// The exported value of node `v`.
    func value(_ v: Int32, in graph: EntityGraph) -> String {
        let text = graph.displayValue(v)
        guard self == .masked else { return text }
        switch graph.kind(v) {
        case .phone: return Masking.phone(text)
        case .idNo: return Masking.idNumber(text)
        case .account: return Masking.account(text)
        case .address: return Masking.address(text)
        case .plate, .licence, .outlet, .person, .caseFile, .company, .waybill: return text
        }
    }
}

/// Bytes collected for a file, with XML and CSV escaping.
struct TextSink {
    var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(1 << 16)
    }

    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Text escaped for XML content and attribute values; control characters XML 1.0 forbids dropped.
    mutating func appendXML(_ text: String) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": append("&amp;")
            case "<": append("&lt;")
            case ">": append("&gt;")
            case "\"": append("&quot;")
            case "'": append("&apos;")
            default:
                if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" { continue }
                bytes.append(contentsOf: String(scalar).utf8)
            }
        }
    }

    /// A CSV field, quoted when it holds a comma, quote or line break.
    mutating func appendCSV(_ text: String) {
        if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            append("\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
        } else {
            append(text)
        }
    }
}
