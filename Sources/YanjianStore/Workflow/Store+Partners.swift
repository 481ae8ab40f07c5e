import Crypto
import Foundation
import YanjianCore

/// A waybill as a partner uploads it.
public struct PartnerWaybill: Sendable, Equatable {
    public var waybillNo: String
    public var senderName: String?
    public var senderPhone: String?
    public var senderAddress: String?
    public var receiverName: String?
    public var receiverPhone: String?
    public var receiverAddress: String?
    public var itemDesc: String?
    public var pieces: Int64
    public var weightKg: Double
    public var acceptedAt: Int64

    public init(waybillNo: String, senderName: String? = nil, senderPhone: String? = nil, senderAddress: String? = nil,
                receiverName: String? = nil, receiverPhone: String? = nil, receiverAddress: String? = nil, itemDesc: String? = nil,
                pieces: Int64, weightKg: Double, acceptedAt: Int64) {
        self.waybillNo = waybillNo
        self.senderName = senderName
        self.senderPhone = senderPhone
        self.senderAddress = senderAddress
        self.receiverName = receiverName
        self.receiverPhone = receiverPhone
        self.receiverAddress = receiverAddress
        self.itemDesc = itemDesc
        self.pieces = pieces
        self.weightKg = weightKg
        self.acceptedAt = acceptedAt
    }
}

/// What a partner learns about an upload: what was stored, what was refused and why (its own data),
/// and which of its waybills to hold — by reference only, never which watch-list entry matched.
public struct PartnerUploadResult: Sendable, Equatable {
    public struct Reject: Sendable, Equatable {
        public var index: Int
        public var waybillNo: String?
        public var field: String
        public var reason: String

        public init(index: Int, waybillNo: String?, field: String, reason: String) {
            self.index = index
            self.waybillNo = waybillNo
            self.field = field
            self.reason = reason
        }
    }

    public struct Hit: Sendable, Equatable {
        public var waybillNo: String
        public var reference: String
    }

    public var accepted: Int
    public var rejected: [Reject]
    public var hits: [Hit]
}

extension Store {
    /// The largest upload a partner may send at once.
    public static let maxPartnerBatch = 1000

    /// Stores a partner's waybills (an existing number is kept as it was stored first) and matches the
    /// new ones against the watch list on our side: the phones and addresses of gang members. Bad rows
    /// are refused with index, field and reason; the good ones are stored.
    public func uploadPartnerWaybills(_ waybills: [PartnerWaybill], partner: User) async throws -> PartnerUploadResult {
        guard partner.role == .partner || partner.role == .admin else {
            throw StoreError.forbidden("only partner API clients upload waybills")
        }
        guard waybills.count <= Self.maxPartnerBatch else {
            throw StoreError.invalid(field: "waybills", reason: "at most \(Self.maxPartnerBatch) per request")
        }
        var rejected: [PartnerUploadResult.Reject] = []
        var rows: [[SQLValue]] = []
        var good: [(index: Int, waybill: PartnerWaybill, phones: [String], addresses: [String])] = []
        var seen = Set<String>()
        for (index, raw) in waybills.enumerated() {
            func reject(_ field: String, _ reason: String) {
                rejected.append(.init(index: index, waybillNo: raw.waybillNo.isEmpty ? nil : raw.waybillNo, field: field, reason: reason))
            }
            guard let number = try? WaybillNo(validating: raw.waybillNo) else { reject("waybill_no", "not a waybill number"); continue }
            guard seen.insert(number.value).inserted else { reject("waybill_no", "given twice in this upload"); continue }
            guard raw.pieces > 0, raw.pieces < 10_000 else { reject("pieces", "1 to 9999"); continue }
            guard raw.weightKg > 0, raw.weightKg < 100_000 else { reject("weight_kg", "more than 0 and less than 100,000"); continue }
            guard raw.acceptedAt > 946_684_800, raw.acceptedAt < now + 86_400 else { reject("accepted_at", "not a plausible time"); continue }
            var phones: [String?] = []
            var invalidPhone: String?
            for (field, value) in [("sender_phone", raw.senderPhone), ("receiver_phone", raw.receiverPhone)] {
                guard let value, !value.isEmpty else { phones.append(nil); continue }
                guard let phone = PhoneNumber(value) else { invalidPhone = field; break }
                phones.append(phone.digits)
            }
            if let invalidPhone { reject(invalidPhone, "not a phone number"); continue }
            let addresses = [raw.senderAddress, raw.receiverAddress].compactMap { $0 }.filter { !$0.isEmpty }
                .map { AddressNormalizer.normalize($0).key }
            var waybill = raw
            waybill.waybillNo = number.value
            good.append((index, waybill, phones.compactMap { $0 }, addresses))
            rows.append([
                .text(number.value), .text(partner.displayName), .text(raw.senderName), .text(phones[0]), .text(raw.senderAddress),
                .text(raw.receiverName), .text(phones[1]), .text(raw.receiverAddress), .text(raw.itemDesc), .int(raw.pieces),
                .double(raw.weightKg), .int(raw.acceptedAt), .text(raw.senderAddress.flatMap { AddressNormalizer.normalize($0).adcode }),
                .text(raw.receiverAddress.flatMap { AddressNormalizer.normalize($0).adcode }),
            ])
        }
        // Only waybills new to the platform are matched: resubmitting someone else's number (or the same
        // one with other data) must not become a way to probe the watch list.
        var existing = Set<String>()
        for chunk in stride(from: 0, to: good.count, by: 500) {
            let numbers = good[chunk..<min(good.count, chunk + 500)].map(\.waybill.waybillNo)
            let marks = Array(repeating: "?", count: numbers.count).joined(separator: ",")
            for row in try await db.query("SELECT waybill_no FROM waybills WHERE waybill_no IN (\(marks))", numbers.map { .text($0) }) {
                if let number = row["waybill_no"].text { existing.insert(number) }
            }
        }
        let now = self.now
        if !rows.isEmpty {
            _ = try await bulkInsert(
                table: "waybills",
                columns: ["waybill_no", "courier", "sender_name", "sender_phone", "sender_address", "receiver_name", "receiver_phone",
                          "receiver_address", "item_desc", "pieces", "weight_kg", "accepted_at", "adcode", "receiver_adcode"],
                rows: rows, onConflict: .ignore)
            _ = try await bulkInsert(table: "partner_waybills", columns: ["waybill_no", "partner", "uploaded_at"],
                                     rows: good.map { [.text($0.waybill.waybillNo), .text(partner.username), .int(now)] }, onConflict: .ignore)
        }

        // The watch list, on our side only: gang members' phones and addresses.
        var watchPhones = Set<String>()
        var watchAddresses = Set<String>()
        for member in try await findingHeads(kind: FindingKind.gangMember) {
            if member.subject.hasPrefix("phone:") { watchPhones.insert(String(member.subject.dropFirst(6))) }
            if member.subject.hasPrefix("address:") { watchAddresses.insert(AddressNormalizer.normalize(String(member.subject.dropFirst(8))).key) }
        }
        var hits: [PartnerUploadResult.Hit] = []
        var statements: [SQLStatement] = []
        for item in good where !existing.contains(item.waybill.waybillNo) {
            let phone = item.phones.first { watchPhones.contains($0) }
            let address = item.addresses.first { watchAddresses.contains($0) }
            guard phone != nil || address != nil else { continue }
            let reference = "H-" + String(Self.hex(SHA256.hash(data: Array((partner.username + "|" + item.waybill.waybillNo).utf8))).prefix(10)).uppercased()
            let reason = phone.map { "phone:\($0)" } ?? "address:\(address ?? "")"
            hits.append(.init(waybillNo: item.waybill.waybillNo, reference: reference))
            statements.append(SQLStatement(
                """
                INSERT INTO partner_hits (partner, waybill_no, reference, reason, created_at)
                SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM partner_hits WHERE partner = ? AND waybill_no = ?)
                """,
                [.text(partner.username), .text(item.waybill.waybillNo), .text(reference), .text(reason), .int(now),
                 .text(partner.username), .text(item.waybill.waybillNo)]))
        }
        if !statements.isEmpty { try await db.transaction(statements) }
        return PartnerUploadResult(accepted: good.count, rejected: rejected, hits: hits)
    }

    /// A partner's hits: its own waybills only, by reference.
    public func partnerHits(partner: User) async throws -> [PartnerUploadResult.Hit] {
        try await db.query("SELECT waybill_no, reference FROM partner_hits WHERE partner = ? ORDER BY id", [.text(partner.username)]).map {
            PartnerUploadResult.Hit(waybillNo: $0["waybill_no"].text ?? "", reference: $0["reference"].text ?? "")
        }
    }
}
