import Foundation
import YanjianCore
import YanjianStore

/// The rules that turn findings into graded warnings: a small JSON language a bureau can edit
/// (`yanjian warnings generate --rules FILE`), one rule per line of policy. A rule matches a finding
/// of one kind when every condition it states holds; a target matched by several rules gets the
/// most severe level and every rule's reason.
///
/// ```json
/// {"rules": [
///   {"id": "retailer.gang_linked", "finding": "retailer_risk", "labelled": true, "linked_to_gang": true,
///    "level": "red", "departments": ["tobacco", "police"], "reason": "风险零售户与团伙成员共用号码/证件/账户（评分 {score}）"}
/// ]}
/// ```
///
/// Conditions: `min_score`, `max_score`, `labels` (the finding's label is one of them), `labelled`
/// (it has a label — a flagged pattern, a tier, a corroboration), `linked_to_gang` (the target shares a
/// phone, ID, account, licence or plate with a gang member finding), `also` (the same target also has
/// findings of all these kinds). `reason` may use `{score}`, `{label}` and `{subject}`.
public struct WarningRule: Sendable, Codable, Equatable {
    public var id: String
    public var finding: String
    public var minScore: Double?
    public var maxScore: Double?
    public var labels: [String]?
    public var labelled: Bool?
    public var linkedToGang: Bool?
    public var also: [String]?
    public var level: WarningLevel
    public var departments: [Department]
    public var reason: String

    enum CodingKeys: String, CodingKey {
        case id, finding, labels, labelled, also, level, departments, reason
        case minScore = "min_score"
        case maxScore = "max_score"
        case linkedToGang = "linked_to_gang"
    }

    public init(id: String, finding: String, minScore: Double? = nil, maxScore: Double? = nil, labels: [String]? = nil,
                labelled: Bool? = nil, linkedToGang: Bool? = nil, also: [String]? = nil, level: WarningLevel,
                departments: [Department], reason: String) {
        self.id = id
        self.finding = finding
        self.minScore = minScore
        self.maxScore = maxScore
        self.labels = labels
        self.labelled = labelled
        self.linkedToGang = linkedToGang
        self.also = also
        self.level = level
        self.departments = departments
        self.reason = reason
    }

    /// Chinese names of the labels the analyses write (patterns, tiers, corroboration), for reasons.
    static let labelNames = [
        "outflow": "外流", "brand_shift": "品规异动", "night_trade": "夜间交易", "abnormal_growth": "异常增长",
        "fund_anomaly": "资金异常", "source": "上线", "distributor": "中间商", "seller": "下线",
        "gang": "团伙印证", "retailer": "零售户印证", "specific": "内容具体",
    ]

    /// The reason with the finding's values filled in.
    func reason(for finding: StoredFinding) -> String {
        let score = finding.score >= 10 || finding.score == finding.score.rounded()
            ? String(format: "%.0f", finding.score) : String(format: "%.2f", finding.score)
        return reason.replacingOccurrences(of: "{score}", with: score)
            .replacingOccurrences(of: "{label}", with: finding.label.map { Self.labelNames[$0] ?? $0 } ?? "—")
            .replacingOccurrences(of: "{subject}", with: finding.subject)
    }
}

/// A checked list of rules.
public struct WarningRuleSet: Sendable, Codable, Equatable {
    public var rules: [WarningRule]

    /// Why a rule file was refused, with the rule and field.
    public struct Invalid: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    /// The finding kinds a rule may name, with the warning target each maps to.
    public static let targetKinds: [String: String] = [
        FindingKind.retailerRisk: "retailer", FindingKind.gang: "gang", FindingKind.gangMember: "person",
        FindingKind.clonedPlate: "vehicle", FindingKind.nightVehicle: "vehicle", FindingKind.convoy: "convoy",
        FindingKind.tipScore: "tip",
    ]

    public init(rules: [WarningRule]) throws(Invalid) {
        var seen = Set<String>()
        for (index, rule) in rules.enumerated() {
            let place = "rule \(index + 1) (\(rule.id.isEmpty ? "no id" : rule.id))"
            guard !rule.id.isEmpty else { throw Invalid(description: "\(place): id is empty") }
            guard seen.insert(rule.id).inserted else { throw Invalid(description: "\(place): id is used twice") }
            guard Self.targetKinds[rule.finding] != nil else {
                throw Invalid(description: "\(place): finding \"\(rule.finding)\" is not one of \(Self.targetKinds.keys.sorted().joined(separator: ", "))")
            }
            for kind in rule.also ?? [] where Self.targetKinds[kind] != Self.targetKinds[rule.finding] {
                throw Invalid(description: "\(place): also \"\(kind)\" is not a finding about the same kind of target as \(rule.finding)")
            }
            guard !rule.departments.isEmpty else { throw Invalid(description: "\(place): departments is empty") }
            guard !rule.reason.isEmpty else { throw Invalid(description: "\(place): reason is empty") }
            if let low = rule.minScore, let high = rule.maxScore, low > high {
                throw Invalid(description: "\(place): min_score \(low) is above max_score \(high)")
            }
        }
        self.rules = rules
    }

    /// Reads a rule file; errors name the rule and the field.
    public init(json data: Data) throws(Invalid) {
        struct File: Decodable { var rules: [WarningRule] }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw Invalid(description: "\(Self.path(context.codingPath)): missing field \(key.stringValue)")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw Invalid(description: "\(Self.path(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.isEmpty {
            throw Invalid(description: "not a rule file (a JSON object with a \"rules\" list): \(context.debugDescription)")
        } catch let DecodingError.dataCorrupted(context) {
            throw Invalid(description: "\(Self.path(context.codingPath)): \(context.debugDescription)")
        } catch {
            throw Invalid(description: "not a rule file: \(error)")
        }
        try self.init(rules: file.rules)
    }

    static func path(_ keys: [any CodingKey]) -> String {
        guard !keys.isEmpty else { return "file" }
        return keys.map { key in key.intValue.map { "rule \($0 + 1)" } ?? key.stringValue }.joined(separator: ".")
    }

    /// The built-in policy (docs/WORKFLOW.md explains each rule). Levels follow what the finding
    /// means, not any one world's score distribution: a flagged pattern is worth watching, a strong one
    /// is worth a visit, and anything tied to a gang or an impossible journey is urgent.
    public static let standard: WarningRuleSet = {
        let rules: [WarningRule] = [
            WarningRule(id: "gang.network", finding: FindingKind.gang, level: .red, departments: [.police, .tobacco, .postal],
                        reason: "团伙网络 {subject}：三级分工的卷烟寄递团伙"),
            WarningRule(id: "retailer.gang_linked", finding: FindingKind.retailerRisk, labelled: true, linkedToGang: true,
                        level: .red, departments: [.tobacco, .police], reason: "零售户与团伙成员共用号码、证件或账户（风险 {score}，{label}）"),
            WarningRule(id: "retailer.severe", finding: FindingKind.retailerRisk, minScore: 85, labelled: true, level: .orange,
                        departments: [.tobacco], reason: "零售户风险评分 {score}（{label}）"),
            WarningRule(id: "retailer.high", finding: FindingKind.retailerRisk, minScore: 70, labelled: true, level: .yellow,
                        departments: [.tobacco], reason: "零售户风险评分 {score}（{label}）"),
            WarningRule(id: "retailer.flagged", finding: FindingKind.retailerRisk, labelled: true, level: .blue,
                        departments: [.tobacco], reason: "零售户经营异常（{label}，风险 {score}）"),
            WarningRule(id: "vehicle.cloned", finding: FindingKind.clonedPlate, level: .orange, departments: [.police, .transport],
                        reason: "疑似套牌车 {subject}：两地过车时间不可能完成"),
            WarningRule(id: "vehicle.cloned_at_night", finding: FindingKind.clonedPlate, also: [FindingKind.nightVehicle],
                        level: .red, departments: [.police, .tobacco], reason: "套牌车 {subject} 夜间频繁出没零售区和物流园"),
            WarningRule(id: "vehicle.night", finding: FindingKind.nightVehicle, level: .yellow, departments: [.tobacco, .police],
                        reason: "夜间车辆 {subject}：凌晨频繁往返零售区、物流园"),
            WarningRule(id: "vehicle.gang_linked", finding: FindingKind.nightVehicle, linkedToGang: true, level: .red,
                        departments: [.police, .tobacco], reason: "团伙关联车辆 {subject} 夜间活动"),
            WarningRule(id: "vehicle.convoy", finding: FindingKind.convoy, level: .blue, departments: [.police],
                        reason: "伴随车 {subject}：多次同行经过多个卡口"),
            WarningRule(id: "tip.corroborated", finding: FindingKind.tipScore, labels: ["gang", "retailer"], level: .yellow,
                        departments: [.tobacco], reason: "举报线索经研判印证（{label}）"),
        ]
        // Checked by the tests through `init(rules:)`.
        return WarningRuleSet(unchecked: rules)
    }()

    init(unchecked rules: [WarningRule]) {
        self.rules = rules
    }
}
