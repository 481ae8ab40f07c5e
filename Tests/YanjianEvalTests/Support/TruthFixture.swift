import YanjianEval

/// A synthetic truth built in code: 5 gangs of 20 scored members (2 tier-1, 6 tier-2, 12 tier-3) plus an
/// informational address each, 50 anomalous retailers (10 of each pattern), 10 convoys of 2–4 plates,
/// 20 cloned plates, 30 night vehicles, 40 true tips and three decoys.
enum TruthFixture {
    static let patterns = ["abnormal_growth", "brand_shift", "fund_anomaly", "night_trade", "outflow"]

    static func phone(_ n: Int) -> String { "139" + padded(n, 8) }
    static func idNumber(_ n: Int) -> String { "6101031980" + padded(n, 7) + "X" }
    static func account(_ n: Int) -> String { "6222" + padded(n, 12) }
    static func licence(_ n: Int) -> String { "6101" + padded(n, 8) }
    static func plate(_ n: Int) -> String { "陕A" + padded(n, 5) }

    static func padded(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    static func make() -> Truth {
        var gangs: [Truth.Gang] = []
        var serial = 0
        for g in 1...5 {
            var members: [Truth.Member] = []
            for i in 0..<20 {
                serial += 1
                let tier = i < 2 ? 1 : (i < 8 ? 2 : 3)
                let value: (String, String) =
                    switch i % 3 {
                    case 0: ("phone", phone(serial))
                    case 1: ("id_no", idNumber(serial))
                    default: ("account", account(serial))
                    }
                members.append(Truth.Member(kind: value.0, value: value.1, tier: tier))
            }
            members.append(Truth.Member(kind: "address", value: "西安市雁塔区某路\(g)号", tier: 3))
            gangs.append(Truth.Gang(gangID: "G\(g)", members: members, waybills: ["SF\(padded(g, 10))"]))
        }
        let retailers = (0..<50).map { Truth.AnomalousRetailer(licenceNo: licence($0), pattern: patterns[$0 % 5]) }
        var convoys: [[String]] = []
        var plateSerial = 0
        for c in 0..<10 {
            convoys.append((0..<(2 + c % 3)).map { _ in
                plateSerial += 1
                return plate(plateSerial)
            })
        }
        let cloned = (0..<20).map { plate(1_000 + $0) }
        let night = (0..<30).map { plate(2_000 + $0) }
        let tips = (0..<40).map { "T" + padded($0, 6) }
        let decoys = [
            Truth.Decoy(kind: "phone", value: "13900099999", note: "courier station"),
            Truth.Decoy(kind: "plate", value: "陕A99999", note: "school bus"),
            Truth.Decoy(kind: "licence_no", value: licence(9_999), note: "busy supermarket"),
        ]
        return Truth(
            seed: 7, gangs: gangs, anomalousRetailers: retailers, convoys: convoys, clonedPlates: cloned,
            nightVehicles: night, trueTips: tips, decoys: decoys,
            malformed: [Truth.Malformed(file: "orders.csv", id: "DH001", reason: "negative cartons")])
    }
}
