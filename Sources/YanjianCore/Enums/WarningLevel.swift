/// Severity of a warning 预警: red is the most severe.
///
/// Unlike most domain sets, the interchange format (`findings.json` `level`) writes the English name,
/// so `Codable` uses `red`/`orange`/`yellow`/`blue`; ``code`` is the Chinese `红`/`橙`/`黄`/`蓝`.
/// ``init(code:)`` accepts both, and `红色` style variants.
public enum WarningLevel: String, DomainCode, Comparable {
    /// 红 red, most severe.
    case red
    /// 橙 orange.
    case orange
    /// 黄 yellow.
    case yellow
    /// 蓝 blue, least severe.
    case blue

    /// The Chinese code.
    public var code: String {
        switch self {
        case .red: "红"
        case .orange: "橙"
        case .yellow: "黄"
        case .blue: "蓝"
        }
    }

    /// Severity rank: red 4, orange 3, yellow 2, blue 1.
    public var rank: Int {
        switch self {
        case .red: 4
        case .orange: 3
        case .yellow: 2
        case .blue: 1
        }
    }

    /// Parses `红`/`red`/`红色`/`红色预警`/`RED`.
    public init?(code raw: some StringProtocol) {
        var text = DomainCodeText.trimmed(raw).lowercased()
        if text.hasSuffix("预警") { text = String(text.dropLast(2)) }
        if text.hasSuffix("色") { text = String(text.dropLast(1)) }
        guard let value = Self.matchCode(text) else { return nil }
        self = value
    }

    public static func < (lhs: WarningLevel, rhs: WarningLevel) -> Bool { lhs.rank < rhs.rank }

    public init(from decoder: any Decoder) throws { self = try Self.decodeCode(from: decoder) }
}
