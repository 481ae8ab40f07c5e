import Foundation
import YanjianCore

/// Writes `retailers.csv` and `business_registry.csv`.
enum RetailerWriter {
    static let header = [
        "licence_no", "name", "owner_name", "owner_id_no", "phone", "address", "adcode", "lat", "lon",
        "business_type", "status", "issued_on", "expires_on", "credit_code", "accounts",
    ]

    static func writeRetailers(_ plan: RetailPlan, context: WorldContext, output: WorldOutput) throws {
        let file = "retailers.csv"
        let writer = try output.csv(file, header: header)
        var mess = output.messer(for: file)
        var later: [(Retailer, DefectKind)] = []
        let eligible = plan.retailers.indices.filter { plan.retailers[$0].pattern == nil }
        let brokenRows = Set(mess.pickRows(max(1, plan.retailers.count / 500), of: eligible.count).map { eligible[$0] })
        for shop in plan.retailers {
            let quoteBroken = brokenRows.contains(shop.index)
            let line = writer.line
            write(shop, writer: writer, mess: &mess, log: output.log, context: context, brokenQuote: quoteBroken)
            try writer.endRow()
            if quoteBroken {
                output.log.add(
                    file: file, line: line, id: shop.licenceNo, kind: .brokenQuoting,
                    detail: "name holds a bare double quote")
            }
            if mess.roll(0.01) { later.append((shop, mess.rng.chance(0.5) ? .duplicateID : .updatedID)) }
        }
        for (shop, kind) in later {
            var copy = shop
            var detail = "the same licence repeated unchanged"
            if kind == .updatedID {
                if copy.status == .valid {
                    copy.status = .suspended
                    detail = "repeated with status 暂停 (was 有效)"
                } else {
                    copy.owner.phones = [context.ids.mobile(&mess.rng)]
                    detail = "repeated with a new phone"
                }
            }
            let line = writer.line
            var quiet = Messer(enabled: false, rng: mess.rng)
            write(copy, writer: writer, mess: &quiet, log: output.log, context: context, brokenQuote: false)
            try writer.endRow()
            output.log.add(file: file, line: line, id: shop.licenceNo, kind: kind, detail: detail)
        }
        try output.finish(writer)
    }

    private static func write(
        _ shop: Retailer, writer: CSVWriter, mess: inout Messer, log: DefectLog, context: WorldContext,
        brokenQuote: Bool
    ) {
        let file = writer.name
        let line = writer.line
        let place = context.geography.districts[shop.district]
        writer.field(shop.licenceNo)
        if brokenQuote {
            let characters = Array(shop.name)
            let cut = max(1, characters.count / 2)
            writer.field(raw: String(characters[..<cut]) + "\"" + String(characters[cut...]))
        } else {
            writer.field(shop.name)
        }
        writer.field(shop.owner.name)
        IdentityWriting.idNo(shop.owner.idNo, writer: writer, mess: &mess, log: log, line: line, id: shop.licenceNo, column: "owner_id_no")
        IdentityWriting.phone(shop.owner.phone, writer: writer, mess: &mess, log: log, line: line, id: shop.licenceNo, column: "phone")
        IdentityWriting.address(
            shop.shopAddress, place: place, writer: writer, mess: &mess, log: log, line: line, id: shop.licenceNo,
            column: "address", rate: 0.03)
        writer.field(shop.adcode)
        writer.field(fixed: Int64((shop.lat * 1e6).rounded()), fractionDigits: 6)
        writer.field(fixed: Int64((shop.lon * 1e6).rounded()), fractionDigits: 6)
        writer.field(shop.type.code)
        writer.field(shop.status.code)
        writer.field(date: shop.issuedOn)
        writer.field(date: shop.expiresOn)
        writer.field(shop.creditCode)
        writer.field(shop.accounts.joined(separator: "|"))
        _ = file
    }

    static let registryHeader = [
        "credit_code", "name", "legal_person", "legal_person_id_no", "address", "status", "abnormal_list",
        "updated_on",
    ]

    /// Businesses in the market-regulation register: licensed shops plus other businesses (and the
    /// gangs' shell companies, passed in `extra`).
    static func writeRegistry(
        _ plan: RetailPlan, extra: [RegistryEntry], context: WorldContext, output: WorldOutput
    ) throws {
        let file = "business_registry.csv"
        let writer = try output.csv(file, header: registryHeader)
        var mess = output.messer(for: file)
        var rng = context.rng(.registry)
        var entries: [RegistryEntry] = []
        for shop in plan.retailers {
            guard let code = shop.creditCode else { continue }
            entries.append(
                RegistryEntry(
                    creditCode: code, name: shop.name, legalPerson: shop.owner.name, legalPersonIDNo: shop.owner.idNo,
                    address: shop.shopAddress, district: shop.district, status: shop.registryStatus,
                    abnormal: shop.abnormalList, updatedOn: SynthCalendar.endDay - rng.int(1, 700)))
        }
        let persons = PersonFactory(context: context)
        let trades = ["餐馆", "服装店", "五金店", "理发店", "药店", "商贸有限公司", "建材店", "水果店", "快餐店", "手机店", "物流有限公司"]
        for business in 0..<context.size.extraBusinesses {
            let district = context.geography.localDistrict(&rng)
            let owner = persons.local(district: district, rng: &rng)
            let company = rng.chance(0.2)
            let adcode = context.geography.districts[district].adcode
            let roll = rng.unit()
            entries.append(
                RegistryEntry(
                    creditCode: context.ids.creditCode(
                        adcode: adcode, individual: !company, serial: CreditSerial.business(business, size: context.size), rng: &rng),
                    name: rng.pick(Lexicon.shopWords) + rng.pick(trades), legalPerson: owner.name,
                    legalPersonIDNo: owner.idNo, address: context.addresses.local(district: district, home: false, rng: &rng),
                    district: district, status: roll < 0.9 ? .active : (roll < 0.96 ? .deregistered : .revoked),
                    abnormal: rng.chance(0.04), updatedOn: SynthCalendar.endDay - rng.int(1, 1500)))
        }
        entries.append(contentsOf: extra)
        // Interleave the extra businesses deterministically among the rest.
        var order = Array(entries.indices)
        rng.shuffle(&order)
        for index in order {
            let entry = entries[index]
            let line = writer.line
            writer.field(entry.creditCode)
            writer.field(entry.name)
            writer.field(entry.legalPerson)
            IdentityWriting.idNo(
                entry.legalPersonIDNo, writer: writer, mess: &mess, log: output.log, line: line, id: entry.creditCode,
                column: "legal_person_id_no")
            if let district = entry.district {
                IdentityWriting.address(
                    entry.address, place: context.geography.districts[district], writer: writer, mess: &mess,
                    log: output.log, line: line, id: entry.creditCode, column: "address", rate: 0.02)
            } else {
                writer.field(entry.address)
            }
            writer.field(entry.status.code)
            writer.field(entry.abnormal ? "1" : "")
            writer.field(date: entry.updatedOn)
            try writer.endRow()
        }
        try output.finish(writer)
    }
}

/// One business in the market-regulation register.
struct RegistryEntry: Sendable {
    var creditCode: String
    var name: String
    var legalPerson: String
    var legalPersonIDNo: String
    var address: String
    /// Centre district, when the business is in the prefecture.
    var district: Int?
    var status: RegistryStatus
    var abnormal: Bool
    var updatedOn: Int
}
