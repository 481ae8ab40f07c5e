/// The part a resolved person (actor) plays in a group's flow of goods and money.
public enum GangRole: String, Sendable, Codable, CaseIterable {
    /// Tier 1: ships to resellers and receives from nobody in the group (few outgoing to many).
    case source
    /// Tier 2: receives from the group and ships mostly to resellers.
    case distributor
    /// Tier 3: receives from the group and ships mostly to end buyers, or sells without shipping.
    case seller
    /// Named together with members (a case, a transfer) but with no flow that fixes a tier.
    case associate
    /// An end buyer: receives from sellers only. Not a member; counted for the provinces reached.
    case customer

    /// 1, 2, 3 for members with a tier; nil otherwise.
    public var tier: Int? {
        switch self {
        case .source: 1
        case .distributor: 2
        case .seller: 3
        case .associate, .customer: nil
        }
    }

    /// A Chinese label for reports.
    public var label: String {
        switch self {
        case .source: "上游货源"
        case .distributor: "中间分销"
        case .seller: "末端销售"
        case .associate: "关联人员"
        case .customer: "买家"
        }
    }
}

/// One resolved person of a gang: the entities that are the same person, their role and centrality.
public struct GangActor: Sendable {
    /// Graph nodes of the person's identifiers, in canonical order (by their keys, not storage order).
    public var entities: [Int32]
    /// Role and tier.
    public var role: GangRole
    /// Weighted PageRank on who-depends-on-whom (goods upstream, money upstream).
    public var pageRank: Double
    /// Betweenness among the members.
    public var betweenness: Double
    /// Combined centrality in `0…1`.
    public var centrality: Double
    /// Whether the person is one of the gang's key suspects (重点打击对象).
    public var keySuspect: Bool
    /// Parcels sent and received, transfers made and received (inside the gang unless stated).
    public var parcelsSent: Int
    public var parcelsToMembers: Int
    public var parcelsReceived: Int
    public var transfersOut: Int
    public var transfersIn: Int
    /// The most frequent place (adcode) among the person's records, if any.
    public var home: String?
    /// Why the role and rank, for people.
    public var reasons: [String]
}
