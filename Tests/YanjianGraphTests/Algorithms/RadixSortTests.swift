import Testing
import YanjianCore
@testable import YanjianGraph

@Suite("RadixSort")
struct RadixSortTests {
    @Test("Sorts like a comparison sort: packed pairs (top bits zero, passes skipped), full 64-bit keys, few distinct keys")
    func sortsLikeSort() {
        var rng = SplitMix64(seed: 21)
        let shapes: [(String, () -> UInt64)] = [
            ("pairs", { UInt64.random(in: 0..<3_000, using: &rng) << 32 | UInt64.random(in: 0..<50, using: &rng) }),
            ("full", { UInt64.random(in: 0...UInt64.max, using: &rng) }),
            ("few", { UInt64.random(in: 0..<4, using: &rng) * 0x0123_4567_89AB_CDEF }),
        ]
        for (name, next) in shapes {
            for count in [0, 1, 100, RadixSort.smallInput + 1, 50_000] {
                let keys = (0..<count).map { _ in next() }
                var radix = keys
                radix.radixSort()
                #expect(radix == keys.sorted(), "\(name), \(count) keys")
                var unique = keys
                unique.sortAndRemoveDuplicates()
                #expect(unique == Array(Set(keys)).sorted(), "\(name), \(count) keys, deduplicated")
            }
        }
    }

    @Test("Carries one value per key, stably")
    func carriesValuesStably() {
        var rng = SplitMix64(seed: 5)
        var keys = (0..<20_000).map { _ in UInt64.random(in: 0..<300, using: &rng) << 40 }
        let original = keys
        var values = (0..<Int32(keys.count)).map { $0 }
        RadixSort.sort(&keys, carrying: &values)
        let expected = (0..<Int32(original.count)).sorted { (original[Int($0)], $0) < (original[Int($1)], $1) }
        #expect(values == expected)
        #expect(keys == expected.map { original[Int($0)] })
    }
}

@Suite("GroupedValues")
struct GroupedValuesTests {
    @Test("Each group keeps its values in the order given; negative groups drop theirs; empty groups are empty")
    func groups() {
        let grouped = GroupedValues(groupCount: 4, groups: [2, 0, -1, 2, 0, 2], values: [10, 11, 12, 13, 14, 15])
        #expect(grouped.groupCount == 4)
        #expect(grouped[0] == [11, 14])
        #expect(grouped[1].isEmpty)
        #expect(grouped[2] == [10, 13, 15])
        #expect(grouped[3].isEmpty)
        #expect(grouped.values.count == 5)
    }
}
