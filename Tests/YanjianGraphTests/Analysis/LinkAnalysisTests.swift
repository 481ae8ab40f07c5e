import Foundation
import Testing
import YanjianCore
import YanjianStore
@testable import YanjianGraph

@Suite("LinkAnalysis")
struct LinkAnalysisTests {
    @Test("A three-tier gang is found with its tiers; buyers are customers and the courier station a cut hub")
    func threeTierGang() throws {
        let graph = GangScenario.build()
        let result = LinkAnalysis().analyze(graph)
        #expect(result.gangs.count == 1)
        let gang = try #require(result.gangs.first)
        func role(of phone: String) -> GangRole? {
            guard let node = graph.node(.phone, phone) else { return nil }
            return gang.members.first { $0.entities.contains(node) }?.role
        }
        for phone in GangScenario.sourcePhones { #expect(role(of: phone) == .source) }
        #expect(role(of: GangScenario.distributorPhone) == .distributor)
        for phone in GangScenario.distributorPool { #expect(role(of: phone) == .distributor) }
        for (s, phone) in GangScenario.sellerPhones.enumerated() {
            #expect(role(of: phone) == .seller)
            for pool in GangScenario.sellerPools[s] { #expect(role(of: pool) == .seller) }
        }
        #expect(role(of: "18800000000") == nil)
        #expect(gang.customerCount == 18)
        #expect(gang.provinces.contains("440000") && gang.provinces.contains("320000"))
        // The distributor's file, ID and accounts belong to the distributor.
        let distributor = try #require(gang.members.first { $0.role == .distributor })
        let idNode = try #require(graph.node(.idNo, "610113198001011234"))
        let card = try #require(graph.node(.account, "6222000000000100"))
        #expect(distributor.entities.contains(idNode))
        #expect(distributor.entities.contains(card))
        // Sellers' WeChat accounts join their sellers through the buyers' names.
        let wechat = try #require(graph.node(.account, "wxid_seller0"))
        let seller0 = try #require(graph.node(.phone, GangScenario.sellerPhones[0]))
        #expect(gang.members.contains { $0.entities.contains(wechat) && $0.entities.contains(seller0) })
        #expect(gang.members.contains { $0.keySuspect && $0.role == .distributor })
        let families = Set(gang.evidence.filter(\.isPresent).map(\.family))
        #expect(families.contains(.antMoving) && families.contains(.rotation))
        let stationKey = try #require(EntityKeys.address(GangScenario.courierStation))
        let station = try #require(graph.node(.address, stationKey))
        #expect(result.projection.isHub[Int(station)])
        #expect(result.projection.hubs.contains { $0.node == station && !$0.reason.isEmpty })
    }

    @Test("Ordinary traffic alone yields no gang")
    func noGangInBackground() {
        var f = GraphFixture()
        for i in 0..<300 {
            f.waybill(from: "1390001\(String(format: "%04d", i % 60))", at: "陕西省西安市新城区东大街\(i % 60)号1号楼1单元101室",
                      to: "1370002\(String(format: "%04d", i % 97))", senderName: "寄件人\(i % 60)", item: i % 3 == 0 ? "茶叶" : "电子产品",
                      kg: i % 3 == 0 ? 0.8 : 2.0)
        }
        #expect(LinkAnalysis().analyze(f.build()).gangs.isEmpty)
    }

    @Test("A heavy but consistent sender of small tea parcels is not a gang")
    func teaShopIsNotAGang() {
        var f = GraphFixture()
        for i in 0..<200 {
            f.waybill(from: "13822471945", at: "陕西省西安市未央区新华大街302号", to: "1370002\(String(format: "%04d", i))",
                      at: "北京市朝阳区建国路\(i)号", senderName: "长安茶行", item: "茶叶", kg: 0.9)
        }
        for i in 0..<300 {
            f.waybill(from: "1390001\(String(format: "%04d", i % 80))", to: "1370003\(String(format: "%04d", i % 97))",
                      senderName: "寄件人\(i % 80)", item: "电子产品", kg: 2.0)
        }
        let result = LinkAnalysis().analyze(f.build())
        #expect(result.gangs.isEmpty)
    }

    @Test("The same records stored in another order give the same projection, gangs and findings")
    func storageOrderDoesNotMatter() throws {
        let stored = GangScenario.build()
        let plain = LinkAnalysis().analyze(stored)
        #expect(plain.gangs.count == 1)
        for seed: UInt64 in [1, 2, 3] {
            let graph = GangScenario.build(shuffle: seed)
            // Another storage order numbers the nodes otherwise …
            #expect((0..<Int32(64)).contains { graph.label($0) != stored.label($0) })
            let shuffled = LinkAnalysis().analyze(graph)
            // … but the projection is numbered by the entities' keys, with the same weights.
            #expect(shuffled.projection.nodes.map(graph.label) == plain.projection.nodes.map(stored.label))
            #expect(shuffled.projection.graph.offsets == plain.projection.graph.offsets)
            #expect(shuffled.projection.graph.targets == plain.projection.graph.targets)
            #expect(shuffled.projection.graph.weights == plain.projection.graph.weights)
            #expect(shuffled.modularity == plain.modularity)
            #expect(shuffled.nameLinks.map { [graph.label($0.account), graph.label($0.other)] }
                == plain.nameLinks.map { [stored.label($0.account), stored.label($0.other)] })
            let findings = try LinkAnalysis.findings(shuffled).map { [$0.kind, $0.subject, $0.label ?? "", $0.adcode ?? "", "\($0.score)", $0.details] }
            let expected = try LinkAnalysis.findings(plain).map { [$0.kind, $0.subject, $0.label ?? "", $0.adcode ?? "", "\($0.score)", $0.details] }
            #expect(findings == expected)
        }
    }

    @Test("Findings carry what the findings export reads")
    func findingsShape() throws {
        let result = LinkAnalysis().analyze(GangScenario.build())
        let findings = try LinkAnalysis.findings(result)
        let gang = try #require(findings.first { $0.kind == FindingKind.gang })
        #expect(gang.adcode == "610100")
        #expect(gang.details.contains("\"waybills\"") && gang.details.contains("\"provinces\""))
        let members = findings.filter { $0.kind == FindingKind.gangMember }
        #expect(!members.isEmpty)
        for member in members {
            for key in ["\"gang_id\"", "\"kind\"", "\"value\"", "\"key_suspect\""] { #expect(member.details.contains(key)) }
            #expect(member.subject.contains(":"))
            #expect((0.5...1).contains(member.score))
        }
        #expect(members.contains { $0.details.contains("\"tier\":1") })
    }
}
