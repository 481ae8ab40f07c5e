import Foundation
import YanjianCore

/// A live dispatch as the investigator in the field sees it: the unit sent, the warning, the target's place.
public struct FieldAssignment: Sendable, Equatable {
    public var dispatch: StoredDispatch
    public var warning: StoredWarning
    /// The shop's name and address when the target is a retailer.
    public var targetName: String?
    public var targetAddress: String?
}

extension Store {
    /// Puts a user in a unit (both must exist); idempotent.
    public func addUnitMember(unitID: String, username: String) async throws {
        guard try await db.queryOne("SELECT unit_id FROM units WHERE unit_id = ?", [.text(unitID)]) != nil else {
            throw StoreError.notFound(kind: "unit", id: unitID)
        }
        guard try await findUser(username: username) != nil else { throw StoreError.notFound(kind: "user", id: username) }
        _ = try await bulkInsert(table: "unit_members", columns: ["unit_id", "username", "added_at"],
                                 rows: [[.text(unitID), .text(username), .int(now)]], onConflict: .ignore)
    }

    /// The units a user serves in.
    public func units(ofUser username: String) async throws -> [String] {
        try await db.query("SELECT unit_id FROM unit_members WHERE username = ? ORDER BY unit_id", [.text(username)]).compactMap { $0["unit_id"].text }
    }

    /// The live dispatches (派单, 到场, 处置) of the caller's units, newest first, with their warnings.
    public func fieldAssignments(scope: AccessScope) async throws -> [FieldAssignment] {
        let units = try await units(ofUser: scope.user.username)
        guard !units.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: units.count).joined(separator: ",")
        let rows = try await db.query(
            "SELECT \(Self.dispatchColumns) FROM dispatches WHERE status IN \(Self.activeDispatchStatuses) AND unit_id IN (\(marks)) ORDER BY id DESC",
            units.map { .text($0) })
        var result: [FieldAssignment] = []
        for row in rows {
            let dispatch = Self.dispatch(row)
            guard let warning = try? await warning(id: dispatch.warningID, scope: scope) else { continue }
            var name: String?
            var address: String?
            if warning.targetKind == "retailer",
               let shop = try await db.queryOne("SELECT name, address FROM retailers WHERE licence_no = ?", [.text(warning.target)]) {
                name = shop["name"].text
                address = scope.unmasked ? shop["address"].text : shop["address"].text.map { PersonalField.address.mask($0) }
            }
            result.append(FieldAssignment(dispatch: dispatch, warning: warning, targetName: name, targetAddress: address))
        }
        return result
    }
}
