import Foundation
import YanjianCore
import YanjianEval

/// Assembles `truth.json` from what the sections planted. A gang member's value is listed only when
/// it appears somewhere in the world's files (a phone nobody ever wrote down cannot be found).
enum WorldTruth {
    struct Inputs {
        let context: WorldContext
        let retail: RetailPlan
        let gangs: GangPlan
        let shipments: GangShipments
        let cases: CaseFiles
        let ledger: PaymentLedger
        let traffic: Traffic
        let trueTips: [String]
        let waybillStats: WaybillWriter.Stats
        let malformed: [Truth.Malformed]
    }

    static func assemble(_ inputs: Inputs) -> Truth {
        let retail = inputs.retail
        var phones = Set<String>()
        var idNos = Set<String>()
        var accounts = Set(inputs.ledger.accounts)
        var addresses = Set<String>()
        for parcel in inputs.shipments.waybills {
            phones.insert(IdentityFactory.phoneString(parcel.senderPhone))
            phones.insert(IdentityFactory.phoneString(parcel.receiverPhone))
            addresses.insert(parcel.senderAddress)
            addresses.insert(parcel.receiverAddress)
        }
        for record in inputs.cases.persons {
            phones.formUnion(record.phoneStrings)
            if let idNo = record.idNo { idNos.insert(idNo) }
            accounts.formUnion(record.accounts)
            addresses.formUnion(record.addresses)
        }
        for record in inputs.cases.cases {
            for link in record.links {
                switch link.0 {
                case .phone: phones.insert(link.1)
                case .idNo: idNos.insert(link.1)
                case .account: accounts.insert(link.1)
                case .address: addresses.insert(link.1)
                case .waybillNo, .plate, .licenceNo: break
                }
            }
        }
        for shop in retail.retailers {
            phones.insert(IdentityFactory.phoneString(shop.owner.phone))
            idNos.insert(shop.owner.idNo)
            accounts.formUnion(shop.accounts)
            addresses.insert(shop.shopAddress)
        }
        for entry in inputs.gangs.shellCompanies { idNos.insert(entry.legalPersonIDNo) }
        var seenVehicles = Set<Int>()
        for read in inputs.traffic.reads { seenVehicles.insert(Traffic.unpack(read).vehicle) }
        let plates = Set(seenVehicles.map { inputs.traffic.vehicles[$0].plate })

        var gangs: [Truth.Gang] = []
        for (gangIndex, gang) in inputs.gangs.gangs.enumerated() {
            var members: [Truth.Member] = []
            var listed = Set<String>()
            func add(_ kind: String, _ value: String, _ tier: Int) {
                if listed.insert(kind + ":" + value).inserted { members.append(Truth.Member(kind: kind, value: value, tier: tier)) }
            }
            for member in gang.members {
                let tier = member.tier
                if let personID = member.personID { add("person", personID, tier) }
                if idNos.contains(member.person.idNo) { add("id_no", member.person.idNo, tier) }
                for phone in member.person.phones + member.poolPhones {
                    let text = IdentityFactory.phoneString(phone)
                    if phones.contains(text) { add("phone", text, tier) }
                }
                for account in member.person.accounts where accounts.contains(account) { add("account", account, tier) }
                if addresses.contains(member.person.address) { add("address", member.person.address, tier) }
                if let plate = member.person.plate, plates.contains(plate) { add("plate", plate, tier) }
                if let shop = member.retailerIndex { add("licence_no", retail.retailers[shop].licenceNo, tier) }
            }
            if addresses.contains(gang.warehouse) { add("address", gang.warehouse, 2) }
            let numbers = inputs.shipments.waybills.filter { $0.gang == gangIndex }.map(\.number)
            gangs.append(Truth.Gang(gangID: gang.id, members: members, waybills: numbers))
        }

        var decoys: [Truth.Decoy] = []
        let addressesBook = inputs.context.addresses
        decoys.append(Truth.Decoy(kind: "address", value: addressesBook.courierStation, note: "courier station used by thousands of senders and receivers"))
        decoys.append(Truth.Decoy(kind: "address", value: addressesBook.campusDorm, note: "university dormitory receiving thousands of parcels"))
        decoys.append(Truth.Decoy(kind: "address", value: addressesBook.industrialPark, note: "industrial park shared by many businesses"))
        let stats = inputs.waybillStats
        if stats.teaShopParcels > 0 {
            let note = "tea shop legitimately shipping \(stats.teaShopParcels) parcels of tea"
            decoys.append(Truth.Decoy(kind: "phone", value: IdentityFactory.phoneString(stats.teaShopPhone), note: note))
            decoys.append(Truth.Decoy(kind: "address", value: stats.teaShopAddress, note: note))
        }
        for shop in retail.retailers {
            switch shop.decoy {
            case .realGrowth?:
                decoys.append(Truth.Decoy(kind: "licence_no", value: shop.licenceNo, note: "new residential area: orders and terminal sales grow together"))
            case .busyStation?:
                decoys.append(Truth.Decoy(kind: "licence_no", value: shop.licenceNo, note: "by the railway station: high orders matched by high terminal sales"))
            case nil: break
            }
        }
        decoys += inputs.traffic.decoys

        let anomalous = retail.retailers.compactMap { shop in
            shop.pattern.map { Truth.AnomalousRetailer(licenceNo: shop.licenceNo, pattern: $0.rawValue) }
        }
        return Truth(
            seed: inputs.context.config.seed, gangs: gangs, anomalousRetailers: anomalous,
            convoys: inputs.traffic.convoys, clonedPlates: inputs.traffic.clonedPlates,
            nightVehicles: inputs.traffic.nightVehicles, trueTips: inputs.trueTips, decoys: decoys,
            malformed: inputs.malformed)
    }
}
