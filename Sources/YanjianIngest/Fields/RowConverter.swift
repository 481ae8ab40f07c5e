import YanjianCore
import YanjianStore

/// Quality counts of one field, accumulated over a file.
struct FieldStats {
    var present = 0
    var valid = 0
    var normalised = 0
}

/// Converts the records of one file into bulk rows in `InterchangeFile.storedColumns` order:
/// every field through its conversion, then the adcode rules, the orphan check and the lineage
/// columns. Bad records are reported to the `IssueLog` and yield nil; nothing here throws.
struct RowConverter {
    let file: InterchangeFile
    /// The file's name as delivered (stored as `source_file`).
    let fileName: String
    /// Per descriptor column: the record slot holding it, or -1 when the file lacks it.
    let slots: [Int]
    /// The slot of an `adcode` column the descriptor does not list (a source adding one), or -1.
    let implicitAdcodeSlot: Int
    /// Whether the record format decides presence per record (JSON Lines) rather than per header.
    let perRecordPresence: Bool
    private(set) var stats: [FieldStats]
    /// Parent key → parent adcode, for files with a foreign key.
    var parents: [String: String?] = [:]

    private var addresses: AddressResolver
    private var nearest: NearestDivision?
    private let batch: SQLValue
    private let source: SQLValue
    private let width: Int
    private let adcodeIndex: Int
    private let receiverIndex: Int?
    private let identifierIndex: Int?
    private let foreignKeyIndex: Int?
    private let entityKindIndex: Int?
    /// Per adcode rule: the descriptor column it reads, or -1.
    private let ruleColumns: [Int]
    private let latIndex: Int?
    private let lonIndex: Int?
    private let receiverAddressIndex: Int?
    /// The columns' conversions, required flags and defaults, flat for the row loop.
    private let conversions: [FieldConversion]
    private let requiredFlags: [Bool]
    private let defaults: [SQLValue]

    init(file: InterchangeFile, fileName: String, slots: [Int], implicitAdcodeSlot: Int, perRecordPresence: Bool,
         batchID: Int64, divisions: AdminDivisions) {
        self.file = file
        self.fileName = fileName
        self.slots = slots
        self.implicitAdcodeSlot = implicitAdcodeSlot
        self.perRecordPresence = perRecordPresence
        addresses = AddressResolver(divisions: divisions)
        stats = Array(repeating: FieldStats(), count: file.columns.count)
        batch = .int(batchID)
        source = .text(fileName)
        let stored = file.storedColumns
        width = stored.count
        adcodeIndex = stored.firstIndex(of: "adcode") ?? 0
        receiverIndex = stored.firstIndex(of: "receiver_adcode")
        identifierIndex = file.identifier.flatMap { id in file.columns.firstIndex { $0.field == id } }
        foreignKeyIndex = file.foreignKey.flatMap { key in file.columns.firstIndex { $0.field == key.field } }
        entityKindIndex = file.columns.firstIndex { $0.field == "entity_kind" }
        let columns = file.columns
        func index(_ field: String) -> Int? { columns.firstIndex { $0.field == field } }
        ruleColumns = file.adcodeRules.map { rule in
            switch rule {
            case .address(let field), .firstAddress(let field), .creditCode(let field): index(field) ?? -1
            case .column, .parent, .coordinates: -1
            }
        }
        latIndex = index("lat")
        lonIndex = index("lon")
        receiverAddressIndex = file.receiverAddressField.flatMap(index)
        conversions = columns.map(\.conversion)
        requiredFlags = columns.map(\.required)
        defaults = columns.map(\.defaultValue)
    }

    /// The record's identifier as written (trimmed), for issues; nil when empty or when the file has none.
    func identifier(of record: some RecordFields) -> String? {
        guard let index = identifierIndex else { return nil }
        return record.withField(slots[index]) { raw -> String? in
            let value = FieldParsers.trimmed(raw)
            guard value.count > 0 else { return nil }
            return FieldConverter.string(UnsafeBufferPointer(rebasing: value[..<min(value.count, 64)]))
        }
    }

    /// Converts one record; nil when it is rejected (the reason is in `issues`).
    mutating func convert(_ record: some RecordFields, line: Int, issues: inout IssueLog) -> [SQLValue]? {
        var row: [SQLValue] = []
        row.reserveCapacity(width)
        var failure: (field: String, reason: String)?
        var warnings: [(field: String, reason: String)] = []
        var entityKind: String?
        for index in 0..<conversions.count {
            let slot = slots[index]
            let result: FieldResult
            if slot < 0 {
                result = .empty
            } else {
                let conversion = conversions[index]
                result = record.withField(slot) { raw in
                    FieldConverter.convert(FieldParsers.trimmed(raw), conversion, entityKind: entityKind)
                }
            }
            switch result {
            case .empty:
                if requiredFlags[index] && failure == nil { failure = (file.columns[index].field, "required field is empty") }
                row.append(defaults[index])
            case .valid(let value, let normalised):
                stats[index].present += 1
                stats[index].valid += 1
                if normalised { stats[index].normalised += 1 }
                row.append(value)
            case .validWithWarning(let value, let reason):
                stats[index].present += 1
                stats[index].valid += 1
                row.append(value)
                warnings.append((file.columns[index].field, reason))
            case .kept(let value, let reason):
                stats[index].present += 1
                row.append(value)
                warnings.append((file.columns[index].field, reason))
            case .rejected(let reason):
                stats[index].present += 1
                row.append(.null)
                if failure == nil { failure = (file.columns[index].field, reason) }
            }
            if index == entityKindIndex { entityKind = row[index].text }
        }
        if let failure {
            issues.reject(line: line, id: identifier(of: record), field: failure.field, reason: failure.reason)
            return nil
        }
        if adcodeIndex == row.count { row.append(.null) }
        if implicitAdcodeSlot >= 0 {
            let result = record.withField(implicitAdcodeSlot) { raw in
                FieldConverter.convert(FieldParsers.trimmed(raw), .adcode, entityKind: nil)
            }
            switch result {
            case .valid(let value, _), .validWithWarning(let value, _): row[adcodeIndex] = value
            case .rejected(let reason):
                issues.reject(line: line, id: identifier(of: record), field: "adcode", reason: reason)
                return nil
            case .empty, .kept: break
            }
        }
        if let foreignKeyIndex, let key = row[foreignKeyIndex].text, parents[key] == nil, let foreign = file.foreignKey {
            warnings.append((foreign.field, "no \(foreign.parent.noun) \(key) in this delivery or the store (orphan); kept"))
        }
        if !warnings.isEmpty {
            let id = identifier(of: record)
            for warning in warnings { issues.warn(line: line, id: id, field: warning.field, reason: warning.reason) }
        }
        if row[adcodeIndex].isNull { row[adcodeIndex] = derivedAdcode(row) }
        if receiverIndex != nil {
            var receiver = SQLValue.null
            if let receiverAddressIndex, let address = row[receiverAddressIndex].text, let code = addresses.adcode(of: address) {
                receiver = .text(code)
            }
            row.append(receiver)
        }
        row.append(batch)
        row.append(source)
        row.append(.int(Int64(line)))
        row.append(.text(record.extraJSON()))
        return row
    }

    /// The adcode from the file's rules other than its own column (already applied).
    private mutating func derivedAdcode(_ row: [SQLValue]) -> SQLValue {
        for (ruleIndex, rule) in file.adcodeRules.enumerated() {
            let column = ruleColumns[ruleIndex]
            let text = column >= 0 ? row[column].text : nil
            switch rule {
            case .column:
                continue
            case .address:
                if let text, let code = addresses.adcode(of: text) { return .text(code) }
            case .firstAddress:
                if let text,
                    let first = text.split(separator: "|").first(where: { !$0.isEmpty }),
                    let code = addresses.adcode(of: String(first))
                {
                    return .text(code)
                }
            case .parent:
                if let foreignKeyIndex, let key = row[foreignKeyIndex].text, let found = parents[key], let code = found {
                    return .text(code)
                }
            case .coordinates:
                if let latIndex, let lonIndex, let lat = row[latIndex].double, let lon = row[lonIndex].double {
                    if nearest == nil { nearest = NearestDivision(divisions: addresses.divisions) }
                    if let code = nearest?.adcode(lat: lat, lon: lon) { return .text(code) }
                }
            case .creditCode:
                if let text, let code = try? CreditCode(validating: text) {
                    let region = String(code.value.dropFirst(2).prefix(6))
                    if addresses.divisions[adcode: region] != nil { return .text(region) }
                }
            }
        }
        return .null
    }

    /// The report's field entries: fields the file has (every field for JSON Lines with any value).
    func fieldSummaries() -> [ImportReport.FieldSummary] {
        file.columns.enumerated().compactMap { index, column in
            let s = stats[index]
            let has = perRecordPresence ? s.present > 0 : slots[index] >= 0
            guard has else { return nil }
            return ImportReport.FieldSummary(
                file: fileName, field: column.field, present: s.present, valid: s.valid, normalised: s.normalised)
        }
    }
}
