import Testing
@testable import YanjianGraph

@Suite("Name bridges: a name may tie money to goods, not one whole gang to another")
struct NameBridgeTests {
    /// A group whose phones ship to one another and whose accounts pay one another; when `goods` and
    /// `money` are both set, a person file ties its first phone to its first account.
    static func group(_ fixture: inout GraphFixture, _ tag: Int, goods: Bool, money: Bool) {
        let phones = (0..<4).map { "13\(tag)0000000\($0)" }
        let accounts = (0..<3).map { "62220\(tag)00000000000\($0)" }
        if goods {
            for i in phones.indices { fixture.waybill(from: phones[i], to: phones[(i + 1) % phones.count]) }
        }
        if money {
            for i in accounts.indices { fixture.payment(from: accounts[i], nil, to: accounts[(i + 1) % accounts.count], nil) }
        }
        if goods && money { fixture.person("P\(tag)", name: "甲\(tag)", phones: [phones[0]], accounts: [accounts[0]]) }
    }

    static func nameLink(_ graph: EntityGraph, _ account: String, _ other: (EntityKind, String), basis: NameLink.Basis) throws -> NameLink {
        NameLink(account: try #require(graph.node(.account, account)), other: try #require(graph.node(other.0, other.1)),
                 weight: 1, basis: basis, names: [])
    }

    static func split(_ graph: EntityGraph, _ links: [NameLink]) -> (Projection, CommunityDetection.Partition) {
        let projection = Projection.build(graph, nameLinks: links)
        let one = CommunityDetection.Partition(labels: [Int32](repeating: 0, count: projection.graph.nodeCount), count: 1)
        return (projection, NameBridges.split(projection, one, nameLinks: links, graph: graph, minimumPart: 3))
    }

    @Test("Two gangs with accounts and phones each, touching only through a shared holder name, are two communities")
    func homonymBridge() throws {
        var fixture = GraphFixture()
        Self.group(&fixture, 1, goods: true, money: true)
        Self.group(&fixture, 2, goods: true, money: true)
        let graph = fixture.build()
        let link = try Self.nameLink(graph, "622201000000000001", (.account, "622202000000000001"), basis: .sameHolder)
        let (projection, partition) = Self.split(graph, [link])
        #expect(partition.count == 2)
        func label(_ kind: EntityKind, _ value: String) throws -> Int32 {
            partition.labels[Int(projection.index[Int(try #require(graph.node(kind, value)))])]
        }
        #expect(try label(.phone, "13100000000") == label(.account, "622201000000000002"))
        #expect(try label(.phone, "13200000003") == label(.account, "622202000000000000"))
        #expect(try label(.phone, "13100000000") != label(.phone, "13200000000"))
    }

    @Test("Parcels and payments kept apart and tied by a holder name stay one community")
    func peopleAndGoodsSeparated() throws {
        var fixture = GraphFixture()
        Self.group(&fixture, 3, goods: true, money: false)
        Self.group(&fixture, 4, goods: false, money: true)
        let graph = fixture.build()
        let link = try Self.nameLink(graph, "622204000000000000", (.phone, "13300000000"), basis: .holderName)
        let (_, partition) = Self.split(graph, [link])
        #expect(partition.count == 1)
        #expect(Set(partition.labels) == [0])
    }

    @Test("A small part tied by a name joins the whole part it is tied to")
    func smallPartFollowsItsName() throws {
        var fixture = GraphFixture()
        Self.group(&fixture, 5, goods: true, money: true)
        Self.group(&fixture, 6, goods: true, money: true)
        fixture.payment(from: "6222070000000000001", nil, to: "6222070000000000002", nil)
        let graph = fixture.build()
        let links = [
            try Self.nameLink(graph, "622205000000000001", (.account, "622206000000000001"), basis: .sameHolder),
            try Self.nameLink(graph, "6222070000000000001", (.account, "622206000000000002"), basis: .sameHolder),
        ]
        let (projection, partition) = Self.split(graph, links)
        #expect(partition.count == 2)
        let small = partition.labels[Int(projection.index[Int(try #require(graph.node(.account, "6222070000000000002")))])]
        let six = partition.labels[Int(projection.index[Int(try #require(graph.node(.phone, "13600000000")))])]
        #expect(small == six)
    }
}
