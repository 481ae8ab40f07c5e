import Foundation
import YanjianCore

/// A parcel a gang shipped: cartons disguised as tea, local produce, clothes or daily goods.
struct GangWaybill: Sendable {
    var gang: Int
    /// 1 source → distributor, 2 distributor → seller, 3 seller → buyer.
    var flow: Int
    var seconds: Int64
    var courier: Int
    var senderName: String
    var senderPhone: UInt64
    var senderAddress: String
    var senderPlace: PlaceRef
    var receiverName: String
    var receiverPhone: UInt64
    var receiverAddress: String
    var receiverPlace: PlaceRef
    var item: String
    var cartons: Int
    var weightCentiKg: Int
    var outlet: String
    var deliveredSeconds: Int64?
    var xray: Bool
    var seized: Bool
    var number = ""
}

/// Generates the gangs' parcels ("ant moving": many parcels of one or two cartons, fake sender names,
/// rotating sender phones) and the money that flows back up the tiers.
struct GangShipments: Sendable {
    var waybills: [GangWaybill]

    init(plan: inout GangPlan, context: WorldContext, ledger: PaymentLedger) {
        var list: [GangWaybill] = []
        let persons = PersonFactory(context: context)
        let volume = context.size.gangVolume
        for gangIndex in plan.gangs.indices {
            var rng = context.rng(.gangs).fork(1000 + UInt64(gangIndex))
            var gang = plan.gangs[gangIndex]
            let builder = ParcelBuilder(context: context, gangIndex: gangIndex)
            // Tier 1 → tier 2: the sources ship to each distributor in batches.
            let sources = gang.members.indices.filter { gang.members[$0].tier == 1 }
            let distributors = gang.members.indices.filter { gang.members[$0].tier == 2 }
            let sellers = gang.members.indices.filter { gang.members[$0].tier == 3 }
            for d in distributors {
                let batches = max(2, Int((Double(rng.int(3, 8)) * volume).rounded()))
                for _ in 0..<batches {
                    let day = GangShipments.shippingDay(&rng)
                    let s = sources[rng.below(sources.count)]
                    let parcels = rng.int(4, 10)
                    var cartons = 0
                    for _ in 0..<parcels {
                        let parcel = builder.parcel(
                            flow: 1, day: day, sender: &gang.members[s], receiver: gang.members[d], gang: gang,
                            receiverOverride: rng.chance(0.3) ? (gang.warehouse, PlaceRef.local(gang.warehouseDistrict)) : nil,
                            rng: &rng)
                        cartons += parcel.cartons
                        list.append(parcel)
                    }
                    GangShipments.pay(
                        from: gang.members[d], to: gang.members[s], cartons: cartons, yuanPerCarton: rng.double(60, 90),
                        day: day, ledger: ledger, rng: &rng)
                }
            }
            // Tier 2 → tier 3: each distributor supplies its sellers.
            for t in sellers {
                let d = gang.members[t].supplier ?? distributors[0]
                let batches = max(2, Int((Double(rng.int(3, 7)) * volume).rounded()))
                for _ in 0..<batches {
                    let day = GangShipments.shippingDay(&rng)
                    let parcels = rng.int(2, 6)
                    var cartons = 0
                    for _ in 0..<parcels {
                        let fromWarehouse = rng.chance(0.45)
                        let parcel = builder.parcel(
                            flow: 2, day: day, sender: &gang.members[d], receiver: gang.members[t], gang: gang,
                            senderOverride: fromWarehouse ? (gang.warehouse, PlaceRef.local(gang.warehouseDistrict)) : nil,
                            rng: &rng)
                        cartons += parcel.cartons
                        list.append(parcel)
                    }
                    GangShipments.pay(
                        from: gang.members[t], to: gang.members[d], cartons: cartons, yuanPerCarton: rng.double(110, 150),
                        day: day, ledger: ledger, rng: &rng)
                }
            }
            // Tier 3 → buyers across 10–20+ provinces ("WeChat selling, courier delivery").
            var buyers: [(Person, Int)] = []
            var buyerCount = 0
            for t in sellers {
                let parcels = max(4, Int((Double(rng.int(10, 35)) * volume).rounded()))
                for _ in 0..<parcels {
                    var buyer: (Person, Int)
                    if buyerCount >= gang.buyerProvinces.count && !buyers.isEmpty && rng.chance(0.3) {
                        buyer = buyers[rng.below(buyers.count)]
                    } else {
                        let province = gang.buyerProvinces[buyerCount % gang.buyerProvinces.count]
                        let places = context.geography.nationalByProvince[province] ?? [0]
                        let place = places[rng.below(places.count)]
                        var person = persons.national(place: place, rng: &rng)
                        person.accounts = [context.ids.wechatID(&rng)]
                        buyer = (person, place)
                        buyers.append(buyer)
                    }
                    buyerCount += 1
                    let day = GangShipments.shippingDay(&rng)
                    var senderOverride: (String, PlaceRef)?
                    if rng.chance(0.1) {
                        let shared = rng.chance(0.5) ? context.addresses.industrialPark : context.addresses.courierStation
                        let district = shared == context.addresses.industrialPark
                            ? context.addresses.parkDistrict : context.addresses.hubDistrict
                        senderOverride = (shared, .local(district))
                    }
                    let parcel = builder.parcel(
                        flow: 3, day: day, sender: &gang.members[t], buyer: buyer.0, buyerPlace: buyer.1, gang: gang,
                        senderOverride: senderOverride, rng: &rng)
                    if rng.chance(0.4) {
                        let seconds = SynthCalendar.seconds(day: day) - Int64(rng.int(600, 86_400))
                        let fen = Int64(parcel.cartons) * Int64(rng.int(200, 320)) * 100
                        // A seller or buyer without an account is paid in cash: no transfer. (This
                        // wrote rows with an empty payee_account, which the spec requires, and which
                        // defects.json did not list.) The draws above happen either way, so the rest
                        // of the world stays as it was.
                        if let sellerAccount = gang.members[t].person.accounts.last, let buyerAccount = buyer.0.accounts.first {
                            let payer = ledger.account(buyerAccount, name: buyer.0.name)
                            let payee = ledger.account(sellerAccount, name: gang.members[t].person.name)
                            ledger.add(seconds: seconds, from: payer, to: payee, fen: fen, channel: 1)
                        }
                    }
                    list.append(parcel)
                }
            }
            for member in gang.members {
                for account in member.person.accounts {
                    let index = ledger.account(account, name: member.person.name)
                    ledger.addEverydaySpending(of: index, count: rng.int(3, 12), rng: &rng)
                }
            }
            plan.gangs[gangIndex] = gang
        }
        list.sort { ($0.seconds, $0.gang, $0.senderPhone) < ($1.seconds, $1.gang, $1.senderPhone) }
        waybills = list
    }

    /// A day in the waybill window when couriers work (they pause around the Spring Festival).
    static func shippingDay(_ rng: inout SplitMix64) -> Int {
        while true {
            let day = rng.int(SynthCalendar.waybillStart, SynthCalendar.endDay - 1)
            let fromFestival = day - SynthCalendar.springFestival
            if fromFestival < -4 || fromFestival > 7 { return day }
        }
    }

    /// The lower tier pays the upper tier for a batch.
    static func pay(
        from payer: GangMember, to payee: GangMember, cartons: Int, yuanPerCarton: Double, day: Int,
        ledger: PaymentLedger, rng: inout SplitMix64
    ) {
        guard let payerAccount = payer.person.accounts.first, let payeeAccount = payee.person.accounts.first else { return }
        let from = ledger.account(payerAccount, name: payer.person.name)
        let to = ledger.account(payeeAccount, name: payee.person.name)
        let seconds = SynthCalendar.seconds(day: day + rng.int(0, 2)) + Int64(rng.int(9 * 3600, 23 * 3600))
        let fen = Int64(Double(cartons) * yuanPerCarton * 100)
        ledger.addSplit(seconds: seconds, from: from, to: to, fen: fen, channel: rng.chance(0.6) ? 0 : 1, rng: &rng)
    }

    /// Numbers the parcels after the background waybills (world indices `firstIndex…`), so no gang
    /// waybill number can equal a background one.
    mutating func assignNumbers(firstIndex: Int, couriers: CourierTable) {
        for index in waybills.indices {
            waybills[index].number = couriers.number(courier: waybills[index].courier, index: firstIndex + index)
        }
    }
}
