import YanjianCore
import YanjianStore

/// The mutable state of one load: the builder, the reader of waybill rows and what turns the
/// reader's raw values into nodes and ids (memos by raw bytes).
struct LoadState {
    var builder: EntityGraphBuilder
    var reader: WaybillReader
    let divisions: AdminDivisions
    /// Address spelling number (the reader's) → node, `-1` when the spelling is not an address key.
    var spellingNode: [Int32] = []
    /// Raw name → name id (`-1` when not a name).
    var nameCache = ByteKeyCache<Int32>()
    /// Raw outlet name → node.
    var outletCache = ByteKeyCache<Int32>()
    /// Case number → case ordinal.
    var caseOrdinal: [String: Int32] = [:]
    /// ``consume(_:)``'s hashed lookups, ``lookups`` per row of the batch at hand.
    var lookupHashes: [UInt32] = []
    /// The address keys' hashes of the batch's new spellings, for ``addressNode(_:_:_:)``.
    var spellingHashes: [UInt32] = []
    /// ``consume(_:)``'s (node, place) sightings of the batch at hand.
    var touches: [(node: Int32, place: Int32)] = []
    /// A one-row batch for rows read outside the waybill pipeline.
    var single = WaybillBatch(rows: 1)

    init(builder: EntityGraphBuilder, profile: ParcelProfile, divisions: AdminDivisions) {
        self.builder = builder
        self.divisions = divisions
        reader = WaybillReader(profile: profile, divisions: divisions)
    }

    /// Sizes the memos for a load of about `waybills` waybills (the reader's address spellings, the
    /// names, the address texts), so that they do not grow by doubling — rehashing tables and copying
    /// arenas of millions of keys — on the way.
    mutating func reserve(waybills: Int) {
        reader.addressSpellings = KeyInterner(capacity: waybills, bytes: waybills * 64)
        nameCache = ByteKeyCache(capacity: waybills / 2, bytes: waybills * 6)
        builder.facts.names = KeyInterner(capacity: waybills / 2, bytes: waybills * 6)
        builder.facts.reserveAddressTexts(waybills, bytes: waybills * 64)
    }

    // MARK: Keys

    mutating func address(_ value: String?) -> Int32 {
        guard var text = value, !text.isEmpty else { return -1 }
        return text.withUTF8 { address($0) }
    }

    /// An address read in place, numbered by the reader like a waybill's.
    mutating func address(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let spelling = reader.addressSpelling(bytes, newInto: &single)
        hashNewSpellings(single)
        var next = 0
        let node = addressNode(spelling, single, &next)
        single.reset()
        return node
    }

    /// The node of address spelling `spelling`. A spelling new in `batch` (they come in order of first
    /// sight, so it is always the next of `batch`'s new ones, `next`) comes with its key (the reader
    /// normalised it, once per distinct spelling) and makes its node here, keeping the first spelling
    /// of each address node for display. Nodes thus appear in the order reading row by row would make them.
    mutating func addressNode(_ spelling: Int32, _ batch: WaybillBatch, _ next: inout Int) -> Int32 {
        guard spelling >= 0 else { return -1 }
        if Int(spelling) < spellingNode.count { return spellingNode[Int(spelling)] }
        let count = spellingHashes.count
        if next + 3 < count { builder.prefetch(spellingHashes[next + 3], stage: 0) }
        if next + 2 < count { builder.prefetch(spellingHashes[next + 2], stage: 1) }
        if next + 1 < count { builder.prefetch(spellingHashes[next + 1], stage: 2) }
        let hash = spellingHashes[next]
        let node: Int32 = batch.withNewSpelling(next) { raw, key in
            guard let key else { return -1 }
            let known = builder.nodeCount
            let node = builder.node(.address, key, hash: hash)
            if Int(node) == known { builder.facts.setAddressText(node, raw) }
            return node
        }
        next += 1
        spellingNode.append(node)
        return node
    }

    /// A name read in place, memoised by its raw bytes (names repeat: 464k distinct sender names on
    /// 4.31M waybills).
    mutating func name(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        name(bytes, hash: KeyInterner.hash(bytes))
    }

    /// ``name(_:)`` of bytes whose ``KeyInterner/hash(_:)`` is `hash`.
    mutating func name(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int32 {
        guard !bytes.isEmpty else { return -1 }
        if let cached = nameCache.value(bytes, hash: hash) { return cached }
        let id = EntityKeys.name(String(decoding: bytes, as: UTF8.self)).map { builder.facts.names.intern($0) } ?? -1
        nameCache.set(bytes, hash: hash, id)
        return id
    }

    /// A six-digit adcode read in place.
    mutating func place(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        bytes.count == 6 ? builder.facts.adcodes.intern(bytes) : -1
    }

    /// An outlet read in place (a few thousand outlets: memoised).
    mutating func outlet(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard !bytes.isEmpty else { return -1 }
        if let cached = outletCache.value(bytes) { return cached }
        let node = EntityKeys.outlet(String(decoding: bytes, as: UTF8.self)).map { builder.node(.outlet, $0) } ?? -1
        outletCache.set(bytes, node)
        return node
    }

    mutating func entity(_ kind: EntityKind, _ raw: String) -> Int32 {
        switch kind {
        case .phone: return EntityKeys.phone(raw).map { builder.node(.phone, $0) } ?? -1
        case .idNo: return EntityKeys.idNumber(raw).map { builder.node(.idNo, $0) } ?? -1
        case .account: return EntityKeys.account(raw).map { builder.node(.account, $0) } ?? -1
        case .plate: return EntityKeys.plate(raw).map { builder.node(.plate, $0) } ?? -1
        case .licence, .company, .waybill:
            return EntityKeys.code(raw).map { builder.node(kind, $0) } ?? -1
        case .caseFile, .person:
            return EntityKeys.identifier(raw).map { builder.node(kind, $0) } ?? -1
        case .address: return address(raw)
        case .outlet: return EntityKeys.outlet(raw).map { builder.node(.outlet, $0) } ?? -1
        }
    }

    // MARK: Rows

    /// One waybill row (``WaybillReader/columns``), read and added at once.
    mutating func addWaybill(_ row: SQLRowCursor) {
        reader.read(row, into: &single)
        reader.finish(&single)
        consume(single)
        single.reset()
    }

    /// Adds the waybills of a batch the reader filled: per row the waybill, phone, address and outlet
    /// nodes, the names and places, the facts and the edges.
    ///
    /// The waybill and phone keys and the raw names are hashed first, and each row's lookups are
    /// prefetched (``KeyInterner/prefetch(_:stage:)``) three, two and one rows ahead: in tables of
    /// millions of keys each lookup is a chain of cache misses, which the rows ahead now overlap.
    mutating func consume(_ batch: consuming WaybillBatch) {
        if batch.keysPending { batch.keyNewSpellings(divisions) }
        var next = 0
        let rows = batch.count
        hashLookups(batch)
        hashNewSpellings(batch)
        for row in 0..<rows {
            prefetchLookups(row + 3, of: rows, stage: 0)
            prefetchLookups(row + 2, of: rows, stage: 1)
            prefetchLookups(row + 1, of: rows, stage: 2)
            let hashes = row * Self.lookups
            let node = batch.withBytes(row: row, field: 0) { builder.node(.waybill, $0, hash: lookupHashes[hashes]) }
            builder.setRecord(node, ordinal: builder.facts.waybillCount)
            let senderPhone: Int32 = batch.withBytes(row: row, field: 1) {
                $0.isEmpty ? -1 : builder.node(.phone, $0, hash: lookupHashes[hashes + 1])
            }
            let receiverPhone: Int32 = batch.withBytes(row: row, field: 2) {
                $0.isEmpty ? -1 : builder.node(.phone, $0, hash: lookupHashes[hashes + 2])
            }
            let senderAddress = addressNode(batch.senderAddress[row], batch, &next)
            let receiverAddress = addressNode(batch.receiverAddress[row], batch, &next)
            let outlet: Int32 = batch.withBytes(row: row, field: 3) { self.outlet($0) }
            let senderName: Int32 = batch.withBytes(row: row, field: 4) { name($0, hash: lookupHashes[hashes + 3]) }
            let receiverName: Int32 = batch.withBytes(row: row, field: 5) { name($0, hash: lookupHashes[hashes + 4]) }
            let senderPlace: Int32 = batch.withBytes(row: row, field: 6) { place($0) }
            let receiverPlace: Int32 = batch.withBytes(row: row, field: 7) { place($0) }
            let time = batch.time[row]
            builder.facts.waybillNode.append(node)
            builder.facts.senderPhone.append(senderPhone)
            builder.facts.receiverPhone.append(receiverPhone)
            builder.facts.senderAddress.append(senderAddress)
            builder.facts.receiverAddress.append(receiverAddress)
            builder.facts.outlet.append(outlet)
            builder.facts.senderName.append(senderName)
            builder.facts.receiverName.append(receiverName)
            builder.facts.acceptedAt.append(time)
            builder.facts.weightGrams.append(batch.grams[row])
            builder.facts.pieces.append(batch.pieces[row])
            builder.facts.waybillFlags.append(batch.flags[row])
            builder.facts.senderPlace.append(senderPlace)
            builder.facts.receiverPlace.append(receiverPlace)
            if senderPhone >= 0 { builder.edge(node, senderPhone, .sentBy, time: time) }
            if receiverPhone >= 0 { builder.edge(node, receiverPhone, .receivedBy, time: time) }
            if senderAddress >= 0 { builder.edge(node, senderAddress, .sentFrom, time: time) }
            if receiverAddress >= 0 { builder.edge(node, receiverAddress, .deliveredTo, time: time) }
            if outlet >= 0 { builder.edge(node, outlet, .acceptedAt, time: time) }
            touches.append((senderPhone, senderPlace))
            touches.append((senderAddress, senderPlace))
            touches.append((outlet, senderPlace))
            touches.append((receiverPhone, receiverPlace))
            touches.append((receiverAddress, receiverPlace))
        }
        // After the rows, in the same order: the places a node was seen in come out the same, and the
        // node numbers are known, so the reads can be prefetched.
        builder.touch(touches)
        touches.removeAll(keepingCapacity: true)
    }

    /// Hashed lookups per waybill row: the waybill and the two phone keys, the two raw names.
    static let lookups = 5

    /// Fills ``spellingHashes`` for the new spellings of `batch` (0 for a spelling that is no address).
    mutating func hashNewSpellings(_ batch: WaybillBatch) {
        spellingHashes.removeAll(keepingCapacity: true)
        for k in 0..<batch.newSpellingEnds.count {
            spellingHashes.append(batch.withNewSpelling(k) { _, key in key.map { builder.keyHash(.address, $0) } ?? 0 })
        }
    }

    /// Fills ``lookupHashes`` for `batch` (an empty phone hashes to 0: its prefetch is a harmless hint).
    private mutating func hashLookups(_ batch: WaybillBatch) {
        lookupHashes.removeAll(keepingCapacity: true)
        for row in 0..<batch.count {
            lookupHashes.append(batch.withBytes(row: row, field: 0) { builder.keyHash(.waybill, $0) })
            for field in 1...2 {
                lookupHashes.append(batch.withBytes(row: row, field: field) { $0.isEmpty ? 0 : builder.keyHash(.phone, $0) })
            }
            for field in 4...5 { lookupHashes.append(batch.withBytes(row: row, field: field) { KeyInterner.hash($0) }) }
        }
    }

    /// Issues prefetch `stage` for the lookups of `row`, when there is such a row.
    @inline(__always)
    private mutating func prefetchLookups(_ row: Int, of rows: Int, stage: Int) {
        guard row < rows else { return }
        let base = row * Self.lookups
        builder.prefetch(lookupHashes[base], stage: stage)
        builder.prefetch(lookupHashes[base + 1], stage: stage)
        builder.prefetch(lookupHashes[base + 2], stage: stage)
        nameCache.prefetch(lookupHashes[base + 3], stage: stage)
        nameCache.prefetch(lookupHashes[base + 4], stage: stage)
    }

    /// txn_id, ts, payer_account, payer_name, payee_account, payee_name, amount_fen.
    mutating func addPayment(_ row: SQLRowCursor) {
        guard let payerText = row.text(2), let payeeText = row.text(4) else { return }
        let payer = entity(.account, payerText)
        let payee = entity(.account, payeeText)
        guard payer >= 0, payee >= 0 else { return }
        let time = row.int(1) ?? EntityGraph.undated
        let ordinal = Int32(builder.facts.paymentCount)
        let payerName = name(row.bytes(3))
        let payeeName = name(row.bytes(5))
        builder.facts.payer.append(payer)
        builder.facts.payee.append(payee)
        builder.facts.paidAt.append(time)
        builder.facts.amountFen.append(row.int(6) ?? 0)
        builder.facts.payerName.append(payerName)
        builder.facts.payeeName.append(payeeName)
        _ = builder.facts.transactionIDs.intern(row.text(0) ?? "")
        builder.edge(payer, payee, .paid, time: time, record: ordinal)
    }

    /// person_id, name, id_no, phones, addresses, accounts, plates, adcode.
    mutating func addPerson(_ row: SQLRowCursor) {
        guard let id = row.text(0), let key = EntityKeys.identifier(id) else { return }
        let node = builder.node(.person, key)
        builder.setRecord(node, ordinal: builder.facts.personNode.count)
        builder.facts.personNode.append(node)
        builder.facts.personName.append(name(row.bytes(1)))
        let place = place(row.bytes(7))
        builder.touch(node, place: place)
        var members: [Int32] = []
        if let idNo = row.text(2) { members.append(entity(.idNo, idNo)) }
        for phone in EntityKeys.items(row.text(3)) { members.append(entity(.phone, phone)) }
        for address in EntityKeys.items(row.text(4)) { members.append(entity(.address, address)) }
        for account in EntityKeys.items(row.text(5)) { members.append(entity(.account, account)) }
        for plate in EntityKeys.items(row.text(6)) { members.append(entity(.plate, plate)) }
        for member in members where member >= 0 {
            builder.edge(node, member, .personHas)
            builder.touch(member, place: place)
        }
    }

    /// case_no, opened_on, adcode.
    mutating func addCase(_ row: SQLRowCursor) {
        guard let number = row.text(0), let key = EntityKeys.identifier(number) else { return }
        let node = builder.node(.caseFile, key)
        let ordinal = Int32(builder.facts.caseNode.count)
        builder.setRecord(node, ordinal: Int(ordinal))
        caseOrdinal[key] = ordinal
        builder.facts.caseNode.append(node)
        let opened = row.text(1).flatMap { Timestamp.parseDays($0) }.map { Int64($0) * 86_400 - Timestamp.shanghaiOffsetSeconds }
        builder.facts.caseOpenedAt.append(opened ?? EntityGraph.undated)
        let place = place(row.bytes(2))
        builder.facts.casePlace.append(place)
        builder.touch(node, place: place)
    }

    /// case_no, entity_kind, entity_value, role, adcode.
    mutating func addCaseLink(_ row: SQLRowCursor) {
        guard let number = row.text(0).flatMap(EntityKeys.identifier), let ordinal = caseOrdinal[number],
            let kindCode = row.text(1), let raw = row.text(2)
        else { return }
        let kind: EntityKind
        switch kindCode {
        case "waybill_no": kind = .waybill
        default:
            guard let known = EntityKind(code: kindCode) else { return }
            kind = known
        }
        let target = entity(kind, raw)
        guard target >= 0 else { return }
        let link = Int32(builder.facts.linkCase.count)
        builder.facts.linkCase.append(ordinal)
        builder.facts.linkEntity.append(target)
        builder.facts.linkRole.append(builder.facts.roles.intern(row.text(3) ?? ""))
        let caseNode = builder.facts.caseNode[Int(ordinal)]
        let time = builder.facts.caseOpenedAt[Int(ordinal)]
        builder.edge(caseNode, target, .caseNames, time: time, record: link)
        builder.touch(target, place: place(row.bytes(4)))
    }

    /// licence_no, owner_name, owner_id_no, phone, address, accounts, credit_code, adcode.
    mutating func addRetailer(_ row: SQLRowCursor) {
        guard let licence = row.text(0).flatMap(EntityKeys.code) else { return }
        let node = builder.node(.licence, licence)
        builder.setRecord(node, ordinal: builder.facts.retailerNode.count)
        builder.facts.retailerNode.append(node)
        builder.facts.retailerOwnerName.append(name(row.bytes(1)))
        let place = place(row.bytes(7))
        builder.touch(node, place: place)
        var members: [Int32] = []
        if let idNo = row.text(2) { members.append(entity(.idNo, idNo)) }
        if let phone = row.text(3) { members.append(entity(.phone, phone)) }
        if let address = row.text(4) { members.append(entity(.address, address)) }
        for account in EntityKeys.items(row.text(5)) { members.append(entity(.account, account)) }
        if let code = row.text(6) { members.append(entity(.company, code)) }
        for member in members where member >= 0 {
            builder.edge(node, member, .retailerHas)
            builder.touch(member, place: place)
        }
    }

    /// credit_code, legal_person, legal_person_id_no, address, adcode.
    mutating func addCompany(_ row: SQLRowCursor) {
        guard let code = row.text(0).flatMap(EntityKeys.code) else { return }
        let node = builder.node(.company, code)
        builder.setRecord(node, ordinal: builder.facts.companyNode.count)
        builder.facts.companyNode.append(node)
        builder.facts.companyLegalName.append(name(row.bytes(1)))
        let place = place(row.bytes(4))
        builder.touch(node, place: place)
        for member in [row.text(2).map { entity(.idNo, $0) } ?? -1, row.text(3).map { entity(.address, $0) } ?? -1]
        where member >= 0 {
            builder.edge(node, member, .companyHas)
            builder.touch(member, place: place)
        }
    }
}
