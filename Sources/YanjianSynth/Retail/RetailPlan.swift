import Foundation
import YanjianCore

/// The licensed retailers of a world, with the anomalous ones and the innocent look-alikes planted.
struct RetailPlan: Sendable {
    var retailers: [Retailer]

    /// Retailers carrying a planted pattern, in licence order.
    var anomalous: [Retailer] { retailers.filter { $0.pattern != nil } }

    init(context: WorldContext) {
        var rng = context.rng(.retailers)
        let geography = context.geography
        let persons = PersonFactory(context: context)
        let typeTable = WeightedTable(BusinessType.allCases.map(\.share))
        let popularity = BrandCatalogue.popularity(inProvince: geography.centreProvinceCode)
        var list: [Retailer] = []
        list.reserveCapacity(context.size.retailers)
        for index in 0..<context.size.retailers {
            var shopRNG = SplitMix64.entity(rng.next(), index)
            let district = geography.localDistrict(&shopRNG)
            let type = BusinessType.allCases[typeTable.sample(&shopRNG)]
            list.append(
                RetailPlan.makeRetailer(
                    index: index, district: district, type: type, context: context, persons: persons,
                    popularity: popularity, rng: &shopRNG))
        }
        retailers = list
        plantDecoys(context: context, rng: &rng)
        plantPatterns(context: context, rng: &rng)
    }

    static func makeRetailer(
        index: Int, district: Int, type: BusinessType, context: WorldContext, persons: PersonFactory,
        popularity: [Double], rng: inout SplitMix64
    ) -> Retailer {
        let place = context.geography.districts[district]
        let owner = persons.local(district: district, rng: &rng)
        let shopAddress = context.addresses.local(district: district, home: false, rng: &rng)
        let point = context.geography.scatter(lat: place.lat, lon: place.lon, spreadKm: place.spreadKm, rng: &rng)
        var serial: [UInt8] = []
        ByteFormat.appendPadded(UInt64(index + 1), width: 6, to: &serial)
        let licence = place.adcode + String(decoding: serial, as: UTF8.self)
        let name = shopName(type: type, owner: owner.name, rng: &rng)
        let roll = rng.unit()
        let status: LicenceStatus = roll < 0.93 ? .valid : (roll < 0.96 ? .suspended : .cancelled)
        let activeUntil: Int
        if status == .valid {
            activeUntil = SynthCalendar.endDay
        } else {
            activeUntil = rng.int(SynthCalendar.orderStart + 30, SynthCalendar.endDay - 20)
        }
        let issued = SynthCalendar.endDay - rng.int(30, 5 * 365 - 10)
        let expires = issued + 5 * 365 + 1
        let credit: String? =
            rng.chance(0.88)
            ? context.ids.creditCode(
                adcode: place.adcode, individual: type != .supermarket, serial: CreditSerial.shop(index), rng: &rng) : nil
        var accounts: [String] = []
        if rng.chance(0.7) { accounts.append(context.ids.bankCard(&rng)) }
        if !accounts.isEmpty && rng.chance(0.25) { accounts.append(context.ids.wechatID(&rng)) }
        let demand = rng.logNormal(median: type.demandMedian, sigma: 0.45)
        // Favoured products: popularity × a personal taste, keep the top few.
        var scored: [(Int, Double)] = popularity.enumerated().map { ($0.offset, $0.element * rng.logNormal(median: 1, sigma: 0.9)) }
        scored.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        let keep = min(scored.count, rng.int(1, 3) + (demand > 1.2 ? 1 : 0))
        let chosen = scored.prefix(keep)
        let total = chosen.reduce(0) { $0 + $1.1 }
        let grade = demand > 1.8 ? 3 : (demand > 0.9 ? 2 : 1)
        var rent: Int64 = 0
        var landlord: String?
        if !accounts.isEmpty && rng.chance(0.3) {
            rent = Int64(rng.int(15, 60)) * 10_000
            landlord = context.ids.bankCard(&rng)
        }
        let registryRoll = rng.unit()
        return Retailer(
            index: index, licenceNo: licence, name: name, owner: owner, district: district,
            adcode: place.adcode, type: type, status: status, issuedOn: issued, expiresOn: expires,
            creditCode: credit, accounts: accounts, hasTerminal: rng.chance(type.terminalProbability),
            demand: demand, cycleWeeks: demand > 2.2 ? 1 : 2, orderWeekday: rng.int(1, 5),
            brands: chosen.map(\.0), brandWeights: chosen.map { $0.1 / max(total, 1e-9) }, grade: grade,
            activeUntil: activeUntil, pattern: nil, decoy: nil, patternStart: SynthCalendar.endDay,
            patternStrength: 1,
            registryStatus: status == .cancelled ? .deregistered : (registryRoll < 0.01 ? .revoked : .active),
            abnormalList: registryRoll > 0.97, landlordAccount: landlord, rentFen: rent)
        .withAddress(shopAddress, lat: point.lat, lon: point.lon)
    }

    static func shopName(type: BusinessType, owner: String, rng: inout SplitMix64) -> String {
        let endings = Lexicon.shopEndings[type.code] ?? ["商店"]
        let ending = rng.pick(endings)
        let roll = rng.unit()
        if roll < 0.45 { return rng.pick(Lexicon.shopWords) + ending }
        if roll < 0.75 { return String(owner.prefix(1)) + "记" + ending }
        return rng.pick(Lexicon.roadStems) + ending
    }

    /// Real growth in a new residential area, and a busy shop by the railway station.
    private mutating func plantDecoys(context: WorldContext, rng: inout SplitMix64) {
        let count = max(1, Int((2 * context.size.scale).rounded()))
        let candidates = retailers.indices.filter { retailers[$0].status == .valid }
        let picks = rng.sample(2 * count, from: candidates.count).map { candidates[$0] }
        for (order, index) in picks.enumerated() {
            var shop = retailers[index]
            shop.hasTerminal = true
            if order % 2 == 0 {
                shop.decoy = .realGrowth
                shop.patternStart = SynthCalendar.endDay - rng.int(110, 140)
                shop.patternStrength = rng.double(2.2, 3.0)
                shop.owner.address = context.addresses.newResidentialArea + "\(rng.int(1, 30))号楼"
                let park = context.geography.districts[context.addresses.parkDistrict]
                let point = context.geography.scatter(lat: park.lat, lon: park.lon, spreadKm: 1, rng: &rng)
                shop = shop.withAddress(
                    context.addresses.newResidentialArea + "商业街\(rng.int(1, 80))号", lat: point.lat, lon: point.lon)
            } else {
                shop.decoy = .busyStation
                shop.demand *= rng.double(5, 7)
                let core = context.geography.districts[context.addresses.hubDistrict]
                let point = context.geography.scatter(lat: core.lat, lon: core.lon, spreadKm: 0.3, rng: &rng)
                shop = shop.withAddress(
                    context.addresses.railwayStation + "\(rng.int(1, 40))号商铺", lat: point.lat, lon: point.lon)
            }
            retailers[index] = shop
        }
    }

    /// 3–5 % of retailers get one pattern each; every pattern appears at least once.
    private mutating func plantPatterns(context: WorldContext, rng: inout SplitMix64) {
        let candidates = retailers.indices.filter { retailers[$0].status == .valid && retailers[$0].decoy == nil }
        let picks = rng.sample(context.size.anomalousRetailers, from: candidates.count).map { candidates[$0] }
        var patterns = RetailPattern.allCases
        rng.shuffle(&patterns)
        var firstOutflow = true
        let premium = Set(BrandCatalogue.premiumIndices)
        func premiumShare(_ shop: Retailer) -> Double {
            zip(shop.brands, shop.brandWeights).filter { premium.contains($0.0) }.reduce(0) { $0 + $1.1 }
        }
        // A brand shift is a jump to premium brands, so it is planted in shops that sell few of them.
        var assignment = picks.enumerated().map { (index: $0.element, pattern: patterns[$0.offset % patterns.count]) }
        for position in assignment.indices where assignment[position].pattern == .brandShift {
            guard premiumShare(retailers[assignment[position].index]) >= 0.35 else { continue }
            if let swap = assignment.indices.first(where: {
                assignment[$0].pattern != .brandShift && premiumShare(retailers[assignment[$0].index]) < 0.35
            }) {
                let other = assignment[swap].index
                assignment[swap].index = assignment[position].index
                assignment[position].index = other
            }
        }
        for (index, pattern) in assignment {
            var shop = retailers[index]
            shop.pattern = pattern
            switch pattern {
            case .outflow:
                shop.patternStart = SynthCalendar.orderStart + rng.int(0, 150)
                shop.patternStrength = rng.double(3, 5)
                if firstOutflow || rng.chance(0.75) { shop.hasTerminal = true }
                firstOutflow = false
            case .brandShift:
                shop.patternStart = SynthCalendar.endDay - rng.int(55, 75)
                shop.patternStrength = rng.double(0.55, 0.7)
            case .nightTrade:
                shop.hasTerminal = true
                shop.patternStart = SynthCalendar.orderStart
                // Share of the shop's packs sold between 22:00 and 06:00.
                shop.patternStrength = rng.double(0.4, 0.6)
            case .abnormalGrowth:
                shop.patternStart = SynthCalendar.endDay - rng.int(110, 140)
                shop.patternStrength = rng.double(3, 4)
                if rng.chance(0.75) { shop.hasTerminal = true }
            case .fundAnomaly:
                if shop.accounts.isEmpty { shop.accounts.append(context.ids.bankCard(&rng)) }
                shop.patternStart = SynthCalendar.paymentStart + rng.int(0, 60)
                shop.patternStrength = rng.double(20, 45)
                for _ in 0..<rng.int(1, 3) { shop.unknownAccounts.append(context.ids.account(&rng)) }
            }
            if rng.chance(0.15) { shop.abnormalList = true }
            retailers[index] = shop
        }
    }
}

extension Retailer {
    /// A copy with the shop's address and position set.
    func withAddress(_ address: String, lat: Double, lon: Double) -> Retailer {
        var copy = self
        copy.shopAddress = address
        copy.lat = lat
        copy.lon = lon
        return copy
    }
}
