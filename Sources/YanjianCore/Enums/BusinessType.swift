/// Kind of retail business on a licence (`business_type`).
public enum BusinessType: String, DomainCode {
    /// 便利店 convenience store.
    case convenienceStore = "便利店"
    /// 超市 supermarket.
    case supermarket = "超市"
    /// 烟酒店 tobacco and liquor shop.
    case tobaccoLiquorShop = "烟酒店"
    /// 食杂店 grocery.
    case grocery = "食杂店"
    /// 娱乐场所 entertainment venue.
    case entertainmentVenue = "娱乐场所"
    /// 其他 other.
    case other = "其他"

    public init(from decoder: any Decoder) throws { self = try Self.decodeCode(from: decoder) }
}
