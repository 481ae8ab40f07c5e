import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import YanjianCore
import YanjianServer
import YanjianStore
import YanjianTesting

@Suite("Warnings and dispatch through the API: scoped, masked, audited, every bad step refused with a clear error")
struct WorkflowRouteTests {
    static func seed(_ store: Store) async throws {
        try await store.db.execute("UPDATE retailers SET lat = 36.71, lon = 119.10 WHERE licence_no = '370702000001'", [])
        try await store.bulkInsert(
            table: "units", columns: ["unit_id", "department", "name", "lat", "lon", "adcode", "members", "status"],
            rows: [
                [.text("WF-T1"), .text("烟草专卖"), .text("潍城稽查一中队"), .double(36.72), .double(119.11), .text("370702"), .int(Int64(5)), .text("空闲")],
                [.text("WF-P1"), .text("公安"), .text("潍城派出所"), .double(36.70), .double(119.05), .text("370702"), .int(Int64(6)), .text("空闲")],
            ])
        let links = try await store.beginAnalysis("links")
        try await store.publishFindings(run: links, analysis: "links", kinds: [FindingKind.gangMember], findings: [
            StoredFinding(kind: FindingKind.gangMember, subject: "phone:13812345678", score: 0.9, label: "seller", adcode: "370702"),
        ])
        let risk = try await store.beginAnalysis("risk")
        try await store.publishFindings(run: risk, analysis: "risk", kinds: [FindingKind.retailerRisk], findings: [
            StoredFinding(kind: FindingKind.retailerRisk, subject: "370702000001", score: 66, label: "outflow", adcode: "370702"),
            StoredFinding(kind: FindingKind.retailerRisk, subject: "610113000003", score: 88, label: "night_trade", adcode: "610113"),
        ])
    }

    @Test("Generate, list, show with ranked units, acknowledge, dispatch, arrive, report: the warning ends confirmed")
    func loop() async throws {
        let app = try await TestApp.make()
        try await Self.seed(app.store)
        let store = app.store
        try await app.test { client in
            let admin = try await client.login("admin")
            let analyst = try await client.login("analyst")
            let generated = try await BadInputTests.post(client, "/api/v1/warnings/generate", "", token: analyst)
            #expect(generated.0 == .ok)
            #expect((generated.1["changes"] as? [String: Any])?["raised"] as? Int == 2)

            let (status, list) = try await client.get("/api/v1/warnings?open=true", token: analyst)
            #expect(status == .ok)
            let items = try #require(list["items"] as? [[String: Any]])
            #expect(items.count == 1, "the Weifang analyst sees only Weifang")
            let warning = try #require(items.first)
            #expect(warning["level"] as? String == "red")
            #expect(warning["departments"] as? [String] == ["tobacco", "police"])
            #expect(((list["counts"] as? [String: Any])?["open_by_level"] as? [String: Any])?["red"] as? Int == 1)
            let id = try #require(warning["id"] as? Int)

            let detail = try await client.get("/api/v1/warnings/\(id)", token: analyst)
            let units = try #require(detail.1["units"] as? [[String: Any]])
            #expect(units.compactMap { $0["unit_id"] as? String } == ["WF-T1", "WF-P1"])
            #expect(units.allSatisfy { $0["suggested"] as? Bool == true })
            #expect(detail.1["next"] as? [String] == ["acknowledged", "dispatched", "dismissed"])
            let xian = try await client.login("xian")
            #expect(try await client.get("/api/v1/warnings/\(id)", token: xian).0 == .notFound)

            #expect(try await BadInputTests.post(client, "/api/v1/warnings/\(id)/status", #"{"to":"flying"}"#, token: analyst).0 == .badRequest)
            let illegal = try await BadInputTests.post(client, "/api/v1/warnings/\(id)/status", #"{"to":"closed"}"#, token: analyst)
            #expect(illegal.0 == .conflict)
            #expect(((illegal.1["error"] as? [String: Any])?["message"] as? String)?.contains("cannot become closed") == true)
            #expect(try await BadInputTests.post(client, "/api/v1/warnings/\(id)/status", #"{"to":"acknowledged","note":"收到"}"#, token: analyst).0 == .ok)

            #expect(try await BadInputTests.post(client, "/api/v1/warnings/\(id)/dispatch", #"{"unit_ids":[]}"#, token: analyst).0 == .badRequest)
            #expect(try await BadInputTests.post(client, "/api/v1/warnings/\(id)/dispatch", #"{"unit_ids":["NOPE"]}"#, token: analyst).0 == .notFound)
            #expect(try await BadInputTests.post(client, "/api/v1/warnings/\(id)/dispatch", #"{"unit_ids":"WF-T1"}"#, token: analyst).0 == .badRequest)
            let sent = try await BadInputTests.post(client, "/api/v1/warnings/\(id)/dispatch", #"{"unit_ids":["WF-T1","WF-P1"],"note":"联合检查"}"#, token: analyst)
            #expect(sent.0 == .created)
            let dispatches = try #require(sent.1["dispatches"] as? [[String: Any]])
            #expect(dispatches.count == 2)
            #expect((dispatches.first?["eta_minutes"] as? Double ?? 0) > 5)
            let dispatchID = try #require(dispatches.first?["id"] as? Int)
            #expect(try await BadInputTests.post(client, "/api/v1/units/WF-T1/members", #"{"username":"analyst"}"#, token: analyst).0 == .forbidden)
            #expect(try await BadInputTests.post(client, "/api/v1/units/NOPE/members", #"{"username":"analyst"}"#, token: admin).0 == .notFound)
            #expect(try await BadInputTests.post(client, "/api/v1/units/WF-T1/members", #"{"username":"nobody"}"#, token: admin).0 == .notFound)
            #expect(try await BadInputTests.post(client, "/api/v1/units/WF-T1/members", #"{"username":"analyst"}"#, token: admin).0 == .created)
            let field = try await client.get("/api/v1/field", token: analyst)
            #expect(field.1["units"] as? [String] == ["WF-T1"])
            let fieldItems = try #require(field.1["items"] as? [[String: Any]])
            #expect(fieldItems.count == 1 && (fieldItems[0]["warning"] as? [String: Any])?["id"] as? Int == id)
            #expect(fieldItems[0]["target_name"] as? String == "潍城便利店")
            let again = try await BadInputTests.post(client, "/api/v1/warnings/\(id)/dispatch", #"{"unit_ids":["WF-T1"]}"#, token: analyst)
            #expect(again.0 == .conflict, "a unit on a live dispatch cannot be sent twice")

            let noResult = try await BadInputTests.post(client, "/api/v1/dispatches/\(dispatchID)", #"{"to":"reported"}"#, token: analyst)
            #expect(noResult.0 == .conflict, "a dispatch cannot report before arriving")
            #expect(try await BadInputTests.post(client, "/api/v1/dispatches/\(dispatchID)", #"{"to":"arrived"}"#, token: analyst).0 == .ok)
            let missing = try await BadInputTests.post(client, "/api/v1/dispatches/\(dispatchID)", #"{"to":"reported"}"#, token: analyst)
            #expect(missing.0 == .badRequest && errorCode(missing.1) == "request.invalid_field")
            let reported = try await BadInputTests.post(client, "/api/v1/dispatches/\(dispatchID)",
                                                         #"{"to":"reported","result":"confirmed","note":"查获无来源卷烟 50 条"}"#, token: analyst)
            #expect(reported.0 == .ok && reported.1["result"] as? String == "confirmed")

            let settled = try await client.get("/api/v1/warnings/\(id)", token: analyst)
            #expect((settled.1["warning"] as? [String: Any])?["status"] as? String == "confirmed")
            let actions = (settled.1["events"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(actions.first == "raised" && actions.contains("dispatch.reported"))

            let badRules = try await BadInputTests.post(client, "/api/v1/warnings/backtest", #"{"rules":[{"id":"x"}]}"#, token: analyst)
            #expect(badRules.0 == .badRequest && (errorMessage(badRules.1) ?? "").contains("missing field finding"))
            let backtest = try await BadInputTests.post(client, "/api/v1/warnings/backtest",
                #"{"days":30,"rules":[{"id":"all","finding":"retailer_risk","labelled":true,"level":"blue","departments":["tobacco"],"reason":"r"}]}"#,
                token: analyst)
            #expect(backtest.0 == .ok && backtest.1["total"] as? Int == 1 && backtest.1["confirmed"] as? Int == 1,
                    "the Weifang analyst's backtest counts the Weifang shop, not the Xi'an one")
            let national = try await BadInputTests.post(client, "/api/v1/warnings/backtest",
                #"{"days":30,"rules":[{"id":"all","finding":"retailer_risk","labelled":true,"level":"blue","departments":["tobacco"],"reason":"r"}]}"#,
                token: admin)
            #expect(national.0 == .ok && national.1["total"] as? Int == 2, "national scope counts both shops")

            let feedback = try await client.get("/api/v1/warnings/feedback", token: analyst)
            #expect(feedback.0 == .ok)
            let red = (feedback.1["by_level"] as? [[String: Any]])?.first { $0["group"] as? String == "red" }
            #expect(red?["confirmed"] as? Int == 1 && red?["precision"] as? Double == 1)

            let unitList = try await client.get("/api/v1/units", token: analyst)
            let busy = (unitList.1["items"] as? [[String: Any]] ?? []).first { $0["unit_id"] as? String == "WF-P1" }
            #expect(busy?["available"] as? Bool == false, "the police unit has not reported yet")

            try await Self.fieldEvidenceSteps(client, warningID: id, token: analyst)
            try await Self.caseSteps(client, store: store, warningID: id, token: analyst)

            let auditor = try await client.login("auditor")
            #expect(try await client.get("/api/v1/warnings", token: auditor).0 == .forbidden)
            #expect(try await BadInputTests.post(client, "/api/v1/warnings/generate", "", token: auditor).0 == .forbidden)
            #expect(try await client.get("/api/v1/warnings?level=purple", token: admin).0 == .badRequest)
            #expect(try await client.get("/api/v1/warnings?sort=id", token: admin).0 == .badRequest)
            #expect(try await client.get("/api/v1/warnings/abc", token: admin).0 == .badRequest)
            #expect(try await client.get("/api/v1/warnings/999999", token: admin).0 == .notFound)
            let trail = try await client.get("/api/v1/audit?limit=50", token: admin)
            let logged = (trail.1["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(logged.contains("warning.dispatch") && logged.contains("dispatch.reported") && logged.contains("warning.status"))
        }
    }

    /// A photo taken on site before any case exists: uploaded with the dispatch and the position,
    /// listed on the warning, read with a purpose; bad parameters refused.
    static func fieldEvidenceSteps(_ client: any TestClientProtocol, warningID: Int, token: String) async throws {
        func upload(_ query: String, _ bytes: [UInt8]) async throws -> (HTTPResponse.Status, [String: Any]) {
            try await client.execute(uri: "/api/v1/warnings/\(warningID)/evidence?\(query)", method: .post,
                                     headers: [.authorization: "Bearer \(token)", .contentType: "image/jpeg"], body: ByteBuffer(bytes: bytes)) { response in
                (response.status, (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:])
            }
        }
        let photo = Array("photo taken on site".utf8)
        #expect(try await upload("kind=photo&filename=a.jpg&lat=36.7", photo).0 == .badRequest, "lat without lon")
        #expect(try await upload("kind=photo&filename=a.jpg&lat=north&lon=119", photo).0 == .badRequest)
        #expect(try await upload("kind=photo&filename=a.jpg&dispatch=999999", photo).0 == .badRequest, "not a dispatch of this warning")
        #expect(try await upload("kind=photo&filename=a.jpg&colour=red", photo).0 == .badRequest, "unknown parameter")
        #expect(try await upload("kind=selfie&filename=a.jpg", photo).0 == .badRequest)
        let stored = try await upload("kind=photo&filename=%E7%8E%B0%E5%9C%BA.jpg&lat=36.70612&lon=119.16101", photo)
        #expect(stored.0 == .created && stored.1["filename"] as? String == "现场.jpg" && stored.1["lat"] as? Double == 36.70612)
        let itemID = try #require(stored.1["id"] as? Int)
        let detail = try await client.get("/api/v1/warnings/\(warningID)", token: token)
        #expect((detail.1["field_evidence"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [itemID])
        #expect(try await client.get("/api/v1/field-evidence/\(itemID)", token: token).0 == .badRequest, "reading needs a purpose")
        let content = try await client.execute(uri: "/api/v1/field-evidence/\(itemID)?purpose=%E5%A4%8D%E6%A0%B8", method: .get,
                                               headers: [.authorization: "Bearer \(token)"]) { Array($0.body.readableBytesView) }
        #expect(content == photo)
    }

    /// Case → evidence → transfer to the police → accepted → closed, through the API.
    static func caseSteps(_ client: any TestClientProtocol, store: Store, warningID: Int, token: String) async throws {
        let bad = try await BadInputTests.post(client, "/api/v1/warnings/\(warningID)/case", #"{"kind":"赌博","summary":"x"}"#, token: token)
        #expect(bad.0 == .badRequest && errorCode(bad.1) == "request.invalid_field")
        let opened = try await BadInputTests.post(client, "/api/v1/warnings/\(warningID)/case",
                                                  #"{"kind":"非法经营","summary":"查获无来源卷烟 1200 条","sticks":240000,"value_yuan":96000}"#, token: token)
        #expect(opened.0 == .created)
        let found = try #require(opened.1["case"] as? [String: Any])
        let caseNo = try #require(found["case_no"] as? String)
        #expect(found["status"] as? String == "立案")
        #expect((opened.1["thresholds"] as? [String: Any])?["reached"] as? String == "serious")
        #expect(try await BadInputTests.post(client, "/api/v1/warnings/\(warningID)/case", #"{"kind":"非法经营","summary":"again"}"#, token: token).0 == .conflict)

        #expect((opened.1["tasks"] as? [[String: Any]])?.count == 5, "the 非法经营 template")
        #expect(try await BadInputTests.post(client, "/api/v1/cases/\(caseNo)/tasks", #"{"title":""}"#, token: token).0 == .badRequest)
        let task = try await BadInputTests.post(client, "/api/v1/cases/\(caseNo)/tasks", #"{"title":"调取监控","due_days":2}"#, token: token)
        #expect(task.0 == .created)
        let taskID = try #require(task.1["id"] as? Int)
        #expect(try await BadInputTests.post(client, "/api/v1/tasks/\(taskID)", #"{"done":"yes"}"#, token: token).0 == .badRequest)
        #expect(try await BadInputTests.post(client, "/api/v1/tasks/\(taskID)", #"{"done":true}"#, token: token).1["done"] as? Bool == true)
        #expect(try await BadInputTests.post(client, "/api/v1/cases/\(caseNo)/evidence/camera-package", #"{"plate":"陕A12345"}"#, token: token).0 == .notFound)
        #expect(try await BadInputTests.post(client, "/api/v1/cases/\(caseNo)/evidence/camera-package", #"{"plate":"x","from":"soon"}"#, token: token).0 == .badRequest)
        let photo = Array("stockroom photo bytes".utf8)
        let uploaded = try await client.execute(
            uri: "/api/v1/cases/\(caseNo)/evidence?kind=photo&filename=%E5%BA%93%E6%88%BF.jpg", method: .post,
            headers: [.authorization: "Bearer \(token)", .contentType: "image/jpeg"], body: ByteBuffer(bytes: photo)
        ) { response in (response.status, (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:]) }
        #expect(uploaded.0 == .created && uploaded.1["filename"] as? String == "库房.jpg")
        let evidenceID = try #require(uploaded.1["id"] as? Int)
        let huge = try await client.execute(
            uri: "/api/v1/cases/\(caseNo)/evidence?kind=photo&filename=big.bin", method: .post,
            headers: [.authorization: "Bearer \(token)"], body: ByteBuffer(repeating: 7, count: Store.maxEvidenceBytes + 1)) { $0.status }
        #expect(huge == .contentTooLarge)
        #expect(try await client.get("/api/v1/evidence/\(evidenceID)", token: token).0 == .badRequest, "reading evidence needs a purpose")
        let content = try await client.execute(uri: "/api/v1/evidence/\(evidenceID)?purpose=%E5%AE%A1%E6%A0%B8", method: .get,
                                               headers: [.authorization: "Bearer \(token)"]) { response in
            (Array(response.body.readableBytesView), response.headers[HTTPField.Name("X-Content-SHA256")!])
        }
        #expect(content.0 == photo && content.1 == uploaded.1["sha256"] as? String)
        let custody = try await client.get("/api/v1/evidence/\(evidenceID)/custody", token: token)
        #expect((custody.1["items"] as? [[String: Any]])?.compactMap { $0["action"] as? String } == ["added", "viewed"])

        let transfer = try await BadInputTests.post(client, "/api/v1/cases/\(caseNo)/transfers",
                                                    #"{"to_department":"police","reason":"案值超过 5 万元"}"#, token: token)
        #expect(transfer.0 == .created)
        let transferID = try #require(transfer.1["id"] as? Int)
        #expect(try await BadInputTests.post(client, "/api/v1/transfers/\(transferID)", #"{"decision":"accept"}"#, token: token).0 == .forbidden,
                "the sending department cannot accept its own transfer")
        var policy = SecurityPolicy()
        policy.passwordIterations = 1_000
        try await store.createUser(username: "police.wf", displayName: "潍城公安", password: TestApp.password, role: .liaison,
                                       department: .police, jurisdiction: try Jurisdiction(validating: "3707"), policy: policy)
        let police = try await client.login("police.wf")
        let incoming = try await client.get("/api/v1/transfers", token: police)
        #expect((incoming.1["items"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [transferID])
        let seen = try await client.get("/api/v1/cases/\(caseNo)", token: police)
        #expect(seen.1["masked"] as? Bool == true, "the receiving liaison sees the case masked")
        #expect(try await BadInputTests.post(client, "/api/v1/transfers/\(transferID)", #"{"decision":"maybe"}"#, token: police).0 == .badRequest)
        #expect(try await BadInputTests.post(client, "/api/v1/transfers/\(transferID)", #"{"decision":"accept","note":"接收"}"#, token: police).0 == .ok)
        let closed = try await BadInputTests.post(client, "/api/v1/cases/\(caseNo)/status", #"{"to":"结案","note":"判决生效"}"#, token: police)
        #expect(closed.0 == .ok && (closed.1["case"] as? [String: Any])?["status"] as? String == "结案")
        let actions = (closed.1["events"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
        #expect(actions == ["opened", "evidence", "task", "task_done", "evidence", "transfer_requested", "transfer_accepted", "status"],
                "the field photo came in with the case")
    }

    @Test("A unit reports its status and position; the previous values are kept; bad input and other jurisdictions refused")
    func unitUpdate() async throws {
        let app = try await TestApp.make()
        try await Self.seed(app.store)
        let store = app.store
        try await app.test { client in
            let analyst = try await client.login("analyst")
            let resting = try await BadInputTests.post(client, "/api/v1/units/WF-T1", #"{"status":"休整","lat":36.73,"lon":119.12}"#, token: analyst)
            #expect(resting.0 == .ok && resting.1["status"] as? String == "休整" && resting.1["available"] as? Bool == false)
            #expect(resting.1["lat"] as? Double == 36.73)
            let kept = try await store.db.query("SELECT data FROM record_versions WHERE table_name = 'units' AND record_id = 'WF-T1'")
            #expect(kept.count == 1 && (kept.first?["data"].text ?? "").contains("空闲"), "the imported values are kept")
            #expect(try await BadInputTests.post(client, "/api/v1/units/WF-T1", #"{"status":"sleeping"}"#, token: analyst).0 == .badRequest)
            #expect(try await BadInputTests.post(client, "/api/v1/units/WF-T1", #"{"lat":36.7}"#, token: analyst).0 == .badRequest)
            #expect(try await BadInputTests.post(client, "/api/v1/units/WF-T1", #"{"lat":136.7,"lon":119}"#, token: analyst).0 == .badRequest)
            #expect(try await BadInputTests.post(client, "/api/v1/units/WF-T1", "{}", token: analyst).0 == .badRequest)
            #expect(try await BadInputTests.post(client, "/api/v1/units/NOPE", #"{"status":"空闲"}"#, token: analyst).0 == .notFound)
            let xian = try await client.login("xian")
            #expect(try await BadInputTests.post(client, "/api/v1/units/WF-T1", #"{"status":"空闲"}"#, token: xian).0 == .notFound)
            let back = try await BadInputTests.post(client, "/api/v1/units/WF-T1", #"{"status":"空闲"}"#, token: analyst)
            #expect(back.1["available"] as? Bool == true && back.1["lat"] as? Double == 36.73, "status alone keeps the position")
        }
    }

    @Test("Assistance between jurisdictions: sent, seen by the addressed side only, answered; bad input refused")
    func assistance() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let weifang = try await client.login("analyst")
            #expect(try await BadInputTests.post(client, "/api/v1/assistance",
                #"{"to_adcode":"610000","kind":"teleport","subject":"x","details":"y"}"#, token: weifang).0 == .badRequest)
            #expect(try await BadInputTests.post(client, "/api/v1/assistance",
                #"{"to_adcode":"61","kind":"verify_address","subject":"x","details":"y"}"#, token: weifang).0 == .badRequest)
            let sent = try await BadInputTests.post(client, "/api/v1/assistance",
                #"{"to_adcode":"610000","kind":"verify_address","subject":"核实收件地址","details":"西安市雁塔区长安南路 1 号是否为仓库","due_days":2}"#, token: weifang)
            #expect(sent.0 == .created && sent.1["sent"] as? Int == 1)
            let xian = try await client.login("xian")
            let incoming = try await client.get("/api/v1/assistance", token: xian)
            let items = try #require(incoming.1["items"] as? [[String: Any]])
            #expect(items.count == 1 && items[0]["from_adcode"] as? String == "370700")
            #expect(try await client.get("/api/v1/assistance", token: weifang).1["items"] as? [Any] != nil)
            #expect((try await client.get("/api/v1/assistance", token: weifang).1["items"] as? [Any])?.isEmpty == true)
            #expect((try await client.get("/api/v1/assistance?direction=outgoing", token: weifang).1["items"] as? [Any])?.count == 1)
            let id = try #require(items[0]["id"] as? Int)
            #expect(try await BadInputTests.post(client, "/api/v1/assistance/\(id)", #"{"to":"done"}"#, token: weifang).0 == .forbidden)
            let done = try await BadInputTests.post(client, "/api/v1/assistance/\(id)", #"{"to":"done","answer":"该址为小区住宅"}"#, token: xian)
            #expect(done.0 == .ok && done.1["status"] as? String == "done")
        }
    }
}
