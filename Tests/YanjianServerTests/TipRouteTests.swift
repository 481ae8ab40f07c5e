import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import YanjianCore
import YanjianServer
import YanjianStore
import YanjianTesting

@Suite("The public tip-off channel: no account, a receipt, rate limits, clear errors; officers answer through the thread")
struct TipRouteTests {
    @Test("Submit without an account, follow with the receipt, talk both ways; spam and bad input are refused")
    func publicChannel() async throws {
        let app = try await TestApp.make()
        let store = app.store
        try await app.test { client in
            let photo = Data("fake jpeg".utf8).base64EncodedString()
            let submitted = try await BadInputTests.post(client, "/api/v1/public/tips",
                #"{"text":"潍城区一家便利店夜里从后门往外搬整箱卷烟","phone":"13912345678","anonymous":true,"photo":{"media_type":"image/jpeg","base64":"\#(photo)"}}"#)
            #expect(submitted.0 == .created)
            let receipt = try #require(submitted.1["receipt"] as? String)
            #expect(submitted.1["tip_id"] == nil, "the tipster gets a receipt, nothing that names the record")

            let followUp = try await BadInputTests.post(client, "/api/v1/public/tips/follow-up", #"{"receipt":"\#(receipt)"}"#)
            #expect(followUp.0 == .ok && followUp.1["status"] as? String == "received")
            #expect(try await BadInputTests.post(client, "/api/v1/public/tips/follow-up", #"{"receipt":"AAAA-AAAA-AAAA-AAAA"}"#).0 == .notFound)

            let tipID = try #require(try await store.db.queryOne("SELECT tip_id FROM tip_receipts", [])?["tip_id"].text)
            let analyst = try await client.login("admin")
            let officer = try await client.get("/api/v1/tips/\(tipID)", token: analyst)
            #expect(officer.0 == .ok)
            #expect((officer.1["tip"] as? [String: Any])?["phone"] is NSNull, "anonymous: no phone kept")
            let asked = try await BadInputTests.post(client, "/api/v1/tips/\(tipID)/messages", #"{"body":"请问大约几点？"}"#, token: analyst)
            #expect(asked.0 == .created)
            let answered = try await BadInputTests.post(client, "/api/v1/public/tips/messages", #"{"receipt":"\#(receipt)","body":"晚上十一点左右"}"#)
            #expect(answered.0 == .created)
            #expect((answered.1["messages"] as? [[String: Any]])?.compactMap { $0["sender"] as? String } == ["officer", "tipster"])
            #expect(try await BadInputTests.post(client, "/api/v1/tips/\(tipID)/status", #"{"to":"reviewing"}"#, token: analyst).0 == .ok)
            #expect(try await BadInputTests.post(client, "/api/v1/tips/\(tipID)/status", #"{"to":"lost"}"#, token: analyst).0 == .badRequest)
            let noCase = try await BadInputTests.post(client, "/api/v1/tips/\(tipID)/rewards", #"{"case_no":"NOPE"}"#, token: analyst)
            #expect(noCase.0 == .notFound)

            for (body, code) in [(#"{"text":"短"}"#, "request.invalid_field"), (#"{"text":"有人卖假烟有人卖假烟","colour":"red"}"#, "request.unknown_field"),
                                 (#"{"text":"有人卖假烟有人卖假烟","photo":{"media_type":"image/png","base64":"%%%"}}"#, "request.invalid_field"),
                                 (#"{"text": 5}"#, "request.invalid_field")] {
                let answer = try await BadInputTests.post(client, "/api/v1/public/tips", body)
                #expect(answer.0 == .badRequest && errorCode(answer.1) == code, "\(body)")
            }
            // Five submissions per client per ten minutes: the sixth waits.
            let limited = try await BadInputTests.post(client, "/api/v1/public/tips", #"{"text":"又一条举报内容，便利店卖散装烟"}"#)
            #expect(limited.0 == .tooManyRequests)
            #expect(try await store.db.scalarInt("SELECT COUNT(*) FROM tips") == 1, "nothing refused was stored")
        }
    }
}

@Suite("The partner channel: API keys upload waybills and get hits by reference, never the watch list")
struct PartnerRouteTests {
    @Test("Upload with an API key; shape and value errors per row; hits without reasons; other roles refused")
    func upload() async throws {
        let app = try await TestApp.make()
        let store = app.store
        let run = try await store.beginAnalysis("links")
        try await store.publishFindings(run: run, analysis: "links", kinds: [FindingKind.gangMember], findings: [
            StoredFinding(kind: FindingKind.gangMember, subject: "phone:13812345678", score: 0.9, label: "seller", adcode: "370702"),
        ])
        let key = try await store.createAPIKey(username: "partner", label: "test")
        try await app.test { client in
            let body = #"""
            {"waybills":[{"waybill_no":"SF1234567890","receiver_phone":"13812345678","pieces":1,"weight_kg":2.5,"accepted_at":"2026-03-01 21:15:00"},
                         {"waybill_no":"SF1234567891","pieces":"two","weight_kg":1,"accepted_at":1767225600},
                         {"waybill_no":"SF1234567892","pieces":1,"weight_kg":1,"accepted_at":"yesterday"},
                         {"waybill_no":"bad","pieces":1,"weight_kg":1,"accepted_at":1767225600},
                         {"waybill_no":"SF1234567893","pieces":1,"weight_kg":1,"accepted_at":1767225600}]}
            """#
            let (status, json) = try await BadInputTests.post(client, "/api/v1/partner/waybills", body, token: key)
            #expect(status == .created)
            #expect(json["accepted"] as? Int == 2)
            let rejected = try #require(json["rejected"] as? [[String: Any]])
            #expect(rejected.compactMap { $0["index"] as? Int } == [1, 2, 3])
            #expect(rejected.compactMap { $0["field"] as? String } == ["pieces", "accepted_at", "waybill_no"])
            let hits = try #require(json["hits"] as? [[String: Any]])
            #expect(hits.count == 1 && hits[0]["waybill_no"] as? String == "SF1234567890" && hits[0]["action"] as? String == "hold_for_inspection")
            let raw = try await client.execute(uri: "/api/v1/partner/hits", method: .get, headers: [.authorization: "Bearer \(key)"]) {
                String(buffer: $0.body)
            }
            #expect(raw.contains("SF1234567890") && !raw.contains("13812345678") && !raw.contains("phone"), "never the watch list")
            let analyst = try await client.login("analyst")
            #expect(try await BadInputTests.post(client, "/api/v1/partner/waybills", #"{"waybills":[]}"#, token: analyst).0 == .forbidden)
            #expect(try await client.get("/api/v1/warnings", token: key).0 == .forbidden, "a partner reads nothing else")
            #expect(try await BadInputTests.post(client, "/api/v1/partner/waybills", #"{"waybills":{}}"#, token: key).0 == .badRequest)
        }
    }
}
