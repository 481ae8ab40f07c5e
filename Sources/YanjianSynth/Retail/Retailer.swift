import YanjianCore

/// The generator's parameters for each business type.
extension BusinessType {
    /// Share of all licences.
    var share: Double {
        switch self {
        case .convenienceStore: return 30
        case .supermarket: return 12
        case .tobaccoLiquorShop: return 18
        case .grocery: return 32
        case .entertainmentVenue: return 4
        case .other: return 4
        }
    }

    /// Median cartons sold per day.
    var demandMedian: Double {
        switch self {
        case .convenienceStore: return 1.1
        case .supermarket: return 1.7
        case .tobaccoLiquorShop: return 1.5
        case .grocery: return 0.6
        case .entertainmentVenue: return 0.7
        case .other: return 0.5
        }
    }

    /// Probability that a shop of this type has a sales terminal (about 30 % overall).
    var terminalProbability: Double {
        switch self {
        case .convenienceStore: return 0.45
        case .supermarket: return 0.6
        case .tobaccoLiquorShop: return 0.3
        case .grocery: return 0.15
        case .entertainmentVenue: return 0.2
        case .other: return 0.15
        }
    }
}

/// The anomalous patterns planted in retailers (`truth.anomalous_retailers[].pattern`).
enum RetailPattern: String, CaseIterable, Sendable {
    case outflow
    case brandShift = "brand_shift"
    case nightTrade = "night_trade"
    case abnormalGrowth = "abnormal_growth"
    case fundAnomaly = "fund_anomaly"
}

/// Innocent retailers that look like anomalies.
enum RetailDecoy: Sendable {
    /// A shop in a new residential area whose orders and terminal sales grow together.
    case realGrowth
    /// A shop by the railway station with high orders matched by high terminal sales.
    case busyStation
}

/// A licensed tobacco retailer and how it behaves.
struct Retailer: Sendable {
    let index: Int
    let licenceNo: String
    var name: String
    var owner: Person
    let district: Int
    let adcode: String
    let type: BusinessType
    var status: LicenceStatus
    let issuedOn: Int
    let expiresOn: Int
    let creditCode: String?
    var accounts: [String]
    var hasTerminal: Bool
    /// Cartons sold per ordinary day.
    var demand: Double
    /// Ordering cycle in weeks (1 or 2) and the weekday orders are placed (1 = Monday).
    let cycleWeeks: Int
    let orderWeekday: Int
    /// Favoured products (indices into `BrandCatalogue.all`) and their shares.
    let brands: [Int]
    let brandWeights: [Double]
    /// Quota grade 1…3 (by size), kept for dossiers.
    let grade: Int
    /// Last day the shop trades (suspended or cancelled licences stop earlier).
    let activeUntil: Int
    var pattern: RetailPattern?
    var decoy: RetailDecoy?
    /// Day the pattern (or the decoy's real growth) starts.
    var patternStart: Int
    /// How strong the pattern is (order multiplier, night share…).
    var patternStrength: Double
    /// Business-registry status and abnormal-operation list flag.
    var registryStatus: RegistryStatus
    var abnormalList: Bool
    /// The landlord's account when the shop pays rent by transfer, and the monthly rent in fen.
    var landlordAccount: String?
    var rentFen: Int64
    /// For fund anomalies: accounts that appear nowhere else and receive large transfers.
    var unknownAccounts: [String] = []
    /// Where the shop is.
    var shopAddress = ""
    var lat = 0.0
    var lon = 0.0

    /// The company's cap on a quota brand for one ordering cycle: enough for twice the shop's usual
    /// demand for it (so ordinary shops rarely reach it), at least two cartons a week.
    func quota(forShare share: Double) -> Int {
        let nightSales = pattern == .nightTrade ? 1 / (1 - patternStrength) : 1
        let usual = demand * nightSales * share * Double(7 * cycleWeeks)
        return max(2 * cycleWeeks, Int((usual * 2.2).rounded(.up)))
    }

    /// Order multiplier on `day` from the planted pattern or decoy (1 for ordinary shops).
    func orderFactor(day: Int) -> Double {
        if let decoy {
            switch decoy {
            case .realGrowth: return growthRamp(day: day)
            case .busyStation: return 1
            }
        }
        guard let pattern, day >= patternStart else { return 1 }
        switch pattern {
        case .outflow: return patternStrength
        case .brandShift: return 1.25
        case .nightTrade: return 1 / (1 - patternStrength)
        case .abnormalGrowth: return growthRamp(day: day)
        case .fundAnomaly: return 1
        }
    }

    /// Terminal-sales multiplier on `day`: only real growth shows at the till.
    func posFactor(day: Int) -> Double {
        if decoy == .realGrowth { return growthRamp(day: day) }
        return 1
    }

    /// A linear ramp from 1 at `patternStart` to `patternStrength` at the end of the world.
    func growthRamp(day: Int) -> Double {
        if day <= patternStart { return 1 }
        let span = Double(max(1, SynthCalendar.endDay - patternStart))
        return 1 + (patternStrength - 1) * Double(day - patternStart) / span
    }
}
