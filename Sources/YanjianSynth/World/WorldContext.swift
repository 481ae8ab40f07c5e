import Foundation
import YanjianCore

/// Everything the sections of a world share: configuration, sizes, places, name and identifier
/// factories, and the root generator each section forks its stream from. Immutable once built.
struct WorldContext: Sendable {
    let config: WorldConfig
    let root: SplitMix64
    let size: WorldSize
    let geography: Geography
    let addresses: AddressBook
    let names: ChineseNames
    let ids: IdentityFactory
    let couriers: CourierTable
    /// The local tobacco commercial company (订货 counterparty) and its collection account.
    let companyName: String
    let companyAccount: String

    /// The default centre for a seed: 潍坊 for even seeds, 西安 for odd ones.
    static func defaultCentre(seed: UInt64) -> String {
        seed % 2 == 0 ? "370700" : "610100"
    }

    init(config: WorldConfig) throws {
        guard config.scale.isFinite, config.scale > 0 else {
            throw SynthError.invalidConfig("scale must be a positive number, got \(config.scale)")
        }
        if let waybills = config.waybills, waybills < 0 {
            throw SynthError.invalidConfig("--waybills must not be negative")
        }
        if let reads = config.plateReads, reads < 0 {
            throw SynthError.invalidConfig("--plate-reads must not be negative")
        }
        self.config = config
        root = SplitMix64(seed: config.seed)
        var sizeRNG = root.fork(0)
        size = WorldSize(config: config, rng: &sizeRNG)
        geography = try Geography(centreAdcode: config.centre ?? WorldContext.defaultCentre(seed: config.seed))
        var geoRNG = root.stream(.geography)
        addresses = AddressBook(geography: geography, rng: &geoRNG)
        names = ChineseNames()
        ids = IdentityFactory()
        couriers = CourierTable(geography: geography, addresses: addresses, rng: &geoRNG)
        companyName = geography.centre.name + "烟草公司"
        var companyRNG = geoRNG.fork(99)
        companyAccount = ids.bankCard(&companyRNG)
    }

    /// The generator of one section.
    func rng(_ stream: SynthStream) -> SplitMix64 { root.stream(stream) }
}
