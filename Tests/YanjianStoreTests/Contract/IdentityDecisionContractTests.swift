import Foundation
import Testing
import YanjianCore
import YanjianStore
import YanjianTesting

@Suite("Analysts' merge and split decisions, stored and revoked, on every engine")
struct IdentityDecisionContractTests {
    @Test("A decision is normalised, unique while in force, revocable with who and why, and kept", arguments: StoreKind.allCases)
    func lifecycle(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        let merge = try await store.recordIdentityDecision(
            action: .merge, entityA: "phone:+86 139-0000-0201", entityB: "account:wxid_seller0", reason: "同一人，微信实名与手机机主一致",
            actor: "zhang.san")
        #expect(merge.entityA == "account:wxid_seller0" && merge.entityB == "phone:13900000201", "canonical, in a fixed order")
        #expect(merge.isActive && merge.decidedBy == "zhang.san")

        // The same two, either order, either action, while the first is in force: refused.
        await #expect(throws: StoreError.self) {
            _ = try await store.recordIdentityDecision(action: .split, entityA: "account:wxid_seller0", entityB: "phone:13900000201",
                                                       reason: "x", actor: "li.si")
        }
        for (a, b, reason) in [("phone:13900000201", "phone:13900000201", "同一号码"), ("waybill_no:SF1", "phone:13900000201", "运单"),
                               ("13900000201", "phone:13900000202", "无类型"), ("phone:13900000201", "phone:13900000202", "  ")] {
            await #expect(throws: StoreError.self, "\(a) \(b) \(reason)") {
                _ = try await store.recordIdentityDecision(action: .merge, entityA: a, entityB: b, reason: reason, actor: "li.si")
            }
        }

        let revoked = try await store.revokeIdentityDecision(id: merge.id, reason: "复核：并非同一人", actor: "li.si")
        #expect(!revoked.isActive && revoked.revokedBy == "li.si" && revoked.revokeReason == "复核：并非同一人")
        await #expect(throws: StoreError.self, "revoked once") {
            _ = try await store.revokeIdentityDecision(id: merge.id, reason: "again", actor: "li.si")
        }
        let split = try await store.recordIdentityDecision(
            action: .split, entityA: "phone:13900000201", entityB: "account:wxid_seller0", reason: "复核：并非同一人", actor: "li.si")
        #expect(try await store.identityDecisions().map(\.id) == [split.id], "only those in force")
        #expect(try await store.identityDecisions(includeRevoked: true).map(\.id) == [split.id, merge.id], "history kept, newest first")
        await #expect(throws: StoreError.self) { _ = try await store.identityDecision(id: 999_999) }
    }
}
