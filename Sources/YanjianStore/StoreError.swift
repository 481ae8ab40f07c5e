/// What can go wrong in the store, with what a person needs to fix it. `code` is a stable key that
/// the server maps to an HTTP status and the UI to a translated message.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(location: String, reason: String)
    case badLocation(String, reason: String)
    case schemaTooNew(database: [String], known: Int)
    case schemaOutdated(applied: Int, known: Int)
    case notFound(kind: String, id: String)
    case conflict(String)
    case invalid(field: String, reason: String)
    case forbidden(String)
    case internalInconsistency(String)

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .cannotOpen: "store.cannot_open"
        case .badLocation: "store.bad_location"
        case .schemaTooNew: "store.schema_too_new"
        case .schemaOutdated: "store.schema_outdated"
        case .notFound: "not_found"
        case .conflict: "conflict"
        case .invalid: "request.invalid_field"
        case .forbidden: "forbidden"
        case .internalInconsistency: "internal"
        }
    }

    public var description: String {
        switch self {
        case .cannotOpen(let location, let reason):
            "cannot open the database at \(location): \(reason)"
        case .badLocation(let location, let reason):
            "\(location) is not a database location: \(reason)"
        case .schemaTooNew(let unknown, let known):
            "the database has schema migrations this version does not know (\(unknown.joined(separator: ", "))); it knows \(known). Use a newer yanjian with this database."
        case .schemaOutdated(let applied, let known):
            "the database schema is at migration \(applied) of \(known). Run `yanjian migrate --db …` first."
        case .notFound(let kind, let id):
            "no \(kind) \(id)"
        case .conflict(let reason):
            reason
        case .invalid(let field, let reason):
            "\(field): \(reason)"
        case .forbidden(let reason):
            reason
        case .internalInconsistency(let reason):
            "internal inconsistency: \(reason)"
        }
    }
}
