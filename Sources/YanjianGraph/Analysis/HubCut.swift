/// An entity left out of community detection and case linking because too many unrelated parties
/// share it (a courier station, a campus dormitory, an industrial park, a payment platform's merchant
/// account, a pick-up outlet): linking through it would merge strangers.
public struct HubCut: Sendable, Equatable, Codable {
    /// The node.
    public var node: Int32
    /// `kind:value` of the entity.
    public var label: String
    /// Distinct entities it is linked to.
    public var degree: Int
    /// The limit it exceeded (0 for outlets, which are never party links).
    public var threshold: Int
    /// Why it was cut, for people.
    public var reason: String
}
