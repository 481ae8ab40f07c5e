/// Status of a business registration (`business_registry.csv` `status`).
public enum RegistryStatus: String, DomainCode {
    /// 存续 in existence.
    case active = "存续"
    /// 吊销 licence revoked.
    case revoked = "吊销"
    /// 注销 deregistered.
    case deregistered = "注销"

    public init(from decoder: any Decoder) throws { self = try Self.decodeCode(from: decoder) }
}
