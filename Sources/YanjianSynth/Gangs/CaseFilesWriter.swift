import Foundation
import YanjianCore

/// Writes `cases.csv`, `case_links.csv` and `persons.csv`.
extension CaseFiles {
    static let caseHeader = ["case_no", "opened_on", "kind", "adcode", "summary", "sticks", "value_yuan", "status", "department"]
    static let linkHeader = ["case_no", "entity_kind", "entity_value", "role"]
    static let personHeader = ["person_id", "name", "id_no", "phones", "addresses", "accounts", "plates", "source", "note"]

    func writeCases(output: WorldOutput) throws {
        let writer = try output.csv("cases.csv", header: CaseFiles.caseHeader)
        for record in cases {
            writer.field(record.caseNo)
            writer.field(date: record.openedOn)
            writer.field(record.kind.code)
            writer.field(record.adcode)
            writer.field(record.summary)
            if let sticks = record.sticks { writer.field(int: sticks) } else { writer.emptyField() }
            if let value = record.valueYuan { writer.field(int: value) } else { writer.emptyField() }
            writer.field(record.status.code)
            writer.field(record.department.code)
            try writer.endRow()
        }
        try output.finish(writer)
        let links = try output.csv("case_links.csv", header: CaseFiles.linkHeader)
        for record in cases {
            for link in record.links {
                links.field(record.caseNo)
                links.field(link.0.code)
                links.field(link.1)
                links.field(link.2)
                try links.endRow()
            }
        }
        try output.finish(links)
    }

    func writePersons(context: WorldContext, output: WorldOutput) throws {
        let file = "persons.csv"
        let writer = try output.csv(file, header: CaseFiles.personHeader)
        var mess = output.messer(for: file)
        var later: [PersonRecord] = []
        for record in persons {
            try write(record, writer: writer, mess: &mess, log: output.log, context: context)
            if mess.roll(0.01) { later.append(record) }
        }
        for var record in later {
            record.phones.append(context.ids.mobile(&mess.rng))
            var quiet = Messer(enabled: false, rng: mess.rng)
            let line = writer.line
            try write(record, writer: writer, mess: &quiet, log: output.log, context: context)
            output.log.add(file: file, line: line, id: record.personID, kind: .updatedID, detail: "repeated with one more phone")
        }
        try output.finish(writer)
    }

    private func write(_ record: PersonRecord, writer: CSVWriter, mess: inout Messer, log: DefectLog, context: WorldContext) throws {
        let line = writer.line
        let place: Place
        switch record.home {
        case .local(let d): place = context.geography.districts[d]
        case .national(let p): place = context.geography.national[p]
        }
        writer.field(record.personID)
        writer.field(record.name)
        IdentityWriting.idNo(record.idNo, writer: writer, mess: &mess, log: log, line: line, id: record.personID, column: "id_no")
        var phones = record.phoneStrings
        if !phones.isEmpty && mess.roll(0.03) {
            let which = mess.rng.below(phones.count)
            let variant = mess.phoneVariant(record.phones[which])
            phones[which] = variant.text
            log.add(file: writer.name, line: line, id: record.personID, kind: variant.kind, detail: "phones written with \(variant.text)")
        }
        writer.field(phones.joined(separator: "|"))
        var addresses = record.addresses
        if !addresses.isEmpty && mess.roll(0.02),
            let variant = mess.addressVariant(addresses[0], province: place.provinceName, city: place.cityName)
        {
            addresses[0] = variant.text
            log.add(file: writer.name, line: line, id: record.personID, kind: .addressVariant, detail: "addresses: \(variant.detail)")
        }
        writer.field(addresses.joined(separator: "|"))
        writer.field(record.accounts.joined(separator: "|"))
        writer.field(record.plates.joined(separator: "|"))
        writer.field(record.source)
        writer.field(record.note)
        try writer.endRow()
    }
}

extension PersonRecord {
    var phoneStrings: [String] { phones.map(IdentityFactory.phoneString) }
}
