import Testing
@testable import YanjianGraph

@Suite("CaseLinking")
struct CaseLinkingTests {
    @Test("Cases sharing an entity directly, through a waybill or through a person file are linked, with reasons")
    func linksWithReasons() throws {
        var f = GraphFixture()
        f.waybill(from: "13800000001", to: "13900000001")
        f.person("P000001", name: "张三", idNo: "610113198001011234", phones: ["13700000001"])
        f.caseFile("AJ1", links: [("phone", "13800000001", "联系电话")])
        f.caseFile("AJ2", links: [("waybill_no", "SF1000000000001", "涉案运单")])
        f.caseFile("AJ3", links: [("phone", "13900000001", "收件电话"), ("id_no", "610113198001011234", "当事人")])
        f.caseFile("AJ4", links: [("phone", "13700000001", "联系电话")])
        f.caseFile("AJ5", links: [("phone", "13600000009", "联系电话")])
        let graph = f.build()
        let groups = CaseLinking.groups(graph, isHub: [Bool](repeating: false, count: graph.nodeCount))
        #expect(groups.count == 1)
        let group = try #require(groups.first)
        #expect(group.cases.map { graph.value($0) } == ["AJ1", "AJ2", "AJ3", "AJ4"])
        #expect(group.links.count == 3)
        // AJ4 is joined through the person file that lists both the ID number and the phone.
        let vias = group.links.flatMap { [$0.viaFirst, $0.viaSecond] }.filter { $0 >= 0 }.map { graph.kind($0) }
        // AJ4 joins through the person file: the file itself is the shared entity, or the record passed through.
        #expect(vias.contains(.person) || group.links.contains { graph.kind($0.entity) == .person })
        #expect(vias.contains(.waybill))
    }

    @Test("The same records stored in another order give the same groups and the same spanning links")
    func storageOrder() {
        // Six cases that share entities in several ways, so that more than one spanning tree exists.
        func links(shuffle: UInt64?) -> [[String]] {
            var f = GraphFixture(shuffle: shuffle)
            f.waybill(from: "13800000001", to: "13900000001")
            f.waybill(from: "13800000001", to: "13900000002")
            f.person("P000001", name: "张三", idNo: "610113198001011234", phones: ["13700000001", "13900000002"])
            f.caseFile("AJ1", links: [("phone", "13800000001", "联系电话"), ("phone", "13900000002", "收件电话")])
            f.caseFile("AJ2", links: [("waybill_no", "SF1000000000001", "涉案运单"), ("phone", "13700000001", "联系电话")])
            f.caseFile("AJ3", links: [("phone", "13900000001", "收件电话"), ("id_no", "610113198001011234", "当事人")])
            f.caseFile("AJ4", links: [("phone", "13700000001", "联系电话"), ("phone", "13800000001", "联系电话")])
            f.caseFile("AJ5", links: [("waybill_no", "SF1000000000002", "涉案运单"), ("phone", "13900000001", "收件电话")])
            f.caseFile("AJ6", links: [("phone", "13900000002", "联系电话")])
            let graph = f.build()
            func label(_ v: Int32) -> String { v < 0 ? "-" : graph.label(v) }
            return CaseLinking.groups(graph, isHub: [Bool](repeating: false, count: graph.nodeCount)).flatMap { group in
                [group.cases.map(label)] + group.links.map { [label($0.first), label($0.second), label($0.entity), label($0.viaFirst), label($0.viaSecond)] }
            }
        }
        let plain = links(shuffle: nil)
        #expect(plain.first?.count == 6)
        for seed: UInt64 in 1...6 { #expect(links(shuffle: seed) == plain, "seed \(seed)") }
    }

    @Test("A hub never links cases")
    func hubsCut() throws {
        var f = GraphFixture()
        f.caseFile("AJ1", links: [("address", "陕西省西安市未央区花园大街71号菜鸟驿站", "寄件地址")])
        f.caseFile("AJ2", links: [("address", "陕西省西安市未央区花园大街71号菜鸟驿站", "寄件地址")])
        let graph = f.build()
        #expect(CaseLinking.groups(graph, isHub: [Bool](repeating: false, count: graph.nodeCount)).count == 1)
        var hubs = [Bool](repeating: false, count: graph.nodeCount)
        for v in 0..<graph.nodeCount where graph.kind(Int32(v)) == .address { hubs[v] = true }
        #expect(CaseLinking.groups(graph, isHub: hubs).isEmpty)
    }
}
