import Foundation
import Testing
import YanjianCore
import YanjianStore
import YanjianTesting
import YanjianWorkflow

@Suite("Cross-region requests for assistance: one per gang and province reached, answered only by the addressed side — on every engine")
struct AssistanceTests {
    @Test("A gang reaching two other provinces sends two requests, once; the addressed province answers", arguments: StoreKind.allCases)
    func gangRequests(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        let run = try await store.beginAnalysis("links")
        try await store.publishFindings(run: run, analysis: "links", kinds: [FindingKind.gang], findings: [
            StoredFinding(kind: FindingKind.gang, subject: "GANG-1", score: 0.9, adcode: "610113",
                          details: #"{"provinces":["610000","370000","440000"],"waybills":["SF1","SF2"],"key_suspects":["phone:13812345678"]}"#),
        ])
        #expect(try await AssistanceGeneration.run(store: store) == 2, "not to the gang's own province")
        #expect(try await AssistanceGeneration.run(store: store) == 0, "sent once")

        var policy = SecurityPolicy()
        policy.passwordIterations = 1_000
        let weifang = try await store.createUser(username: "wf.analyst", displayName: "潍坊", password: "a long enough password", role: .analyst,
                                                 department: .tobacco, jurisdiction: try Jurisdiction(validating: "3707"), policy: policy)
        let xian = try await store.createUser(username: "xa.analyst", displayName: "西安", password: "a long enough password", role: .analyst,
                                              department: .tobacco, jurisdiction: try Jurisdiction(validating: "6101"), policy: policy)
        let incoming = try await store.assistanceRequests(scope: AccessScope(user: weifang), incoming: true)
        #expect(incoming.count == 1 && incoming[0].toAdcode == "370000", "a request to the province reaches its cities")
        #expect(incoming[0].details.contains("138****5678"), "masked for a caller without an unmask grant")
        #expect(try await store.assistanceRequests(scope: AccessScope(user: xian), incoming: false).count == 2)
        await #expect(throws: StoreError.self, "only the addressed side answers") {
            _ = try await store.answerAssistance(id: incoming[0].id, to: .done, answer: "x", actor: "xa", scope: AccessScope(user: xian))
        }
        await #expect(throws: StoreError.self, "done needs an answer") {
            _ = try await store.answerAssistance(id: incoming[0].id, to: .done, answer: nil, actor: "wf", scope: AccessScope(user: weifang))
        }
        _ = try await store.answerAssistance(id: incoming[0].id, to: .accepted, answer: nil, actor: "wf", scope: AccessScope(user: weifang))
        let done = try await store.answerAssistance(id: incoming[0].id, to: .done, answer: "拦截 2 件", actor: "wf", scope: AccessScope(user: weifang))
        #expect(done.status == .done && done.answer == "拦截 2 件")
        await #expect(throws: StoreError.self) {
            _ = try await store.sendAssistance([AssistanceDraft(fromAdcode: nil, toAdcode: "12", kind: .other, subject: "x", details: "y", source: nil)],
                                               actor: "x")
        }
    }
}
