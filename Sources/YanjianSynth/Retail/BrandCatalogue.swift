/// One cigarette product as ordered and sold: specification name, product code, guide retail price
/// per carton and the wholesale price the tobacco company charges retailers (domain-facts §6).
struct Brand: Sendable {
    /// The specification name written in `brand` (`中华(硬)`).
    let name: String
    let nameBytes: [UInt8]
    /// A 13-digit barcode-style product code with a valid EAN-13 check digit.
    let productCode: String
    /// Guide retail price per carton, in fen.
    let retailFenPerCarton: Int64
    /// Wholesale price per carton, in fen (about 13 % below retail).
    let wholesaleFenPerCarton: Int64
    /// A premium product (中华, 玉溪, high 黄鹤楼 lines…): the target of brand-mix shifts.
    let premium: Bool
    /// Whether the company sets a per-cycle quota for it.
    let quota: Bool
    /// The province code (`37`, `61`) where it is the local brand, or 0.
    let homeProvince: Int
    /// Base popularity.
    let popularity: Double
}

/// The products the synthetic tobacco company sells.
enum BrandCatalogue {
    /// (name, retail yuan per carton, premium, quota, home province, popularity)
    private static let table: [(String, Int, Bool, Bool, Int, Double)] = [
        ("中华(硬)", 450, true, true, 0, 5),
        ("中华(软)", 700, true, true, 0, 1.5),
        ("玉溪(软)", 230, true, true, 0, 5),
        ("玉溪(硬)", 200, false, false, 0, 3),
        ("黄鹤楼(软蓝)", 190, false, false, 0, 3),
        ("黄鹤楼(1916)", 1000, true, true, 0, 0.6),
        ("芙蓉王(硬)", 250, false, false, 0, 4),
        ("利群(新版)", 140, false, false, 0, 5),
        ("利群(软红长嘴)", 200, false, false, 0, 2),
        ("云烟(紫)", 110, false, false, 0, 5),
        ("云烟(软珍品)", 230, false, false, 0, 2),
        ("南京(炫赫门)", 170, false, false, 0, 4),
        ("南京(红)", 120, false, false, 0, 3),
        ("好猫(长乐)", 150, false, false, 61, 1),
        ("好猫(金丝猴)", 100, false, false, 61, 1),
        ("泰山(红将军)", 120, false, false, 37, 1),
        ("泰山(心悦)", 180, false, false, 37, 1),
        ("泰山(华贵)", 400, true, true, 37, 0.3),
        ("红塔山(硬经典)", 90, false, false, 0, 4),
        ("白沙(硬)", 100, false, false, 0, 3),
        ("白沙(和天下)", 1000, true, true, 0, 0.3),
        ("双喜(硬)", 100, false, false, 0, 2),
        ("七匹狼(红)", 160, false, false, 0, 2),
    ]

    /// All products, in a fixed order.
    static let all: [Brand] = table.enumerated().map { index, entry in
        let retail = Int64(entry.1) * 100
        // Wholesale ≈ 87 % of retail, rounded to whole yuan (domain-facts §6: 10–15 % below retail).
        let wholesale = (retail * 87 / 100 + 50) / 100 * 100
        return Brand(
            name: entry.0,
            nameBytes: Array(entry.0.utf8),
            productCode: productCode(index),
            retailFenPerCarton: retail,
            wholesaleFenPerCarton: wholesale,
            premium: entry.2,
            quota: entry.3,
            homeProvince: entry.4,
            popularity: entry.5
        )
    }

    /// The most popular product without a quota (where shops moving stock put what quotas deny them).
    static let mostPopularUnrestricted: Int = all.indices.filter { !all[$0].quota && all[$0].homeProvince == 0 }
        .max { all[$0].popularity < all[$1].popularity } ?? 0

    /// Indices of the premium products.
    static let premiumIndices: [Int] = all.indices.filter { all[$0].premium }

    /// Popularity of each product for shops in `provinceCode` (local brands ×8 at home).
    static func popularity(inProvince provinceCode: Int) -> [Double] {
        all.map { brand in
            if brand.homeProvince == 0 { return brand.popularity }
            return brand.homeProvince == provinceCode ? brand.popularity * 8 : brand.popularity * 0.1
        }
    }

    /// `69010` + 7 digits + EAN-13 check digit.
    static func productCode(_ index: Int) -> String {
        let body = "69010" + String(String(2_810_000 + index * 7_393).suffix(7))
        var sum = 0
        for (position, character) in body.enumerated() {
            let digit = Int(character.asciiValue ?? 48) - 48
            sum += position % 2 == 0 ? digit : digit * 3
        }
        return body + String((10 - sum % 10) % 10)
    }
}
