import Foundation
import Yams

/// A mapping profile: how one source's exports differ from the interchange format — its file names and
/// its column headers (e.g. 运单号, 寄件人电话, 过车时间, 号牌号码 in a courier's or a traffic system's
/// export). Given with `yanjian import --profile NAME|FILE.json` (and `?profile=` on upload); the
/// importer then reads those files as if they used the interchange names, and everything else —
/// cleaning, standard codes, rejects with line, field and reason — is unchanged.
///
/// A profile file is YAML (`.yaml`, `.yml`) or JSON, the same structure either way:
/// ```yaml
/// name: sf-export
/// files: {"顺丰运单导出*": waybills.csv}
/// columns:
///   waybills.csv: {运单号: waybill_no, 寄件人电话: sender_phone, 快递公司: courier}
/// values:
///   waybills.csv:
///     courier: {SF: 顺丰, ZTO: 中通}
/// ```
/// File keys may end in `*` (a prefix: `运单*` matches `运单2026-03.csv`). Headers and mapped values are
/// compared trimmed and lower-cased; a value a map does not name passes through unchanged (and is then
/// checked like any other). Every target must be an interchange file and one of its fields, checked on
/// load. See `docs/profiles/` for examples.
public struct ImportProfile: Sendable, Equatable, Codable {
    public var name: String
    public var description: String?
    /// Their file name (or prefix ending in `*`) → an interchange file name.
    public var files: [String: String]
    /// Per interchange file: their header → our field.
    public var columns: [String: [String: String]]
    /// Per interchange file and our field: their value → ours (their codes for a status, a courier…).
    public var values: [String: [String: [String: String]]]?

    public init(name: String, description: String? = nil, files: [String: String], columns: [String: [String: String]],
                values: [String: [String: [String: String]]]? = nil) {
        self.name = name
        self.description = description
        self.files = files
        self.columns = columns
        self.values = values
    }

    /// Why a profile cannot be used.
    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// The interchange file a delivered file name maps to, if the profile names it.
    public func target(forFileName name: String) -> InterchangeFile? {
        let lower = name.lowercased()
        if let exact = files.first(where: { $0.key.lowercased() == lower }) { return InterchangeFile.named(exact.value) }
        let prefixed = files.filter { $0.key.hasSuffix("*") && lower.hasPrefix($0.key.dropLast().lowercased()) }
            .max { $0.key.count < $1.key.count }
        return prefixed.flatMap { InterchangeFile.named($0.value) }
    }

    /// Their header → our field, for one interchange file, keys trimmed and lower-cased.
    public func aliases(for file: InterchangeFile) -> [String: String] {
        var result: [String: String] = [:]
        for (header, field) in columns[file.name] ?? [:] {
            result[header.trimmingCharacters(in: .whitespaces).lowercased()] = field
        }
        return result
    }

    /// Their value → ours, per descriptor column index of `file`, keys trimmed and lower-cased.
    public func valueMaps(for file: InterchangeFile) -> [Int: [String: String]] {
        var result: [Int: [String: String]] = [:]
        for (field, map) in values?[file.name] ?? [:] {
            guard let column = file.columns.firstIndex(where: { $0.field == field }) else { continue }
            var folded: [String: String] = [:]
            for (theirs, ours) in map { folded[Self.fold(theirs)] = ours }
            result[column] = folded
        }
        return result
    }

    /// A value as maps compare it: trimmed (also of full-width spaces) and lower-cased.
    static func fold(_ value: String) -> String {
        value.trimmingCharacters(in: [" ", "\t", "\u{3000}"]).lowercased()
    }

    /// Checks that every target is an interchange file and every column target one of its fields.
    public func validated() throws -> ImportProfile {
        for (fileName, fields) in values ?? [:] {
            guard let file = InterchangeFile.named(fileName) else {
                throw Invalid(description: "profile \(name): values for \(fileName), which is not an interchange file")
            }
            for field in fields.keys where !file.columns.contains(where: { $0.field == field }) {
                throw Invalid(description: "profile \(name): values for \(fileName) field \(field), which is not a field of \(fileName)")
            }
        }
        for (their, ours) in files where InterchangeFile.named(ours) == nil {
            throw Invalid(description: "profile \(name): file \(their) maps to \(ours), which is not an interchange file")
        }
        for (fileName, map) in columns {
            guard let file = InterchangeFile.named(fileName) else {
                throw Invalid(description: "profile \(name): columns for \(fileName), which is not an interchange file")
            }
            let fields = Set(file.columns.map(\.field)).union(["adcode"])
            for (header, field) in map where !fields.contains(field) {
                throw Invalid(description: "profile \(name): \(fileName) column \(header) maps to \(field), which is not a field of \(fileName)")
            }
        }
        return self
    }

    /// A built-in profile by name, or a YAML (`.yaml`, `.yml`) or JSON profile file at that path.
    public static func load(_ nameOrPath: String) throws -> ImportProfile {
        if let builtIn = builtIn[nameOrPath] { return builtIn }
        let url = URL(fileURLWithPath: nameOrPath)
        guard let data = try? Data(contentsOf: url) else {
            throw Invalid(description: "no built-in profile \(nameOrPath) (built in: \(builtIn.keys.sorted().joined(separator: ", "))) and no such file")
        }
        let yaml = ["yaml", "yml"].contains(url.pathExtension.lowercased())
        do {
            let profile = yaml ? try YAMLDecoder().decode(ImportProfile.self, from: data) : try JSONDecoder().decode(ImportProfile.self, from: data)
            return try profile.validated()
        } catch let error as Invalid {
            throw error
        } catch {
            throw Invalid(description: "profile \(nameOrPath) is not a valid profile \(yaml ? "YAML" : "JSON"): \(Self.explain(error))")
        }
    }

    /// A decoding error in words: what is wrong and where.
    static func explain(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "the key \(key.stringValue) is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context), DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            // Yams puts the line and column in the underlying error; the context only says "not valid YAML".
            if let cause = context.underlyingError { return "\(cause)".split(whereSeparator: \.isNewline).first.map(String.init) ?? "\(cause)" }
            return (path.isEmpty ? "" : "at \(path): ") + context.debugDescription
        default: return "\(error)"
        }
    }

    /// The profiles that ship with Yanjian.
    public static let builtIn: [String: ImportProfile] = ["zh": chineseHeaders]

    /// Exports with the Chinese headers typical of the tobacco company's, couriers', banks' and
    /// traffic systems' own tools (许可证号, 运单号, 寄件人电话, 收件人地址, 过车时间, 号牌号码 …).
    public static let chineseHeaders = ImportProfile(
        name: "zh", description: "常见中文表头（烟草、快递、银行、卡口系统导出）",
        files: [
            "零售户*": "retailers.csv", "许可证*": "retailers.csv", "订单*": "orders.csv", "订货*": "orders.csv",
            "终端销售*": "pos_sales.csv", "营业执照*": "business_registry.csv", "工商登记*": "business_registry.csv",
            "运单*": "waybills.csv", "快递*": "waybills.csv", "寄递*": "waybills.csv", "人员*": "persons.csv",
            "案件*": "cases.csv", "资金*": "payments.csv", "交易流水*": "payments.csv", "卡口*": "cameras.csv",
            "过车*": "plate_reads.csv", "中队*": "units.csv",
        ],
        columns: [
            "retailers.csv": [
                "许可证号": "licence_no", "许可证编号": "licence_no", "专卖许可证号": "licence_no", "店名": "name", "零售户名称": "name",
                "字号名称": "name", "经营者": "owner_name", "负责人": "owner_name", "经营者姓名": "owner_name", "身份证号": "owner_id_no",
                "经营者身份证号": "owner_id_no", "联系电话": "phone", "电话": "phone", "手机号": "phone", "经营地址": "address",
                "经营场所": "address", "地址": "address", "行政区划代码": "adcode", "区划代码": "adcode", "纬度": "lat", "经度": "lon",
                "业态": "business_type", "经营业态": "business_type", "状态": "status", "许可证状态": "status", "发证日期": "issued_on",
                "有效期至": "expires_on", "统一社会信用代码": "credit_code", "银行账号": "accounts", "收款账户": "accounts",
            ],
            "orders.csv": [
                "订单号": "order_id", "订单编号": "order_id", "许可证号": "licence_no", "订货日期": "order_date", "订单日期": "order_date",
                "品规": "brand", "卷烟品规": "brand", "品牌": "brand", "商品编码": "product_code", "卷烟编码": "product_code",
                "订货量": "cartons", "订货量(条)": "cartons", "数量(条)": "cartons", "单价": "unit_price", "批发价": "unit_price",
                "金额": "amount", "订货金额": "amount", "退货量": "returned_cartons", "限量": "quota_cartons", "配额": "quota_cartons",
            ],
            "pos_sales.csv": [
                "流水号": "sale_id", "销售流水号": "sale_id", "许可证号": "licence_no", "销售时间": "ts", "品规": "brand", "卷烟品规": "brand",
                "数量(包)": "packs", "销量(包)": "packs", "金额": "amount", "销售金额": "amount",
            ],
            "business_registry.csv": [
                "统一社会信用代码": "credit_code", "企业名称": "name", "名称": "name", "法定代表人": "legal_person", "经营者": "legal_person",
                "法定代表人身份证号": "legal_person_id_no", "住所": "address", "经营场所": "address", "登记状态": "status",
                "经营异常名录": "abnormal_list", "更新日期": "updated_on",
            ],
            "waybills.csv": [
                "运单号": "waybill_no", "快递单号": "waybill_no", "面单号": "waybill_no", "快递公司": "courier", "承运商": "courier",
                "寄件人": "sender_name", "寄件人姓名": "sender_name", "寄件人电话": "sender_phone", "寄件电话": "sender_phone",
                "寄件人地址": "sender_address", "寄件地址": "sender_address", "收件人": "receiver_name", "收件人姓名": "receiver_name",
                "收件人电话": "receiver_phone", "收件电话": "receiver_phone", "收件人地址": "receiver_address", "收件地址": "receiver_address",
                "物品": "item_desc", "物品名称": "item_desc", "内件品名": "item_desc", "件数": "pieces", "重量": "weight_kg",
                "重量(kg)": "weight_kg", "揽收时间": "accepted_at", "收寄时间": "accepted_at", "揽收网点": "origin_outlet",
                "收寄网点": "origin_outlet", "签收时间": "delivered_at", "投递时间": "delivered_at",
            ],
            "persons.csv": [
                "人员编号": "person_id", "姓名": "name", "身份证号": "id_no", "公民身份号码": "id_no", "电话": "phones", "联系电话": "phones",
                "手机号码": "phones", "地址": "addresses", "住址": "addresses", "户籍地址": "addresses", "银行账号": "accounts",
                "车牌号": "plates", "车牌": "plates", "来源": "source", "备注": "note",
            ],
            "cases.csv": [
                "案件编号": "case_no", "案号": "case_no", "立案日期": "opened_on", "案件类型": "kind", "案由": "kind", "区划代码": "adcode",
                "简要案情": "summary", "案情摘要": "summary", "涉案数量(支)": "sticks", "案值": "value_yuan", "涉案金额": "value_yuan",
                "案件状态": "status", "状态": "status", "办案部门": "department", "承办单位": "department",
            ],
            "payments.csv": [
                "交易流水号": "txn_id", "流水号": "txn_id", "交易时间": "ts", "付款账号": "payer_account", "付款方账号": "payer_account",
                "付款人": "payer_name", "付款方户名": "payer_name", "收款账号": "payee_account", "收款方账号": "payee_account",
                "收款人": "payee_name", "收款方户名": "payee_name", "交易金额": "amount", "金额": "amount", "交易渠道": "channel",
                "渠道": "channel",
            ],
            "cameras.csv": [
                "卡口编号": "camera_id", "设备编号": "camera_id", "点位编号": "camera_id", "卡口名称": "name", "设备名称": "name",
                "点位名称": "name", "类型": "kind", "卡口类型": "kind", "纬度": "lat", "经度": "lon", "方向": "direction",
            ],
            "plate_reads.csv": [
                "过车编号": "read_id", "记录编号": "read_id", "号牌号码": "plate", "车牌号": "plate", "车牌号码": "plate",
                "号牌颜色": "plate_color", "车牌颜色": "plate_color", "卡口编号": "camera_id", "设备编号": "camera_id",
                "点位编号": "camera_id", "过车时间": "ts", "抓拍时间": "ts", "车辆类型": "vehicle_type", "车型": "vehicle_type",
                "置信度": "confidence", "识别置信度": "confidence",
            ],
            "units.csv": [
                "中队编号": "unit_id", "单位编号": "unit_id", "部门": "department", "名称": "name", "中队名称": "name", "纬度": "lat",
                "经度": "lon", "人数": "members", "状态": "status",
            ],
        ])
}
