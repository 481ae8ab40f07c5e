import Testing
@testable import YanjianGraph

@Suite("Gang assembly: files join communities by identity, not by a street number two holders share")
struct GangAssemblyTests {
    static let street = "陕西省西安市莲湖区太白街78号"
    static let owner = (licence: "610104017367", idNo: "610104198006211345", creditCode: "92610104L50540323H")
    static let seller = (licence: "610104036940", idNo: "610104198902199612", phone: "19726664327")

    /// The street number's node (addresses are keyed normalised).
    static func streetNode(_ graph: EntityGraph) throws -> Int32 {
        let key = try #require(EntityKeys.address(street))
        return try #require(graph.node(.address, key))
    }

    /// Two groups shipping among themselves. The first group's customer owns a shop (licence and
    /// business registration) at `street`; the second group's seller ships from the same street
    /// number and, with `sellerShop`, holds a licence there too.
    static func world(sellerShop: Bool) -> EntityGraph {
        var f = GraphFixture()
        let first = (0..<4).map { "1390000000\($0)" }
        for i in first.indices { f.waybill(from: first[i], to: first[(i + 1) % first.count]) }
        f.waybill(from: first[0], to: "17634861755")
        f.retailer(owner.licence, owner: "黄静涵", idNo: owner.idNo, phone: "17634861755", address: street, creditCode: owner.creditCode)
        f.company(owner.creditCode, legalPerson: "黄静涵", idNo: owner.idNo, address: street)
        let second = (0..<3).map { "1380000000\($0)" }
        for phone in second { f.waybill(from: seller.phone, at: street, to: phone) }
        if sellerShop {
            f.retailer(seller.licence, owner: "胡铭贵", idNo: seller.idNo, phone: seller.phone, address: street)
        }
        return f.build()
    }

    /// Runs the assembly on a partition made by hand: community 0 holds the first group with the
    /// shop's files, community 1 the seller with the street number, 2 the rest; 0 and 1 are candidates.
    static func assemble(_ graph: EntityGraph) throws -> (Projection, CommunityDetection.Partition) {
        let projection = Projection.build(graph, nameLinks: [])
        var labels = [Int32](repeating: 2, count: projection.graph.nodeCount)
        func put(_ kind: EntityKind, _ value: String, _ community: Int32) throws {
            let node = try #require(graph.node(kind, value), "\(kind) \(value)")
            let index = projection.index[Int(node)]
            try #require(index >= 0, "\(kind) \(value) is in the projection")
            labels[Int(index)] = community
        }
        for i in 0..<4 { try put(.phone, "1390000000\(i)", 0) }
        try put(.phone, "17634861755", 0)
        try put(.licence, owner.licence, 0)
        try put(.company, owner.creditCode, 0)
        try put(.idNo, owner.idNo, 0)
        try put(.phone, seller.phone, 1)
        for i in 0..<3 { try put(.phone, "1380000000\(i)", 1) }
        let streetIndex = projection.index[Int(try streetNode(graph))]
        try #require(streetIndex >= 0)
        labels[Int(streetIndex)] = 1
        if graph.node(.licence, seller.licence) != nil {
            try put(.licence, seller.licence, 1)
            try put(.idNo, seller.idNo, 1)
        }
        let behaviour = EvidenceItem(family: .antMoving, count: 40, outOf: 40, baseline: 0.01, surprisal: 20, text: "")
        let evidence = GangEvidence(
            items: [[behaviour], [behaviour], []], waybills: GroupedValues(groupCount: 3, groups: [], values: []), baselines: [:])
        let partition = GangAssembly().merge(graph: graph, projection: projection, labels: labels, count: 3, evidence: evidence)
        return (projection, partition)
    }

    static func label(_ graph: EntityGraph, _ projection: Projection, _ partition: CommunityDetection.Partition,
                      _ kind: EntityKind, _ value: String) throws -> Int32 {
        partition.labels[Int(projection.index[Int(try #require(graph.node(kind, value)))])]
    }

    @Test("A street number two shops' files list does not join their communities")
    func sharedStreetNumber() throws {
        let graph = Self.world(sellerShop: true)
        #expect(GangAssembly.addressesOfSeveralHolders(graph) == [try Self.streetNode(graph)])
        let (projection, partition) = try Self.assemble(graph)
        #expect(partition.count == 3)
        #expect(try Self.label(graph, projection, partition, .licence, Self.owner.licence)
            != Self.label(graph, projection, partition, .phone, Self.seller.phone))
    }

    @Test("An address only one holder's files list still joins the community that uses it")
    func oneHolder() throws {
        let graph = Self.world(sellerShop: false)
        #expect(GangAssembly.addressesOfSeveralHolders(graph).isEmpty)
        let (projection, partition) = try Self.assemble(graph)
        #expect(partition.count == 2)
        #expect(try Self.label(graph, projection, partition, .licence, Self.owner.licence)
            == Self.label(graph, projection, partition, .phone, Self.seller.phone))
    }

    @Test("A licence without an ID number and its business registration are one holder")
    func licenceAndRegistration() throws {
        var f = GraphFixture()
        f.retailer("610104000001", owner: "王某", address: Self.street, creditCode: "92610104L50540323H")
        f.company("92610104L50540323H", legalPerson: "王某", idNo: Self.owner.idNo, address: Self.street)
        f.person("P000001", name: "王某", idNo: Self.owner.idNo, addresses: [Self.street])
        #expect(GangAssembly.addressesOfSeveralHolders(f.build()).isEmpty)
        f.person("P000002", name: "李某", addresses: [Self.street])
        let graph = f.build()
        #expect(GangAssembly.addressesOfSeveralHolders(graph) == [try Self.streetNode(graph)])
    }
}
