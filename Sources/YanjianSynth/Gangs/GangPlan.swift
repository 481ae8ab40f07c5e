import Foundation
import YanjianCore

/// Where a parcel is handed in or delivered: a centre district or a mainland place.
enum PlaceRef: Sendable, Equatable {
    case local(Int)
    case national(Int)
}

/// One member of a gang: the person, the throw-away phones they send parcels with, and how they show
/// up in other records.
struct GangMember: Sendable {
    /// 1 source/supplier, 2 distributor, 3 retail seller.
    let tier: Int
    var person: Person
    var home: PlaceRef
    /// Phones rotated as sender phones (people–goods separation), many from virtual operators.
    var poolPhones: [UInt64]
    var poolCursor = 0
    /// The licensed shop this seller owns, if any (index into the retail plan).
    var retailerIndex: Int?
    /// Listed in persons.csv, and the id given there.
    var personID: String?
    /// Number of historical cases the member appears in.
    var pastCases = 0
    /// Distributor that supplies this seller (index into members).
    var supplier: Int?
    /// A shell company registered with this member as legal person.
    var shellCompany: RegistryEntry?

    /// The next sender phone in rotation.
    mutating func nextPoolPhone() -> UInt64 {
        guard !poolPhones.isEmpty else { return person.phone }
        let phone = poolPhones[poolCursor % poolPhones.count]
        poolCursor += 1
        return phone
    }
}

/// A planted gang of three tiers shipping cigarettes through couriers.
struct Gang: Sendable {
    let id: String
    var members: [GangMember]
    /// Couriers the gang prefers.
    let couriers: [Int]
    /// Centre districts of the outlets the gang hands parcels in at, and which outlet there.
    let outlets: [(district: Int, slot: Int)]
    /// Provinces its buyers live in (10–20+).
    let buyerProvinces: [Int]
    /// The warehouse address its distributors share.
    let warehouse: String
    let warehouseDistrict: Int
}

/// The gangs of a world and the tie-ins to other sections (plates, shops, registry entries).
struct GangPlan: Sendable {
    var gangs: [Gang]
    /// Every phone a gang member owns or rotates, so background numbers never collide with them.
    let reservedPhones: Set<UInt64>

    init(context: WorldContext, retail: RetailPlan) {
        var rng = context.rng(.gangs)
        let geography = context.geography
        let persons = PersonFactory(context: context)
        let volume = context.size.gangVolume
        var gangs: [Gang] = []
        var usedShops = Set<Int>()
        let shopCandidates = retail.retailers.indices.filter {
            retail.retailers[$0].status == .valid && retail.retailers[$0].pattern == nil
                && retail.retailers[$0].decoy == nil
        }
        let provinceCities = context.geography.nationalByProvince[geography.centreProvinceCode] ?? []
        let sameProvinceElsewhere = provinceCities.filter {
            !geography.national[$0].adcode.hasPrefix(String(geography.centre.adcode.prefix(4)))
        }
        for gangIndex in 0..<context.size.gangs {
            var grng = rng.fork(UInt64(gangIndex))
            let supplyOptions = Geography.supplyProvinces.filter { $0 != geography.centreProvinceCode }
            let supply = supplyOptions[grng.below(supplyOptions.count)]
            let supplyPlaces = geography.nationalByProvince[supply] ?? [0]
            let sources = grng.int(1, 2)
            let distributors = grng.int(2, 2 + Int((3 * volume).rounded()))
            let sellers = grng.int(5, 5 + Int((25 * volume).rounded()))
            var members: [GangMember] = []
            func makeMember(tier: Int, home: PlaceRef, rng: inout SplitMix64) -> GangMember {
                var person: Person
                switch home {
                case .local(let district): person = persons.local(district: district, rng: &rng, virtualShare: 0.1)
                case .national(let place): person = persons.national(place: place, rng: &rng, virtualShare: 0.1)
                }
                if rng.chance(0.35) { person.phones.append(context.ids.mobile(&rng, virtualShare: 0.3)) }
                person.accounts = [context.ids.bankCard(&rng)]
                if rng.chance(0.7) { person.accounts.append(context.ids.wechatID(&rng)) }
                let poolSize = tier == 3 ? rng.int(1, 3) : rng.int(2, 5)
                let pool = (0..<poolSize).map { _ in context.ids.mobile(&rng, virtualShare: 0.65) }
                return GangMember(tier: tier, person: person, home: home, poolPhones: pool)
            }
            for _ in 0..<sources {
                members.append(makeMember(tier: 1, home: .national(supplyPlaces[grng.below(supplyPlaces.count)]), rng: &grng))
            }
            for _ in 0..<distributors {
                members.append(makeMember(tier: 2, home: .local(geography.localDistrict(&grng)), rng: &grng))
            }
            let firstSeller = members.count
            for _ in 0..<sellers {
                if !sameProvinceElsewhere.isEmpty && grng.chance(0.25) {
                    let place = sameProvinceElsewhere[grng.below(sameProvinceElsewhere.count)]
                    members.append(makeMember(tier: 3, home: .national(place), rng: &grng))
                    continue
                }
                var member = makeMember(tier: 3, home: .local(geography.localDistrict(&grng)), rng: &grng)
                if grng.chance(0.15) && !shopCandidates.isEmpty {
                    let shopIndex = shopCandidates[grng.below(shopCandidates.count)]
                    if usedShops.insert(shopIndex).inserted {
                        let shop = retail.retailers[shopIndex]
                        member.person = shop.owner
                        member.person.address = shop.shopAddress
                        member.person.accounts = shop.accounts.isEmpty ? member.person.accounts : shop.accounts
                        member.home = .local(shop.district)
                        member.retailerIndex = shopIndex
                    }
                }
                members.append(member)
            }
            // Each seller buys from one distributor.
            for index in firstSeller..<members.count {
                members[index].supplier = sources + grng.below(distributors)
            }
            // Shell companies for some sources and distributors.
            for index in 0..<firstSeller where grng.chance(0.3) {
                let member = members[index]
                let adcode: String
                var district: Int?
                switch member.home {
                case .local(let d):
                    adcode = geography.districts[d].adcode
                    district = d
                case .national(let p): adcode = geography.national[p].adcode
                }
                members[index].shellCompany = RegistryEntry(
                    creditCode: context.ids.creditCode(
                        adcode: adcode, individual: false,
                        serial: CreditSerial.shell(gang: gangIndex, member: index, size: context.size), rng: &grng),
                    name: grng.pick(Lexicon.shopWords) + grng.pick(["商贸有限公司", "贸易有限公司", "供应链管理有限公司", "茶业有限公司"]),
                    legalPerson: member.person.name, legalPersonIDNo: member.person.idNo, address: member.person.address,
                    district: district, status: .active, abnormal: grng.chance(0.3),
                    updatedOn: SynthCalendar.endDay - grng.int(30, 900))
            }
            // Distributors and some sellers drive.
            for index in members.indices where members[index].tier == 2 && grng.chance(0.6) {
                members[index].person.plate = ""  // assigned by the fleet
            }
            let courierCount = grng.int(1, 2)
            var couriers: [Int] = []
            while couriers.count < courierCount {
                let pick = context.couriers.table.sample(&grng)
                if !couriers.contains(pick) { couriers.append(pick) }
            }
            let outletCount = grng.int(1, 3)
            let outlets = (0..<outletCount).map { _ in (district: geography.localDistrict(&grng), slot: grng.below(2)) }
            var provinces = geography.provinceCodes.filter { $0 != geography.centreProvinceCode }
            grng.shuffle(&provinces)
            let provinceCount = min(provinces.count, grng.int(12, 22))
            let warehouseDistrict = geography.localDistrict(&grng)
            let warehouse = context.addresses.local(district: warehouseDistrict, home: false, rng: &grng)
                + grng.pick(["仓库", "库房", "院内平房", "车库"])
            gangs.append(
                Gang(
                    id: "G\(gangIndex + 1)", members: members, couriers: couriers, outlets: outlets,
                    buyerProvinces: Array(provinces.prefix(provinceCount)), warehouse: warehouse,
                    warehouseDistrict: warehouseDistrict))
        }
        // Historical cases for some members, most often the upper tiers.
        for gangIndex in gangs.indices where rng.chance(0.75) {
            let count = rng.int(1, 3)
            for _ in 0..<count {
                let upper = gangs[gangIndex].members.indices.filter { gangs[gangIndex].members[$0].tier < 3 }
                let pool = rng.chance(0.7) && !upper.isEmpty ? upper : Array(gangs[gangIndex].members.indices)
                gangs[gangIndex].members[pool[rng.below(pool.count)]].pastCases += 1
            }
        }
        var reserved = Set<UInt64>()
        for gang in gangs {
            for member in gang.members {
                reserved.formUnion(member.poolPhones)
                reserved.formUnion(member.person.phones)
            }
        }
        self.gangs = gangs
        reservedPhones = reserved
    }

    /// Registry entries of the gangs' shell companies.
    var shellCompanies: [RegistryEntry] {
        gangs.flatMap { $0.members.compactMap(\.shellCompany) }
    }
}
