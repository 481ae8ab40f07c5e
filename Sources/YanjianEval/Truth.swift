import Foundation

/// The ground truth of a synthetic world (`truth.json`): what a generator planted, so that the scorer can
/// judge what the platform concluded. Analysis code never reads it.
///
/// Mirrors the interchange format, section "Ground truth of a synthetic world: truth.json". `decoys` and
/// `malformed` are optional in the file and decode as empty arrays when absent; so does any other array
/// left out, so that a small hand-written truth stays short.
public struct Truth: Codable, Sendable, Equatable {
    /// The seed the world was generated from.
    public var seed: UInt64
    /// The planted smuggling gangs.
    public var gangs: [Gang]
    /// The retailers planted with an anomalous pattern.
    public var anomalousRetailers: [AnomalousRetailer]
    /// Groups of plates that travel together; a convoy of k plates counts as its k·(k−1)/2 pairs.
    public var convoys: [[String]]
    /// Plates carried by more than one vehicle.
    public var clonedPlates: [String]
    /// Plates of vehicles that move goods at night.
    public var nightVehicles: [String]
    /// Identifiers of the tips that are true.
    public var trueTips: [String]
    /// Values that look suspicious but are innocent (a campus pick-up point, a busy courier phone).
    public var decoys: [Decoy]
    /// Records deliberately written malformed, which importers must reject.
    public var malformed: [Malformed]

    /// Creates a truth; every array defaults to empty.
    public init(
        seed: UInt64,
        gangs: [Gang] = [],
        anomalousRetailers: [AnomalousRetailer] = [],
        convoys: [[String]] = [],
        clonedPlates: [String] = [],
        nightVehicles: [String] = [],
        trueTips: [String] = [],
        decoys: [Decoy] = [],
        malformed: [Malformed] = []
    ) {
        self.seed = seed
        self.gangs = gangs
        self.anomalousRetailers = anomalousRetailers
        self.convoys = convoys
        self.clonedPlates = clonedPlates
        self.nightVehicles = nightVehicles
        self.trueTips = trueTips
        self.decoys = decoys
        self.malformed = malformed
    }

    enum CodingKeys: String, CodingKey {
        case seed
        case gangs
        case anomalousRetailers = "anomalous_retailers"
        case convoys
        case clonedPlates = "cloned_plates"
        case nightVehicles = "night_vehicles"
        case trueTips = "true_tips"
        case decoys
        case malformed
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        seed = try container.decode(UInt64.self, forKey: .seed)
        gangs = try container.decodeIfPresent([Gang].self, forKey: .gangs) ?? []
        anomalousRetailers =
            try container.decodeIfPresent([AnomalousRetailer].self, forKey: .anomalousRetailers) ?? []
        convoys = try container.decodeIfPresent([[String]].self, forKey: .convoys) ?? []
        clonedPlates = try container.decodeIfPresent([String].self, forKey: .clonedPlates) ?? []
        nightVehicles = try container.decodeIfPresent([String].self, forKey: .nightVehicles) ?? []
        trueTips = try container.decodeIfPresent([String].self, forKey: .trueTips) ?? []
        decoys = try container.decodeIfPresent([Decoy].self, forKey: .decoys) ?? []
        malformed = try container.decodeIfPresent([Malformed].self, forKey: .malformed) ?? []
    }

    /// The truth as JSON with sorted keys and stable formatting, so that the same world always writes
    /// the same bytes.
    public func encodedJSON() throws -> Data {
        try Truth.makeEncoder().encode(self)
    }

    /// Decodes a truth from `truth.json` bytes.
    public static func decode(from data: Data) throws -> Truth {
        try JSONDecoder().decode(Truth.self, from: data)
    }

    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }
}

extension Truth {
    /// A planted gang: its members across tiers and the waybills it shipped.
    public struct Gang: Codable, Sendable, Equatable {
        /// The generator's identifier of the gang (`G1`…).
        public var gangID: String
        /// The gang's entities. Kinds `phone`, `id_no` and `account` are scored; others are informational.
        public var members: [Member]
        /// Waybill numbers the gang shipped.
        public var waybills: [String]

        /// Creates a gang.
        public init(gangID: String, members: [Member], waybills: [String] = []) {
            self.gangID = gangID
            self.members = members
            self.waybills = waybills
        }

        enum CodingKeys: String, CodingKey {
            case gangID = "gang_id"
            case members
            case waybills
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            gangID = try container.decode(String.self, forKey: .gangID)
            members = try container.decodeIfPresent([Member].self, forKey: .members) ?? []
            waybills = try container.decodeIfPresent([String].self, forKey: .waybills) ?? []
        }
    }

    /// One entity of a gang.
    public struct Member: Codable, Sendable, Equatable {
        /// `phone`, `id_no`, `account` (scored) or `person`, `address`, `plate`, `licence_no` (informational).
        public var kind: String
        /// The entity's value as the generator wrote it.
        public var value: String
        /// 1 source/supplier, 2 distributor, 3 retail seller.
        public var tier: Int

        /// Creates a member.
        public init(kind: String, value: String, tier: Int) {
            self.kind = kind
            self.value = value
            self.tier = tier
        }
    }

    /// A retailer planted with an anomalous pattern.
    public struct AnomalousRetailer: Codable, Sendable, Equatable {
        /// The retailer's tobacco retail licence number.
        public var licenceNo: String
        /// `outflow`, `brand_shift`, `night_trade`, `abnormal_growth` or `fund_anomaly`.
        public var pattern: String

        /// Creates an anomalous retailer.
        public init(licenceNo: String, pattern: String) {
            self.licenceNo = licenceNo
            self.pattern = pattern
        }

        enum CodingKeys: String, CodingKey {
            case licenceNo = "licence_no"
            case pattern
        }
    }

    /// An innocent value made to look suspicious; flagging it is a false alarm.
    public struct Decoy: Codable, Sendable, Equatable {
        /// `address`, `phone`, `id_no`, `account`, `licence_no` or `plate`.
        public var kind: String
        /// The decoy's value.
        public var value: String
        /// Why it looks suspicious (for people reading the file).
        public var note: String

        /// Creates a decoy.
        public init(kind: String, value: String, note: String = "") {
            self.kind = kind
            self.value = value
            self.note = note
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            kind = try container.decode(String.self, forKey: .kind)
            value = try container.decode(String.self, forKey: .value)
            note = try container.decodeIfPresent(String.self, forKey: .note) ?? ""
        }
    }

    /// A record written malformed on purpose.
    public struct Malformed: Codable, Sendable, Equatable {
        /// The file that holds the record (`orders.csv`).
        public var file: String
        /// The record's identifier, or empty when it has none.
        public var id: String
        /// What is wrong with it (`negative cartons`).
        public var reason: String

        /// Creates a malformed-record entry.
        public init(file: String, id: String, reason: String) {
            self.file = file
            self.id = id
            self.reason = reason
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            file = try container.decode(String.self, forKey: .file)
            id = try container.decodeIfPresent(String.self, forKey: .id) ?? ""
            reason = try container.decodeIfPresent(String.self, forKey: .reason) ?? ""
        }
    }
}
