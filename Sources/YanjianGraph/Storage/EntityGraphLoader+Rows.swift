import YanjianCore
import YanjianStore

/// The mutable state of one load: the builder and caches of keys already computed.
struct LoadState {
    var builder: EntityGraphBuilder
    let profile: ParcelProfile
    let divisions: AdminDivisions
    /// Raw address text → node (`-1` when the address is not a key).
    var addressCache = ByteKeyCache<Int32>()
    /// Raw description → whether it is a disguise.
    var disguiseCache = ByteKeyCache<Bool>()
    /// Case number → case ordinal.
    var caseOrdinal: [String: Int32] = [:]

    init(builder: EntityGraphBuilder, profile: ParcelProfile, divisions: AdminDivisions) {
        self.builder = builder
        self.profile = profile
        self.divisions = divisions
    }

    // MARK: Keys

    mutating func phone(_ value: SQLValue) -> Int32 {
        guard let text = value.text, let key = EntityKeys.phone(text) else { return -1 }
        return builder.node(.phone, key)
    }

    mutating func address(_ value: SQLValue) -> Int32 {
        guard let text = value.text, !text.isEmpty else { return -1 }
        if let cached = addressCache.value(text) { return cached }
        let node = EntityKeys.address(text, divisions: divisions).map { builder.node(.address, $0) } ?? -1
        addressCache.set(text, node)
        if node >= 0 && builder.facts.addressTextOf[node] == nil {
            builder.facts.addressTextOf[node] = builder.facts.addressTexts.intern(text)
        }
        return node
    }

    mutating func name(_ value: SQLValue) -> Int32 {
        guard let text = value.text, let key = EntityKeys.name(text) else { return -1 }
        return builder.facts.names.intern(key)
    }

    mutating func place(_ value: SQLValue) -> Int32 {
        guard let text = value.text, text.utf8.count == 6 else { return -1 }
        return builder.facts.adcodes.intern(text)
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
        case .address: return address(.text(raw))
        case .outlet: return EntityKeys.outlet(raw).map { builder.node(.outlet, $0) } ?? -1
        }
    }

    // MARK: Rows

    /// waybill_no, sender_name, sender_phone, sender_address, receiver_name, receiver_phone,
    /// receiver_address, item_desc, pieces, weight_kg, accepted_at, origin_outlet, xray_suspect, seized,
    /// adcode, receiver_adcode.
    mutating func addWaybill(_ v: [SQLValue]) {
        guard let number = v[0].text, let key = EntityKeys.code(number) else { return }
        let node = builder.node(.waybill, key)
        let ordinal = builder.facts.waybillCount
        builder.setRecord(node, ordinal: ordinal)
        let time = v[10].int ?? EntityGraph.undated
        let senderPhone = phone(v[2])
        let receiverPhone = phone(v[5])
        let senderAddress = address(v[3])
        let receiverAddress = address(v[6])
        let outlet = v[11].text.flatMap(EntityKeys.outlet).map { builder.node(.outlet, $0) } ?? -1
        let senderPlace = place(v[14])
        let receiverPlace = place(v[15])
        var flags: UInt8 = 0
        if (v[12].int ?? 0) != 0 { flags |= RecordFacts.WaybillFlag.xray }
        if (v[13].int ?? 0) != 0 { flags |= RecordFacts.WaybillFlag.seized }
        if let text = v[2].text, EntityKeys.isMaskedPhone(text) { flags |= RecordFacts.WaybillFlag.maskedSender }
        if let text = v[5].text, EntityKeys.isMaskedPhone(text) { flags |= RecordFacts.WaybillFlag.maskedReceiver }
        if let description = v[7].text, !description.isEmpty {
            let disguised: Bool
            if let cached = disguiseCache.value(description) {
                disguised = cached
            } else {
                disguised = profile.isDisguise(description)
                disguiseCache.set(description, disguised)
            }
            if disguised { flags |= RecordFacts.WaybillFlag.disguised }
        }
        let grams = Int32(clamping: Int64(((v[9].double ?? 0) * 1000).rounded()))
        let pieces = Int32(clamping: v[8].int ?? 1)
        if pieces <= profile.maximumPieces && profile.cartonGrams.contains(grams) {
            flags |= RecordFacts.WaybillFlag.cartonSized
        }
        let senderName = name(v[1])
        let receiverName = name(v[4])
        builder.facts.waybillNode.append(node)
        builder.facts.senderPhone.append(senderPhone)
        builder.facts.receiverPhone.append(receiverPhone)
        builder.facts.senderAddress.append(senderAddress)
        builder.facts.receiverAddress.append(receiverAddress)
        builder.facts.outlet.append(outlet)
        builder.facts.senderName.append(senderName)
        builder.facts.receiverName.append(receiverName)
        builder.facts.acceptedAt.append(time)
        builder.facts.weightGrams.append(grams)
        builder.facts.pieces.append(pieces)
        builder.facts.waybillFlags.append(flags)
        builder.facts.senderPlace.append(senderPlace)
        builder.facts.receiverPlace.append(receiverPlace)
        if senderPhone >= 0 { builder.edge(node, senderPhone, .sentBy, time: time) }
        if receiverPhone >= 0 { builder.edge(node, receiverPhone, .receivedBy, time: time) }
        if senderAddress >= 0 { builder.edge(node, senderAddress, .sentFrom, time: time) }
        if receiverAddress >= 0 { builder.edge(node, receiverAddress, .deliveredTo, time: time) }
        if outlet >= 0 { builder.edge(node, outlet, .acceptedAt, time: time) }
        builder.touch(senderPhone, place: senderPlace)
        builder.touch(senderAddress, place: senderPlace)
        builder.touch(outlet, place: senderPlace)
        builder.touch(receiverPhone, place: receiverPlace)
        builder.touch(receiverAddress, place: receiverPlace)
    }

    /// txn_id, ts, payer_account, payer_name, payee_account, payee_name, amount_fen.
    mutating func addPayment(_ v: [SQLValue]) {
        guard let payerText = v[2].text, let payeeText = v[4].text else { return }
        let payer = entity(.account, payerText)
        let payee = entity(.account, payeeText)
        guard payer >= 0, payee >= 0 else { return }
        let time = v[1].int ?? EntityGraph.undated
        let ordinal = Int32(builder.facts.paymentCount)
        let payerName = name(v[3])
        let payeeName = name(v[5])
        builder.facts.payer.append(payer)
        builder.facts.payee.append(payee)
        builder.facts.paidAt.append(time)
        builder.facts.amountFen.append(v[6].int ?? 0)
        builder.facts.payerName.append(payerName)
        builder.facts.payeeName.append(payeeName)
        _ = builder.facts.transactionIDs.intern(v[0].text ?? "")
        builder.edge(payer, payee, .paid, time: time, record: ordinal)
    }

    /// person_id, name, id_no, phones, addresses, accounts, plates, adcode.
    mutating func addPerson(_ v: [SQLValue]) {
        guard let id = v[0].text, let key = EntityKeys.identifier(id) else { return }
        let node = builder.node(.person, key)
        builder.setRecord(node, ordinal: builder.facts.personNode.count)
        builder.facts.personNode.append(node)
        builder.facts.personName.append(name(v[1]))
        let place = place(v[7])
        builder.touch(node, place: place)
        var members: [Int32] = []
        if let idNo = v[2].text { members.append(entity(.idNo, idNo)) }
        for phone in EntityKeys.items(v[3].text) { members.append(entity(.phone, phone)) }
        for address in EntityKeys.items(v[4].text) { members.append(entity(.address, address)) }
        for account in EntityKeys.items(v[5].text) { members.append(entity(.account, account)) }
        for plate in EntityKeys.items(v[6].text) { members.append(entity(.plate, plate)) }
        for member in members where member >= 0 {
            builder.edge(node, member, .personHas)
            builder.touch(member, place: place)
        }
    }

    /// case_no, opened_on, adcode.
    mutating func addCase(_ v: [SQLValue]) {
        guard let number = v[0].text, let key = EntityKeys.identifier(number) else { return }
        let node = builder.node(.caseFile, key)
        let ordinal = Int32(builder.facts.caseNode.count)
        builder.setRecord(node, ordinal: Int(ordinal))
        caseOrdinal[key] = ordinal
        builder.facts.caseNode.append(node)
        let opened = v[1].text.flatMap { Timestamp.parseDays($0) }.map { Int64($0) * 86_400 - Timestamp.shanghaiOffsetSeconds }
        builder.facts.caseOpenedAt.append(opened ?? EntityGraph.undated)
        let place = place(v[2])
        builder.facts.casePlace.append(place)
        builder.touch(node, place: place)
    }

    /// case_no, entity_kind, entity_value, role, adcode.
    mutating func addCaseLink(_ v: [SQLValue]) {
        guard let number = v[0].text.flatMap(EntityKeys.identifier), let ordinal = caseOrdinal[number],
            let kindCode = v[1].text, let raw = v[2].text
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
        builder.facts.linkRole.append(builder.facts.roles.intern(v[3].text ?? ""))
        let caseNode = builder.facts.caseNode[Int(ordinal)]
        let time = builder.facts.caseOpenedAt[Int(ordinal)]
        builder.edge(caseNode, target, .caseNames, time: time, record: link)
        builder.touch(target, place: place(v[4]))
    }

    /// licence_no, owner_name, owner_id_no, phone, address, accounts, credit_code, adcode.
    mutating func addRetailer(_ v: [SQLValue]) {
        guard let licence = v[0].text.flatMap(EntityKeys.code) else { return }
        let node = builder.node(.licence, licence)
        builder.setRecord(node, ordinal: builder.facts.retailerNode.count)
        builder.facts.retailerNode.append(node)
        builder.facts.retailerOwnerName.append(name(v[1]))
        let place = place(v[7])
        builder.touch(node, place: place)
        var members: [Int32] = []
        if let idNo = v[2].text { members.append(entity(.idNo, idNo)) }
        if let phone = v[3].text { members.append(entity(.phone, phone)) }
        if let address = v[4].text { members.append(entity(.address, address)) }
        for account in EntityKeys.items(v[5].text) { members.append(entity(.account, account)) }
        if let code = v[6].text { members.append(entity(.company, code)) }
        for member in members where member >= 0 {
            builder.edge(node, member, .retailerHas)
            builder.touch(member, place: place)
        }
    }

    /// credit_code, legal_person, legal_person_id_no, address, adcode.
    mutating func addCompany(_ v: [SQLValue]) {
        guard let code = v[0].text.flatMap(EntityKeys.code) else { return }
        let node = builder.node(.company, code)
        builder.setRecord(node, ordinal: builder.facts.companyNode.count)
        builder.facts.companyNode.append(node)
        builder.facts.companyLegalName.append(name(v[1]))
        let place = place(v[4])
        builder.touch(node, place: place)
        for member in [v[2].text.map { entity(.idNo, $0) } ?? -1, v[3].text.map { entity(.address, $0) } ?? -1]
        where member >= 0 {
            builder.edge(node, member, .companyHas)
            builder.touch(member, place: place)
        }
    }
}
