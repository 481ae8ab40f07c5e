/// A government department that takes part in joint enforcement. The Chinese name is the code used in
/// interchange files (`units.csv`) and the zh-CN UI; the English case name is used in the API.
public enum Department: String, CaseIterable, Sendable, Hashable, Codable {
    case tobacco = "tobacco"
    case police = "police"
    case marketRegulation = "market_regulation"
    case tax = "tax"
    case transport = "transport"
    case postal = "postal"

    /// The Chinese name used in interchange files and Chinese screens.
    public var code: String {
        switch self {
        case .tobacco: "烟草专卖"
        case .police: "公安"
        case .marketRegulation: "市场监管"
        case .tax: "税务"
        case .transport: "交通运输"
        case .postal: "邮政管理"
        }
    }

    /// Reads a department from its Chinese code or its API name, ignoring surrounding spaces.
    public init?(code: some StringProtocol) {
        let trimmed = code.trimmingSpaces
        guard let found = Department.allCases.first(where: { $0.code == trimmed || $0.rawValue == trimmed })
        else { return nil }
        self = found
    }
}

extension StringProtocol {
    /// The string without leading and trailing ASCII or ideographic spaces, tabs and line breaks.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{3000}" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[first...last])
    }
}
