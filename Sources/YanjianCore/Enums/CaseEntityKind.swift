/// Kind of entity a case links to (`case_links.csv` `entity_kind`); codes are English.
public enum CaseEntityKind: String, DomainCode {
    /// A courier waybill number.
    case waybillNo = "waybill_no"
    /// A phone number.
    case phone = "phone"
    /// A resident ID number.
    case idNo = "id_no"
    /// A vehicle plate.
    case plate = "plate"
    /// A retail licence number.
    case licenceNo = "licence_no"
    /// A postal address.
    case address = "address"
    /// A bank card or payment account.
    case account = "account"

    public init(from decoder: any Decoder) throws { self = try Self.decodeCode(from: decoder) }
}
