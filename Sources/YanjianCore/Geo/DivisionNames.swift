/// Short forms of division names as people write them in addresses: `陕西` for `陕西省`, `西安` for
/// `西安市`, `雁塔` for `雁塔区`, `广西` for `广西壮族自治区`, `延边` for `延边朝鲜族自治州`.
enum DivisionNames {
    /// Suffixes removed per level, longest first.
    static let provinceSuffixes = ["特别行政区", "自治区", "省", "市"]
    static let citySuffixes = ["自治州", "地区", "新区", "盟", "市"]
    static let districtSuffixes = ["自治县", "自治旗", "林区", "特区", "新区", "区", "县", "市", "旗"]

    /// The 55 minority nationalities' names (without 族), removed from the end of autonomous
    /// units' names after the 自治X suffix.
    static let ethnicGroups = [
        "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼",
        "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土",
        "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克",
        "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
    ]

    /// Short forms of `name` (at least two characters), excluding the name itself.
    static func shortForms(of name: String, level: AdminDivision.Level) -> [String] {
        let suffixes: [String]
        switch level {
        case .province: suffixes = provinceSuffixes
        case .city: suffixes = citySuffixes
        case .district: suffixes = districtSuffixes
        }
        var forms: [String] = []
        for suffix in suffixes where name.hasSuffix(suffix) {
            var stem = String(name.dropLast(suffix.count))
            let autonomous = suffix.hasPrefix("自治") || level == .province
            if autonomous { stem = stripEthnic(stem) }
            if stem.count >= 2 && stem != name { forms.append(stem) }
            break
        }
        return forms
    }

    /// Removes trailing `<nationality>族` (and `维吾尔` without 族) repeatedly.
    static func stripEthnic(_ stem: String) -> String {
        var current = stem
        var changed = true
        while changed {
            changed = false
            if current.hasSuffix("各族") {
                current = String(current.dropLast(2))
                changed = true
                continue
            }
            for group in ethnicGroups {
                let withZu = group + "族"
                if current.hasSuffix(withZu) && current.count > withZu.count {
                    current = String(current.dropLast(withZu.count))
                    changed = true
                    break
                }
                if group == "维吾尔" && current.hasSuffix(group) && current.count > group.count {
                    current = String(current.dropLast(group.count))
                    changed = true
                    break
                }
            }
        }
        return current
    }
}
