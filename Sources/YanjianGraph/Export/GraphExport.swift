import Foundation
import YanjianCore

/// Graph file formats for analysts' tools.
public enum GraphExportFormat: String, Sendable, CaseIterable {
    /// GraphML (yEd, Gephi, NetworkX, igraph).
    case graphml
    /// GEXF 1.3 (Gephi).
    case gexf
    /// A link table for i2 Analyst's Notebook import (one row per link, both ends' type, id, label).
    case i2

    /// The usual file extension.
    public var fileExtension: String {
        switch self {
        case .graphml: "graphml"
        case .gexf: "gexf"
        case .i2: "csv"
        }
    }
}

/// Writes a ``Subgraph`` as GraphML, GEXF or an i2 link table. Node ids are `n<id>`, edge ids
/// `e<id>`; every node carries its kind and value, every edge its kind, time and record.
public enum GraphExport {
    /// The file bytes.
    public static func data(_ subgraph: Subgraph, of graph: EntityGraph, format: GraphExportFormat, values: ExportValues = .masked) -> Data {
        var sink = TextSink()
        switch format {
        case .graphml: graphML(subgraph, graph, values, &sink)
        case .gexf: gexf(subgraph, graph, values, &sink)
        case .i2: i2(subgraph, graph, values, &sink)
        }
        return Data(sink.bytes)
    }

    static func edgeTime(_ graph: EntityGraph, _ e: Int32) -> String {
        let time = graph.edgeTimes[Int(e)]
        return time == EntityGraph.undated ? "" : Timestamp.format(time)
    }

    static func edgeRecord(_ graph: EntityGraph, _ e: Int32) -> String {
        let edge = Int(e)
        if graph.edgeKinds[edge] == EdgeKind.paid.rawValue, graph.edgeRecords[edge] >= 0 {
            return "txn:" + graph.facts.transactionIDs.string(graph.edgeRecords[edge])
        }
        return graph.label(graph.edgeSource[edge])
    }

    static func graphML(_ sub: Subgraph, _ graph: EntityGraph, _ values: ExportValues, _ out: inout TextSink) {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        out.append("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n")
        out.append("  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n")
        out.append("  <key id=\"value\" for=\"node\" attr.name=\"value\" attr.type=\"string\"/>\n")
        out.append("  <key id=\"ekind\" for=\"edge\" attr.name=\"kind\" attr.type=\"string\"/>\n")
        out.append("  <key id=\"time\" for=\"edge\" attr.name=\"time\" attr.type=\"string\"/>\n")
        out.append("  <key id=\"record\" for=\"edge\" attr.name=\"record\" attr.type=\"string\"/>\n")
        out.append("  <graph id=\"yanjian\" edgedefault=\"directed\">\n")
        for v in sub.nodes {
            out.append("    <node id=\"n\(v)\"><data key=\"kind\">\(graph.kind(v).code)</data><data key=\"value\">")
            out.appendXML(values.value(v, in: graph))
            out.append("</data></node>\n")
        }
        for e in sub.edges {
            let edge = Int(e)
            out.append("    <edge id=\"e\(e)\" source=\"n\(graph.edgeSource[edge])\" target=\"n\(graph.edgeTarget[edge])\">")
            out.append("<data key=\"ekind\">\(EdgeKind(rawValue: graph.edgeKinds[edge])?.code ?? "")</data>")
            out.append("<data key=\"time\">\(edgeTime(graph, e))</data><data key=\"record\">")
            out.appendXML(edgeRecord(graph, e))
            out.append("</data></edge>\n")
        }
        out.append("  </graph>\n</graphml>\n")
    }

    static func gexf(_ sub: Subgraph, _ graph: EntityGraph, _ values: ExportValues, _ out: inout TextSink) {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        out.append("<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n")
        out.append("  <meta><creator>Yanjian</creator><description>entity graph</description></meta>\n")
        out.append("  <graph mode=\"static\" defaultedgetype=\"directed\">\n")
        out.append("    <attributes class=\"node\"><attribute id=\"0\" title=\"kind\" type=\"string\"/></attributes>\n")
        out.append("    <attributes class=\"edge\"><attribute id=\"0\" title=\"time\" type=\"string\"/>"
            + "<attribute id=\"1\" title=\"record\" type=\"string\"/></attributes>\n")
        out.append("    <nodes>\n")
        for v in sub.nodes {
            out.append("      <node id=\"n\(v)\" label=\"")
            out.appendXML(values.value(v, in: graph))
            out.append("\"><attvalues><attvalue for=\"0\" value=\"\(graph.kind(v).code)\"/></attvalues></node>\n")
        }
        out.append("    </nodes>\n    <edges>\n")
        for e in sub.edges {
            let edge = Int(e)
            out.append("      <edge id=\"e\(e)\" source=\"n\(graph.edgeSource[edge])\" target=\"n\(graph.edgeTarget[edge])\" label=\"")
            out.append(EdgeKind(rawValue: graph.edgeKinds[edge])?.code ?? "")
            out.append("\"><attvalues><attvalue for=\"0\" value=\"\(edgeTime(graph, e))\"/><attvalue for=\"1\" value=\"")
            out.appendXML(edgeRecord(graph, e))
            out.append("\"/></attvalues></edge>\n")
        }
        out.append("    </edges>\n  </graph>\n</gexf>\n")
    }

    /// The i2 link table: `from_type,from_id,from_label,link_type,link_date,link_record,to_type,to_id,to_label`.
    static func i2(_ sub: Subgraph, _ graph: EntityGraph, _ values: ExportValues, _ out: inout TextSink) {
        out.append("from_type,from_id,from_label,link_type,link_date,link_record,to_type,to_id,to_label\n")
        for e in sub.edges {
            let edge = Int(e)
            let from = graph.edgeSource[edge], to = graph.edgeTarget[edge]
            out.append(graph.kind(from).code + ",n\(from),")
            out.appendCSV(values.value(from, in: graph))
            out.append("," + (EdgeKind(rawValue: graph.edgeKinds[edge])?.code ?? "") + "," + edgeTime(graph, e) + ",")
            out.appendCSV(edgeRecord(graph, e))
            out.append("," + graph.kind(to).code + ",n\(to),")
            out.appendCSV(values.value(to, in: graph))
            out.append("\n")
        }
    }
}
