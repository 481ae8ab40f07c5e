import Testing
import YanjianCore
@testable import YanjianSynth

@Suite("Credit codes are unique by construction")
struct CreditCodeSerialTests {
    /// Drawn at random, 个体工商户 codes (seven digits per district) gave about nine shared codes among
    /// the 69,000 businesses of a scale-10 world; the serial makes every code its own.
    @Test("Distinct serials in one district give distinct, valid codes", arguments: [true, false])
    func distinct(individual: Bool) throws {
        let ids = IdentityFactory()
        var rng = SplitMix64(seed: 1)
        var seen: Set<String> = []
        for serial in 0..<250_000 {
            let code = ids.creditCode(adcode: "610104", individual: individual, serial: serial, rng: &rng)
            #expect(seen.insert(code).inserted, "serial \(serial) repeats \(code)")
            if serial % 997 == 0 {
                let credit = try CreditCode(validating: code)
                #expect(credit.organisationCodeValid, "\(code)")
                #expect(code.hasPrefix(individual ? "92610104L" : "91610104MA"))
            }
        }
    }

    @Test("The code still consumes the random draws it used to, so the rest of a world is unchanged")
    func draws() {
        let ids = IdentityFactory()
        for individual in [true, false] {
            var used = SplitMix64(seed: 9)
            var reference = SplitMix64(seed: 9)
            _ = ids.creditCode(adcode: "610104", individual: individual, serial: 5, rng: &used)
            for _ in 0..<(individual ? 7 : 6) { _ = reference.below(individual ? 10 : CreditCode.alphabet.count) }
            #expect(used.next() == reference.next())
        }
    }
}
