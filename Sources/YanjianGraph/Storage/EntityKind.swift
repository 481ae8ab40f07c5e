/// The kind of a node in the entity graph: an identifier that people leave in records (phone, ID
/// number, account…), or a record that ties identifiers together (waybill, person file, case).
///
/// The raw value is the byte stored per node in the snapshot; `code` is the spelling used in findings,
/// exports and the CLI (`phone:13812345678`), the same codes as `case_links.csv` where they overlap.
public enum EntityKind: UInt8, CaseIterable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// A full phone number (masked phones never become nodes).
    case phone = 0
    /// A resident ID number.
    case idNo = 1
    /// A bank card or payment account.
    case account = 2
    /// A vehicle plate.
    case plate = 3
    /// A tobacco retail licence (the retailer).
    case licence = 4
    /// A postal address, keyed by its normalised form.
    case address = 5
    /// A courier pick-up outlet (揽收网点).
    case outlet = 6
    /// A person file (`persons.csv`).
    case person = 7
    /// A case file.
    case caseFile = 8
    /// A registered business (unified social credit code).
    case company = 9
    /// A courier waybill.
    case waybill = 10

    /// The code used in findings, exports and the CLI.
    public var code: String {
        switch self {
        case .phone: "phone"
        case .idNo: "id_no"
        case .account: "account"
        case .plate: "plate"
        case .licence: "licence_no"
        case .address: "address"
        case .outlet: "outlet"
        case .person: "person"
        case .caseFile: "case"
        case .company: "credit_code"
        case .waybill: "waybill_no"
        }
    }

    /// The kind for a code (`id_no`, `licence_no`…), or nil.
    public init?(code: some StringProtocol) {
        guard let kind = EntityKind.allCases.first(where: { $0.code == code }) else { return nil }
        self = kind
    }

    /// Whether this kind identifies a party (a person or business), as opposed to a record or a place
    /// of handling: the kinds that can be members of a gang.
    public var isIdentifier: Bool {
        switch self {
        case .phone, .idNo, .account, .plate, .licence, .address, .company, .person: true
        case .outlet, .caseFile, .waybill: false
        }
    }

    public var description: String { code }
}

/// The kind of an edge: what record says that two nodes are related, read in the edge's direction.
public enum EdgeKind: UInt8, CaseIterable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// waybill → sender phone.
    case sentBy = 0
    /// waybill → receiver phone.
    case receivedBy = 1
    /// waybill → sender address.
    case sentFrom = 2
    /// waybill → receiver address.
    case deliveredTo = 3
    /// waybill → pick-up outlet.
    case acceptedAt = 4
    /// payer account → payee account (one edge per transfer).
    case paid = 5
    /// person file → one of its identifiers.
    case personHas = 6
    /// case → an entity it names.
    case caseNames = 7
    /// retail licence → the owner's ID number, phone, accounts, shop address.
    case retailerHas = 8
    /// business → its legal person's ID number and its address.
    case companyHas = 9

    /// The code used in exports and query filters.
    public var code: String {
        switch self {
        case .sentBy: "sent_by"
        case .receivedBy: "received_by"
        case .sentFrom: "sent_from"
        case .deliveredTo: "delivered_to"
        case .acceptedAt: "accepted_at"
        case .paid: "paid"
        case .personHas: "person_has"
        case .caseNames: "case_names"
        case .retailerHas: "retailer_has"
        case .companyHas: "company_has"
        }
    }

    /// The kind for a code, or nil.
    public init?(code: some StringProtocol) {
        guard let kind = EdgeKind.allCases.first(where: { $0.code == code }) else { return nil }
        self = kind
    }

    /// A short Chinese label for user-facing evidence lines.
    public var label: String {
        switch self {
        case .sentBy: "寄件电话"
        case .receivedBy: "收件电话"
        case .sentFrom: "寄件地址"
        case .deliveredTo: "收件地址"
        case .acceptedAt: "揽收网点"
        case .paid: "转账"
        case .personHas: "人员档案"
        case .caseNames: "案件关联"
        case .retailerHas: "零售户登记"
        case .companyHas: "工商登记"
        }
    }

    /// The bit of this kind in an `EdgeKindSet`.
    @inlinable public var bit: UInt32 { 1 << UInt32(rawValue) }

    public var description: String { code }
}

/// A set of edge kinds as a bit mask, for filters in traversal hot loops.
public struct EdgeKindSet: Sendable, Hashable {
    /// The mask; bit `k` is set when `EdgeKind(rawValue: k)` is in the set.
    public var mask: UInt32

    /// Creates a set from kinds.
    public init(_ kinds: some Sequence<EdgeKind>) {
        mask = kinds.reduce(0) { $0 | $1.bit }
    }

    /// Every kind.
    public static let all = EdgeKindSet(EdgeKind.allCases)

    /// Whether the raw kind is in the set.
    @inlinable public func contains(raw: UInt8) -> Bool { mask & (1 << UInt32(raw)) != 0 }
}
