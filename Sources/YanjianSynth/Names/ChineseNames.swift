import YanjianCore

/// Chinese personal names drawn from real frequencies: the ~100 commonest surnames with their
/// approximate shares of the population (per mille, after the 2020 census tables), and a few hundred
/// given-name characters by sex, ranked by popularity.
struct ChineseNames: Sendable {
    /// Surnames and their share of the population (‰).
    static let surnames: [(String, Double)] = [
        ("王", 71), ("李", 70), ("张", 64), ("刘", 54), ("陈", 46), ("杨", 31), ("黄", 23), ("赵", 22),
        ("吴", 20), ("周", 19), ("徐", 15), ("孙", 15), ("马", 14), ("朱", 13), ("胡", 13), ("郭", 12),
        ("何", 12), ("林", 11), ("高", 11), ("罗", 11), ("郑", 10), ("梁", 9), ("谢", 8), ("宋", 8),
        ("唐", 8), ("许", 7), ("韩", 7), ("冯", 7), ("邓", 7), ("曹", 7), ("彭", 6), ("曾", 6),
        ("肖", 6), ("田", 6), ("董", 5), ("袁", 5), ("潘", 5), ("于", 5), ("蒋", 5), ("蔡", 5),
        ("余", 5), ("杜", 5), ("叶", 5), ("程", 5), ("苏", 4), ("魏", 4), ("吕", 4), ("丁", 4),
        ("任", 4), ("沈", 4), ("姚", 4), ("卢", 4), ("姜", 4), ("崔", 4), ("钟", 4), ("谭", 3),
        ("陆", 3), ("汪", 3), ("范", 3), ("金", 3), ("石", 3), ("廖", 3), ("贾", 3), ("夏", 3),
        ("韦", 3), ("付", 3), ("方", 3), ("白", 3), ("邹", 3), ("孟", 3), ("熊", 3), ("秦", 3),
        ("邱", 3), ("江", 3), ("尹", 3), ("薛", 3), ("闫", 2.5), ("段", 2.5), ("雷", 2.5), ("侯", 2.5),
        ("龙", 2.5), ("史", 2.5), ("陶", 2.2), ("黎", 2.2), ("贺", 2.2), ("顾", 2.2), ("毛", 2.2),
        ("郝", 2.2), ("龚", 2), ("邵", 2), ("万", 2), ("钱", 2), ("严", 2), ("覃", 2), ("武", 2),
        ("戴", 2), ("莫", 2), ("孔", 2), ("向", 2), ("汤", 2), ("常", 1.8), ("温", 1.7), ("康", 1.7),
        ("施", 1.6), ("文", 1.6), ("牛", 1.6), ("樊", 1.5), ("葛", 1.5), ("邢", 1.5), ("安", 1.4),
        ("齐", 1.3), ("易", 1.3), ("乔", 1.3), ("伍", 1.3), ("庞", 1.2), ("颜", 1.2), ("倪", 1.2),
        ("庄", 1.2), ("聂", 1.2), ("章", 1.2), ("鲁", 1.1), ("岳", 1.1), ("翟", 1.1), ("殷", 1.1),
        ("欧阳", 0.3), ("上官", 0.1), ("司马", 0.1), ("诸葛", 0.05),
    ]

    /// Given-name characters commonly chosen for boys, most popular first.
    static let maleCharacters: [String] = Array(
        "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳亮成建峰志新文国东海晨博天振永兵锋"
            + "彬鸣宏毅立庆胜春利昊轩子睿泽然铭瑞豪航诚坤晖进德福贵祥荣康乐松柏栋梁山川江河洋磊鹤翔鹏程"
            + "正义忠信仁智勤俭朋兴盛元恒远达彦峻霖煜晟哲皓铖钧骏逸嘉懿宸奕弘毅"
    ).map(String.init)

    /// Given-name characters commonly chosen for girls, most popular first.
    static let femaleCharacters: [String] = Array(
        "芳娜敏静丽艳娟霞秀玲燕婷雪慧琳红梅莉萍颖倩欣悦怡佳琪晶妍蕾璐瑶雯丹洁蓉薇晓月彤萱涵馨梦雅"
            + "琴兰英华凤云霜露桂珍玉淑惠贞爱美媛娇嫣蝶思语诗菲茜蓓芸莹琼璇婉娅柔姗钰婕楠妮姝笑岚琦"
            + "若冰清可晴宁静心如意佩君"
    ).map(String.init)

    let surnameTable: WeightedTable
    let surnameBytes: [[UInt8]]
    let maleTable: WeightedTable
    let femaleTable: WeightedTable
    let maleBytes: [[UInt8]]
    let femaleBytes: [[UInt8]]

    init() {
        surnameTable = WeightedTable(ChineseNames.surnames.map(\.1))
        surnameBytes = ChineseNames.surnames.map { Array($0.0.utf8) }
        maleTable = WeightedTable(zipfWeights(ChineseNames.maleCharacters.count, exponent: 0.8, offset: 4))
        femaleTable = WeightedTable(zipfWeights(ChineseNames.femaleCharacters.count, exponent: 0.8, offset: 4))
        maleBytes = ChineseNames.maleCharacters.map { Array($0.utf8) }
        femaleBytes = ChineseNames.femaleCharacters.map { Array($0.utf8) }
    }

    /// Appends a full name (surname + one or two given characters) as UTF-8.
    @inline(__always)
    func appendName(male: Bool, to buffer: inout [UInt8], rng: inout SplitMix64) {
        buffer.append(contentsOf: surnameBytes[surnameTable.sample(&rng)])
        let twoCharacters = rng.chance(0.78)
        if male {
            buffer.append(contentsOf: maleBytes[maleTable.sample(&rng)])
            if twoCharacters { buffer.append(contentsOf: maleBytes[maleTable.sample(&rng)]) }
        } else {
            buffer.append(contentsOf: femaleBytes[femaleTable.sample(&rng)])
            if twoCharacters { buffer.append(contentsOf: femaleBytes[femaleTable.sample(&rng)]) }
        }
    }

    /// A full name as a `String`.
    func name(male: Bool, rng: inout SplitMix64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(12)
        appendName(male: male, to: &bytes, rng: &rng)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A surname as a `String`.
    func surname(rng: inout SplitMix64) -> String {
        String(decoding: surnameBytes[surnameTable.sample(&rng)], as: UTF8.self)
    }
}
