import Foundation
import YanjianCore

/// Writes `units.csv`: enforcement units of the six departments placed at district seats.
enum UnitRoster {
    static let header = ["unit_id", "department", "name", "lat", "lon", "adcode", "members", "status"]
    static let departments: [(Department, Double)] = [
        (.tobacco, 40), (.police, 30), (.marketRegulation, 15), (.tax, 5), (.transport, 5), (.postal, 5),
    ]
    static let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

    static func write(context: WorldContext, output: WorldOutput) throws {
        var rng = context.rng(.units)
        let writer = try output.csv("units.csv", header: header)
        let table = WeightedTable(departments.map(\.1))
        var teamNumber: [String: Int] = [:]
        for index in 0..<context.size.units {
            let district = index < context.geography.districts.count ? index : context.geography.localDistrict(&rng)
            let place = context.geography.districts[district]
            let department = departments[table.sample(&rng)].0
            let key = place.adcode + department.code
            teamNumber[key, default: 0] += 1
            let team = numerals[(teamNumber[key, default: 1] - 1) % numerals.count]
            let name: String
            switch department {
            case .tobacco: name = "\(place.districtName)烟草专卖局稽查\(team)中队"
            case .police: name = "\(CourierTable.shortDistrict(place.districtName))公安分局治安\(team)中队"
            case .marketRegulation: name = "\(place.districtName)市场监督管理局执法\(team)队"
            case .tax: name = "\(place.districtName)税务局稽查\(team)组"
            case .transport: name = "\(place.districtName)交通运输执法\(team)中队"
            case .postal: name = "\(context.geography.centre.name)邮政管理局执法\(team)科"
            }
            var id: [UInt8] = Array("U".utf8)
            ByteFormat.appendPadded(UInt64(index + 1), width: 4, to: &id)
            let point = context.geography.scatter(lat: place.lat, lon: place.lon, spreadKm: 1.5, rng: &rng)
            writer.field(trusted: id)
            writer.field(department.code)
            writer.field(name)
            writer.field(fixed: Int64((point.lat * 1e6).rounded()), fractionDigits: 6)
            writer.field(fixed: Int64((point.lon * 1e6).rounded()), fractionDigits: 6)
            writer.field(place.adcode)
            writer.field(int: rng.int(2, 12))
            let roll = rng.unit()
            let status: UnitStatus = roll < 0.6 ? .idle : (roll < 0.85 ? .onDuty : .resting)
            writer.field(status.code)
            try writer.endRow()
        }
        try output.finish(writer)
    }
}
