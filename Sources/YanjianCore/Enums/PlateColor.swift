/// Colour of a licence plate (`plate_reads.csv` `plate_color`).
public enum PlateColor: String, DomainCode {
    /// 蓝 blue: ordinary small cars.
    case blue = "蓝"
    /// 黄 yellow: large vehicles, coach cars, trailers.
    case yellow = "黄"
    /// 绿 green: new-energy, when the source does not say which green.
    case green = "绿"
    /// 渐变绿 gradient green: small new-energy vehicles.
    case gradientGreen = "渐变绿"
    /// 黄绿 yellow-green: large new-energy vehicles.
    case yellowGreen = "黄绿"
    /// 白 white: police, military, armed police.
    case white = "白"
    /// 黑 black: embassy, consulate, cross-border.
    case black = "黑"

    /// Parses the code, the English case name, or a variant such as `蓝色`, `蓝牌`, `黄绿双拼`,
    /// `渐变绿色`.
    public init?(code raw: some StringProtocol) {
        if let value = Self.matchCode(raw) {
            self = value
            return
        }
        var text = DomainCodeText.trimmed(raw)
        for suffix in ["色牌", "牌", "色", "底"] where text.hasSuffix(suffix) {
            text = String(text.dropLast(suffix.count))
            break
        }
        if text.hasSuffix("双拼") { text = String(text.dropLast(2)) }
        if text.hasSuffix("色") { text = String(text.dropLast(1)) }
        switch text.lowercased() {
        case "渐变绿", "gradient green", "gradient-green", "gradient_green": self = .gradientGreen
        case "黄绿", "yellow green", "yellow-green", "yellow_green": self = .yellowGreen
        default:
            guard let value = Self.matchCode(text) ?? Self.matchCode(text.lowercased()) else { return nil }
            self = value
        }
    }

    /// Whether this colour is one of the greens of new-energy plates.
    public var isNewEnergy: Bool {
        switch self {
        case .green, .gradientGreen, .yellowGreen: true
        case .blue, .yellow, .white, .black: false
        }
    }

    public init(from decoder: any Decoder) throws { self = try Self.decodeCode(from: decoder) }
}
