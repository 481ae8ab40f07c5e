import Foundation

/// What the platform concluded about a world, in one file (`findings.json`), so that any world is scored
/// the same way.
///
/// Mirrors the interchange format, section "Findings export: findings.json". Every array decodes as empty
/// when absent. `anomalousRetailers` and `tips` are rankings (every scored item, higher score = riskier);
/// `gangs`, `convoys`, `clonedPlates` and `nightVehicles` are conclusions (only what is flagged).
public struct Findings: Codable, Sendable, Equatable {
    /// When the findings were exported, ISO 8601 with offset.
    public var generatedAt: String
    /// The gangs the platform found.
    public var gangs: [Gang]
    /// Every scored retailer, riskiest first.
    public var anomalousRetailers: [Retailer]
    /// The convoys the platform flags.
    public var convoys: [Convoy]
    /// The plates the platform believes cloned.
    public var clonedPlates: [Scored]
    /// The plates of vehicles flagged for moving goods at night.
    public var nightVehicles: [Scored]
    /// Every scored tip, most credible first.
    public var tips: [Tip]
    /// The warnings raised.
    public var warnings: [Warning]

    /// Findings with nothing in them.
    public static let empty = Findings(generatedAt: "")

    /// Creates findings; every array defaults to empty.
    public init(
        generatedAt: String,
        gangs: [Gang] = [],
        anomalousRetailers: [Retailer] = [],
        convoys: [Convoy] = [],
        clonedPlates: [Scored] = [],
        nightVehicles: [Scored] = [],
        tips: [Tip] = [],
        warnings: [Warning] = []
    ) {
        self.generatedAt = generatedAt
        self.gangs = gangs
        self.anomalousRetailers = anomalousRetailers
        self.convoys = convoys
        self.clonedPlates = clonedPlates
        self.nightVehicles = nightVehicles
        self.tips = tips
        self.warnings = warnings
    }

    enum CodingKeys: String, CodingKey {
        case generatedAt = "generated_at"
        case gangs
        case anomalousRetailers = "anomalous_retailers"
        case convoys
        case clonedPlates = "cloned_plates"
        case nightVehicles = "night_vehicles"
        case tips
        case warnings
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        generatedAt = try container.decodeIfPresent(String.self, forKey: .generatedAt) ?? ""
        gangs = try container.decodeIfPresent([Gang].self, forKey: .gangs) ?? []
        anomalousRetailers = try container.decodeIfPresent([Retailer].self, forKey: .anomalousRetailers) ?? []
        convoys = try container.decodeIfPresent([Convoy].self, forKey: .convoys) ?? []
        clonedPlates = try container.decodeIfPresent([Scored].self, forKey: .clonedPlates) ?? []
        nightVehicles = try container.decodeIfPresent([Scored].self, forKey: .nightVehicles) ?? []
        tips = try container.decodeIfPresent([Tip].self, forKey: .tips) ?? []
        warnings = try container.decodeIfPresent([Warning].self, forKey: .warnings) ?? []
    }

    /// The findings as JSON with sorted keys and stable formatting, so that the same conclusions always
    /// write the same bytes. Throws when a score is not finite.
    public func encodedJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Decodes findings from `findings.json` bytes.
    public static func decode(from data: Data) throws -> Findings {
        try JSONDecoder().decode(Findings.self, from: data)
    }
}

extension Findings {
    /// A gang the platform found.
    public struct Gang: Codable, Sendable, Equatable {
        /// The platform's identifier of the gang.
        public var gangID: String
        /// The entities the platform put in the gang.
        public var members: [Member]
        /// Waybills attributed to the gang.
        public var waybills: [String]
        /// Adcodes of the provinces the gang operates in.
        public var provinces: [String]

        /// Creates a gang.
        public init(gangID: String, members: [Member], waybills: [String] = [], provinces: [String] = []) {
            self.gangID = gangID
            self.members = members
            self.waybills = waybills
            self.provinces = provinces
        }

        enum CodingKeys: String, CodingKey {
            case gangID = "gang_id"
            case members
            case waybills
            case provinces
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            gangID = try container.decodeIfPresent(String.self, forKey: .gangID) ?? ""
            members = try container.decodeIfPresent([Member].self, forKey: .members) ?? []
            waybills = try container.decodeIfPresent([String].self, forKey: .waybills) ?? []
            provinces = try container.decodeIfPresent([String].self, forKey: .provinces) ?? []
        }
    }

    /// One entity of a found gang, in canonical form.
    public struct Member: Codable, Sendable, Equatable {
        /// `phone`, `id_no`, `account`, or an informational kind.
        public var kind: String
        /// The canonical value (11-digit mobile, 18-character upper-case ID, trimmed account…).
        public var value: String
        /// The inferred tier: 1 source/supplier, 2 distributor, 3 retail seller.
        public var tier: Int?
        /// How strongly the entity belongs to the gang.
        public var score: Double?
        /// Whether the platform marks the entity as a key suspect.
        public var keySuspect: Bool?

        /// Creates a member.
        public init(kind: String, value: String, tier: Int? = nil, score: Double? = nil, keySuspect: Bool? = nil) {
            self.kind = kind
            self.value = value
            self.tier = tier
            self.score = score
            self.keySuspect = keySuspect
        }

        enum CodingKeys: String, CodingKey {
            case kind
            case value
            case tier
            case score
            case keySuspect = "key_suspect"
        }
    }

    /// A scored retailer in the anomaly ranking.
    public struct Retailer: Codable, Sendable, Equatable {
        /// The retailer's tobacco retail licence number.
        public var licenceNo: String
        /// The risk score; higher is riskier, any scale.
        public var score: Double
        /// The anomaly pattern the platform recognised, if any.
        public var pattern: String?
        /// Human-readable reasons for the score.
        public var reasons: [String]

        /// Creates a ranked retailer.
        public init(licenceNo: String, score: Double, pattern: String? = nil, reasons: [String] = []) {
            self.licenceNo = licenceNo
            self.score = score
            self.pattern = pattern
            self.reasons = reasons
        }

        enum CodingKeys: String, CodingKey {
            case licenceNo = "licence_no"
            case score
            case pattern
            case reasons
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            licenceNo = try container.decode(String.self, forKey: .licenceNo)
            score = try container.decode(Double.self, forKey: .score)
            pattern = try container.decodeIfPresent(String.self, forKey: .pattern)
            reasons = try container.decodeIfPresent([String].self, forKey: .reasons) ?? []
        }
    }

    /// A flagged convoy: plates seen travelling together.
    public struct Convoy: Codable, Sendable, Equatable {
        /// The convoy's plates, canonical.
        public var plates: [String]
        /// Confidence in the convoy.
        public var score: Double

        /// Creates a convoy.
        public init(plates: [String], score: Double) {
            self.plates = plates
            self.score = score
        }
    }

    /// A flagged plate with its confidence (cloned plates, night vehicles).
    public struct Scored: Codable, Sendable, Equatable {
        /// The plate, canonical.
        public var plate: String
        /// Confidence in the conclusion.
        public var score: Double

        /// Creates a flagged plate.
        public init(plate: String, score: Double) {
            self.plate = plate
            self.score = score
        }
    }

    /// A scored tip in the credibility ranking.
    public struct Tip: Codable, Sendable, Equatable {
        /// The tip's identifier.
        public var tipID: String
        /// The credibility score; higher is more credible.
        public var score: Double

        /// Creates a ranked tip.
        public init(tipID: String, score: Double) {
            self.tipID = tipID
            self.score = score
        }

        enum CodingKeys: String, CodingKey {
            case tipID = "tip_id"
            case score
        }
    }

    /// A warning the platform raised.
    public struct Warning: Codable, Sendable, Equatable {
        /// `red`, `orange`, `yellow` or `blue`.
        public var level: String
        /// What kind of thing is warned about (`retailer`, `phone`, `plate`…).
        public var targetKind: String
        /// The target's identifier.
        public var target: String
        /// Why the warning was raised.
        public var reason: String

        /// Creates a warning.
        public init(level: String, targetKind: String, target: String, reason: String) {
            self.level = level
            self.targetKind = targetKind
            self.target = target
            self.reason = reason
        }

        enum CodingKeys: String, CodingKey {
            case level
            case targetKind = "target_kind"
            case target
            case reason
        }
    }
}
