import Foundation

/// Probabilistic record linkage after Fellegi and Sunter (1969), for records that share no key.
///
/// 1. **Blocking**: candidate pairs are the pairs that agree on at least one blocking key (several
///    passes, each a combination of field prefixes). A key shared by more than `maximumBlockPairs`
///    pairs — a common name, a campus address — is skipped and reported, so that a super-node neither
///    floods the comparisons nor decides anything.
/// 2. **Comparison**: each field of a pair gets an agreement level (exact, close, similar, different;
///    or missing, which counts neither way).
/// 3. **Estimation**: the m-probabilities (level given a match) and u-probabilities (level given a
///    non-match) and the share of matches are estimated by expectation–maximisation over the
///    comparison patterns, assuming the fields independent given the match status. No labels needed.
/// 4. **Decision**: a pair matches when its posterior probability reaches `threshold`; with
///    `oneToOne` (two files that each list a person once) the best pairs are kept greedily so that no
///    record matches twice. Every match carries its levels, and `explain` gives each field's weight
///    `log2(m/u)` — how many bits of evidence for (positive) or against (negative) it contributed.
public struct FellegiSunter: Sendable {
    /// How the values of one field are compared; the levels run from 0 (different) up.
    public enum Comparison: Sendable, Hashable {
        /// Equal or not (levels: different, same).
        case exact
        /// Names, streets: Jaro–Winkler (levels: different, similar ≥ `similar`, close ≥ `close`, same).
        case text(similar: Double = 0.80, close: Double = 0.92)
        /// Numbers, dates, ID numbers: one typing error apart (levels: different, one edit, same).
        case code
        /// Keyed text such as an address key `adcode|street…`: different when the parts before
        /// `separator` differ, else like `text` on the rest (levels: different, similar, close, same).
        case keyed(separator: Character, similar: Double = 0.80, close: Double = 0.92)

        /// How many levels the comparison has.
        public var levelCount: Int {
            switch self {
            case .exact: 2
            case .text, .keyed: 4
            case .code: 3
            }
        }

        /// The words for a level (zh-CN, en).
        public func label(_ level: Int) -> (zh: String, en: String) {
            if level == levelCount - 1 { return ("一致", "same") }
            if level == 0 { return ("不一致", "different") }
            switch self {
            case .text, .keyed: return level == 2 ? ("高度相近", "close") : ("相近", "similar")
            default: return ("差一个字符", "one edit apart")
            }
        }
    }

    /// A compared field: its name (for explanations) and comparison.
    public struct Field: Sendable, Hashable {
        public var name: String
        public var comparison: Comparison
        public init(_ name: String, _ comparison: Comparison) {
            self.name = name
            self.comparison = comparison
        }
    }

    /// A blocking pass: records agreeing on these fields (their first `prefix` characters, all when
    /// nil) are compared. Records missing any of the fields are not blocked by this pass.
    public struct Blocking: Sendable, Hashable {
        public var fields: [Int]
        public var prefix: Int?
        public init(_ fields: [Int], prefix: Int? = nil) {
            self.fields = fields
            self.prefix = prefix
        }
    }

    public var fields: [Field]
    public var blocking: [Blocking]
    /// A blocking key producing more pairs than this is skipped and reported.
    public var maximumBlockPairs = 250_000
    /// Posterior probability of a match from which a pair is linked.
    public var threshold = 0.5
    /// Keep each record in at most one match (two files without duplicates inside each).
    public var oneToOne = false
    public var maximumIterations = 200
    /// Splits a field into several values (a person's phones); two records compare at the best level
    /// of any two of their values, and block on each. Nil: every field holds one value.
    public var valueSeparator: Character?
    /// Start of the estimation; with fewer than `minimumPairsForEM` candidate pairs it is used as it
    /// is (too few pairs estimate nothing). Nil: start from the data's level frequencies.
    public var prior: Model?
    public var minimumPairsForEM = 500

    public init(fields: [Field], blocking: [Blocking]) {
        precondition(fields.count <= 15, "at most 15 fields (4 bits each in a pattern)")
        self.fields = fields
        self.blocking = blocking
    }

    /// Records as rows of field values; an empty string is a missing value.
    public typealias Records = [[String]]

    /// The estimated model.
    public struct Model: Sendable {
        /// Share of candidate pairs that are matches.
        public var matchShare: Double
        /// `m[field][level]`: probability of the level among matches.
        public var m: [[Double]]
        /// `u[field][level]`: probability of the level among non-matches.
        public var u: [[Double]]
        /// EM iterations run.
        public var iterations: Int

        public init(matchShare: Double, m: [[Double]], u: [[Double]], iterations: Int = 0) {
            self.matchShare = matchShare
            self.m = m
            self.u = u
            self.iterations = iterations
        }

        /// The weight of a level, `log2(m/u)`, in bits.
        public func weight(field: Int, level: Int) -> Double { log2(m[field][level] / u[field][level]) }
    }

    /// A linked pair.
    public struct Match: Sendable, Hashable {
        /// Row in the first set.
        public var a: Int32
        /// Row in the second set (the same set when deduplicating).
        public var b: Int32
        /// Level per field; `FellegiSunter.missing` where either value is missing.
        public var levels: [UInt8]
        /// Sum of the field weights, in bits.
        public var weight: Double
        /// Posterior probability of a match.
        public var probability: Double
    }

    /// A blocking key that was skipped for producing too many pairs.
    public struct SkippedBlock: Sendable, Hashable {
        public var pass: Int
        public var key: String
        public var pairs: Int
    }

    /// What one run found.
    public struct Result: Sendable {
        public var model: Model
        public var matches: [Match]
        /// Candidate pairs compared.
        public var candidates: Int
        public var skipped: [SkippedBlock]
    }

    /// One field of one pair, explained.
    public struct FieldEvidence: Sendable, Hashable {
        public var field: String
        /// Nil when either value is missing.
        public var level: Int?
        public var label: String
        public var labelEnglish: String
        /// Bits for (positive) or against (negative); 0 when missing.
        public var weight: Double
    }

    /// The level stored for a missing comparison.
    public static let missing: UInt8 = 15

    /// Links two sets of records.
    public func link(_ a: Records, _ b: Records) -> Result {
        run(Prepared(fields: fields.count, a: a, b: b, separator: valueSeparator), dedupe: false)
    }

    /// Finds the pairs of records in one set that are the same entity.
    public func deduplicate(_ records: Records) -> Result {
        run(Prepared(fields: fields.count, a: records, b: nil, separator: valueSeparator), dedupe: true)
    }

    /// Each field's level, words and weight for a match (or any compared pair).
    public func explain(_ match: Match, model: Model) -> [FieldEvidence] {
        fields.enumerated().map { f, field in
            let level = match.levels[f]
            guard level != Self.missing else {
                return FieldEvidence(field: field.name, level: nil, label: "缺失", labelEnglish: "missing", weight: 0)
            }
            let words = field.comparison.label(Int(level))
            return FieldEvidence(
                field: field.name, level: Int(level), label: words.zh, labelEnglish: words.en,
                weight: model.weight(field: f, level: Int(level)))
        }
    }

    // MARK: - The run

    func run(_ data: Prepared, dedupe: Bool) -> Result {
        let (pairs, skipped) = candidates(data, dedupe: dedupe)
        let levels = compare(data, pairs: pairs)
        let n = fields.count
        // Distinct comparison patterns with their counts: EM runs over these, not over pairs.
        var patternIndex: [UInt64: Int] = [:]
        var patterns: [UInt64] = []
        var counts: [Double] = []
        var patternOfPair = [Int32](repeating: 0, count: pairs.count)
        for p in 0..<pairs.count {
            var key: UInt64 = 0
            for f in 0..<n { key |= UInt64(levels[p * n + f]) << UInt64(4 * f) }
            if let known = patternIndex[key] {
                counts[known] += 1
                patternOfPair[p] = Int32(known)
            } else {
                patternIndex[key] = patterns.count
                patternOfPair[p] = Int32(patterns.count)
                patterns.append(key)
                counts.append(1)
            }
        }
        let model: Model
        if let prior, pairs.count < minimumPairsForEM {
            model = prior
        } else {
            model = estimate(patterns: patterns, counts: counts)
        }
        let posterior = patterns.map { probability(pattern: $0, model: model) }
        var matches: [Match] = []
        for p in 0..<pairs.count where posterior[Int(patternOfPair[p])] >= threshold {
            let pattern = patterns[Int(patternOfPair[p])]
            matches.append(Match(
                a: Int32(truncatingIfNeeded: pairs[p] >> 32), b: Int32(truncatingIfNeeded: pairs[p] & 0xFFFF_FFFF),
                levels: (0..<n).map { UInt8((pattern >> UInt64(4 * $0)) & 0xF) },
                weight: weight(pattern: pattern, model: model), probability: posterior[Int(patternOfPair[p])]))
        }
        matches.sort { ($0.weight, $1.a, $1.b) > ($1.weight, $0.a, $0.b) }
        if oneToOne {
            var usedA = Set<Int32>(), usedB = Set<Int32>()
            matches = matches.filter { usedA.insert($0.a).inserted && usedB.insert($0.b).inserted }
        }
        return Result(model: model, matches: matches, candidates: pairs.count, skipped: skipped)
    }

    /// Candidate pairs (`a << 32 | b`, sorted, distinct) from every blocking pass.
    func candidates(_ data: Prepared, dedupe: Bool) -> (pairs: [UInt64], skipped: [SkippedBlock]) {
        var pairs: [UInt64] = []
        var skipped: [SkippedBlock] = []
        for (pass, block) in blocking.enumerated() {
            var buckets: [String: [Int32]] = [:]
            let right = dedupe ? data.a : (data.b ?? [])
            for (row, values) in right.enumerated() {
                for key in blockKeys(values, block) { buckets[key, default: []].append(Int32(row)) }
            }
            var left: [String: [Int32]] = [:]
            if !dedupe {
                for (row, values) in data.a.enumerated() {
                    for key in blockKeys(values, block) { left[key, default: []].append(Int32(row)) }
                }
            }
            for (key, rights) in buckets {
                let lefts = dedupe ? rights : (left[key] ?? [])
                let count = dedupe ? rights.count * (rights.count - 1) / 2 : lefts.count * rights.count
                guard count > 0 else { continue }
                if count > maximumBlockPairs {
                    skipped.append(SkippedBlock(pass: pass, key: key, pairs: count))
                    continue
                }
                if dedupe {
                    for i in 0..<rights.count {
                        for j in (i + 1)..<rights.count {
                            let (x, y) = rights[i] < rights[j] ? (rights[i], rights[j]) : (rights[j], rights[i])
                            pairs.append(UInt64(UInt32(x)) << 32 | UInt64(UInt32(y)))
                        }
                    }
                } else {
                    for x in lefts {
                        for y in rights { pairs.append(UInt64(UInt32(x)) << 32 | UInt64(UInt32(y))) }
                    }
                }
            }
        }
        pairs.sortAndRemoveDuplicates()
        skipped.sort { ($0.pairs, $1.key) > ($1.pairs, $0.key) }
        return (pairs, skipped)
    }

    /// A record's keys for a pass: one per combination of its values (one when fields are single).
    func blockKeys(_ values: [String], _ block: Blocking) -> [String] {
        if valueSeparator == nil || !block.fields.contains(where: { values[$0].contains(valueSeparator!) }) {
            var key = ""
            for f in block.fields {
                let value = values[f]
                guard !value.isEmpty else { return [] }
                if !key.isEmpty { key.append("\u{1F}") }
                if let prefix = block.prefix { key.append(contentsOf: value.prefix(prefix)) } else { key.append(value) }
            }
            return [key]
        }
        var keys = [""]
        for f in block.fields {
            let parts = valueSeparator.map { values[f].split(separator: $0).map(String.init) } ?? [values[f]]
            let usable = Set(parts.filter { !$0.isEmpty }.map { value in block.prefix.map { String(value.prefix($0)) } ?? value })
            guard !usable.isEmpty else { return [] }
            keys = keys.flatMap { key in usable.map { key.isEmpty ? $0 : key + "\u{1F}" + $0 } }
        }
        return keys
    }

    /// Levels, `fields.count` per pair, computed on both cores.
    func compare(_ data: Prepared, pairs: [UInt64]) -> [UInt8] {
        let n = fields.count
        var levels = [UInt8](repeating: Self.missing, count: pairs.count * n)
        let comparisons = fields.map(\.comparison)
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 4, pairs.count / 10_000))
        levels.withUnsafeMutableBufferPointer { out in
            let output = UnsafeMutableSendableBuffer(out)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = pairs.count * chunk / chunks, end = pairs.count * (chunk + 1) / chunks
                for p in start..<end {
                    let x = Int(pairs[p] >> 32), y = Int(pairs[p] & 0xFFFF_FFFF)
                    for f in 0..<n {
                        output.buffer[p * n + f] = data.level(comparisons[f], field: f, x, y)
                    }
                }
            }
        }
        return levels
    }

    func weight(pattern: UInt64, model: Model) -> Double {
        var total = 0.0
        for f in 0..<fields.count {
            let level = Int((pattern >> UInt64(4 * f)) & 0xF)
            if level != Int(Self.missing) { total += model.weight(field: f, level: level) }
        }
        return total
    }

    func probability(pattern: UInt64, model: Model) -> Double {
        let odds = log2(model.matchShare / (1 - model.matchShare)) + weight(pattern: pattern, model: model)
        return 1 / (1 + exp2(-odds))
    }

    /// Expectation–maximisation over the distinct patterns.
    func estimate(patterns: [UInt64], counts: [Double]) -> Model {
        let n = fields.count
        let levelCounts = fields.map(\.comparison.levelCount)
        func level(_ pattern: UInt64, _ f: Int) -> Int { Int((pattern >> UInt64(4 * f)) & 0xF) }
        // Start: u from the level frequencies over all pairs (nearly all are non-matches); m leaning
        // to agreement.
        var u = levelCounts.map { [Double](repeating: 0, count: $0) }
        for (k, pattern) in patterns.enumerated() {
            for f in 0..<n where level(pattern, f) != Int(Self.missing) { u[f][level(pattern, f)] += counts[k] }
        }
        u = u.map { row in
            let total = row.reduce(0, +)
            return row.map { total > 0 ? ($0 + 0.5) / (total + 0.5 * Double(row.count)) : 1 / Double(row.count) }
        }
        var m = levelCounts.map { count in
            (0..<count).map { $0 == count - 1 ? 0.9 : 0.1 / Double(count - 1) }
        }
        var share = 0.1
        // Half a pair per level keeps a level never seen in one class from weighing infinitely.
        let smoothing = 0.5
        var iterations = 0
        var g = [Double](repeating: 0, count: patterns.count)
        while iterations < maximumIterations {
            iterations += 1
            let current = Model(matchShare: share, m: m, u: u, iterations: iterations)
            for k in patterns.indices { g[k] = probability(pattern: patterns[k], model: current) }
            var mNew = levelCounts.map { [Double](repeating: smoothing, count: $0) }
            var uNew = mNew
            var matched = 0.0, total = 0.0
            for (k, pattern) in patterns.enumerated() {
                let c = counts[k]
                matched += c * g[k]
                total += c
                for f in 0..<n {
                    let l = level(pattern, f)
                    guard l != Int(Self.missing) else { continue }
                    mNew[f][l] += c * g[k]
                    uNew[f][l] += c * (1 - g[k])
                }
            }
            mNew = mNew.map { row in let s = row.reduce(0, +); return row.map { $0 / s } }
            uNew = uNew.map { row in let s = row.reduce(0, +); return row.map { $0 / s } }
            let newShare = min(max(matched / total, 1e-9), 1 - 1e-9)
            var change = abs(newShare - share)
            for f in 0..<n {
                for l in 0..<levelCounts[f] { change = max(change, abs(mNew[f][l] - m[f][l]), abs(uNew[f][l] - u[f][l])) }
            }
            m = mNew
            u = uNew
            share = newShare
            if change < 1e-7 { break }
        }
        // The class that agrees more is the match class.
        var agreement = 0.0
        for f in 0..<n { agreement += log2(m[f][levelCounts[f] - 1] / u[f][levelCounts[f] - 1]) }
        if agreement < 0 { swap(&m, &u); share = 1 - share }
        return Model(matchShare: share, m: m, u: u, iterations: iterations)
    }
}

/// Records prepared for comparison: each field's distinct values interned (equal ids are equal
/// values) and held as scalar arrays.
struct Prepared: @unchecked Sendable {
    let a: FellegiSunter.Records
    let b: FellegiSunter.Records?
    /// Per field: the (first) value id per row of `a`, then of `b`; -1 when missing.
    let ids: [[Int32]]
    /// Per field: the other value ids of rows holding several values.
    let more: [[Int: [Int32]]]
    /// Per field: scalars per value id.
    let scalars: [[[UInt32]]]
    let offsetB: Int

    init(fields: Int, a: FellegiSunter.Records, b: FellegiSunter.Records?, separator: Character? = nil) {
        self.a = a
        self.b = b
        offsetB = a.count
        var ids: [[Int32]] = []
        var more: [[Int: [Int32]]] = []
        var scalars: [[[UInt32]]] = []
        for f in 0..<fields {
            var values = ValueInterner()
            var column: [Int32] = []
            var extra: [Int: [Int32]] = [:]
            column.reserveCapacity(a.count + (b?.count ?? 0))
            var row = 0
            for part in [a, b ?? []] {
                for record in part {
                    let value = record[f]
                    if let separator, value.contains(separator) {
                        let parts = Array(Set(value.split(separator: separator).map(String.init).filter { !$0.isEmpty })).sorted()
                            .map { values.intern($0) }
                        column.append(parts.first ?? -1)
                        if parts.count > 1 { extra[row] = Array(parts.dropFirst()) }
                    } else {
                        column.append(value.isEmpty ? -1 : values.intern(value))
                    }
                    row += 1
                }
            }
            ids.append(column)
            more.append(extra)
            scalars.append(values.scalars)
        }
        self.ids = ids
        self.more = more
        self.scalars = scalars
    }

    /// The level of field `f` between row `x` of `a` and row `y` of `b` (of `a` when deduplicating):
    /// the best over their values.
    func level(_ comparison: FellegiSunter.Comparison, field f: Int, _ x: Int, _ y: Int) -> UInt8 {
        let row = b == nil ? y : offsetB + y
        let i = ids[f][x], j = ids[f][row]
        guard i >= 0, j >= 0 else { return FellegiSunter.missing }
        guard !more[f].isEmpty, more[f][x] != nil || more[f][row] != nil else { return level(comparison, f, i, j) }
        var best: UInt8 = 0
        for vi in [i] + (more[f][x] ?? []) {
            for vj in [j] + (more[f][row] ?? []) { best = max(best, level(comparison, f, vi, vj)) }
        }
        return best
    }

    func level(_ comparison: FellegiSunter.Comparison, _ f: Int, _ i: Int32, _ j: Int32) -> UInt8 {
        if i == j { return UInt8(comparison.levelCount - 1) }
        switch comparison {
        case .exact:
            return 0
        case let .text(similar, close):
            let s = StringSimilarity.jaroWinkler(scalars[f][Int(i)], scalars[f][Int(j)])
            return s >= close ? 2 : s >= similar ? 1 : 0
        case .code:
            return StringSimilarity.withinOneEdit(scalars[f][Int(i)], scalars[f][Int(j)]) ? 1 : 0
        case let .keyed(separator, similar, close):
            let x = scalars[f][Int(i)], y = scalars[f][Int(j)]
            let mark = separator.unicodeScalars.first!.value
            let kx = x.firstIndex(of: mark) ?? x.count, ky = y.firstIndex(of: mark) ?? y.count
            guard x[..<kx] == y[..<ky] else { return 0 }
            let s = StringSimilarity.jaroWinkler(Array(x[kx...]), Array(y[ky...]))
            return s >= close ? 2 : s >= similar ? 1 : 0
        }
    }
}

/// Distinct values of one field, numbered in order of appearance, with their scalars.
struct ValueInterner {
    var index: [String: Int32] = [:]
    var scalars: [[UInt32]] = []

    mutating func intern(_ value: String) -> Int32 {
        if let known = index[value] { return known }
        let id = Int32(scalars.count)
        index[value] = id
        scalars.append(value.unicodeScalars.map(\.value))
        return id
    }
}

/// A buffer written from several threads at disjoint indices.
struct UnsafeMutableSendableBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
