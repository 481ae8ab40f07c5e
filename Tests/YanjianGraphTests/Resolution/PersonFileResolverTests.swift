import Foundation
import Testing
import YanjianCore
import YanjianStore
@testable import YanjianGraph

@Suite("Person files resolved by record linkage")
struct PersonFileResolverTests {
    static let home = "陕西省西安市碑林区南大街12号3号楼1单元201室"

    static func graph() -> EntityGraph {
        var f = GraphFixture()
        f.person("P1", name: "张建国", idNo: "610104198003051234", phones: ["13800000001"], addresses: [home])
        // The same man in another source: no ID number, another phone, the same flat.
        f.person("P2", name: "张 建国", phones: ["13900000002"], addresses: [home])
        // His brother at the same flat, and a stranger using his phone: different names, never him.
        f.person("P3", name: "张建民", phones: ["13700000003"], addresses: [home])
        f.person("P4", name: "李四", phones: ["13800000001"])
        // A namesake born elsewhere and another year.
        f.person("P5", name: "张建国", idNo: "610113199001011234", addresses: ["陕西省西安市雁塔区科技路8号2栋1单元101室"])
        return f.build()
    }

    @Test("The same man without his ID number is found by name and flat; brothers, namesakes and phone sharers are not")
    func findsTheSameManOnly() throws {
        let graph = Self.graph()
        let result = PersonFileResolver().resolve(graph)
        let pairs = Set(result.matches.map { [graph.value($0.a), graph.value($0.b)].sorted().joined(separator: "~") })
        #expect(pairs == ["P1~P2"], "\(pairs)")
        let match = try #require(result.matches.first)
        #expect(!match.sharesKey && match.probability >= 0.95)
        let byField = Dictionary(uniqueKeysWithValues: match.evidence.map { ($0.field, $0) })
        #expect(byField["name"]?.label == "一致" && (byField["name"]?.weight ?? 0) > 0)
        #expect(byField["address"]?.label == "一致")
        #expect((byField["phone"]?.weight ?? 0) < 0, "a different phone counts against")
        #expect(byField["id_no"]?.level == nil && byField["id_no"]?.weight == 0, "a missing ID number weighs nothing")
        #expect(!result.estimated, "five files are too few to estimate from: the prior decides")
    }

    @Test("An analyst's split wins over record linkage")
    func splitWins() {
        let graph = Self.graph()
        let split = IdentityDecision(id: 1, action: .split, entityA: "person:P1", entityB: "person:P2", reason: "两人", decidedBy: "a", decidedAt: 0)
        #expect(PersonFileResolver().resolve(graph, constraints: IdentityConstraints([split], graph: graph)).matches.isEmpty)
    }

    @Test("Link analysis stores each match as a finding with its fields' weights")
    func findings() throws {
        let result = LinkAnalysis().analyze(Self.graph())
        let stored = try LinkAnalysis.findings(result).filter { $0.kind == LinkFindingKind.personMatch }
        let finding = try #require(stored.first)
        #expect(stored.count == 1 && finding.subject == "person:P1 ~ person:P2" && finding.label == "record_linkage")
        let details = try JSONDecoder().decode(PersonMatchFindingDetails.self, from: Data(finding.details.utf8))
        #expect(details.fields.map(\.field) == ["name", "id_no", "birth_date", "phone", "address", "account"])
        #expect(abs(details.fields.map(\.weight).reduce(0, +) - details.weight) < 0.1)
    }

    @Test("A second file with a mistyped ID number and the flat written differently joins the distributor, and brings his other phone")
    func secondFileJoinsTheDistributor() throws {
        let otherPhone = "17399999999"
        let graph = GangScenario.build { f in
            // 610113198001011234 with two digits swapped; the flat without 室; a phone no waybill of the gang uses.
            f.person("P000002", name: "钱分销", idNo: "610113198001011243", phones: [otherPhone],
                     addresses: ["陕西省西安市雁塔区长安南路88号3号楼2单元501"])
        }
        let distributor = try #require(graph.node(.phone, GangScenario.distributorPhone))
        let other = try #require(graph.node(.phone, otherPhone))
        let withoutER: LinkAnalysis = {
            var options = LinkAnalysis.Options()
            options.persons.minimumProbability = 1.1
            return LinkAnalysis(options: options)
        }()
        let actorOf = { (result: LinkAnalysisResult) in result.gangs.lazy.flatMap(\.members).first { $0.entities.contains(distributor) } }
        #expect(actorOf(withoutER.analyze(graph))?.entities.contains(other) != true, "without record linkage the second file stays apart")
        let result = LinkAnalysis().analyze(graph)
        let match = try #require(result.persons.matches.first { [graph.value($0.a), graph.value($0.b)].sorted() == ["P000001", "P000002"] })
        #expect(!match.sharesKey)
        #expect(match.evidence.first { $0.field == "id_no" }?.label == "差一个字符")
        #expect(actorOf(result)?.entities.contains(other) == true)
    }
}
