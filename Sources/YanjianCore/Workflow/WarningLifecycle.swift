/// Where a warning 预警 stands in the closed loop: raised → acknowledged → units dispatched → on site
/// → confirmed or dismissed → closed. ``next`` is the only source of legal transitions; the store
/// refuses anything else, so a warning cannot jump from new to closed or come back from closed.
public enum WarningStatus: String, CaseIterable, Sendable, Hashable, Codable {
    /// 待处置: raised, nobody has responded yet; the response-time clock runs.
    case new
    /// 已签收: a person took it; the clock stops.
    case acknowledged
    /// 已派单: units were sent.
    case dispatched
    /// 现场核查: a unit is on site.
    case onSite = "on_site"
    /// 属实: verified on site; becomes a positive label and usually a case.
    case confirmed
    /// 不属实/排除: not found or explained; becomes a negative label.
    case dismissed
    /// 已办结: done (a case was opened or the matter closed).
    case closed

    /// The statuses a warning in this status may move to.
    public var next: [WarningStatus] {
        switch self {
        case .new: [.acknowledged, .dispatched, .dismissed]
        case .acknowledged: [.dispatched, .onSite, .dismissed]
        case .dispatched: [.onSite, .confirmed, .dismissed]
        case .onSite: [.confirmed, .dismissed]
        case .confirmed: [.closed]
        case .dismissed: [.closed, .new]
        case .closed: []
        }
    }

    /// Whether the warning still needs work.
    public var isOpen: Bool {
        switch self {
        case .new, .acknowledged, .dispatched, .onSite: true
        case .confirmed, .dismissed, .closed: false
        }
    }

    /// Whether moving to `target` is allowed.
    public func mayMove(to target: WarningStatus) -> Bool { next.contains(target) }
}

extension WarningLevel {
    /// The response time a warning of this level allows before it escalates, in seconds: red 2 h,
    /// orange 8 h, yellow 24 h, blue 72 h (the Weifang study's 分级响应; configurable per rule set).
    public var responseSeconds: Int64 {
        switch self {
        case .red: 2 * 3600
        case .orange: 8 * 3600
        case .yellow: 24 * 3600
        case .blue: 72 * 3600
        }
    }

    /// The next more severe level (red stays red).
    public var escalated: WarningLevel {
        switch self {
        case .blue: .yellow
        case .yellow: .orange
        case .orange, .red: .red
        }
    }
}

/// Where a dispatch 派单 of one unit to one warning stands: 派单 → 到场 → 处置 → 反馈.
public enum DispatchStatus: String, CaseIterable, Sendable, Hashable, Codable {
    /// 派单: sent, on the way.
    case dispatched
    /// 到场: arrived on site.
    case arrived
    /// 处置: handling on site.
    case handling
    /// 反馈: result reported; the unit is free again.
    case reported
    /// 撤回: called back before reporting; the unit is free again.
    case cancelled

    /// The statuses a dispatch in this status may move to.
    public var next: [DispatchStatus] {
        switch self {
        case .dispatched: [.arrived, .cancelled]
        case .arrived: [.handling, .reported, .cancelled]
        case .handling: [.reported]
        case .reported, .cancelled: []
        }
    }

    /// Whether the unit is still busy with this dispatch.
    public var isActive: Bool { self == .dispatched || self == .arrived || self == .handling }
}

/// What a unit found on site (现场核查结果).
public enum VerificationResult: String, CaseIterable, Sendable, Hashable, Codable {
    /// 属实: the suspicion is confirmed.
    case confirmed
    /// 未发现: nothing found.
    case notFound = "not_found"
    /// 其他: something else; a person decides.
    case other

    /// The warning status this result moves the warning to, when it decides it.
    public var warningStatus: WarningStatus? {
        switch self {
        case .confirmed: .confirmed
        case .notFound: .dismissed
        case .other: nil
        }
    }
}

extension CaseStatus {
    /// The statuses a case in this status may move to: 线索 → 立案 | 撤销; 立案 → 移送 | 结案 | 撤销;
    /// 移送 → 结案 | 立案 (returned by the receiving side); 结案 and 撤销 are final.
    public var next: [CaseStatus] {
        switch self {
        case .clue: [.opened, .dropped]
        case .opened: [.transferred, .closed, .dropped]
        case .transferred: [.closed, .opened]
        case .closed, .dropped: []
        }
    }
}

/// Which criminal thresholds a case's totals reach (法释〔2010〕7号 for illegal business in tobacco
/// monopoly products, and the 5万元 sales threshold for counterfeit goods; domain-facts.md §7). The
/// platform reports what is reached and leaves the legal conclusion to people; the figures are
/// configuration, with the interpretation's values as defaults.
public struct CriminalThresholds: Sendable, Equatable, Codable {
    /// 情节严重: business volume in fen (5万元).
    public var seriousValueFen: Int64 = 5_000_000
    /// 情节严重: sticks (20万支 = 1,000 cartons).
    public var seriousSticks: Int64 = 200_000
    /// 情节特别严重: business volume in fen (25万元).
    public var especiallySeriousValueFen: Int64 = 25_000_000
    /// 情节特别严重: sticks (100万支 = 5,000 cartons).
    public var especiallySeriousSticks: Int64 = 1_000_000

    public init() {}

    /// What a case's totals reach.
    public enum Reached: String, Sendable, Codable, Comparable {
        case none
        /// 情节严重: transfer to the police is indicated.
        case serious
        /// 情节特别严重.
        case especiallySerious = "especially_serious"

        var rank: Int { self == .none ? 0 : self == .serious ? 1 : 2 }
        public static func < (lhs: Reached, rhs: Reached) -> Bool { lhs.rank < rhs.rank }
    }

    /// The level reached by a value (fen) and a stick count, each optional, with the reasons in words.
    public func assess(valueFen: Int64?, sticks: Int64?) -> (reached: Reached, reasons: [String]) {
        var reasons: [String] = []
        var reached = Reached.none
        func yuan(_ fen: Int64) -> String { "\(fen / 100) 元" }
        if let value = valueFen {
            if value >= especiallySeriousValueFen {
                reached = .especiallySerious
                reasons.append("案值 \(yuan(value)) ≥ \(yuan(especiallySeriousValueFen))（情节特别严重）")
            } else if value >= seriousValueFen {
                reached = max(reached, .serious)
                reasons.append("案值 \(yuan(value)) ≥ \(yuan(seriousValueFen))（情节严重）")
            }
        }
        if let sticks {
            if sticks >= especiallySeriousSticks {
                reached = .especiallySerious
                reasons.append("\(sticks) 支 ≥ \(especiallySeriousSticks) 支（情节特别严重）")
            } else if sticks >= seriousSticks {
                reached = max(reached, .serious)
                reasons.append("\(sticks) 支 ≥ \(seriousSticks) 支（情节严重）")
            }
        }
        return (reached, reasons)
    }
}

/// How a tip-off reward is proposed from the case it led to (举报奖励). A bureau's own schedule goes
/// in here; the defaults are a documented policy, not law: 5 % of the case value, at least 200 元
/// and at most 10万元, doubled when the case reaches a criminal threshold (情节严重), tripled at
/// 情节特别严重, always within the cap. A case with no value gets the minimum.
public struct RewardSchedule: Sendable, Equatable, Codable {
    public var percentOfValue = 5.0
    public var minimumFen: Int64 = 20_000
    public var maximumFen: Int64 = 10_000_000
    public var seriousFactor = 2.0
    public var especiallySeriousFactor = 3.0

    public init() {}

    /// The proposed amount in fen, and the basis in words.
    public func propose(valueFen: Int64?, reached: CriminalThresholds.Reached) -> (amountFen: Int64, basis: String) {
        let base = Double(valueFen ?? 0) * percentOfValue / 100
        let factor = reached == .especiallySerious ? especiallySeriousFactor : reached == .serious ? seriousFactor : 1
        let amount = min(maximumFen, max(minimumFen, Int64((base * factor).rounded())))
        var basis = valueFen.map { "案值 \($0 / 100) 元 × \(Self.number(percentOfValue))%" } ?? "案值未知，按最低标准"
        if factor > 1 { basis += " × \(Self.number(factor))（\(reached == .especiallySerious ? "情节特别严重" : "情节严重")）" }
        basis += "，最低 \(minimumFen / 100) 元，最高 \(maximumFen / 100) 元"
        return (amount, basis)
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
