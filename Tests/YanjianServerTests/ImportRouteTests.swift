import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import YanjianCore
import YanjianServer
import YanjianStore
import YanjianTesting

@Suite("Uploading an interchange file through the API: imported as one batch, bad rows listed, good rows kept")
struct ImportRouteTests {
    @Test("Two good shops and one without a name: 201 with the report; unknown names, empty bodies and other roles refused")
    func upload() async throws {
        let app = try await TestApp.make()
        let store = app.store
        try await app.test { client in
            let admin = try await client.login("admin")
            let csv = """
            licence_no,name,owner_name,owner_id_no,phone,address,adcode,lat,lon,business_type,status,issued_on,expires_on,credit_code,accounts
            370702000101,新华便利店,赵一,,138 0000 0101,山东省潍坊市潍城区新华路1号,370702,36.71,119.10,便利店,有效,2024-01-01,,,
            370702000102,东风超市,钱二,,13800000102,山东省潍坊市潍城区东风街2号,370702,36.72,119.11,超市,有效,2024-01-01,,,
            370702000103,,孙三,,13800000103,山东省潍坊市潍城区3号,370702,36.73,119.12,超市,有效,2024-01-01,,,

            """
            func upload(_ query: String, _ body: String, token: String) async throws -> (HTTPResponse.Status, [String: Any]) {
                try await client.execute(uri: "/api/v1/imports?\(query)", method: .post,
                                         headers: [.authorization: "Bearer \(token)", .contentType: "text/csv"], body: ByteBuffer(string: body)) { response in
                    (response.status, (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:])
                }
            }
            let (status, report) = try await upload("file=retailers.csv", csv, token: admin)
            #expect(status == .created)
            let files = try #require(report["files"] as? [[String: Any]], "\(report)")
            #expect(files.first?["accepted"] as? Int == 2 && files.first?["rejected"] as? Int == 1, "\(report)")
            let reject = try #require((report["rejects"] as? [[String: Any]])?.first)
            #expect(reject["line"] as? Int == 4 && reject["field"] as? String == "name")
            #expect(try await store.db.scalarInt("SELECT COUNT(*) FROM retailers WHERE licence_no LIKE '3707020001%'") == 2, "good rows kept")
            #expect(try await store.db.queryOne("SELECT phone FROM retailers WHERE licence_no = '370702000101'")?["phone"].text == "13800000101",
                    "the phone is standardised")
            let batches = try await client.get("/api/v1/imports", token: admin)
            #expect((batches.1["items"] as? [[String: Any]])?.first?["source"] as? String == "upload:admin")

            #expect(try await upload("file=shops.csv", csv, token: admin).0 == .badRequest)
            #expect(try await upload("file=retailers.csv", "", token: admin).0 == .badRequest)
            #expect(try await upload("file=retailers.csv&colour=red", csv, token: admin).0 == .badRequest)
            let auditor = try await client.login("auditor")
            #expect(try await upload("file=retailers.csv", csv, token: auditor).0 == .forbidden)

            // A second delivery changes one shop's phone: the record's history keeps the first version.
            let changed = csv.replacingOccurrences(of: "138 0000 0101", with: "13911110101")
            #expect(try await upload("file=retailers.csv", changed, token: admin).0 == .created)
            let (historyStatus, history) = try await client.get("/api/v1/records/retailers/370702000101/history", token: admin)
            #expect(historyStatus == .ok)
            let versions = try #require(history["items"] as? [[String: Any]], "\(history)")
            #expect(versions.count == 1)
            let old = try #require(versions.first?["record"] as? [String: Any])
            #expect(old["name"] as? String == "新华便利店" && old["licence_no"] as? String == "370702000101")
            let phone = try #require(old["phone"] as? String)
            #expect(phone != "13800000101" && phone.contains("*"), "masked like the record: \(phone)")
            #expect((versions.first?["replaced_by"] as? Int).map { $0 > (versions.first?["batch_id"] as? Int ?? .max) } == true)
            #expect(try await client.get("/api/v1/records/retailers/370702000102/history", token: admin).1["items"] as? [Any] != nil)
            #expect(try await client.get("/api/v1/records/retailers/999999999999/history", token: admin).0 == .notFound)
        }
    }
}
