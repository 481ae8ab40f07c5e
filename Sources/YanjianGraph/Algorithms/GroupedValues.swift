/// Values grouped in one array (CSR): group `g`'s values are `values[start[g]..<start[g + 1]]`, in the
/// order they were given. Built by a counting sort, without an array per group: link analysis groups
/// millions of waybills and entities into hundreds of thousands of communities, where an array each
/// cost an allocation and a uniqueness check per append.
public struct GroupedValues: Sendable {
    /// Where each group starts in ``values``; `start[groupCount]` is the total.
    public let start: [Int]
    /// All values, group after group.
    public let values: [Int32]

    /// Groups `values[i]` under `groups[i]` (`0..<groupCount`; a negative group drops the value).
    public init(groupCount: Int, groups: [Int32], values input: [Int32]) {
        precondition(groups.count == input.count, "one group per value")
        var start = [Int](repeating: 0, count: groupCount + 1)
        for g in groups where g >= 0 { start[Int(g) + 1] += 1 }
        for g in 0..<groupCount { start[g + 1] += start[g] }
        var cursor = start
        var values = [Int32](repeating: 0, count: start[groupCount])
        for (g, value) in zip(groups, input) where g >= 0 {
            values[cursor[Int(g)]] = value
            cursor[Int(g)] += 1
        }
        self.start = start
        self.values = values
    }

    /// The number of groups.
    public var groupCount: Int { start.count - 1 }

    /// Group `g`'s values.
    public subscript(_ g: Int) -> [Int32] {
        Array(values[start[g]..<start[g + 1]])
    }
}
