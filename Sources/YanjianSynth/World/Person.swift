import YanjianCore

/// A person the world knows by name: a shop owner, a gang member, someone in a case file.
struct Person: Sendable {
    var name: String
    var male: Bool
    var idNo: String
    var phones: [UInt64]
    var accounts: [String]
    var address: String
    /// Index into `geography.districts` when the person lives in the centre prefecture.
    var district: Int?
    /// Index into `geography.national` otherwise.
    var place: Int?
    var lat: Double
    var lon: Double
    var plate: String?

    var phone: UInt64 { phones.first ?? 0 }
    var phoneStrings: [String] { phones.map(IdentityFactory.phoneString) }
}

/// Makes people with consistent name, sex, ID number (address code of where they were registered,
/// birth date, sex digit, check character), phone and address.
struct PersonFactory: Sendable {
    let context: WorldContext

    /// A person living in a centre district.
    func local(district: Int, rng: inout SplitMix64, home: Bool = true, virtualShare: Double = 0.02) -> Person {
        let geography = context.geography
        let place = geography.districts[district]
        // One in five was first registered elsewhere in the prefecture.
        let origin = rng.chance(0.2) ? geography.localDistrict(&rng) : district
        var person = make(registration: geography.districts[origin].adcode, rng: &rng, virtualShare: virtualShare)
        person.address = context.addresses.local(district: district, home: home, rng: &rng)
        person.district = district
        let point = geography.scatter(lat: place.lat, lon: place.lon, spreadKm: place.spreadKm, rng: &rng)
        person.lat = point.lat
        person.lon = point.lon
        return person
    }

    /// A person living anywhere on the mainland (index into `geography.national`).
    func national(place index: Int, rng: inout SplitMix64, virtualShare: Double = 0.02) -> Person {
        let place = context.geography.national[index]
        var person = make(registration: place.adcode, rng: &rng, virtualShare: virtualShare)
        person.address = context.addresses.national(place: index, rng: &rng)
        person.place = index
        let point = context.geography.scatter(lat: place.lat, lon: place.lon, spreadKm: place.spreadKm, rng: &rng)
        person.lat = point.lat
        person.lon = point.lon
        return person
    }

    private func make(registration adcode: String, rng: inout SplitMix64, virtualShare: Double) -> Person {
        let male = rng.chance(0.58)
        let age = rng.int(21, 66)
        let birthDay = SynthCalendar.endDay - age * 365 - rng.below(365)
        let name = context.names.name(male: male, rng: &rng)
        let id = context.ids.idNumber(adcode: adcode, birthDay: birthDay, male: male, rng: &rng)
        let phone = context.ids.mobile(&rng, virtualShare: virtualShare)
        return Person(
            name: name, male: male, idNo: id, phones: [phone], accounts: [], address: "", district: nil,
            place: nil, lat: 0, lon: 0, plate: nil)
    }
}
