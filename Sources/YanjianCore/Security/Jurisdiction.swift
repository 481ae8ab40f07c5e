/// The area a user or unit is responsible for (辖区), as an adcode prefix: `"37"` is Shandong,
/// `"3707"` Weifang, `"370702"` one district, and the empty prefix the whole country.
///
/// A record is inside a jurisdiction when its adcode starts with the prefix. Records without an adcode
/// are visible only to users with national scope, so that missing data never widens access.
public struct Jurisdiction: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The adcode prefix: 0, 2, 4 or 6 digits.
    public let prefix: String

    /// The whole country.
    public static let national = Jurisdiction(uncheckedPrefix: "")

    /// Why a jurisdiction could not be read.
    public enum Invalid: Error, Equatable {
        case notDigits
        case badLength(Int)
    }

    /// Reads a jurisdiction from an adcode or a prefix; trailing zero pairs are dropped, so `370700`
    /// and `3707` are the same jurisdiction, and `000000`, `""` and `*` mean national.
    public init(validating raw: some StringProtocol) throws(Invalid) {
        var text = raw.trimmingSpaces
        if text == "*" || text.isEmpty {
            self = .national
            return
        }
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .notDigits }
        guard [2, 4, 6].contains(text.count) else { throw .badLength(text.count) }
        while text.hasSuffix("00") { text.removeLast(2) }
        prefix = text
    }

    private init(uncheckedPrefix: String) {
        prefix = uncheckedPrefix
    }

    /// Whether a record with this adcode lies inside the jurisdiction.
    public func contains(adcode: String?) -> Bool {
        if prefix.isEmpty { return true }
        guard let adcode else { return false }
        return adcode.hasPrefix(prefix)
    }

    /// Whether every record of `other` also lies inside this jurisdiction.
    public func covers(_ other: Jurisdiction) -> Bool {
        other.prefix.hasPrefix(prefix)
    }

    /// The six-digit adcode this prefix stands for (`3707` → `370700`), or `000000` for national.
    public var adcode: String {
        prefix + String(repeating: "0", count: 6 - prefix.count)
    }

    public var description: String { prefix.isEmpty ? "*" : adcode }
}
