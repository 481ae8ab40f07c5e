import Testing
import YanjianCore

@Suite("PlatePrefixes")
struct PlatePrefixesTests {
    @Test("The bundled table loads 406 prefixes covering all 31 province characters")
    func loads() throws {
        let table = try PlatePrefixes.load()
        #expect(table.all.count == 406)
        #expect(PlatePrefixes.provinceCharacters.count == 31)
        #expect(Set(table.all.compactMap(\.prefix.first)) == Set(PlatePrefixes.provinceCharacters))
        #expect(PlatePrefixes.provinceCodes.count == 31)
    }

    @Test("Prefixes resolve to their city", arguments: [
        ("陕A", "西安市", "610100"), ("陕V", "咸阳市", "610400"), ("鲁G", "潍坊市", "370700"), ("鲁V", "潍坊市", "370700"),
        ("京A", "北京市", "110100"), ("豫U", "省直辖县级行政区划", "419001"),
    ])
    func lookups(_ prefix: String, _ city: String, _ adcode: String) throws {
        let row = try #require(PlatePrefixes.shared.lookup(prefix: prefix))
        #expect(row.adcode == adcode)
        if !city.hasPrefix("省直辖") { #expect(row.city == city) }
    }

    @Test("Every prefix's adcode is in the division table and its province code matches")
    func consistent() {
        for row in PlatePrefixes.shared.all {
            #expect(AdminDivisions.shared[adcode: row.adcode] != nil, "\(row.prefix)")
            if let first = row.prefix.first { #expect(row.adcode.hasPrefix(PlatePrefixes.provinceCodes[first] ?? "?")) }
        }
    }

    @Test("Unknown prefixes fall back only for municipalities")
    func fallback() {
        #expect(PlatePrefixes.shared.lookup(prefix: "陕Z") == nil)
        #expect(PlatePrefixes.shared.bestMatch(prefix: "陕Z") == nil)
        #expect(PlatePrefixes.shared.bestMatch(prefix: "京Z")?.adcode == "110100")
        #expect(PlatePrefixes.shared.bestMatch(prefix: "陕A")?.city == "西安市")
    }
}
