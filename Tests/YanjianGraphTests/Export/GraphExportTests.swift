import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import YanjianGraph

/// Counts elements of an XML document with Foundation's parser.
final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var attributes: [String: [[String: String]]] = [:]

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        counts[name, default: 0] += 1
        self.attributes[name, default: []].append(attributes)
    }

    static func parse(_ data: Data) -> (ok: Bool, counter: ElementCounter) {
        let counter = ElementCounter()
        let parser = XMLParser(data: data)
        parser.delegate = counter
        let ok = parser.parse()
        return (ok, counter)
    }
}

@Suite("GraphExport")
struct GraphExportTests {
    static func sample() -> EntityGraph {
        var fixture = GraphFixture()
        fixture.waybill(from: "13800000001", at: "陕西省西安市雁塔区长安南路88号<A&B>3号楼2单元501室", to: "13900000001", senderName: "张\"三\"")
        fixture.waybill(from: "13800000001", to: "13900000002", time: 1_760_100_000)
        fixture.payment(from: "6222000000000001", "张三", to: "6222000000000002", "李四")
        return fixture.build()
    }

    @Test("GraphML parses with XMLParser and holds every node and edge of the subgraph")
    func graphML() {
        let graph = Self.sample()
        let whole = Subgraph.whole(graph)
        let (ok, counter) = ElementCounter.parse(GraphExport.data(whole, of: graph, format: .graphml, values: .clear))
        #expect(ok)
        #expect(counter.counts["node"] == graph.nodeCount)
        #expect(counter.counts["edge"] == graph.edgeCount)
        #expect(counter.counts["key"] == 5)
    }

    @Test("GEXF parses with XMLParser and holds every node and edge of the subgraph")
    func gexf() {
        let graph = Self.sample()
        let whole = Subgraph.whole(graph)
        let (ok, counter) = ElementCounter.parse(GraphExport.data(whole, of: graph, format: .gexf))
        #expect(ok)
        #expect(counter.counts["node"] == graph.nodeCount)
        #expect(counter.counts["edge"] == graph.edgeCount)
        // Masked by default: no phone appears in clear.
        let labels = counter.attributes["node"]?.compactMap { $0["label"] } ?? []
        #expect(labels.contains("138****0001"))
        #expect(!labels.contains("13800000001"))
    }

    @Test("The i2 link table has a header and one row per edge")
    func i2() throws {
        let graph = Self.sample()
        let text = String(decoding: GraphExport.data(Subgraph.whole(graph), of: graph, format: .i2, values: .clear), as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines.count == graph.edgeCount + 1)
        #expect(lines[0] == "from_type,from_id,from_label,link_type,link_date,link_record,to_type,to_id,to_label")
        #expect(lines.contains { $0.hasPrefix("account,") && $0.contains(",paid,") && $0.contains("txn:TX") })
    }

    @Test("An induced subgraph keeps only edges between its nodes")
    func induced() throws {
        let graph = Self.sample()
        let a = try #require(graph.node(.account, "6222000000000001"))
        let b = try #require(graph.node(.account, "6222000000000002"))
        let sub = Subgraph(graph, nodes: [a, b, a])
        #expect(sub.nodes == [a, b])
        #expect(sub.edges.count == 1)
    }
}
