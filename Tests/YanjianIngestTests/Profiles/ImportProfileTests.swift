import Foundation
import Logging
import Testing
import YanjianCore
import YanjianIngest
import YanjianStore
import YanjianTesting

@Suite("Mapping profiles: a source's own file names and Chinese headers read as the interchange format")
struct ImportProfileTests {
    static let courierExport = """
        运单号,快递公司,寄件人姓名,寄件人电话,寄件地址,收件人,收件人电话,收件地址,内件品名,件数,重量(kg),揽收时间,揽收网点,备注
        SF1000000001,顺丰,王五,138 1234 5678,陕西省西安市雁塔区科技路3号,赵六,13900001111,山东省潍坊市潍城区胜利街2号,茶叶,2,12.5,2026-03-01 21:15:00,西安雁塔网点,
        SF1000000002,顺丰,王五,13812345678,陕西省西安市雁塔区科技路3号,钱七,,广东省广州市天河区体育西路1号,日用品,1,8.0,2026/3/2 9:00,西安雁塔网点,加急

        """

    @Test("With the zh profile a courier's export (运单导出.csv, 运单号, 寄件人电话 …) loads as waybills; without it the file is skipped",
          arguments: StoreKind.allCases)
    func courierExport(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yanjian-profile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(Self.courierExport.utf8).write(to: folder.appendingPathComponent("运单导出2026-03.csv"))
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        var logger = Logger(label: "yanjian.test.profile")
        logger.logLevel = .warning

        let plain = try await Importer(store: store, logger: logger, source: "plain", actor: "t").run(paths: [folder])
        #expect(plain.accepted == 0 && plain.warnings.contains { $0.file == "运单导出2026-03.csv" && $0.reason.contains("skipped") })

        var options = ImportOptions()
        options.profile = try ImportProfile.load("zh")
        let report = try await Importer(store: store, logger: logger, source: "sf", actor: "t", options: options).run(paths: [folder])
        #expect(report.files.map(\.file) == ["运单导出2026-03.csv"] && report.accepted == 2 && report.rejected == 0)
        let row = try #require(try await store.db.queryOne("SELECT sender_phone, weight_kg, origin_outlet FROM waybills WHERE waybill_no = 'SF1000000001'"))
        #expect(row["sender_phone"].text == "13812345678" && row["weight_kg"].double == 12.5 && row["origin_outlet"].text == "西安雁塔网点")
    }

    @Test("Profile files are checked: targets must be interchange files and their fields")
    func validation() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yanjian-profile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.json")
        try Data(#"{"name":"sf","files":{"顺丰*":"waybills.csv"},"columns":{"waybills.csv":{"单号":"waybill_no"}}}"#.utf8).write(to: good)
        let profile = try ImportProfile.load(good.path)
        #expect(profile.target(forFileName: "顺丰0301.CSV")?.name == "waybills.csv" && profile.target(forFileName: "申通.csv") == nil)
        for bad in [#"{"name":"x","files":{"a.csv":"shops.csv"},"columns":{}}"#,
                    #"{"name":"x","files":{},"columns":{"waybills.csv":{"单号":"parcel_no"}}}"#, "not json"] {
            let path = folder.appendingPathComponent("bad.json")
            try Data(bad.utf8).write(to: path)
            #expect(throws: ImportProfile.Invalid.self) { _ = try ImportProfile.load(path.path) }
        }
        #expect(throws: ImportProfile.Invalid.self) { _ = try ImportProfile.load("no-such-profile") }
        #expect(try ImportProfile.chineseHeaders.validated() == ImportProfile.chineseHeaders, "the built-in profile names real fields")
    }

    static let codedExport = """
        运单编号,公司代码,寄件手机,收件手机,收件地址,品名,件数,计费重量,收寄时间,安检疑似,是否查扣
        ZT2026030100001, zto ,13812345678,13900001111,山东省潍坊市潍城区胜利街2号,茶叶,1,1.2,2026-03-01 21:15:00,Y,N
        ZT2026030100002,XYZ,13812345678,13900001112,山东省潍坊市潍城区胜利街3号,茶叶,1,1.1,2026-03-01 21:20:00,否,是

        """

    @Test("The YAML profile in docs/profiles maps a courier's headers and its own codes; an unmapped code is still a reject",
          arguments: StoreKind.allCases)
    func yamlProfileWithValues(kind: StoreKind) async throws {
        guard TestDatabases.available(kind) else { return }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let profile = try ImportProfile.load(root.appendingPathComponent("docs/profiles/courier-export.yaml").path)
        #expect(profile.name == "courier-export" && profile.values?["waybills.csv"]?["courier"]?["ZTO"] == "中通")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yanjian-profile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(Self.codedExport.utf8).write(to: folder.appendingPathComponent("运单明细0301.csv"))
        let (store, cleanup) = try await TestDatabases.open(kind)
        defer { Task { await cleanup() } }
        var options = ImportOptions()
        options.profile = profile
        var logger = Logger(label: "yanjian.test.profile")
        logger.logLevel = .warning
        let report = try await Importer(store: store, logger: logger, source: "zto", actor: "t", options: options).run(paths: [folder])
        #expect(report.accepted == 1 && report.rejected == 1)
        #expect(report.rejects.first?.field == "courier" && report.rejects.first?.line == 3, "XYZ is no courier: rejected with its line")
        let row = try #require(try await store.db.queryOne("SELECT courier, xray_suspect, seized FROM waybills WHERE waybill_no = 'ZT2026030100001'"))
        #expect(row["courier"].text == "中通" && row["xray_suspect"].int == 1 && row["seized"].int == 0, "codes mapped, case and spaces aside")
    }

    @Test("A YAML profile with a mistake is refused with where the mistake is")
    func yamlValidation() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yanjian-profile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (bad, words) in [("name: x\nfiles: {}\ncolumns: {}\nvalues: {waybills.csv: {parcel: {A: B}}}\n", "not a field of waybills.csv"),
                             ("name: x\nfiles: {}\n", "columns"), ("name: [unclosed\n", "YAML")] {
            let path = folder.appendingPathComponent("bad.yaml")
            try Data(bad.utf8).write(to: path)
            #expect(throws: ImportProfile.Invalid.self) { _ = try ImportProfile.load(path.path) }
            do { _ = try ImportProfile.load(path.path) } catch { #expect("\(error)".contains(words), "\(error)") }
        }
    }
}
