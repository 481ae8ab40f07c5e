import YanjianCore

/// An entity named by a person: `kind:value` (`phone:138 1234 5678`, `id_no:…`, `address:陕西省…`,
/// `waybill_no:SF…`), or a bare value whose kind is guessed (11 digits → phone, 15/18-character ID
/// → id_no). The value is normalised the way the graph keys it.
public struct EntityReference: Sendable, Equatable, CustomStringConvertible {
    /// The kind.
    public var kind: EntityKind
    /// The normalised key value.
    public var value: String

    /// Why a reference could not be read.
    public enum Invalid: Error, Equatable, CustomStringConvertible {
        case unknownKind(String)
        case unusableValue(kind: String, value: String)
        case cannotGuess(String)

        public var description: String {
            switch self {
            case .unknownKind(let kind):
                "unknown entity kind '\(kind)': use one of \(EntityKind.allCases.map(\.code).joined(separator: ", "))"
            case .unusableValue(let kind, _): "the \(kind) value is empty, masked or not a usable key"
            case .cannotGuess(let value): "cannot tell what kind of entity '\(value)' is: write it as kind:value (e.g. phone:\(value))"
            }
        }
    }

    /// Parses and normalises a reference.
    public init(parsing text: String) throws(Invalid) {
        let trimmed = EntityKeys.trim(text)
        var kind: EntityKind
        var raw: String
        if let colon = trimmed.firstIndex(of: ":"), let known = EntityKind(code: trimmed[..<colon]) {
            kind = known
            raw = String(trimmed[trimmed.index(after: colon)...])
        } else if let colon = trimmed.firstIndex(of: ":"), trimmed[..<colon].allSatisfy({ $0.isLetter || $0 == "_" }),
            trimmed[..<colon].allSatisfy(\.isASCII)
        {
            throw .unknownKind(String(trimmed[..<colon]))
        } else {
            raw = trimmed
            let compact = raw.filter { !$0.isWhitespace && $0 != "-" }
            if compact.count == 11, compact.allSatisfy(\.isASCII), compact.allSatisfy(\.isNumber) {
                kind = .phone
                raw = compact
            } else if (compact.count == 18 || compact.count == 15), compact.dropLast().allSatisfy({ $0.isASCII && $0.isNumber }) {
                kind = .idNo
            } else {
                throw .cannotGuess(trimmed)
            }
        }
        let key: String?
        switch kind {
        case .phone:
            // The same normalisation the importer applies (+86, spaces, dashes, full-width digits).
            if case .full(let number)? = PhoneObservation.parse(raw) { key = number.digits } else { key = nil }
        case .idNo: key = EntityKeys.idNumber(raw)
        case .account: key = EntityKeys.account(raw)
        case .plate: key = EntityKeys.plate(raw)
        case .address: key = EntityKeys.address(raw)
        case .outlet: key = EntityKeys.outlet(raw)
        case .licence, .company, .waybill: key = EntityKeys.code(raw)
        case .caseFile, .person: key = EntityKeys.identifier(raw)
        }
        guard let key else { throw .unusableValue(kind: kind.code, value: raw) }
        self.kind = kind
        value = key
    }

    public var description: String { kind.code + ":" + value }
}

extension EntityGraph {
    /// The node of a reference, or nil when the graph has none.
    public func node(_ reference: EntityReference) -> Int32? {
        node(reference.kind, reference.value)
    }
}
