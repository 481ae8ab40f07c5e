/// What a user may do. Roles are coarse on purpose: fine-grained scoping comes from the user's
/// jurisdiction and department, which the store enforces on every query.
public enum Role: String, CaseIterable, Sendable, Hashable, Codable {
    /// Manages users, imports and configuration; sees everything in their jurisdiction unmasked on request.
    case admin
    /// Runs analyses and reads findings; personal data masked unless a purpose is stated.
    case analyst
    /// 稽查员: works warnings, tasks and cases in the field.
    case investigator
    /// An officer of another department (police, market regulation…) with read access to shared cases.
    case liaison
    /// Reads the audit log and verifies its chain; sees no personal data.
    case auditor
    /// A courier or e-commerce API client: uploads its own waybills and receives hits on them only.
    case partner

    /// Whether this role may ask for personal data to be shown unmasked (always with a stated purpose).
    public var mayUnmask: Bool {
        switch self {
        case .admin, .analyst, .investigator: true
        case .liaison, .auditor, .partner: false
        }
    }

    /// Whether this role may read the audit log.
    public var mayReadAudit: Bool {
        switch self {
        case .admin, .auditor: true
        case .analyst, .investigator, .liaison, .partner: false
        }
    }

    /// Whether this role may manage users.
    public var mayManageUsers: Bool { self == .admin }

    /// Whether this role may start imports.
    public var mayImport: Bool {
        switch self {
        case .admin, .partner: true
        case .analyst, .investigator, .liaison, .auditor: false
        }
    }

    /// Whether this role may work warnings: acknowledge, dispatch units, report from the field, close.
    public var mayWorkWarnings: Bool {
        switch self {
        case .admin, .analyst, .investigator: true
        case .liaison, .auditor, .partner: false
        }
    }

    /// Whether this role may read the operational data (retailers, waybills, cases…) at all.
    public var mayReadData: Bool {
        switch self {
        case .admin, .analyst, .investigator, .liaison: true
        case .auditor, .partner: false
        }
    }
}
