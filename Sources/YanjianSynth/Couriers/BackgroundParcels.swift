import Foundation
import YanjianCore

/// The ordinary parcel traffic of the prefecture. People and merchants are "virtual": sender or
/// receiver number k always has the same name, phone and address because they are derived from a
/// hash of k, so millions of waybills need no tables in memory and repeated senders and receivers
/// arise naturally.
struct BackgroundParcels: Sendable {
    let context: WorldContext
    let reserved: Set<UInt64>
    let localMerchants: Int
    let localMerchantTable: WeightedTable
    let localIndividuals: Int
    let remoteMerchants: Int
    let remoteMerchantTable: WeightedTable
    let nationalReceivers: Int
    let localReceivers: Int
    let itemTable: WeightedTable
    let itemBytes: [[UInt8]]
    let remoteProvinceTable: WeightedTable
    let remoteProvinces: [Int]
    let centreProvincePlaces: [Int]
    /// Probability that a background parcel is one of the tea shop's (the legitimate heavy sender).
    let teaShopShare: Double
    let teaShop: TeaShop
    private let seeds: (UInt64, UInt64, UInt64, UInt64, UInt64)

    /// The decoy heavy sender: a tea shop shipping hundreds of small parcels of tea.
    struct TeaShop: Sendable {
        let name: [UInt8]
        let phone: UInt64
        let address: [UInt8]
        let district: Int
    }

    init(context: WorldContext, backgroundCount: Int, reserved: Set<UInt64>) {
        self.context = context
        self.reserved = reserved
        let n = max(1, backgroundCount)
        localMerchants = max(30, n / 1500)
        localMerchantTable = WeightedTable(zipfWeights(localMerchants, exponent: 0.9, offset: 2))
        localIndividuals = max(200, n / 3)
        remoteMerchants = max(50, n / 800)
        remoteMerchantTable = WeightedTable(zipfWeights(remoteMerchants, exponent: 0.9, offset: 2))
        nationalReceivers = max(500, n / 2)
        localReceivers = max(300, n / 4)
        itemTable = WeightedTable(Lexicon.itemWeights)
        itemBytes = Lexicon.itemDescriptions.map { Array($0.utf8) }
        remoteProvinces = [33, 44, 32, 31, 35, 13, 37, 41, 42, 51]
        remoteProvinceTable = WeightedTable([30, 28, 14, 8, 6, 4, 4, 3, 2, 2])
        centreProvincePlaces = context.geography.nationalByProvince[context.geography.centreProvinceCode] ?? []
        var rng = context.rng(.waybills).fork(5)
        seeds = (rng.next(), rng.next(), rng.next(), rng.next(), rng.next())
        let scale = context.size.scale
        teaShopShare = min(0.05, max(150, 400 * scale) / Double(n))
        let district = context.addresses.hubDistrict
        var teaRNG = rng.fork(9)
        var phone = context.ids.mobile(&teaRNG)
        while reserved.contains(phone) { phone = context.ids.mobile(&teaRNG) }
        teaShop = TeaShop(
            name: Array((context.geography.centreShortName + teaRNG.pick(Lexicon.roadStems) + "茶行").utf8),
            phone: phone,
            address: Array(context.addresses.local(district: district, home: false, rng: &teaRNG).utf8),
            district: district)
    }

    /// A party of a parcel: everything written in the sender or receiver columns.
    struct Party {
        var name: [UInt8] = []
        var phone: UInt64 = 0
        var address: [UInt8] = []
        var place: PlaceRef = .local(0)
        /// For senders: the outlet they hand parcels in at.
        var outlet: [UInt8] = []
        /// For merchants: what they sell (index into the item table), else -1.
        var item = -1
    }

    @inline(__always)
    private func phone(_ rng: inout SplitMix64) -> UInt64 {
        var value = context.ids.mobile(&rng)
        while reserved.contains(value) { value = context.ids.mobile(&rng) }
        return value
    }

    /// Local sender: a merchant (Zipf-popular) or an individual.
    func localSender(_ draw: inout SplitMix64, courier: Int, into party: inout Party) {
        let merchant = draw.chance(0.4)
        let key = merchant ? UInt64(localMerchantTable.sample(&draw)) : UInt64(draw.below(localIndividuals))
        var rng = SplitMix64(seed: mix64((merchant ? seeds.0 : seeds.1) ^ key))
        let district = context.geography.localDistrict(&rng)
        party.name.removeAll(keepingCapacity: true)
        if merchant && rng.chance(0.4) {
            party.name.append(contentsOf: Array((rng.pick(Lexicon.shopWords) + rng.pick(["旗舰店", "商行", "电商", "工作室"])).utf8))
        } else {
            context.names.appendName(male: rng.chance(0.55), to: &party.name, rng: &rng)
        }
        party.phone = phone(&rng)
        party.address.removeAll(keepingCapacity: true)
        party.place = .local(district)
        if !merchant && rng.chance(0.04) {
            let shared = rng.chance(0.5)
            party.address.append(contentsOf: Array((shared ? context.addresses.courierStation : context.addresses.industrialPark).utf8))
            party.place = .local(shared ? context.addresses.hubDistrict : context.addresses.parkDistrict)
        } else if merchant && rng.chance(0.12) {
            party.address.append(contentsOf: Array(context.addresses.industrialPark.utf8))
            party.place = .local(context.addresses.parkDistrict)
        } else {
            context.addresses.appendLocal(district: district, home: !merchant, to: &party.address, rng: &rng)
        }
        party.item = merchant ? itemTable.sample(&rng) : -1
        party.outlet = context.couriers.localOutlets[district][courier][Int(rng.next() & 1)]
    }

    /// Remote sender: an online shop in an e-commerce province.
    func remoteSender(_ draw: inout SplitMix64, courier: Int, into party: inout Party) {
        let key = UInt64(remoteMerchantTable.sample(&draw))
        var rng = SplitMix64(seed: mix64(seeds.2 ^ key))
        let province = remoteProvinces[remoteProvinceTable.sample(&rng)]
        let places = context.geography.nationalByProvince[province] ?? [0]
        let place = places[rng.below(places.count)]
        party.name.removeAll(keepingCapacity: true)
        party.name.append(contentsOf: Array((rng.pick(Lexicon.shopWords) + rng.pick(["旗舰店", "专营店", "官方店", "电商"])).utf8))
        party.phone = phone(&rng)
        party.address.removeAll(keepingCapacity: true)
        context.addresses.appendNational(place: place, to: &party.address, rng: &rng)
        party.place = .national(place)
        party.item = itemTable.sample(&rng)
        party.outlet.removeAll(keepingCapacity: true)
        context.couriers.appendRemoteOutlet(courier: courier, place: context.geography.national[place], to: &party.outlet)
    }

    /// Receiver anywhere on the mainland (a fifth in the home province).
    func nationalReceiver(_ draw: inout SplitMix64, into party: inout Party) {
        let key = UInt64(draw.below(nationalReceivers))
        var rng = SplitMix64(seed: mix64(seeds.3 ^ key))
        let place: Int
        if !centreProvincePlaces.isEmpty && rng.chance(0.2) {
            place = centreProvincePlaces[rng.below(centreProvincePlaces.count)]
        } else {
            place = context.geography.nationalTable.sample(&rng)
        }
        party.name.removeAll(keepingCapacity: true)
        context.names.appendName(male: rng.chance(0.5), to: &party.name, rng: &rng)
        party.phone = phone(&rng)
        party.address.removeAll(keepingCapacity: true)
        context.addresses.appendNational(place: place, to: &party.address, rng: &rng)
        party.place = .national(place)
    }

    /// Receiver in the prefecture; students, the courier station and the industrial park are shared.
    func localReceiver(_ draw: inout SplitMix64, into party: inout Party) {
        let key = UInt64(draw.below(localReceivers))
        var rng = SplitMix64(seed: mix64(seeds.4 ^ key))
        let district = context.geography.localDistrict(&rng)
        party.name.removeAll(keepingCapacity: true)
        context.names.appendName(male: rng.chance(0.45), to: &party.name, rng: &rng)
        party.phone = phone(&rng)
        party.address.removeAll(keepingCapacity: true)
        let roll = rng.unit()
        if roll < 0.035 {
            party.address.append(contentsOf: Array(context.addresses.campusDorm.utf8))
            party.place = .local(context.addresses.hubDistrict)
        } else if roll < 0.055 {
            party.address.append(contentsOf: Array(context.addresses.courierStation.utf8))
            party.place = .local(context.addresses.hubDistrict)
        } else if roll < 0.07 {
            party.address.append(contentsOf: Array(context.addresses.industrialPark.utf8))
            party.place = .local(context.addresses.parkDistrict)
        } else {
            context.addresses.appendLocal(district: district, home: true, to: &party.address, rng: &rng)
            party.place = .local(district)
        }
    }
}
