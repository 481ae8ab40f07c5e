import YanjianStore

/// Analysts' merge and split decisions (`identity_decisions`) resolved to the nodes of one snapshot.
/// Link analysis applies them over any evidence: a merge makes the two entities one actor (and ties
/// them in the projection, so they land in one community); a split keeps them in different actors
/// even when a file lists both or names tie them, and drops a name link between them.
public struct IdentityConstraints: Sendable {
    /// A decision on two nodes.
    public struct Pair: Sendable, Equatable {
        public var a: Int32
        public var b: Int32
        public var decision: Int64
        public var reason: String
        public var decidedBy: String

        /// The words shown with the actor (zh-CN, like the other actor reasons).
        func text(_ action: IdentityAction, other: String) -> String {
            switch action {
            case .merge: "人工认定与 \(other) 为同一人（决定 #\(decision)，\(decidedBy)：\(reason)）"
            case .split: "人工认定与 \(other) 不是同一人（决定 #\(decision)，\(decidedBy)：\(reason)）"
            }
        }
    }

    public var merges: [Pair] = []
    public var splits: [Pair] = []
    /// Decisions naming an entity this snapshot does not have (kept in the store; applied once the
    /// entity is imported).
    public var unresolved: [Int64] = []

    /// No decisions.
    public init() {}

    /// Resolves stored decisions (those in force) to the graph's nodes.
    public init(_ decisions: [IdentityDecision], graph: EntityGraph) {
        for decision in decisions where decision.isActive {
            guard let a = Self.node(decision.entityA, graph), let b = Self.node(decision.entityB, graph), a != b else {
                unresolved.append(decision.id)
                continue
            }
            let pair = Pair(a: a, b: b, decision: decision.id, reason: decision.reason, decidedBy: decision.decidedBy)
            switch decision.action {
            case .merge: merges.append(pair)
            case .split: splits.append(pair)
            }
        }
    }

    static func node(_ text: String, _ graph: EntityGraph) -> Int32? {
        guard let reference = try? EntityReference(parsing: text) else { return nil }
        return graph.node(reference)
    }

    /// Whether an analyst split these two nodes.
    public func isSplit(_ x: Int32, _ y: Int32) -> Bool {
        splits.contains { ($0.a == x && $0.b == y) || ($0.a == y && $0.b == x) }
    }

    /// Whether there is nothing to apply.
    public var isEmpty: Bool { merges.isEmpty && splits.isEmpty }
}
