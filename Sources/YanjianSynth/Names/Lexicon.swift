/// Words the generator composes into place names, shop names and parcel contents.
enum Lexicon {
    /// Road-name stems seen in most Chinese cities.
    static let roadStems: [String] = [
        "人民", "胜利", "东风", "健康", "和平", "解放", "建设", "文化", "中山", "长安", "幸福", "新华",
        "北海", "福寿", "鸢飞", "虞河", "宝通", "卧龙", "四平", "向阳", "光明", "友谊", "团结", "青年",
        "工业", "学院", "北京", "青岛", "济南", "长江", "黄河", "泰山", "金山", "银河", "朝阳", "振兴",
        "富强", "民主", "新村", "花园", "永安", "兴华", "安顺", "平安", "育才", "滨河", "沿河", "站前",
        "环城", "府前", "文昌", "丰华", "翠微", "玉泉", "凤凰", "东方", "世纪", "开元", "兴庆", "含光",
        "朱雀", "太白", "丈八", "科技", "创业", "高新", "锦绣", "清华", "西环", "东环", "南环", "北环",
        "利民", "惠民", "福州", "广州", "樱桃", "梨园", "桃园", "荣华", "兴盛", "万福", "新兴", "体育",
    ]

    /// Road-name suffixes.
    static let roadSuffixes: [String] = [
        "路", "路", "路", "街", "街", "大街", "大道", "东路", "西路", "南路", "北路", "东街", "西街",
    ]

    /// Residential compound suffixes.
    static let compoundSuffixes: [String] = ["小区", "花园", "家园", "苑", "新村", "公寓", "佳园", "名邸"]

    /// Words for the first part of a shop name.
    static let shopWords: [String] = [
        "鑫源", "福满", "惠民", "百家", "金鑫", "好又多", "利群", "万家", "佳佳", "顺发", "兴旺", "便民",
        "诚信", "乐购", "家家乐", "天天", "旺旺", "聚源", "宏发", "永盛", "福临门", "四季", "红星", "新世纪",
        "友谊", "金帝", "恒达", "嘉禾", "隆盛", "昌盛", "富源", "华联", "东方", "阳光", "平安", "吉祥",
    ]

    /// Shop-name endings by business type (便利店 超市 烟酒店 食杂店 娱乐场所 其他).
    static let shopEndings: [String: [String]] = [
        "便利店": ["便利店", "便利店", "便利超市", "24小时便利店"],
        "超市": ["超市", "购物中心", "生活超市", "连锁超市"],
        "烟酒店": ["烟酒店", "烟酒行", "名烟名酒", "烟酒商行"],
        "食杂店": ["食杂店", "副食店", "小卖部", "日杂店", "商店"],
        "娱乐场所": ["KTV", "网咖", "棋牌室", "台球厅", "量贩KTV"],
        "其他": ["宾馆", "加油站便利店", "茶叶店", "水果店", "报刊亭", "药店"],
    ]

    /// What ordinary parcels hold.
    static let itemDescriptions: [String] = [
        "服装", "衣物", "鞋", "日用品", "食品", "茶叶", "特产", "文件", "书籍", "化妆品", "电子产品",
        "手机配件", "玩具", "母婴用品", "家居用品", "水果", "药品", "汽车配件", "五金工具", "办公用品",
        "包", "饰品", "零食", "保健品", "床上用品",
    ]

    /// Popularity weights for ``itemDescriptions``.
    static let itemWeights: [Double] = [
        16, 8, 7, 9, 8, 2, 3, 5, 3, 5, 4, 4, 3, 3, 4, 3, 2, 2, 2, 2, 2, 2, 4, 1, 1,
    ]

    /// Typical parcel weight (median kg) per item description, same order.
    static let itemMedianKg: [Double] = [
        0.8, 0.8, 1.2, 1.5, 1.5, 0.6, 1.5, 0.2, 1.0, 0.5, 0.9, 0.3, 0.8, 2.0, 2.5, 3.0, 0.4, 1.5, 2.0,
        1.0, 0.7, 0.2, 1.0, 0.6, 3.0,
    ]

    /// Disguises gang parcels of cigarettes carry.
    static let disguises: [String] = ["茶叶", "特产", "衣物", "日用品"]

    /// Pickup-outlet kinds (揽收网点).
    static let outletKinds: [String] = ["营业部", "网点", "服务点", "驿站", "分部"]

    /// Channels a tip arrives through.
    static let tipChannels: [String] = ["12313热线", "微信公众号", "网站", "来信", "来访", "12345转办"]

    /// Payment channels.
    static let paymentChannels: [String] = ["银行转账", "微信转账", "支付宝转账", "手机银行", "ATM存款"]
}
