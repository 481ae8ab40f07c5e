/// One administrative division (province, prefecture-level city or county-level unit) from the
/// bundled `admin_divisions.csv`, with the names along its path and a representative point.
public struct AdminDivision: Sendable, Hashable {
    /// The level of a division in the three-level hierarchy.
    public enum Level: String, Sendable, Hashable, Codable, CaseIterable {
        /// `PP0000`.
        case province
        /// `PPCC00`, including municipalities' city rows and `PP9000` pseudo prefectures.
        case city
        /// Anything else: districts, counties, county-level cities, banners.
        case district
    }

    /// Six-digit code.
    public let adcode: String
    /// Official Chinese name, e.g. `雁塔区`.
    public let name: String
    /// Level in the hierarchy.
    public let level: Level
    /// The parent's adcode; nil for provinces.
    public let parentAdcode: String?
    /// Province name along the path.
    public let province: String
    /// City name along the path; empty on province rows.
    public let city: String
    /// District name; empty on province and city rows.
    public let district: String
    /// Latitude of a representative point (GCJ-02-like, district scale only), if known.
    public let lat: Double?
    /// Longitude of a representative point, if known.
    public let lon: Double?

    /// Creates a division; used by the loader and by tests that build small tables.
    public init(
        adcode: String, name: String, level: Level, parentAdcode: String?, province: String, city: String,
        district: String, lat: Double?, lon: Double?
    ) {
        self.adcode = adcode
        self.name = name
        self.level = level
        self.parentAdcode = parentAdcode
        self.province = province
        self.city = city
        self.district = district
        self.lat = lat
        self.lon = lon
    }

    /// Whether this is a `PP9000` pseudo prefecture (省直辖县级行政区划) holding county-level units
    /// directly under the province.
    public var isPseudoPrefecture: Bool { level == .city && name == AdminDivisions.pseudoPrefectureName }
}
