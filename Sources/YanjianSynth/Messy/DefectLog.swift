import YanjianCore
import YanjianEval

/// The kinds of defect a messy world injects (`defects.json` `kind`).
enum DefectKind: String, CaseIterable, Sendable {
    /// A phone written in another accepted form: `+86 138 1234 5678`, dashes, spaces, full-width digits.
    case phoneFormat = "phone_format"
    /// A phone masked as `138****5678`.
    case maskedPhone = "masked_phone"
    /// An address with a short province name, spaces between parts, full-width digits or no province.
    case addressVariant = "address_variant"
    /// A 15-digit legacy resident ID number.
    case legacyIDNo = "legacy_id_no"
    /// A record repeated unchanged later in the file.
    case duplicateID = "duplicate_id"
    /// A record repeated later in the file with changed fields (the later one wins).
    case updatedID = "updated_id"
    /// A UTF-8 byte-order mark at the start of the file.
    case byteOrderMark = "bom"
    /// `\r\n` line ends throughout the file.
    case crlf
    /// The whole file is encoded in GB18030.
    case gb18030 = "encoding_gb18030"
    /// A date that does not exist (`2026-02-30`) or a month 13.
    case badDate = "bad_date"
    /// A negative carton count.
    case negativeCartons = "negative_cartons"
    /// An order for a licence number no retailer holds.
    case unknownLicence = "unknown_licence"
    /// A field holding a bare double quote without RFC 4180 quoting.
    case brokenQuoting = "broken_quoting"

    /// Whether records with this defect are malformed (listed in `truth.malformed` too).
    var isMalformed: Bool {
        switch self {
        case .badDate, .negativeCartons, .unknownLicence, .brokenQuoting: return true
        case .phoneFormat, .maskedPhone, .addressVariant, .legacyIDNo, .duplicateID, .updatedID,
            .byteOrderMark, .crlf, .gb18030:
            return false
        }
    }
}

/// Collects every injected defect, and the malformed records among them, as the files are written.
final class DefectLog {
    private(set) var defects: [Defect] = []
    private(set) var malformed: [Truth.Malformed] = []

    /// Records one defect; malformed kinds also go to ``malformed``.
    func add(file: String, line: Int, id: String?, kind: DefectKind, detail: String) {
        defects.append(Defect(file: file, line: line, id: id, kind: kind.rawValue, detail: detail))
        if kind.isMalformed {
            malformed.append(Truth.Malformed(file: file, id: id ?? "", reason: detail))
        }
    }

    /// Appends another log (a chunk written separately) in order.
    func append(_ other: DefectLog) {
        defects.append(contentsOf: other.defects)
        malformed.append(contentsOf: other.malformed)
    }
}
