import Foundation
import YanjianCore

/// One case and the entities it ties together.
struct CaseRecord: Sendable {
    var caseNo: String
    var openedOn: Int
    var kind: CaseKind
    var adcode: String
    var summary: String
    var sticks: Int?
    var valueYuan: Int?
    var status: CaseStatus
    var department: Department
    /// (entity_kind, entity_value, role)
    var links: [(CaseEntityKind, String, String)]
}

/// One person known to police or case files.
struct PersonRecord: Sendable {
    var personID = ""
    var name: String
    var idNo: String?
    var phones: [UInt64]
    var addresses: [String]
    var accounts: [String]
    var plates: [String]
    var source: String
    var note: String
    var home: PlaceRef
}

/// The case files of a world: past cases of some gang members (with co-defendants), cases opened on
/// the gangs' seized parcels, and many ordinary cases and persons that have nothing to do with them.
struct CaseFiles: Sendable {
    var cases: [CaseRecord] = []
    var persons: [PersonRecord] = []

    static let kinds: [CaseKind] = [.counterfeit, .smuggled, .unlicensedBusiness, .illegalTransport, .illegalBusiness, .other]

    init(context: WorldContext, retail: RetailPlan, gangs: inout GangPlan, shipments: GangShipments, traffic: Traffic) {
        var rng = context.rng(.cases)
        let geography = context.geography
        var serial: [Int: Int] = [:]
        func caseNumber(year: Int, adcode: String) -> String {
            serial[year, default: 0] += 1
            var bytes: [UInt8] = Array("AJ".utf8)
            ByteFormat.appendPadded(UInt64(year), width: 4, to: &bytes)
            bytes += Array(adcode.utf8.prefix(6))
            ByteFormat.appendPadded(UInt64(serial[year, default: 0]), width: 4, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        func adcode(_ ref: PlaceRef) -> String {
            switch ref {
            case .local(let d): return geography.districts[d].adcode
            case .national(let p): return geography.national[p].adcode
            }
        }
        var drafts: [(day: Int, record: CaseRecord)] = []
        var recorded = Set<[Int]>()
        // Past cases of gang members, sometimes with a co-defendant from the same gang.
        for g in gangs.gangs.indices {
            let gang = gangs.gangs[g]
            for m in gang.members.indices where gang.members[m].pastCases > 0 {
                for _ in 0..<gang.members[m].pastCases {
                    let member = gang.members[m]
                    let day = rng.int(SynthCalendar.day(2019, 1, 1), SynthCalendar.day(2025, 6, 30))
                    let kind: CaseKind = [.counterfeit, .counterfeit, .illegalBusiness, .illegalTransport, .smuggled][rng.below(5)]
                    let cartons = rng.int(10, 1000)
                    var links: [(CaseEntityKind, String, String)] = [(.idNo, member.person.idNo, "当事人")]
                    links.append((.phone, IdentityFactory.phoneString(member.person.phone), "联系电话"))
                    if rng.chance(0.5), let pool = member.poolPhones.first {
                        links.append((.phone, IdentityFactory.phoneString(pool), "涉案电话"))
                    }
                    links.append((.address, member.person.address, "住址"))
                    if let plate = member.person.plate, !plate.isEmpty, rng.chance(0.6) { links.append((.plate, plate, "运输车辆")) }
                    if rng.chance(0.3), let account = member.person.accounts.first { links.append((.account, account, "收款账户")) }
                    if let shop = member.retailerIndex { links.append((.licenceNo, retail.retailers[shop].licenceNo, "涉案零售户")) }
                    for k in 0..<rng.int(0, 2) {
                        links.append((.waybillNo, context.couriers.number(courier: gang.couriers[0], index: 900_000_000 + g * 1000 + m * 10 + k), "涉案运单"))
                    }
                    var names = member.person.name
                    if rng.chance(0.4) {
                        let other = rng.below(gang.members.count)
                        if other != m {
                            let partner = gang.members[other]
                            links.append((.idNo, partner.person.idNo, "同案人"))
                            links.append((.phone, IdentityFactory.phoneString(partner.person.phone), "同案人电话"))
                            recorded.insert([g, other])
                            names += "、" + partner.person.name
                        }
                    }
                    let year = CivilCalendar.civilFromDays(day).year
                    drafts.append((day, CaseRecord(
                        caseNo: caseNumber(year: year, adcode: adcode(member.home)), openedOn: day, kind: kind,
                        adcode: adcode(member.home), summary: "\(names)涉嫌\(kind == .illegalTransport ? "非法运输" : "销售")卷烟\(cartons)条",
                        sticks: cartons * 200, valueYuan: cartons * rng.int(120, 400), status: rng.chance(0.7) ? .closed : .transferred,
                        department: rng.chance(0.6) ? .tobacco : .police, links: links)))
                }
                recorded.insert([g, m])
            }
        }
        // Cases opened on seized gang parcels.
        for parcel in shipments.waybills where parcel.seized {
            let day = Int(parcel.seconds / 86_400) + rng.int(0, 1)
            let courier = context.couriers.couriers[parcel.courier].name
            var links: [(CaseEntityKind, String, String)] = [(.waybillNo, parcel.number, "查获运单")]
            links.append((.phone, IdentityFactory.phoneString(parcel.senderPhone), "寄件电话"))
            links.append((.phone, IdentityFactory.phoneString(parcel.receiverPhone), "收件电话"))
            links.append((.address, parcel.senderAddress, "寄件地址"))
            let year = CivilCalendar.civilFromDays(day).year
            drafts.append((day, CaseRecord(
                caseNo: caseNumber(year: year, adcode: geography.centre.adcode), openedOn: day,
                kind: rng.chance(0.6) ? .illegalTransport : .counterfeit, adcode: geography.centre.adcode,
                summary: "\(courier)快递过机查获疑似假烟\(parcel.cartons)条，申报品名为\(parcel.item)",
                sticks: parcel.cartons * 200, valueYuan: parcel.cartons * rng.int(150, 450),
                status: rng.chance(0.5) ? .clue : .opened, department: .tobacco, links: links)))
        }
        // Ordinary cases with their own persons.
        let factory = PersonFactory(context: context)
        let kindTable = WeightedTable([25, 5, 30, 10, 15, 15])
        let ordinaryPlates = traffic.vehicles.filter { $0.role == .commuter || $0.role == .casual || $0.role == .truck }.map(\.plate)
        for _ in 0..<context.size.backgroundCases {
            let district = geography.localDistrict(&rng)
            var person = factory.local(district: district, rng: &rng)
            let kind = CaseFiles.kinds[kindTable.sample(&rng)]
            let day = rng.int(SynthCalendar.day(2018, 1, 1), SynthCalendar.endDay - 1)
            var links: [(CaseEntityKind, String, String)] = [(.idNo, person.idNo, "当事人"), (.phone, IdentityFactory.phoneString(person.phone), "联系电话")]
            if rng.chance(0.6) { links.append((.address, person.address, "住址")) }
            if (kind == .unlicensedBusiness || kind == .counterfeit) && rng.chance(0.5) && !retail.retailers.isEmpty {
                let shop = retail.retailers[rng.below(retail.retailers.count)]
                links.append((.licenceNo, shop.licenceNo, "涉案零售户"))
            }
            if kind == .illegalTransport {
                if rng.chance(0.5) && !ordinaryPlates.isEmpty {
                    let plate = ordinaryPlates[rng.below(ordinaryPlates.count)]
                    links.append((.plate, plate, "运输车辆"))
                    person.plate = plate
                }
                links.append((.waybillNo, context.couriers.number(courier: rng.below(9), index: 950_000_000 + drafts.count), "涉案运单"))
            }
            if rng.chance(0.15) {
                let account = context.ids.account(&rng)
                person.accounts = [account]
                links.append((.account, account, "收款账户"))
            }
            let cartons = rng.int(2, 300)
            let year = CivilCalendar.civilFromDays(day).year
            let statuses: [CaseStatus] = day > SynthCalendar.endDay - 120 ? [.clue, .opened, .opened] : [.closed, .closed, .transferred, .dropped]
            drafts.append((day, CaseRecord(
                caseNo: caseNumber(year: year, adcode: geography.districts[district].adcode), openedOn: day, kind: kind,
                adcode: geography.districts[district].adcode, summary: "\(person.name)\(kind.code)案，涉及卷烟\(cartons)条",
                sticks: kind == .unlicensedBusiness || kind == .other ? nil : cartons * 200, valueYuan: cartons * rng.int(100, 350),
                status: rng.pick(statuses), department: rng.chance(0.7) ? .tobacco : (rng.chance(0.7) ? .police : .marketRegulation),
                links: links)))
            persons.append(
                PersonRecord(
                    name: person.name, idNo: person.idNo, phones: person.phones, addresses: [person.address],
                    accounts: person.accounts, plates: person.plate.map { [$0] } ?? [], source: "案件",
                    note: "\(kind.code)案当事人", home: .local(district)))
        }
        // Persons known from intelligence work, without a case.
        for _ in 0..<(context.size.backgroundCases / 2) {
            let district = geography.localDistrict(&rng)
            let person = factory.local(district: district, rng: &rng)
            persons.append(
                PersonRecord(
                    name: person.name, idNo: rng.chance(0.8) ? person.idNo : nil, phones: person.phones,
                    addresses: [person.address], accounts: [], plates: [], source: "公安情报", note: "涉烟线索关联人员",
                    home: .local(district)))
        }
        // Gang members with a record, and some known from intelligence.
        for g in gangs.gangs.indices {
            let gang = gangs.gangs[g]
            for m in gang.members.indices {
                let member = gang.members[m]
                let hasRecord = recorded.contains([g, m])
                let known = hasRecord || rng.chance(0.25)
                guard known else { continue }
                var phones = member.person.phones
                if rng.chance(0.4), let pool = member.poolPhones.first { phones.append(pool) }
                var addresses = [member.person.address]
                if member.tier == 2 && rng.chance(0.3) { addresses.append(gang.warehouse) }
                let accounts = member.person.accounts.filter { _ in rng.chance(0.5) }
                let plates = member.person.plate.map { $0.isEmpty ? [] : [$0] } ?? []
                persons.append(
                    PersonRecord(
                        name: member.person.name, idNo: member.person.idNo, phones: phones, addresses: addresses,
                        accounts: accounts, plates: plates, source: hasRecord ? "案件" : "公安情报",
                        note: hasRecord ? "有涉烟前科" : "疑似涉烟人员", home: member.home))
            }
        }
        // Number persons in a shuffled order so that gang members are not together.
        var order = Array(persons.indices)
        rng.shuffle(&order)
        var shuffled: [PersonRecord] = []
        for (number, index) in order.enumerated() {
            var record = persons[index]
            var id: [UInt8] = Array("P".utf8)
            ByteFormat.appendPadded(UInt64(number + 1), width: 6, to: &id)
            record.personID = String(decoding: id, as: UTF8.self)
            shuffled.append(record)
        }
        persons = shuffled
        var byIDNo: [String: String] = [:]
        for record in persons { if let idNo = record.idNo { byIDNo[idNo] = record.personID } }
        for g in gangs.gangs.indices {
            for m in gangs.gangs[g].members.indices {
                gangs.gangs[g].members[m].personID = byIDNo[gangs.gangs[g].members[m].person.idNo]
            }
        }
        drafts.sort { ($0.day, $0.record.caseNo) < ($1.day, $1.record.caseNo) }
        cases = drafts.map(\.record)
    }
}
