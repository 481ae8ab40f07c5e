/// String comparators for record linkage, on Unicode scalar values so that Chinese names (two or three
/// characters) and Latin names compare alike.
public enum StringSimilarity {
    /// The Jaro–Winkler similarity in `0…1`: Jaro's matching characters within half the longer length
    /// and their transpositions, raised by a common prefix of up to four characters (scale 0.1).
    /// Two empty strings are identical (1); one empty string shares nothing (0).
    public static func jaroWinkler(_ a: [UInt32], _ b: [UInt32]) -> Double {
        if a.isEmpty || b.isEmpty { return a.isEmpty && b.isEmpty ? 1 : 0 }
        if a == b { return 1 }
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        let window = max(0, long.count / 2 - 1)
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: short.count + long.count) { flags -> Double in
            flags.initialize(repeating: false)
            var matches = 0
            for i in 0..<short.count {
                let lo = max(0, i - window), hi = min(long.count - 1, i + window)
                guard lo <= hi else { continue }
                for j in lo...hi where !flags[short.count + j] && long[j] == short[i] {
                    flags[i] = true
                    flags[short.count + j] = true
                    matches += 1
                    break
                }
            }
            guard matches > 0 else { return 0 }
            var halfTranspositions = 0
            var k = 0
            for i in 0..<short.count where flags[i] {
                while !flags[short.count + k] { k += 1 }
                if short[i] != long[k] { halfTranspositions += 1 }
                k += 1
            }
            let m = Double(matches)
            let jaro = (m / Double(short.count) + m / Double(long.count) + (m - Double(halfTranspositions / 2)) / m) / 3
            var prefix = 0
            while prefix < min(4, short.count) && short[prefix] == long[prefix] { prefix += 1 }
            return jaro + Double(prefix) * 0.1 * (1 - jaro)
        }
    }

    /// Whether two sequences differ by at most one edit: a substitution, an insertion, a deletion or a
    /// swap of two adjacent characters (the typing errors in ID numbers, dates and house numbers).
    public static func withinOneEdit(_ a: [UInt32], _ b: [UInt32]) -> Bool {
        if a == b { return true }
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        switch long.count - short.count {
        case 0:
            var first = -1
            for i in 0..<short.count where short[i] != long[i] {
                if first < 0 {
                    first = i
                } else if i == first + 1 && short[first] == long[i] && short[i] == long[first] {
                    // An adjacent swap: the rest must agree.
                    return short[(i + 1)...] == long[(i + 1)...]
                } else {
                    return false
                }
            }
            return true
        case 1:
            var i = 0
            while i < short.count && short[i] == long[i] { i += 1 }
            return short[i...] == long[(i + 1)...]
        default:
            return false
        }
    }
}
