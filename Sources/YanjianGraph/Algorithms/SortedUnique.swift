extension Array where Element: Comparable {
    /// Sorts the array and removes repeated elements in place (no second array: callers hold millions
    /// of packed pairs).
    mutating func sortAndRemoveDuplicates() {
        sort()
        var unique = 0
        for index in indices where index == 0 || self[index] != self[index - 1] {
            self[unique] = self[index]
            unique += 1
        }
        removeLast(count - unique)
    }
}
