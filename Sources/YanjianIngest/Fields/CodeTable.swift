import YanjianCore

/// A closed set of codes (`business_type`, `courier`, `kind`…) in the form the row converter needs:
/// the codes' UTF-8 bytes for an allocation-free exact match, and the set's own parser (which also
/// takes English names and aliases) for everything else. A class, so that copying a conversion in
/// the row loop costs one reference count rather than one per array.
public final class CodeTable: Sendable {
    /// What the set is, for messages (`business_type`).
    public let name: String
    /// The codes as stored, in the set's order.
    public let codes: [String]
    let codeBytes: [[UInt8]]
    let parse: @Sendable (String) -> String?

    /// A table over a Core domain enum; values are stored as the enum's `code`.
    public convenience init<Code: DomainCode>(_ type: Code.Type, name: String) {
        self.init(name: name, codes: Code.allCases.map(\.code)) { Code(code: $0)?.code }
    }

    /// A table over any set of codes with a parser that maps accepted spellings to a code.
    public init(name: String, codes: [String], parse: @escaping @Sendable (String) -> String?) {
        self.name = name
        self.codes = codes
        self.codeBytes = codes.map { Array($0.utf8) }
        self.parse = parse
    }

    /// The stored code for `bytes` (already trimmed) and whether the source spelled it differently;
    /// nil when the value is not in the set.
    func match(_ bytes: UnsafeBufferPointer<UInt8>) -> (code: String, normalised: Bool)? {
        for (index, candidate) in codeBytes.enumerated() where candidate.count == bytes.count {
            if candidate.elementsEqual(bytes) { return (codes[index], false) }
        }
        guard let code = parse(String(decoding: bytes, as: UTF8.self)) else { return nil }
        return (code, true)
    }

    /// `one of 便利店, 超市, …` for a reject reason.
    var allowedText: String { "one of " + codes.joined(separator: ", ") }
}

extension CodeTable {
    static let businessType = CodeTable(BusinessType.self, name: "business_type")
    static let licenceStatus = CodeTable(LicenceStatus.self, name: "status")
    static let registryStatus = CodeTable(RegistryStatus.self, name: "status")
    static let courier = CodeTable(Courier.self, name: "courier")
    static let caseKind = CodeTable(CaseKind.self, name: "kind")
    static let caseStatus = CodeTable(CaseStatus.self, name: "status")
    static let caseEntityKind = CodeTable(CaseEntityKind.self, name: "entity_kind")
    static let cameraKind = CodeTable(CameraKind.self, name: "kind")
    static let videoEventType = CodeTable(VideoEventType.self, name: "type")
    static let unitStatus = CodeTable(UnitStatus.self, name: "status")
    static let plateColor = CodeTable(PlateColor.self, name: "plate_color")
    static let department = CodeTable(name: "department", codes: Department.allCases.map(\.code)) {
        Department(code: $0)?.code
    }
}
