/// The attributes of the records behind the graph that analyses need beyond who is linked to whom:
/// per waybill its parties, weight, flags and places; per transfer its parties, amount and names; the
/// person, case, retailer and business files; all as flat columns indexed by the record's ordinal.
///
/// Entity columns hold node ids (`-1` when the field was empty, masked or not a usable key); name
/// columns hold ids in ``names`` (`-1` when empty); place columns hold indices into ``adcodes``.
public struct RecordFacts: Sendable {
    /// Bits of ``waybillFlags``.
    public enum WaybillFlag {
        /// Flagged by the x-ray check (过机嫌疑).
        public static let xray: UInt8 = 1
        /// Seized.
        public static let seized: UInt8 = 2
        /// The description is one of the usual disguises (tea, local produce, clothes, daily goods…).
        public static let disguised: UInt8 = 4
        /// The sender phone was written masked.
        public static let maskedSender: UInt8 = 8
        /// The receiver phone was written masked.
        public static let maskedReceiver: UInt8 = 16
        /// One piece whose weight fits one or two cartons with packaging.
        public static let cartonSized: UInt8 = 32
    }

    /// Interned person and holder names (trimmed; masked names are dropped).
    public var names = KeyInterner(capacity: 1 << 16)
    /// Interned adcodes (six digits).
    public var adcodes = KeyInterner(capacity: 4096)
    /// Interned case-link roles (`当事人`, `寄件电话`…).
    public var roles = KeyInterner(capacity: 256)
    /// The address as first written, per address node (the node's value is the matching key): the
    /// nodes in ascending order (nodes are numbered as they appear) and their texts, in the same order.
    /// Appended, not hashed: every text is new (a dictionary and an interner here were a twentieth of
    /// the graph load).
    public private(set) var addressTextNodes: [Int32] = []
    public private(set) var addressTexts = TextColumn()

    // MARK: Waybills
    public var waybillNode: [Int32] = []
    public var senderPhone: [Int32] = []
    public var receiverPhone: [Int32] = []
    public var senderAddress: [Int32] = []
    public var receiverAddress: [Int32] = []
    public var outlet: [Int32] = []
    public var senderName: [Int32] = []
    public var receiverName: [Int32] = []
    public var acceptedAt: [Int64] = []
    public var weightGrams: [Int32] = []
    public var pieces: [Int32] = []
    public var waybillFlags: [UInt8] = []
    /// The sender's place (the waybill's `adcode`).
    public var senderPlace: [Int32] = []
    /// The receiver's place (`receiver_adcode`).
    public var receiverPlace: [Int32] = []

    // MARK: Transfers
    public var payer: [Int32] = []
    public var payee: [Int32] = []
    public var paidAt: [Int64] = []
    public var amountFen: [Int64] = []
    public var payerName: [Int32] = []
    public var payeeName: [Int32] = []
    /// Transaction ids, interned (for evidence lines).
    public var transactionIDs = KeyInterner(capacity: 1 << 16)

    // MARK: Files
    /// Person file node and the person's name.
    public var personNode: [Int32] = []
    public var personName: [Int32] = []
    /// Case node, opening time (seconds, local midnight), place.
    public var caseNode: [Int32] = []
    public var caseOpenedAt: [Int64] = []
    public var casePlace: [Int32] = []
    /// Case links: the case ordinal, the entity node and the role.
    public var linkCase: [Int32] = []
    public var linkEntity: [Int32] = []
    public var linkRole: [Int32] = []
    /// Retail licence node and the owner's name.
    public var retailerNode: [Int32] = []
    public var retailerOwnerName: [Int32] = []
    /// Business node and its legal person's name.
    public var companyNode: [Int32] = []
    public var companyLegalName: [Int32] = []

    /// Creates empty columns.
    public init() {}

    /// Reserves the waybill and transfer columns for the counts a load will read, so that no column
    /// doubles (and copies itself) near the end of the load.
    public mutating func reserve(waybills: Int, payments: Int) {
        for column in [\RecordFacts.waybillNode, \.senderPhone, \.receiverPhone, \.senderAddress, \.receiverAddress, \.outlet,
                       \.senderName, \.receiverName, \.weightGrams, \.pieces, \.senderPlace, \.receiverPlace] {
            self[keyPath: column].reserveCapacity(waybills)
        }
        acceptedAt.reserveCapacity(waybills)
        waybillFlags.reserveCapacity(waybills)
        for column in [\RecordFacts.payer, \.payee, \.payerName, \.payeeName] { self[keyPath: column].reserveCapacity(payments) }
        paidAt.reserveCapacity(payments)
        amountFen.reserveCapacity(payments)
    }

    /// The number of waybills.
    public var waybillCount: Int { waybillNode.count }
    /// The number of transfers.
    public var paymentCount: Int { payer.count }

    /// The name with id `id`, or nil for `-1`.
    public func name(_ id: Int32) -> String? { id < 0 ? nil : names.string(id) }

    /// The address text first seen for an address node.
    public func addressText(_ node: Int32) -> String? {
        var low = 0
        var high = addressTextNodes.count
        while low < high {
            let middle = (low + high) / 2
            if addressTextNodes[middle] < node { low = middle + 1 } else { high = middle }
        }
        guard low < addressTextNodes.count, addressTextNodes[low] == node else { return nil }
        return addressTexts.string(low)
    }

    /// Reserves room for about `count` address texts of about `bytes` bytes in all.
    mutating func reserveAddressTexts(_ count: Int, bytes: Int) {
        addressTextNodes.reserveCapacity(count)
        addressTexts.reserve(count, bytes: bytes)
    }

    /// Records `raw` as the text of `node`, a new address node (numbered after every node recorded).
    mutating func setAddressText(_ node: Int32, _ raw: UnsafeBufferPointer<UInt8>) {
        precondition(addressTextNodes.last.map { $0 < node } ?? true, "address nodes are recorded in ascending order")
        addressTextNodes.append(node)
        addressTexts.append(raw)
    }

    /// The adcode with index `index`, or nil for `-1`.
    public func adcode(_ index: Int32) -> String? { index < 0 ? nil : adcodes.string(index) }
}

extension RecordFacts {
    /// Writes or reads the columns (``SnapshotColumns``). A read set is checked: columns of one record
    /// kind are equally long, and every node, name, place and text id is `-1` or names something that
    /// exists (`nodes` is the graph's node count), so a damaged snapshot cannot index out of range.
    mutating func snapshot(_ columns: inout some SnapshotColumns, nodes: Int) throws -> Bool {
        for interner in [\RecordFacts.names, \.adcodes, \.roles, \.transactionIDs] {
            guard try self[keyPath: interner].snapshot(&columns) else { return false }
        }
        try columns.column(&addressTextNodes)
        guard try addressTexts.snapshot(&columns), addressTexts.count == addressTextNodes.count,
            zip(addressTextNodes, addressTextNodes.dropFirst()).allSatisfy({ $0 < $1 })
        else { return false }
        let waybillNodes: [WritableKeyPath<RecordFacts, [Int32]>] = [\.waybillNode, \.senderPhone, \.receiverPhone, \.senderAddress, \.receiverAddress, \.outlet]
        let waybillOther: [WritableKeyPath<RecordFacts, [Int32]>] = [\.senderName, \.receiverName, \.weightGrams, \.pieces, \.senderPlace, \.receiverPlace]
        let paymentNodes: [WritableKeyPath<RecordFacts, [Int32]>] = [\.payer, \.payee]
        let fileNodes: [WritableKeyPath<RecordFacts, [Int32]>] = [\.personNode, \.caseNode, \.linkEntity, \.retailerNode, \.companyNode]
        let fileOther: [WritableKeyPath<RecordFacts, [Int32]>] = [
            \.payerName, \.payeeName, \.personName, \.casePlace, \.linkCase, \.linkRole, \.retailerOwnerName, \.companyLegalName,
        ]
        for column in waybillNodes + waybillOther + paymentNodes + fileNodes + fileOther { try columns.column(&self[keyPath: column]) }
        try columns.column(&acceptedAt)
        try columns.column(&waybillFlags)
        try columns.column(&paidAt)
        try columns.column(&amountFen)
        try columns.column(&caseOpenedAt)
        // Lengths per record kind.
        let waybills = waybillNode.count
        let payments = payer.count
        guard (waybillNodes + waybillOther).allSatisfy({ self[keyPath: $0].count == waybills }),
            acceptedAt.count == waybills, waybillFlags.count == waybills,
            [payee.count, payerName.count, payeeName.count, paidAt.count, amountFen.count].allSatisfy({ $0 == payments }),
            personName.count == personNode.count, caseOpenedAt.count == caseNode.count, casePlace.count == caseNode.count,
            linkCase.count == linkEntity.count, linkRole.count == linkEntity.count,
            retailerOwnerName.count == retailerNode.count, companyLegalName.count == companyNode.count
        else { return false }
        // Ranges.
        func within(_ values: [Int32], _ bound: Int) -> Bool {
            values.withUnsafeBufferPointer { buffer in buffer.allSatisfy { $0 >= -1 && Int($0) < bound } }
        }
        let nameColumns: [KeyPath<RecordFacts, [Int32]>] = [
            \.senderName, \.receiverName, \.payerName, \.payeeName, \.personName, \.retailerOwnerName, \.companyLegalName,
        ]
        return (waybillNodes + paymentNodes + fileNodes).allSatisfy { within(self[keyPath: $0], nodes) }
            && nameColumns.allSatisfy { within(self[keyPath: $0], names.count) }
            && [senderPlace, receiverPlace, casePlace].allSatisfy { within($0, adcodes.count) }
            && within(linkCase, caseNode.count) && within(linkRole, roles.count)
            && within(addressTextNodes, nodes)
    }
}

/// Texts appended one after another and read back by position: one byte array and the ends.
public struct TextColumn: Sendable {
    private var bytes: [UInt8] = []
    private var ends: [UInt32] = []

    /// The number of texts.
    public var count: Int { ends.count }

    /// Reserves room for about `count` texts of about `bytes` bytes in all.
    mutating func reserve(_ count: Int, bytes: Int) {
        ends.reserveCapacity(count)
        self.bytes.reserveCapacity(bytes)
    }

    /// Appends a text (UTF-8 bytes).
    mutating func append(_ text: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: text)
        precondition(bytes.count <= Int(UInt32.max), "a text column holds at most 4 GiB")
        ends.append(UInt32(bytes.count))
    }

    /// Text `index`.
    public func string(_ index: Int) -> String {
        let start = index == 0 ? 0 : Int(ends[index - 1])
        return String(decoding: bytes[start..<Int(ends[index])], as: UTF8.self)
    }

    /// Writes or reads the column (``SnapshotColumns``); a read column is checked: ends ascend to the
    /// bytes' end.
    mutating func snapshot(_ columns: inout some SnapshotColumns) throws -> Bool {
        try columns.column(&bytes)
        try columns.column(&ends)
        return zip([0] + ends, ends).allSatisfy { $0 <= $1 } && Int(ends.last ?? 0) == bytes.count
    }
}
