extension Array where Element: Comparable {
    /// Sorts the array and removes repeated elements in place (no second array: callers hold millions
    /// of packed pairs). Arrays of `UInt64` use the radix sort instead (see ``RadixSort``).
    mutating func sortAndRemoveDuplicates() {
        sort()
        removeAdjacentDuplicates()
    }

    /// Removes elements equal to the one before them, in place.
    mutating func removeAdjacentDuplicates() {
        var unique = 0
        for index in indices where index == 0 || self[index] != self[index - 1] {
            self[unique] = self[index]
            unique += 1
        }
        removeLast(count - unique)
    }
}
