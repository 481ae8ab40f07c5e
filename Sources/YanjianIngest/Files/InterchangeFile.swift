import YanjianCore
import YanjianStore

/// How the importer turns one field's text into a stored value.
///
/// "Normalised" in the quality report means the stored spelling differs from the source's beyond a
/// unit change: a phone reduced to its digits, a legacy ID upgraded, a plate upper-cased, a date
/// rewritten to `YYYY-MM-DD`, a code alias mapped to the spec's code. Yuan → fen and time → Unix
/// seconds are conversions every value goes through and are not counted as normalisation.
public enum FieldConversion: Sendable {
    /// Trimmed text.
    case text
    /// A phone (`13812345678`, `+86 138-1234-5678`, `0913-2345678`) reduced to canonical digits; a
    /// masked form is kept as written; anything else is kept as written with a warning.
    case phone
    /// Several phones joined by `|`, each treated as ``phone``.
    case phoneList
    /// A resident ID number: canonical 18 characters (a valid legacy 15-digit number is upgraded);
    /// a masked form is kept as written; an invalid one is kept as written with a warning.
    case residentID
    /// A unified social credit code: canonical when valid, else kept as written with a warning.
    case creditCode
    /// A retail licence number: upper case without spaces or dashes when valid, else kept with a warning.
    case licenceNo
    /// A courier waybill number: upper case without spaces or dashes when valid, else kept with a warning.
    case waybillNo
    /// A vehicle plate: NFKC, upper case, separators removed (domain facts §4), else kept with a warning.
    case plate
    /// Several plates joined by `|`, each treated as ``plate``.
    case plateList
    /// A six-digit adcode; malformed is a reject, a code missing from the bundled table a warning.
    case adcode
    /// A whole number, at least `minimum` when given.
    case integer(minimum: Int64?)
    /// Yuan with a decimal point, stored as integer fen; at most two decimals (further zeros allowed), not negative.
    case money
    /// ISO 8601 with offset, or `YYYY-MM-DD HH:MM[:SS]` meaning Asia/Shanghai; stored as Unix seconds.
    case timestamp
    /// A real calendar date, stored as `YYYY-MM-DD` (`YYYY/MM/DD` and one-digit months are rewritten).
    case date
    /// `1` or `0` (also `true`/`false`, `是`/`否`, `Y`/`N`); empty is the column's default.
    case flag
    /// A code from a closed set (the spec's Chinese or English code, or a known alias); anything
    /// else is a reject.
    case code(CodeTable)
    /// A code from a set the spec does not close (`plate_color`): known spellings are mapped to the
    /// code, anything else is kept as written with a warning.
    case softCode(CodeTable)
    /// A decimal number within `range` (latitude, longitude, confidence, weight).
    case real(ClosedRange<Double>)
    /// `case_links.entity_value`: normalised according to the row's `entity_kind`.
    case entityValue
}

/// One field of an interchange file and the stored column it fills.
public struct InterchangeColumn: Sendable {
    /// The field name in the file (header or JSON key), lower case.
    public let field: String
    /// The stored column (`unit_price` is stored as `unit_price_fen`).
    public let column: String
    /// How the text becomes a value.
    public let conversion: FieldConversion
    /// Whether the field must be in the header and non-empty in every record (no `?` in the spec).
    public let required: Bool
    /// What is stored when the field is absent or empty.
    public let defaultValue: SQLValue

    /// Describes a field.
    public init(
        _ field: String, column: String? = nil, _ conversion: FieldConversion = .text, required: Bool = false,
        default defaultValue: SQLValue = .null
    ) {
        self.field = field
        self.column = column ?? field
        self.conversion = conversion
        self.required = required
        self.defaultValue = defaultValue
    }
}

/// A parent record a child file refers to: orders and POS sales name a retailer, plate reads and
/// video events a camera, case links a case. An unknown parent is an orphan warning, never a reject.
public enum ParentTable: String, Sendable, CaseIterable {
    case retailers
    case cameras
    case cases

    /// The parent table's key column.
    public var keyColumn: String {
        switch self {
        case .retailers: "licence_no"
        case .cameras: "camera_id"
        case .cases: "case_no"
        }
    }

    /// What a person calls the parent, for warnings.
    var noun: String {
        switch self {
        case .retailers: "retail licence"
        case .cameras: "camera"
        case .cases: "case"
        }
    }
}

/// A reference from a child file's field to a parent table.
public struct ForeignKey: Sendable {
    /// The child's field holding the parent's key.
    public let field: String
    /// The parent table.
    public let parent: ParentTable
}

/// One way of placing a record in a jurisdiction; a file lists several, tried in order.
public enum AdcodeRule: Sendable {
    /// The record's own `adcode` field.
    case column
    /// The division named in an address field.
    case address(field: String)
    /// The division named in the first of several `|`-joined addresses.
    case firstAddress(field: String)
    /// The parent record's adcode (retailer, camera, case) through the file's foreign key.
    case parent
    /// The division whose representative point is nearest to the record's `lat`/`lon`.
    case coordinates
    /// Positions 3–8 of a valid credit code (the registering authority's division).
    case creditCode(field: String)
}

/// How records of an interchange file are written.
public enum InterchangeFormat: Sendable {
    case csv
    case jsonLines
}

/// Everything the importer knows about one interchange file (data-formats.md): its name, table,
/// identifier, fields with their conversions, how records get an adcode and which parent they name.
///
/// Mapping profiles (Chinese headers, other column names) will produce a header rename in front of
/// these descriptors; the descriptors themselves stay the one description of the canonical format.
public struct InterchangeFile: Sendable {
    /// The file name in a delivery (`orders.csv`).
    public let name: String
    /// CSV or JSON Lines.
    public let format: InterchangeFormat
    /// The stored table.
    public let table: DomainTable
    /// The identifier field (the first field in the spec); nil for `case_links.csv`, whose rows are
    /// identified by all their values.
    public let identifier: String?
    /// The stored columns that identify a row (the table's primary key), for in-batch deduplication.
    public let keyColumns: [String]
    /// The fields, in spec order.
    public let columns: [InterchangeColumn]
    /// Adcode rules, tried in order; empty means the records carry no adcode (national only).
    public let adcodeRules: [AdcodeRule]
    /// The address field whose division fills `receiver_adcode` (waybills only).
    public let receiverAddressField: String?
    /// The parent the file refers to, if any.
    public let foreignKey: ForeignKey?
    /// Load order: parents before the files that refer to them.
    public let order: Int

    /// The stored column list of a bulk row: the fields' columns, `adcode`, `receiver_adcode` where
    /// the table has one, then the lineage columns.
    public var storedColumns: [String] {
        var names = columns.map(\.column)
        if !names.contains("adcode") { names.append("adcode") }
        if receiverAddressField != nil { names.append("receiver_adcode") }
        return names + ["batch_id", "source_file", "source_line", "extra"]
    }

    /// The descriptor of a field, by its (lower-case) name.
    public func column(named field: String) -> InterchangeColumn? {
        columns.first { $0.field == field }
    }
}
