import Foundation
import YanjianCore

/// The adcode of a free-text address (`陕西省西安市雁塔区小寨东路12号` → `610113`) through Core's
/// `AddressNormalizer`, so stored adcodes agree with the address keys entity resolution uses.
///
/// Normalising is the costliest step of a waybill row, and most addresses of a delivery start with
/// one of a few thousand division paths, so two memos sit in front of the normaliser:
/// - a prefix memo: when an address resolved to a district and literally starts with that district's
///   path (`陕西省西安市雁塔区`, or `北京市朝阳区`, or the district name alone), any later address
///   starting with the same bytes resolves to the same district (the normaliser reads left to right
///   and stops at the district), so it is answered from the prefix without normalising;
/// - an exact memo for everything else (repeated outlet and shop addresses).
/// Both are bounded and start over when full.
struct AddressResolver {
    let divisions: AdminDivisions
    private var exact: [String: String?] = [:]
    private var prefixes = PrefixMemo()
    private let memoLimit: Int

    init(divisions: AdminDivisions = .shared, memoLimit: Int = 200_000) {
        self.divisions = divisions
        self.memoLimit = memoLimit
    }

    /// The deepest division the address names, or nil.
    mutating func adcode(of address: String) -> String? {
        var text = address
        if let hit = text.withUTF8({ prefixes.lookup($0) }) { return hit }
        if let known = exact[address] { return known }
        let normalized = AddressNormalizer.normalize(address, divisions: divisions)
        let code = normalized.adcode
        if let code, !normalized.district.isEmpty {
            let province = normalized.province
            let city = normalized.city == province ? "" : normalized.city
            let district = normalized.district
            for candidate in [province + city + district, province + district, city + district, district]
            where address.utf8.starts(with: candidate.utf8) {
                if prefixes.count >= memoLimit { prefixes = PrefixMemo() }
                prefixes.insert(Array(candidate.utf8), adcode: code)
                return code
            }
        }
        if exact.count >= memoLimit { exact.removeAll(keepingCapacity: true) }
        exact[address] = code
        return code
    }
}

/// Byte prefixes with their adcode, looked up without allocating: one pass hashes the address's
/// leading bytes (FNV-1a) at each length some stored prefix has, then probes longest first.
struct PrefixMemo {
    private var entries: [(bytes: [UInt8], adcode: String)] = []
    /// Per entry: the next entry with the same hash, or -1.
    private var chain: [Int32] = []
    private var heads: [UInt64: Int32] = [:]
    /// Distinct prefix lengths in bytes, ascending.
    private var lengths: [Int] = []

    var count: Int { entries.count }

    mutating func insert(_ bytes: [UInt8], adcode: String) {
        guard !bytes.isEmpty else { return }
        let hash = Self.hash(bytes[...])
        var index = heads[hash] ?? -1
        while index >= 0 {
            if entries[Int(index)].bytes == bytes { return }
            index = chain[Int(index)]
        }
        entries.append((bytes, adcode))
        chain.append(heads[hash] ?? -1)
        heads[hash] = Int32(entries.count - 1)
        if !lengths.contains(bytes.count) {
            lengths.append(bytes.count)
            lengths.sort()
        }
    }

    /// The adcode of the longest stored prefix of `address`, or nil.
    func lookup(_ address: UnsafeBufferPointer<UInt8>) -> String? {
        guard !lengths.isEmpty, let base = address.baseAddress else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: lengths.count) { hashes -> String? in
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            var found = 0
            var i = 0
            while found < lengths.count && lengths[found] <= address.count {
                let end = lengths[found]
                while i < end {
                    h = (h ^ UInt64(base[i])) &* 0x0000_0100_0000_01B3
                    i += 1
                }
                hashes[found] = h
                found += 1
            }
            var k = found - 1
            while k >= 0 {
                var index = heads[hashes[k]] ?? -1
                let length = lengths[k]
                while index >= 0 {
                    let entry = entries[Int(index)]
                    if entry.bytes.count == length,
                        entry.bytes.withUnsafeBufferPointer({ stored in
                            stored.baseAddress.map { memcmp($0, base, length) == 0 } ?? false
                        })
                    {
                        return entry.adcode
                    }
                    index = chain[Int(index)]
                }
                k -= 1
            }
            return nil
        }
    }

    static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }
}
