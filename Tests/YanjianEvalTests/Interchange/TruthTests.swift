import Foundation
import Testing
import YanjianEval

@Suite("Truth")
struct TruthTests {
    @Test("A truth round-trips through JSON unchanged")
    func roundTrip() throws {
        let truth = TruthFixture.make()
        let decoded = try Truth.decode(from: try truth.encodedJSON())
        #expect(decoded == truth)
    }

    @Test("Encoding is deterministic and uses the interchange field names")
    func deterministic() throws {
        let truth = TruthFixture.make()
        let first = try truth.encodedJSON()
        #expect(first == (try truth.encodedJSON()))
        let text = String(decoding: first, as: UTF8.self)
        for key in ["\"anomalous_retailers\"", "\"gang_id\"", "\"licence_no\"", "\"cloned_plates\"", "\"night_vehicles\"", "\"true_tips\""] {
            #expect(text.contains(key), "missing \(key)")
        }
        #expect(text.contains("陕A00001"))
    }

    @Test("The spec's example decodes, with decoys and malformed optional")
    func specExample() throws {
        let json = """
            { "seed": 7, "gangs": [ { "gang_id": "G1", "members": [ {"kind": "phone", "value": "13812345678",
                  "tier": 1} ], "waybills": ["SF1234567890"] } ],
              "anomalous_retailers": [ {"licence_no": "610100000001", "pattern": "outflow"} ],
              "convoys": [ ["陕A12345", "陕A67890"] ], "cloned_plates": ["陕E11111"],
              "night_vehicles": ["陕A22222"], "true_tips": ["T000123"] }
            """
        let truth = try Truth.decode(from: Data(json.utf8))
        #expect(truth.seed == 7)
        #expect(truth.gangs.first?.gangID == "G1")
        #expect(truth.gangs.first?.members.first == Truth.Member(kind: "phone", value: "13812345678", tier: 1))
        #expect(truth.anomalousRetailers == [Truth.AnomalousRetailer(licenceNo: "610100000001", pattern: "outflow")])
        #expect(truth.convoys == [["陕A12345", "陕A67890"]])
        #expect(truth.decoys.isEmpty && truth.malformed.isEmpty)
    }

    @Test("Defects encode with their interchange field names")
    func defects() throws {
        let defects = [Defect(file: "orders.csv", line: 12, id: "DH001", kind: "bad_phone", detail: "masked")]
        let data = try Defect.encodedJSON(defects)
        #expect(try JSONDecoder().decode([Defect].self, from: data) == defects)
    }
}
