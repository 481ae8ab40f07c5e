import YanjianCore

/// Writes phone, ID-number and address fields, in a messy world sometimes in another spelling, and
/// logs each variant it writes.
enum IdentityWriting {
    /// A mobile number (empty when 0); `rate` of them respelt or masked in a messy world.
    static func phone(
        _ phone: UInt64, writer: CSVWriter, mess: inout Messer, log: DefectLog, line: Int, id: String?,
        column: String, rate: Double = 0.03
    ) {
        if phone == 0 {
            writer.emptyField()
            return
        }
        if mess.roll(rate) {
            let variant = mess.phoneVariant(phone)
            writer.field(variant.text)
            log.add(file: writer.name, line: line, id: id, kind: variant.kind, detail: "\(column) written as \(variant.text)")
            return
        }
        writer.withBuffer { ByteFormat.appendPadded(phone, width: 11, to: &$0) }
        writer.fieldCompleted()
    }

    /// An 18-character ID number; 2 % of those born in the 1900s written in the legacy 15-digit form.
    static func idNo(
        _ idNo: String?, writer: CSVWriter, mess: inout Messer, log: DefectLog, line: Int, id: String?,
        column: String, rate: Double = 0.02
    ) {
        guard let idNo, !idNo.isEmpty else {
            writer.emptyField()
            return
        }
        if mess.roll(rate), let legacy = IdentityFactory.legacyIDNumber(idNo) {
            writer.field(legacy)
            log.add(file: writer.name, line: line, id: id, kind: .legacyIDNo, detail: "\(column) written as 15-digit \(legacy)")
            return
        }
        writer.field(idNo)
    }

    /// An address inside the prefecture; `rate` of them in another spelling.
    static func address(
        _ address: String, place: Place, writer: CSVWriter, mess: inout Messer, log: DefectLog, line: Int,
        id: String?, column: String, rate: Double
    ) {
        if mess.roll(rate),
            let variant = mess.addressVariant(address, province: place.provinceName, city: place.cityName)
        {
            writer.field(variant.text)
            log.add(file: writer.name, line: line, id: id, kind: .addressVariant, detail: "\(column): \(variant.detail)")
            return
        }
        writer.field(address)
    }
}
