import Foundation

/// The two lists of key retailers (重点零售户名单): grey (灰名单, watched more closely) and black (黑名单,
/// severe: checked on every cycle, orders restricted by the company's rules).
public enum RetailerList: String, CaseIterable, Sendable, Hashable, Codable {
    case grey, black

    /// Black is more severe than grey.
    public var severity: Int { self == .black ? 2 : 1 }

    /// How long an approved entry stays on the list unless the reviewer says otherwise.
    public var defaultDays: Int { self == .black ? 365 : 180 }
}

/// Where a list entry stands: a proposal (by the rules or by an officer) waits for a person's review.
public enum ListEntryStatus: String, CaseIterable, Sendable, Hashable, Codable {
    /// 待审核: proposed, not yet on the list.
    case proposed
    /// 在册: approved by a reviewer; on the list until it expires or is removed.
    case active
    /// 驳回: the reviewer said no.
    case rejected
    /// 移出: taken off the list by a person (or replaced by a black entry).
    case removed
    /// 到期: the approved period ended.
    case expired

    public var next: [ListEntryStatus] {
        switch self {
        case .proposed: [.active, .rejected]
        case .active: [.removed, .expired]
        case .rejected, .removed, .expired: []
        }
    }

    /// Whether the entry still counts (waiting for review, or on the list).
    public var isLive: Bool { self == .proposed || self == .active }
}
