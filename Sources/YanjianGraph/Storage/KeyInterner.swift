/// Maps byte strings to dense `Int32` ids (0, 1, 2… in order of first sight) without one `String`
/// per key: keys live back to back in one byte arena and an open-addressing table of ids finds them.
///
/// Used for entity keys (millions of phones, addresses, waybill numbers) and for names. A key is
/// compared byte for byte, so callers normalise before interning.
public struct KeyInterner: Sendable {
    /// All keys, concatenated.
    public private(set) var arena: [UInt8] = []
    /// `ends[i]` is where key `i` ends in `arena`; it starts where key `i - 1` ends.
    public private(set) var ends: [Int] = []
    private var hashes: [UInt32] = []
    /// Slot → id + 1 (0 = empty).
    private var table: [Int32]
    private var mask: Int

    /// Creates an interner sized for about `capacity` keys.
    public init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        table = [Int32](repeating: 0, count: size)
        mask = size - 1
        ends.reserveCapacity(capacity)
        hashes.reserveCapacity(capacity)
    }

    /// The number of distinct keys.
    public var count: Int { ends.count }

    /// The id of `key`, adding it when new.
    public mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = KeyInterner.hash(key)
        var slot = Int(hash) & mask
        while true {
            let entry = table[slot]
            if entry == 0 { break }
            let id = Int(entry - 1)
            if hashes[id] == hash && equals(id, key) { return entry - 1 }
            slot = (slot + 1) & mask
        }
        let id = Int32(ends.count)
        arena.append(contentsOf: key)
        ends.append(arena.count)
        hashes.append(hash)
        table[slot] = id + 1
        if ends.count * 2 > table.count { grow() }
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
        let hash = KeyInterner.hash(key)
        var slot = Int(hash) & mask
        while true {
            let entry = table[slot]
            if entry == 0 { return nil }
            let id = Int(entry - 1)
            if hashes[id] == hash && equals(id, key) { return entry - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// The id of `key`, or nil.
    public func find(_ key: String) -> Int32? {
        var key = key
        return key.withUTF8 { find($0) }
    }

    /// The bytes of key `id`.
    public func bytes(_ id: Int32) -> ArraySlice<UInt8> {
        let index = Int(id)
        let start = index == 0 ? 0 : ends[index - 1]
        return arena[start..<ends[index]]
    }

    /// Key `id` as a string.
    public func string(_ id: Int32) -> String {
        String(decoding: bytes(id), as: UTF8.self)
    }

    private func equals(_ id: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = id == 0 ? 0 : ends[id - 1]
        let end = ends[id]
        guard end - start == key.count else { return false }
        return arena.withUnsafeBufferPointer { buffer in
            var i = 0
            while i < key.count {
                if buffer[start + i] != key[i] { return false }
                i += 1
            }
            return true
        }
    }

    private mutating func grow() {
        let size = table.count * 2
        var fresh = [Int32](repeating: 0, count: size)
        let newMask = size - 1
        for id in 0..<hashes.count {
            var slot = Int(hashes[id]) & newMask
            while fresh[slot] != 0 { slot = (slot + 1) & newMask }
            fresh[slot] = Int32(id) + 1
        }
        table = fresh
        mask = newMask
    }

    /// FNV-1a over the bytes, finished with a multiply-xorshift so low bits spread well.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01B3
        }
        h ^= h >> 29
        h &*= 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return UInt32(truncatingIfNeeded: h)
    }
}
