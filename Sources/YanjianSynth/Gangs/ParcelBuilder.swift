import Foundation
import YanjianCore

/// Builds one gang parcel with the gang's habits: its couriers and outlets, a fake sender name, a
/// sender phone from the rotating pool, the real address behind it, one or two cartons at about
/// half a kilogram each, and a harmless description.
struct ParcelBuilder {
    let context: WorldContext
    let gangIndex: Int

    private func base(flow: Int, day: Int, gang: Gang, rng: inout SplitMix64) -> (Int, Int64, Int, Int, String) {
        let courier = gang.couriers[rng.below(gang.couriers.count)]
        let seconds = SynthCalendar.seconds(day: day) + Int64(DailyCurve.gangCourier.secondOfDay(&rng))
        let cartons = rng.chance(0.45) ? 1 : 2
        let weight = Int((Double(cartons) * rng.double(0.45, 0.55) + rng.double(0.05, 0.15)) * 100)
        return (courier, seconds, cartons, weight, rng.pick(Lexicon.disguises))
    }

    private func outlet(for member: GangMember, courier: Int, gang: Gang, rng: inout SplitMix64) -> String {
        switch member.home {
        case .local(let district):
            if rng.chance(0.75) {
                let chosen = gang.outlets[rng.below(gang.outlets.count)]
                return String(decoding: context.couriers.localOutlets[chosen.district][courier][chosen.slot], as: UTF8.self)
            }
            return String(decoding: context.couriers.localOutlets[district][courier][rng.below(2)], as: UTF8.self)
        case .national(let place):
            var bytes: [UInt8] = []
            context.couriers.appendRemoteOutlet(courier: courier, place: context.geography.national[place], to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    private func senderPhone(_ sender: inout GangMember, rng: inout SplitMix64) -> UInt64 {
        rng.chance(0.04) ? sender.person.phone : sender.nextPoolPhone()
    }

    private func delivered(_ seconds: Int64, flow: Int, seized: Bool, rng: inout SplitMix64) -> Int64? {
        if seized { return nil }
        let hours = flow == 3 ? rng.int(40, 110) : rng.int(18, 60)
        let at = seconds + Int64(hours * 3600 + rng.below(3600))
        return at < SynthCalendar.seconds(day: SynthCalendar.endDay) ? at : nil
    }

    /// A parcel between two members (flows 1 and 2).
    func parcel(
        flow: Int, day: Int, sender: inout GangMember, receiver: GangMember, gang: Gang,
        senderOverride: (String, PlaceRef)? = nil, receiverOverride: (String, PlaceRef)? = nil,
        rng: inout SplitMix64
    ) -> GangWaybill {
        let (courier, seconds, cartons, weight, item) = base(flow: flow, day: day, gang: gang, rng: &rng)
        let xray = rng.chance(0.02)
        let seized = xray && rng.chance(0.5)
        let realName = rng.chance(0.6)
        let receiverPhone = rng.chance(0.7) || receiver.poolPhones.isEmpty
            ? receiver.person.phone : receiver.poolPhones[rng.below(receiver.poolPhones.count)]
        return GangWaybill(
            gang: gangIndex, flow: flow, seconds: seconds, courier: courier,
            senderName: context.names.name(male: rng.chance(0.6), rng: &rng),
            senderPhone: senderPhone(&sender, rng: &rng),
            senderAddress: senderOverride?.0 ?? sender.person.address, senderPlace: senderOverride?.1 ?? sender.home,
            receiverName: realName ? receiver.person.name : context.names.name(male: rng.chance(0.6), rng: &rng),
            receiverPhone: receiverPhone,
            receiverAddress: receiverOverride?.0 ?? receiver.person.address,
            receiverPlace: receiverOverride?.1 ?? receiver.home,
            item: item, cartons: cartons, weightCentiKg: weight,
            outlet: outlet(for: sender, courier: courier, gang: gang, rng: &rng),
            deliveredSeconds: delivered(seconds, flow: flow, seized: seized, rng: &rng), xray: xray, seized: seized)
    }

    /// A parcel from a seller to a buyer (flow 3).
    func parcel(
        flow: Int, day: Int, sender: inout GangMember, buyer: Person, buyerPlace: Int, gang: Gang,
        senderOverride: (String, PlaceRef)?, rng: inout SplitMix64
    ) -> GangWaybill {
        let (courier, seconds, cartons, weight, item) = base(flow: flow, day: day, gang: gang, rng: &rng)
        let xray = rng.chance(0.02)
        let seized = xray && rng.chance(0.5)
        return GangWaybill(
            gang: gangIndex, flow: flow, seconds: seconds, courier: courier,
            senderName: context.names.name(male: rng.chance(0.6), rng: &rng),
            senderPhone: senderPhone(&sender, rng: &rng),
            senderAddress: senderOverride?.0 ?? sender.person.address, senderPlace: senderOverride?.1 ?? sender.home,
            receiverName: buyer.name, receiverPhone: buyer.phone, receiverAddress: buyer.address,
            receiverPlace: .national(buyerPlace), item: item, cartons: cartons, weightCentiKg: weight,
            outlet: outlet(for: sender, courier: courier, gang: gang, rng: &rng),
            deliveredSeconds: delivered(seconds, flow: flow, seized: seized, rng: &rng), xray: xray, seized: seized)
    }
}
