/// The bytes of one parsed record: the unescaped fields back to back, and the end offset of each.
///
/// It is immutable once a `CSVRecord` holds it. The reader writes into it only while it holds the
/// only reference (`isKnownUniquelyReferenced`); if a record is still alive it starts a new storage,
/// so a record kept past `next()` still sees its own bytes. Growing also makes a new storage, which
/// is why every property is a `let` (no exclusivity checks in the parsing loop).
@usableFromInline
final class RowStorage {
    @usableFromInline let bytes: UnsafeMutablePointer<UInt8>
    @usableFromInline let byteCapacity: Int
    @usableFromInline let ends: UnsafeMutablePointer<Int>
    @usableFromInline let endCapacity: Int

    init(byteCapacity: Int, endCapacity: Int) {
        self.byteCapacity = max(byteCapacity, 64)
        self.endCapacity = max(endCapacity, 8)
        bytes = .allocate(capacity: self.byteCapacity)
        ends = .allocate(capacity: self.endCapacity)
    }

    deinit {
        bytes.deallocate()
        ends.deallocate()
    }

    /// A storage of the same capacity, for when a record still holds this one.
    func fresh() -> RowStorage {
        RowStorage(byteCapacity: byteCapacity, endCapacity: endCapacity)
    }

    /// A larger storage holding the first `byteCount` bytes and `fieldCount` ends of this one.
    func grown(minimumBytes: Int, minimumEnds: Int, byteCount: Int, fieldCount: Int) -> RowStorage {
        let larger = RowStorage(
            byteCapacity: minimumBytes > byteCapacity ? max(minimumBytes, byteCapacity * 2) : byteCapacity,
            endCapacity: minimumEnds > endCapacity ? max(minimumEnds, endCapacity * 2) : endCapacity)
        larger.bytes.update(from: bytes, count: byteCount)
        larger.ends.update(from: ends, count: fieldCount)
        return larger
    }
}
