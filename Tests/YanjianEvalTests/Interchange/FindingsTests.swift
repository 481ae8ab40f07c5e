import Foundation
import Testing
import YanjianCore
import YanjianEval

@Suite("Findings")
struct FindingsTests {
    @Test("The spec's example decodes field by field")
    func specExample() throws {
        let json = """
            { "generated_at": "2026-03-01T10:00:00+08:00",
              "gangs": [ {"gang_id": "X1", "members": [ {"kind": "phone", "value": "13812345678", "tier": 1,
                  "score": 0.93, "key_suspect": true} ], "waybills": ["SF1"], "provinces": ["610000"]} ],
              "anomalous_retailers": [ {"licence_no": "L1", "score": 87.5, "pattern": "outflow", "reasons": ["r"]} ],
              "convoys": [ {"plates": ["陕A12345", "陕A67890"], "score": 0.97} ],
              "cloned_plates": [ {"plate": "陕E11111", "score": 0.99} ],
              "night_vehicles": [ {"plate": "陕A22222", "score": 0.8} ],
              "tips": [ {"tip_id": "T000123", "score": 0.91} ],
              "warnings": [ {"level": "red", "target_kind": "retailer", "target": "L1", "reason": "outflow"} ] }
            """
        let findings = try Findings.decode(from: Data(json.utf8))
        #expect(findings.generatedAt == "2026-03-01T10:00:00+08:00")
        #expect(
            findings.gangs == [
                Findings.Gang(
                    gangID: "X1",
                    members: [Findings.Member(kind: "phone", value: "13812345678", tier: 1, score: 0.93, keySuspect: true)],
                    waybills: ["SF1"], provinces: ["610000"])
            ])
        #expect(findings.anomalousRetailers == [Findings.Retailer(licenceNo: "L1", score: 87.5, pattern: "outflow", reasons: ["r"])])
        #expect(findings.convoys == [Findings.Convoy(plates: ["陕A12345", "陕A67890"], score: 0.97)])
        #expect(findings.clonedPlates == [Findings.Scored(plate: "陕E11111", score: 0.99)])
        #expect(findings.nightVehicles == [Findings.Scored(plate: "陕A22222", score: 0.8)])
        #expect(findings.tips == [Findings.Tip(tipID: "T000123", score: 0.91)])
        #expect(findings.warnings == [Findings.Warning(level: "red", targetKind: "retailer", target: "L1", reason: "outflow")])
        #expect(try Findings.decode(from: try findings.encodedJSON()) == findings)
    }

    @Test("Absent arrays decode as empty")
    func absentArrays() throws {
        let findings = try Findings.decode(from: Data(#"{"generated_at": "x", "gangs": [{"gang_id": "A"}]}"#.utf8))
        #expect(findings.gangs == [Findings.Gang(gangID: "A", members: [])])
        #expect(findings.anomalousRetailers.isEmpty && findings.tips.isEmpty && findings.warnings.isEmpty)
        #expect(try Findings.decode(from: Data("{}".utf8)) == Findings.empty)
    }
}
