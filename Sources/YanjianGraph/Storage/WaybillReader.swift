import Foundation
import YanjianCore
import YanjianStore

/// The half of loading a waybill that needs no graph: the row's keys read from its bytes, each
/// distinct raw address numbered (a memo lookup, the costly part: millions of spellings), flags
/// computed, each new spelling normalised to its address key. It fills a ``WaybillBatch``;
/// ``LoadState/consume(_:)`` turns the batch into nodes and edges (interning keys, names and places).
/// The two halves run on two threads for the waybill table (the load's bulk) and one after the other
/// for single rows. Interning into tables of millions of keys is the graph side's cost and cannot
/// move (node numbers follow row order); normalising addresses can, so it is done here.
struct WaybillReader {
    let profile: ParcelProfile
    let divisions: AdminDivisions
    /// Distinct raw address spellings, numbered in order of first sight.
    var addressSpellings = KeyInterner(capacity: 1 << 16)
    /// Raw description → whether it is a disguise.
    var disguiseMemo = ByteKeyCache<Bool>()
    var scratch: [UInt8] = []
    /// ``finish(_:)``'s hashes of a batch's raw addresses.
    var hashes: [UInt32] = []

    init(profile: ParcelProfile, divisions: AdminDivisions) {
        self.profile = profile
        self.divisions = divisions
    }

    /// The number of a raw address spelling, `-1` when empty. A spelling seen for the first time is
    /// appended to `batch` with its address key (nil when it is not an address), so that the graph
    /// side can make its node without reading this reader.
    mutating func addressSpelling(_ bytes: UnsafeBufferPointer<UInt8>, newInto batch: inout WaybillBatch) -> Int32 {
        let id = addressSpelling(bytes, hash: KeyInterner.hash(bytes), newInto: &batch)
        batch.keyNewSpellings(divisions)
        return id
    }

    /// Numbers the raw addresses ``read(_:into:)`` put in `batch` (``WaybillBatch/rawAddresses``,
    /// sender and receiver of each row), filling its ``WaybillBatch/senderAddress`` and
    /// ``WaybillBatch/receiverAddress``, and with `keys` normalises the spellings new in it
    /// (``WaybillBatch/keyNewSpellings(_:)``; else the graph side does). Call once the batch is full,
    /// before it is consumed.
    ///
    /// Hashed first, then looked up in order with the lookups four, two and one addresses ahead
    /// prefetched (``KeyInterner/prefetch(_:stage:)``): the memo holds millions of spellings, and each
    /// lookup was a chain of cache misses.
    mutating func finish(_ batch: inout WaybillBatch, keys: Bool = true) {
        // Shared, not copied: the loop changes other parts of the batch.
        let raw = batch.rawAddresses
        let ends = batch.rawAddressEnds
        hashes.removeAll(keepingCapacity: true)
        raw.withUnsafeBufferPointer { raw in
            var start = 0
            for end in ends {
                hashes.append(KeyInterner.hash(UnsafeBufferPointer(rebasing: raw[start..<Int(end)])))
                start = Int(end)
            }
            start = 0
            for k in 0..<ends.count {
                if k + 4 < ends.count { addressSpellings.prefetch(hashes[k + 4], stage: 0) }
                if k + 2 < ends.count { addressSpellings.prefetch(hashes[k + 2], stage: 1) }
                if k + 1 < ends.count { addressSpellings.prefetch(hashes[k + 1], stage: 2) }
                let end = Int(ends[k])
                let spelling = addressSpelling(UnsafeBufferPointer(rebasing: raw[start..<end]), hash: hashes[k], newInto: &batch)
                start = end
                if k & 1 == 0 { batch.senderAddress.append(spelling) } else { batch.receiverAddress.append(spelling) }
            }
        }
        if keys { batch.keyNewSpellings(divisions) }
    }

    /// Numbers a spelling whose ``KeyInterner/hash(_:)`` is `hash`, recording it in `batch` when new.
    private mutating func addressSpelling(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt32, newInto batch: inout WaybillBatch) -> Int32 {
        guard !bytes.isEmpty else { return -1 }
        let known = addressSpellings.count
        let id = addressSpellings.intern(bytes, hash: hash)
        if Int(id) == known { batch.addNewSpelling(bytes) }
        return id
    }

    /// The waybill columns, in ``read(_:into:)``'s order.
    static let columns = [
        "waybill_no", "sender_name", "sender_phone", "sender_address", "receiver_name", "receiver_phone", "receiver_address",
        "item_desc", "pieces", "weight_kg", "accepted_at", "origin_outlet", "xray_suspect", "seized", "adcode", "receiver_adcode",
    ]

    /// Reads one waybill row (``columns``) into `batch`; a row without a usable number is skipped. Its
    /// addresses are numbered by ``finish(_:)``.
    mutating func read(_ row: SQLRowCursor, into batch: inout WaybillBatch) {
        guard EntityKeys.compact(row.bytes(0), minimum: 6, into: &scratch) else { return }
        batch.append(scratch)
        let senderPhone = row.bytes(2)
        let receiverPhone = row.bytes(5)
        let senderIsKey = EntityKeys.isPhoneKey(senderPhone)
        let receiverIsKey = EntityKeys.isPhoneKey(receiverPhone)
        let none = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        batch.append(senderIsKey ? senderPhone : none)
        batch.append(receiverIsKey ? receiverPhone : none)
        batch.append(row.bytes(11))
        batch.append(row.bytes(1))
        batch.append(row.bytes(4))
        batch.append(row.bytes(14))
        batch.append(row.bytes(15))
        batch.appendRawAddress(row.bytes(3))
        batch.appendRawAddress(row.bytes(6))
        batch.time.append(row.int(10) ?? EntityGraph.undated)
        var flags: UInt8 = 0
        if (row.int(12) ?? 0) != 0 { flags |= RecordFacts.WaybillFlag.xray }
        if (row.int(13) ?? 0) != 0 { flags |= RecordFacts.WaybillFlag.seized }
        if !senderIsKey && EntityKeys.isMaskedPhone(senderPhone) { flags |= RecordFacts.WaybillFlag.maskedSender }
        if !receiverIsKey && EntityKeys.isMaskedPhone(receiverPhone) { flags |= RecordFacts.WaybillFlag.maskedReceiver }
        let description = row.bytes(7)
        if !description.isEmpty {
            let disguised: Bool
            if let cached = disguiseMemo.value(description) {
                disguised = cached
            } else {
                disguised = profile.isDisguise(String(decoding: description, as: UTF8.self))
                disguiseMemo.set(description, disguised)
            }
            if disguised { flags |= RecordFacts.WaybillFlag.disguised }
        }
        let grams = Int32(clamping: Int64(((row.double(9) ?? 0) * 1000).rounded()))
        let pieces = Int32(clamping: row.int(8) ?? 1)
        if pieces <= profile.maximumPieces && profile.cartonGrams.contains(grams) {
            flags |= RecordFacts.WaybillFlag.cartonSized
        }
        batch.grams.append(grams)
        batch.pieces.append(pieces)
        batch.flags.append(flags)
    }
}

/// Waybills read but not yet in the graph: per row ``fields`` byte strings (the waybill key, the
/// sender and receiver phone keys — empty when not keys — and the raw outlet, names and adcodes), the
/// address spelling numbers and the values read; plus the address spellings first seen in this batch.
///
/// A value moved from thread to thread whole (a class's arrays paid an exclusivity check on every
/// append: a twelfth of the load).
struct WaybillBatch: Sendable {
    /// Rows a batch holds before it is handed over.
    static let capacity = 8192

    var bytes: [UInt8] = []
    /// Ends of the byte strings in ``bytes``, four per row.
    var ends: [Int32] = []
    var senderAddress: [Int32] = []
    var receiverAddress: [Int32] = []
    var time: [Int64] = []
    var grams: [Int32] = []
    var pieces: [Int32] = []
    var flags: [UInt8] = []
    /// The rows' raw sender and receiver addresses, alternating, back to back, until ``WaybillReader/finish(_:)``
    /// numbers them into ``senderAddress`` and ``receiverAddress``; and their ends.
    var rawAddresses: [UInt8] = []
    var rawAddressEnds: [Int32] = []
    /// Byte strings per row.
    static let fields = 8
    /// Address spellings new in this batch (numbered on from the previous batch's), back to back, and
    /// their ends; then each one's address key, where it starts and ends (`-1`: not an address).
    var newSpellings: [UInt8] = []
    var newSpellingEnds: [Int32] = []
    var newKeys: [UInt8] = []
    var newKeyStarts: [Int32] = []
    var newKeyEnds: [Int32] = []
    /// ``keyNewSpellings(_:)``'s buffers.
    var addressScratch = AddressNormalizer.Scratch()

    /// Rows this batch holds before it is handed over.
    let rows: Int

    init(rows: Int = WaybillBatch.capacity) {
        self.rows = rows
        bytes.reserveCapacity(rows * 96)
        ends.reserveCapacity(rows * Self.fields)
        rawAddresses.reserveCapacity(rows * 96)
        rawAddressEnds.reserveCapacity(rows * 2)
    }

    /// Empties the batch, keeping its storage.
    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        senderAddress.removeAll(keepingCapacity: true)
        receiverAddress.removeAll(keepingCapacity: true)
        time.removeAll(keepingCapacity: true)
        grams.removeAll(keepingCapacity: true)
        pieces.removeAll(keepingCapacity: true)
        flags.removeAll(keepingCapacity: true)
        rawAddresses.removeAll(keepingCapacity: true)
        rawAddressEnds.removeAll(keepingCapacity: true)
        newSpellings.removeAll(keepingCapacity: true)
        newSpellingEnds.removeAll(keepingCapacity: true)
        newKeys.removeAll(keepingCapacity: true)
        newKeyStarts.removeAll(keepingCapacity: true)
        newKeyEnds.removeAll(keepingCapacity: true)
    }

    var count: Int { flags.count }
    var isFull: Bool { count >= rows }

    mutating func append(_ value: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: value)
        ends.append(Int32(bytes.count))
    }

    mutating func append(_ value: [UInt8]) {
        bytes.append(contentsOf: value)
        ends.append(Int32(bytes.count))
    }

    mutating func appendRawAddress(_ value: UnsafeBufferPointer<UInt8>) {
        rawAddresses.append(contentsOf: value)
        rawAddressEnds.append(Int32(rawAddresses.count))
    }

    /// Records a new address spelling (numbered one more than the last); ``keyNewSpellings(_:)``
    /// adds its address key.
    mutating func addNewSpelling(_ raw: UnsafeBufferPointer<UInt8>) {
        newSpellings.append(contentsOf: raw)
        newSpellingEnds.append(Int32(newSpellings.count))
    }

    /// Whether some new spelling still lacks its address key.
    var keysPending: Bool { newKeyEnds.count < newSpellingEnds.count }

    /// Normalises the new spellings that lack their address key (``EntityKeys/address(_:divisions:)``,
    /// the costliest step of a waybill: once per distinct spelling).
    mutating func keyNewSpellings(_ divisions: AdminDivisions) {
        // Shared, not copied: the loop appends to other arrays of the batch.
        let spellings = newSpellings
        spellings.withUnsafeBufferPointer { spellings in
            for k in newKeyEnds.count..<newSpellingEnds.count {
                let start = k == 0 ? 0 : Int(newSpellingEnds[k - 1])
                let raw = UnsafeBufferPointer(rebasing: spellings[start..<Int(newSpellingEnds[k])])
                let keyStart = Int32(newKeys.count)
                if EntityKeys.address(raw, divisions: divisions, scratch: &addressScratch, into: &newKeys) {
                    newKeyStarts.append(keyStart)
                    newKeyEnds.append(Int32(newKeys.count))
                } else {
                    newKeyStarts.append(-1)
                    newKeyEnds.append(-1)
                }
            }
        }
    }

    /// Byte string `field` of row `row`: 0 waybill key, 1 sender phone, 2 receiver phone, 3 outlet,
    /// 4 sender name, 5 receiver name, 6 sender adcode, 7 receiver adcode.
    func withBytes<R>(row: Int, field: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let index = row * Self.fields + field
        let start = index == 0 ? 0 : Int(ends[index - 1])
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<Int(ends[index])])) }
    }

    /// New address spelling `k` of this batch and its address key (nil: not an address).
    func withNewSpelling<R>(_ k: Int, _ body: (_ raw: UnsafeBufferPointer<UInt8>, _ key: UnsafeBufferPointer<UInt8>?) -> R) -> R {
        let start = k == 0 ? 0 : Int(newSpellingEnds[k - 1])
        let keyStart = Int(newKeyStarts[k])
        let keyEnd = Int(newKeyEnds[k])
        return newSpellings.withUnsafeBufferPointer { spellings in
            let raw = UnsafeBufferPointer(rebasing: spellings[start..<Int(newSpellingEnds[k])])
            guard keyEnd >= 0 else { return body(raw, nil) }
            return newKeys.withUnsafeBufferPointer { keys in body(raw, UnsafeBufferPointer(rebasing: keys[keyStart..<keyEnd])) }
        }
    }
}

/// Batches from the reading thread to the graph thread, at most `capacity` waiting.
final class WaybillBatchChannel: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [WaybillBatch] = []
    private var closed = false
    private let capacity: Int

    init(capacity: Int = 4) {
        self.capacity = capacity
    }

    /// Batches handed over and not yet taken: a backlog means the graph side is the slower one.
    var waiting: Int {
        condition.lock()
        defer { condition.unlock() }
        return queue.count
    }

    /// Hands `batch` over, waiting while the channel is full.
    func send(_ batch: WaybillBatch) {
        condition.lock()
        while queue.count >= capacity { condition.wait() }
        queue.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, or nil once the channel is closed and empty.
    func receive() -> WaybillBatch? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !closed { condition.wait() }
        guard !queue.isEmpty else { return nil }
        let batch = queue.removeFirst()
        condition.broadcast()
        return batch
    }

    /// No more batches.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
