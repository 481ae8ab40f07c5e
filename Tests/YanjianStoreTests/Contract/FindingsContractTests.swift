import Foundation
import Testing
import YanjianCore
import YanjianStore
import YanjianTesting

@Suite("Findings are replaced per kind and exported as findings.json, on every engine")
struct FindingsContractTests {
    @Test("Publishing replaces earlier findings of the same kinds and export maps every kind", arguments: StoreKind.allCases)
    func publishAndExport(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        let first = try await store.beginAnalysis("vehicles")
        try await store.publishFindings(run: first, analysis: "vehicles", kinds: [FindingKind.convoy], findings: [
            StoredFinding(kind: FindingKind.convoy, subject: "陕A00001|陕A00002", score: 0.5, adcode: "610113"),
        ])
        let second = try await store.beginAnalysis("vehicles")
        try await store.publishFindings(run: second, analysis: "vehicles", kinds: [FindingKind.convoy, FindingKind.clonedPlate], findings: [
            StoredFinding(kind: FindingKind.convoy, subject: "陕A12345|陕A67890", score: 0.97, adcode: "610113"),
            StoredFinding(kind: FindingKind.clonedPlate, subject: "陕E11111", score: 0.99, adcode: "610500"),
        ])
        let risk = try await store.beginAnalysis("risk")
        try await store.publishFindings(run: risk, analysis: "risk", kinds: [FindingKind.retailerRisk], findings: [
            StoredFinding(kind: FindingKind.retailerRisk, subject: "370702000001", score: 87.5, label: "outflow",
                          adcode: "370702", details: #"{"reasons":["订货量是同类店铺的 4.2 倍"]}"#),
            StoredFinding(kind: FindingKind.retailerRisk, subject: "370702000002", score: 12, adcode: "370702"),
        ])
        let gangs = try await store.beginAnalysis("links")
        try await store.publishFindings(run: gangs, analysis: "links", kinds: [FindingKind.gang, FindingKind.gangMember], findings: [
            StoredFinding(kind: FindingKind.gang, subject: "G1", score: 0.9, details: #"{"waybills":["YT1"],"provinces":["610000"]}"#),
            StoredFinding(kind: FindingKind.gangMember, subject: "phone:13812345678", score: 0.93,
                          details: #"{"gang_id":"G1","kind":"phone","value":"13812345678","tier":1,"key_suspect":true}"#),
        ])
        let findings = try await store.exportFindings(scope: .system, generatedAt: "2026-03-01T10:00:00+08:00")
        #expect(findings.convoys == [Findings.Convoy(plates: ["陕A12345", "陕A67890"], score: 0.97)])
        #expect(findings.clonedPlates.map(\.plate) == ["陕E11111"])
        #expect(findings.anomalousRetailers.map(\.licenceNo) == ["370702000001", "370702000002"])
        #expect(findings.anomalousRetailers.first?.reasons == ["订货量是同类店铺的 4.2 倍"])
        #expect(findings.anomalousRetailers.first?.pattern == "outflow")
        #expect(findings.gangs.first?.members.first?.tier == 1)
        #expect(findings.gangs.first?.members.first?.keySuspect == true)
        #expect(findings.gangs.first?.provinces == ["610000"])
        let xian = AccessScope(user: User(id: 1, username: "x", displayName: "x", role: .analyst, department: .tobacco,
                                          jurisdiction: try Jurisdiction(validating: "6101")))
        let scoped = try await store.exportFindings(scope: xian, generatedAt: "")
        #expect(scoped.convoys.count == 1)
        #expect(scoped.clonedPlates.isEmpty)
        #expect(scoped.anomalousRetailers.isEmpty)
    }

    @Test("A findings page is scoped, paged, filtered by label and masks personal values", arguments: StoreKind.allCases)
    func pageScopedMasked(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        let run = try await store.beginAnalysis("links")
        try await store.publishFindings(run: run, analysis: "links", kinds: [FindingKind.gangMember], findings: [
            StoredFinding(kind: FindingKind.gangMember, subject: "phone:13812345678", score: 0.9, label: "distributor", adcode: "610113",
                          details: #"{"kind":"phone","value":"13812345678","reasons":["向 13912345678 发货 3 件，案件 AJ20196101020001"]}"#),
            StoredFinding(kind: FindingKind.gangMember, subject: "address:陕西省西安市雁塔区长安南路88号3单元", score: 0.8, label: "seller",
                          adcode: "610113", details: #"{"kind":"address","value":"陕西省西安市雁塔区长安南路88号3单元"}"#),
            StoredFinding(kind: FindingKind.gangMember, subject: "licence:610113000003", score: 0.7, label: "seller", adcode: "610113",
                          details: #"{"kind":"licence","value":"610113000003"}"#),
            StoredFinding(kind: FindingKind.gangMember, subject: "phone:13700000000", score: 0.6, adcode: "370702"),
        ])
        let xian = AccessScope(user: User(id: 1, username: "x", displayName: "x", role: .analyst, department: .tobacco,
                                          jurisdiction: try Jurisdiction(validating: "6101")))
        let first = try await store.findingPage(kind: FindingKind.gangMember, scope: xian, page: try PageRequest(page: 1, perPage: 2))
        #expect(first.items.map(\.subject) == ["phone:138****5678", "address:陕西省西安市雁塔****"])
        #expect(first.hasMore)
        #expect(!first.unmasked)
        let details = try #require(try JSONSerialization.jsonObject(with: Data(first.items[0].details.utf8)) as? [String: Any])
        #expect(details["value"] as? String == "138****5678")
        #expect(details["reasons"] as? [String] == ["向 139****5678 发货 3 件，案件 AJ20196101020001"])
        let second = try await store.findingPage(kind: FindingKind.gangMember, scope: xian, page: try PageRequest(page: 2, perPage: 2))
        #expect(second.items.map(\.subject) == ["licence:610113000003"])
        #expect(!second.hasMore)
        let sellers = try await store.findingPage(kind: FindingKind.gangMember, scope: .system, page: try PageRequest(), label: "seller")
        #expect(sellers.items.count == 2)
        #expect(try await store.findingOverview(scope: xian).counts[FindingKind.gangMember] == 3)
        let auditor = AccessScope(user: User(id: 2, username: "a", displayName: "a", role: .auditor, department: .tobacco,
                                             jurisdiction: try Jurisdiction(validating: "*")))
        await #expect(throws: StoreError.self) { try await store.findingPage(kind: FindingKind.gangMember, scope: auditor, page: try PageRequest()) }
    }
}
