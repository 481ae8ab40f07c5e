import YanjianCore

/// Makes licence plates with real prefixes: mostly the prefecture's own letters, some from the rest
/// of the province and the country; new-energy plates for a share of cars. Never repeats a plate
/// unless asked to (cloned plates).
struct PlateFactory {
    let local: [String]
    let province: [String]
    let elsewhere: [String]
    private(set) var used = Set<String>()
    static let letters: [Character] = Array("ABCDEFGHJKLMNPQRSTUVWXYZ")
    static let serialCharacters: [Character] = Array("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ")
    static let confusable: [Character: Character] = [
        "8": "B", "B": "8", "0": "D", "D": "0", "2": "Z", "Z": "2", "5": "S", "S": "5", "6": "G", "G": "6",
    ]

    init(centre: AdminDivision, prefixes: PlatePrefixes = .shared) {
        let all = prefixes.all
        let localList = all.filter { $0.adcode == centre.adcode }.map(\.prefix)
        let provinceList = all.filter { $0.province == centre.province && $0.adcode != centre.adcode }.map(\.prefix)
        local = localList.isEmpty ? ["鲁G"] : localList
        province = provinceList.isEmpty ? local : provinceList
        let rest = all.filter { $0.province != centre.province }.map(\.prefix)
        elsewhere = rest.isEmpty ? local : rest
    }

    /// A new plate: `local` 85 %, province 10 %, elsewhere 5 % unless `localOnly`.
    mutating func make(newEnergy: Bool, large: Bool = false, localOnly: Bool = false, rng: inout SplitMix64) -> String {
        while true {
            let roll = rng.unit()
            let prefix: String
            if localOnly || roll < 0.85 {
                prefix = local[min(local.count - 1, rng.chance(0.8) ? 0 : rng.below(local.count))]
            } else if roll < 0.95 {
                prefix = rng.pick(province)
            } else {
                prefix = rng.pick(elsewhere)
            }
            var serial = ""
            if newEnergy && large {
                for _ in 0..<5 { serial.append(Character(String(rng.below(10)))) }
                serial.append(rng.chance(0.8) ? "D" : "F")
            } else if newEnergy {
                serial.append(rng.chance(0.7) ? "D" : "F")
                serial.append(rng.pick(PlateFactory.serialCharacters))
                for _ in 0..<4 { serial.append(Character(String(rng.below(10)))) }
            } else {
                let letterCount = [0, 0, 1, 1, 1, 2][rng.below(6)]
                var positions = Set<Int>()
                while positions.count < letterCount { positions.insert(rng.below(5)) }
                for position in 0..<5 {
                    serial.append(positions.contains(position) ? rng.pick(PlateFactory.letters) : Character(String(rng.below(10))))
                }
            }
            let plate = prefix + serial
            if used.insert(plate).inserted { return plate }
        }
    }

    /// A plausible misreading of `plate` (one confusable serial character swapped), if unused.
    mutating func misread(_ plate: String, rng: inout SplitMix64) -> String? {
        var characters = Array(plate)
        let candidates = (2..<characters.count).filter { PlateFactory.confusable[characters[$0]] != nil }
        guard !candidates.isEmpty else { return nil }
        let position = candidates[rng.below(candidates.count)]
        guard let swapped = PlateFactory.confusable[characters[position]] else { return nil }
        characters[position] = swapped
        let result = String(characters)
        return used.insert(result).inserted ? result : nil
    }
}
