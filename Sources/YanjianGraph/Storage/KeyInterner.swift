import CMemoryHints
import Foundation

/// Maps byte strings to dense `Int32` ids (0, 1, 2… in order of first sight) without one `String`
/// per key: keys live back to back in one byte arena and an open-addressing table of ids finds them.
///
/// Used for entity keys (millions of phones, addresses, waybill numbers) and for names. A key is
/// compared byte for byte, so callers normalise before interning.
public struct KeyInterner: Sendable {
    /// All keys, concatenated.
    public private(set) var arena: [UInt8] = []
    /// `ends[i]` is where key `i` ends in `arena`; it starts where key `i - 1` ends (32 bits: an arena
    /// stays under 4 GiB, and the 4.31M-waybill graph's 11M keys save 44 MB over `Int`).
    public private(set) var ends: [UInt32] = []
    /// Slot → `hash << 32 | (id + 1)` (0 = empty): the hash sits beside the id, so a probe that misses
    /// costs one cache line, not a second random read of a hash array. Filled to at most 70 %: linear
    /// probing stays within a cache line or two there, and the table is the interner's largest part
    /// (128 MiB instead of 256 for the 4.31M-waybill graph).
    private var table: [UInt64]
    private var mask: Int

    /// Creates an interner sized for about `capacity` keys of about `bytes` bytes in all (the table is
    /// allocated now; the rest is reserved, which costs address space until written, and spares the
    /// copies of growing a large arena by doubling).
    public init(capacity: Int = 1024, bytes: Int = 0) {
        var size = 16
        while size * 7 < capacity * 10 { size <<= 1 }
        table = [UInt64](repeating: 0, count: size)
        mask = size - 1
        ends.reserveCapacity(capacity)
        arena.reserveCapacity(bytes)
    }

    /// The number of distinct keys.
    public var count: Int { ends.count }

    /// The id of `key`, adding it when new.
    public mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        intern(key, hash: KeyInterner.hash(key))
    }

    /// The id of `key`, whose ``hash(_:)`` is `hash`, adding it when new.
    public mutating func intern(_ key: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int32 {
        var slot = Int(hash) & mask
        while true {
            let entry = table[slot]
            if entry == 0 { break }
            if UInt32(truncatingIfNeeded: entry >> 32) == hash {
                let id = Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if equals(Int(id), key) { return id }
            }
            slot = (slot + 1) & mask
        }
        let id = Int32(ends.count)
        arena.append(contentsOf: key)
        precondition(arena.count <= Int(UInt32.max), "a key interner holds at most 4 GiB of keys")
        ends.append(UInt32(truncatingIfNeeded: arena.count))
        table[slot] = UInt64(hash) << 32 | UInt64(id + 1)
        if ends.count * 10 > table.count * 7 { grow() }
        return id
    }

    /// The id of `key`, adding it when new.
    public mutating func intern(_ key: [UInt8]) -> Int32 {
        key.withUnsafeBufferPointer { intern($0) }
    }

    /// The id of `key`, adding it when new.
    public mutating func intern(_ key: String) -> Int32 {
        var key = key
        return key.withUTF8 { intern($0) }
    }

    /// The id of `key`, or nil when it was never interned.
    public func find(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
        find(key, hash: KeyInterner.hash(key))
    }

    /// The id of `key`, whose ``hash(_:)`` is `hash`, or nil when it was never interned.
    public func find(_ key: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int32? {
        var slot = Int(hash) & mask
        while true {
            let entry = table[slot]
            if entry == 0 { return nil }
            if UInt32(truncatingIfNeeded: entry >> 32) == hash {
                let id = Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if equals(Int(id), key) { return id }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The id of `key`, or nil.
    public func find(_ key: String) -> Int32? {
        var key = key
        return key.withUTF8 { find($0) }
    }

    /// Starts bringing into the cache what a coming ``intern(_:hash:)`` or ``find(_:hash:)`` of a key
    /// with this hash will read, one dependent step per `stage`: 0 the key's table slot, 1 the ends of
    /// the id in that slot (read now: it should be cached by a stage 0 issued a little earlier), 2 that
    /// key's bytes. A lookup misses the cache three times in a table of millions of keys; issued a few
    /// lookups ahead, the misses overlap instead of following one another. Only hints: a slot taken since,
    /// or a key further along the probe, costs a miss later, never a wrong answer. (Mutating only so
    /// that a call on an interner held in a property borrows it in place instead of copying it, which
    /// retained and released its arrays on every hint.)
    @inline(__always)
    public mutating func prefetch(_ hash: UInt32, stage: Int) {
        let slot = Int(hash) & mask
        table.withUnsafeBufferPointer { table in
            guard stage > 0 else { return yanjian_prefetch(table.baseAddress! + slot) }
            let entry = table[slot]
            guard entry != 0, UInt32(truncatingIfNeeded: entry >> 32) == hash else { return }
            let id = Int(entry & 0xFFFF_FFFF) - 1
            ends.withUnsafeBufferPointer { ends in
                guard stage > 1 else { return yanjian_prefetch(ends.baseAddress! + max(id - 1, 0)) }
                let start = id == 0 ? 0 : Int(ends[id - 1])
                arena.withUnsafeBufferPointer { arena in
                    if start < arena.count { yanjian_prefetch(arena.baseAddress! + start) }
                }
            }
        }
    }

    /// The bytes of key `id`.
    public func bytes(_ id: Int32) -> ArraySlice<UInt8> {
        let index = Int(id)
        let start = index == 0 ? 0 : Int(ends[index - 1])
        return arena[start..<Int(ends[index])]
    }

    /// Key `id` as a string.
    public func string(_ id: Int32) -> String {
        String(decoding: bytes(id), as: UTF8.self)
    }

    private func equals(_ id: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = id == 0 ? 0 : Int(ends[id - 1])
        guard Int(ends[id]) - start == key.count else { return false }
        guard let base = key.baseAddress, !key.isEmpty else { return true }
        return arena.withUnsafeBufferPointer { buffer in
            guard let arenaBase = buffer.baseAddress else { return false }
            return memcmp(arenaBase + start, base, key.count) == 0
        }
    }

    /// Writes or reads the interner (``SnapshotColumns``); a read interner is checked whole: its ends
    /// ascend to the arena's end, and its table is a power of two whose entries name known keys.
    mutating func snapshot(_ columns: inout some SnapshotColumns) throws -> Bool {
        try columns.column(&arena)
        try columns.column(&ends)
        try columns.column(&table)
        mask = table.count - 1
        guard table.count >= 16, table.count & mask == 0, (ends.last.map(Int.init) ?? 0) == arena.count else { return false }
        var previous: UInt32 = 0
        for end in ends {
            guard end >= previous else { return false }
            previous = end
        }
        var filled = 0
        for entry in table where entry != 0 {
            guard entry & 0xFFFF_FFFF <= UInt64(ends.count) else { return false }
            filled += 1
        }
        return filled == ends.count
    }

    private mutating func grow() {
        let size = table.count * 2
        var fresh = [UInt64](repeating: 0, count: size)
        let newMask = size - 1
        for entry in table where entry != 0 {
            var slot = Int(entry >> 32) & newMask
            while fresh[slot] != 0 { slot = (slot + 1) & newMask }
            fresh[slot] = entry
        }
        table = fresh
        mask = newMask
    }

    /// Eight bytes at a time (multiply–xorshift per word, the tail padded with zeros and the length
    /// mixed in), finished so that low bits spread well. A byte-at-a-time FNV was a fifth of loading
    /// 4.31M waybills, whose keys (addresses) run to 60 bytes.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        guard let base = key.baseAddress else { return UInt32(truncatingIfNeeded: h >> 32) }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= key.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            offset += 8
        }
        if offset < key.count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while offset < key.count {
                tail |= UInt64(key[offset]) << shift
                shift += 8
                offset += 1
            }
            h = (h ^ tail) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
        }
        h &*= 0x94D0_49BB_1331_11EB
        h ^= h >> 32
        return UInt32(truncatingIfNeeded: h)
    }
}

/// A memo from text to a value, keyed by the text's UTF-8 bytes: Swift's `String` hashing
/// normalises non-ASCII text (Chinese addresses, item descriptions) on every lookup, which cost more
/// than the work the memo saves when loading millions of waybills. Byte-equal keys only: a text in
/// another Unicode normal form is a miss, computed again, with the same result.
struct ByteKeyCache<Value> {
    private var keys: KeyInterner
    private var values: [Value] = []

    /// Creates a memo sized for about `capacity` texts of about `bytes` bytes in all.
    init(capacity: Int = 1024, bytes: Int = 0) {
        keys = KeyInterner(capacity: capacity, bytes: bytes)
        values.reserveCapacity(capacity)
    }

    /// The value stored for `text`, if any.
    func value(_ text: String) -> Value? {
        var text = text
        guard let id = text.withUTF8({ keys.find($0) }) else { return nil }
        return values[Int(id)]
    }

    /// Stores `value` for `text`.
    mutating func set(_ text: String, _ value: Value) {
        var text = text
        text.withUTF8 { set($0, value) }
    }

    /// The value stored for these UTF-8 bytes, if any.
    func value(_ bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        value(bytes, hash: KeyInterner.hash(bytes))
    }

    /// The value stored for these UTF-8 bytes, whose ``KeyInterner/hash(_:)`` is `hash`, if any.
    func value(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Value? {
        keys.find(bytes, hash: hash).map { values[Int($0)] }
    }

    /// Stores `value` for these UTF-8 bytes.
    mutating func set(_ bytes: UnsafeBufferPointer<UInt8>, _ value: Value) {
        set(bytes, hash: KeyInterner.hash(bytes), value)
    }

    /// Stores `value` for these UTF-8 bytes, whose hash is `hash`.
    mutating func set(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt32, _ value: Value) {
        let id = Int(keys.intern(bytes, hash: hash))
        if id == values.count { values.append(value) } else { values[id] = value }
    }

    /// ``KeyInterner/prefetch(_:stage:)`` for a coming lookup.
    @inline(__always)
    mutating func prefetch(_ hash: UInt32, stage: Int) {
        keys.prefetch(hash, stage: stage)
    }
}
