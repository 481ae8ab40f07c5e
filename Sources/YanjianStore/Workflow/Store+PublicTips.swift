import Crypto
import Foundation
import YanjianCore

/// Where a public tip-off stands, as the tipster sees it through the receipt.
public enum TipStatus: String, CaseIterable, Sendable, Codable {
    case received, reviewing, verified
    case notVerified = "not_verified"
    case closed
}

/// What the tipster sees through the receipt: never who worked on it.
public struct TipFollowUp: Sendable, Equatable {
    public var tipID: String
    public var status: TipStatus
    public var receivedAt: Int64
    public var messages: [TipMessage]
    /// The reward, once approved or paid (amount in fen and status).
    public var reward: (amountFen: Int64, status: String)?

    public static func == (lhs: TipFollowUp, rhs: TipFollowUp) -> Bool {
        lhs.tipID == rhs.tipID && lhs.status == rhs.status && lhs.messages == rhs.messages
            && lhs.reward?.amountFen == rhs.reward?.amountFen && lhs.reward?.status == rhs.reward?.status
    }
}

/// One message between the tipster and the officers.
public struct TipMessage: Sendable, Equatable {
    public var at: Int64
    /// `tipster` or `officer`.
    public var sender: String
    public var body: String
}

/// A reward proposed for a tip from the case it led to.
public struct StoredReward: Sendable, Equatable {
    public var id: Int64
    public var tipID: String
    public var caseNo: String
    public var amountFen: Int64
    public var basis: String
    public var status: String
    public var proposedBy: String
    public var decidedBy: String?
}

/// A tip-off as submitted on the public page.
public struct PublicTipSubmission: Sendable {
    public var text: String
    public var phone: String?
    public var address: String?
    public var location: GeoPoint?
    public var anonymous: Bool
    public var photo: (content: [UInt8], mediaType: String)?

    public init(text: String, phone: String? = nil, address: String? = nil, location: GeoPoint? = nil, anonymous: Bool,
                photo: (content: [UInt8], mediaType: String)? = nil) {
        self.text = text
        self.phone = phone
        self.address = address
        self.location = location
        self.anonymous = anonymous
        self.photo = photo
    }
}

extension Store {
    /// The channel name public tips are stored under (`tips.channel`).
    public static let publicTipChannel = "平台"
    /// The largest photo a tipster may attach, in bytes.
    public static let maxTipPhotoBytes = 5 * 1024 * 1024

    /// A receipt code: 16 Crockford base-32 characters (80 random bits) in groups of four.
    static func newReceipt() -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<16).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] }
        return stride(from: 0, to: 16, by: 4).map { String(characters[$0..<$0 + 4]) }.joined(separator: "-")
    }

    /// The stored form of a receipt: the SHA-256 of its characters, upper-cased, without separators,
    /// with Crockford's look-alikes folded (O → 0, I and L → 1). Only the hash is kept.
    static func receiptHash(_ receipt: String) -> String? {
        var folded = ""
        for character in receipt.uppercased() {
            switch character {
            case "-", " ": continue
            case "O": folded.append("0")
            case "I", "L": folded.append("1")
            default:
                guard "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(character) else { return nil }
                folded.append(character)
            }
        }
        guard folded.count == 16 else { return nil }
        return SHA256.hash(data: Array(folded.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// Stores a tip-off from the public page and returns its id and the receipt code, shown once to
    /// the tipster. An anonymous tip keeps no phone. The same text within 24 hours is refused as a
    /// duplicate. The tip goes into `tips` (channel 平台), so the tip ranking scores it like any other.
    public func submitPublicTip(_ submission: PublicTipSubmission) async throws -> (tipID: String, receipt: String) {
        let text = submission.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (10...2000).contains(text.count) else { throw StoreError.invalid(field: "text", reason: "write 10 to 2000 characters") }
        if let phone = submission.phone, !phone.isEmpty, PhoneNumber(phone).map({ $0.kind == .service }) ?? true {
            throw StoreError.invalid(field: "phone", reason: "not a mobile or landline number a person can be called back on")
        }
        if let address = submission.address, address.count > 200 { throw StoreError.invalid(field: "address", reason: "at most 200 characters") }
        if let location = submission.location, !(-90...90).contains(location.lat) || !(-180...180).contains(location.lon) {
            throw StoreError.invalid(field: "lat", reason: "the location is out of range")
        }
        if let photo = submission.photo {
            guard !photo.content.isEmpty, photo.content.count <= Self.maxTipPhotoBytes else {
                throw StoreError.invalid(field: "photo", reason: "1 byte to \(Self.maxTipPhotoBytes / 1024 / 1024) MiB")
            }
            guard photo.mediaType.hasPrefix("image/") else { throw StoreError.invalid(field: "photo", reason: "only images") }
        }
        let now = self.now
        let textHash = Self.hex(SHA256.hash(data: Array(text.filter { !$0.isWhitespace }.utf8)))
        let recent = try await db.scalarInt("SELECT COUNT(*) FROM tip_receipts WHERE text_hash = ? AND created_at > ?",
                                            [.text(textHash), .int(now - 86_400)])
        guard recent == 0 else {
            throw StoreError.conflict("the same tip-off was received in the last 24 hours; follow it with its receipt")
        }
        let adcode = submission.address.flatMap { AddressNormalizer.normalize($0).adcode }
        let receipt = Self.newReceipt()
        guard let hash = Self.receiptHash(receipt) else { throw StoreError.internalInconsistency("receipt") }
        var generator = SystemRandomNumberGenerator()
        let tipID = "P" + today.replacingOccurrences(of: "-", with: "") + "-" + String(format: "%06x", generator.next(upperBound: UInt32(1 << 24)))
        var statements = [
            SQLStatement(
                "INSERT INTO tips (tip_id, received_at, channel, text, phone, address, lat, lon, adcode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [.text(tipID), .int(now), .text(Self.publicTipChannel), .text(text),
                 .text(submission.anonymous ? nil : submission.phone.flatMap { PhoneNumber($0)?.digits }),
                 .text(submission.address.flatMap { $0.isEmpty ? nil : $0 }), .double(submission.location?.lat), .double(submission.location?.lon),
                 .text(adcode)]),
            SQLStatement(
                "INSERT INTO tip_receipts (tip_id, receipt_hash, status, anonymous, text_hash, created_at, updated_at) VALUES (?, ?, 'received', ?, ?, ?, ?)",
                [.text(tipID), .text(hash), .int(submission.anonymous ? 1 : 0), .text(textHash), .int(now), .int(now)]),
        ]
        if let photo = submission.photo {
            statements.append(SQLStatement(
                "INSERT INTO tip_attachments (tip_id, sha256, media_type, size, content, added_at) VALUES (?, ?, ?, ?, ?, ?)",
                [.text(tipID), .text(Self.hex(SHA256.hash(data: photo.content))), .text(String(photo.mediaType.prefix(100))),
                 .int(Int64(photo.content.count)), .blob(photo.content), .int(now)]))
        }
        try await db.transaction(statements)
        return (tipID, receipt)
    }

    /// The tip a receipt opens, or not-found (the same answer for a wrong code and an unknown one).
    func tipID(receipt: String) async throws -> String {
        guard let hash = Self.receiptHash(receipt),
              let id = try await db.queryOne("SELECT tip_id FROM tip_receipts WHERE receipt_hash = ?", [.text(hash)])?["tip_id"].text
        else { throw StoreError.notFound(kind: "tip-off for this receipt", id: "") }
        return id
    }

    /// What the tipster sees: status, the messages, and an approved or paid reward.
    public func tipFollowUp(receipt: String) async throws -> TipFollowUp {
        try await tipFollowUp(tipID: try await tipID(receipt: receipt))
    }

    /// The follow-up of a tip by id (the officers' side uses it too).
    public func tipFollowUp(tipID: String) async throws -> TipFollowUp {
        guard let row = try await db.queryOne("SELECT status, created_at FROM tip_receipts WHERE tip_id = ?", [.text(tipID)]) else {
            throw StoreError.notFound(kind: "public tip-off", id: tipID)
        }
        let messages = try await db.query("SELECT at, sender, body FROM tip_messages WHERE tip_id = ? ORDER BY id", [.text(tipID)]).map {
            TipMessage(at: $0["at"].int ?? 0, sender: $0["sender"].text ?? "", body: $0["body"].text ?? "")
        }
        let reward = try await db.queryOne(
            "SELECT amount_fen, status FROM rewards WHERE tip_id = ? AND status IN ('approved','paid') ORDER BY id DESC LIMIT 1", [.text(tipID)])
        return TipFollowUp(tipID: tipID, status: TipStatus(rawValue: row["status"].text ?? "") ?? .received,
                           receivedAt: row["created_at"].int ?? 0, messages: messages,
                           reward: reward.map { ($0["amount_fen"].int ?? 0, $0["status"].text ?? "") })
    }

    /// A message on a public tip's thread: from the tipster (through the receipt) or from an officer.
    public func addTipMessage(tipID: String, sender: String, author: String?, body: String) async throws {
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...2000).contains(text.count) else { throw StoreError.invalid(field: "body", reason: "write 1 to 2000 characters") }
        guard sender == "tipster" || sender == "officer" else { throw StoreError.invalid(field: "sender", reason: "tipster or officer") }
        let now = self.now
        try await db.transaction([
            SQLStatement("INSERT INTO tip_messages (tip_id, at, sender, author, body) SELECT tip_id, ?, ?, ?, ? FROM tip_receipts WHERE tip_id = ?",
                         [.int(now), .text(sender), .text(author), .text(text), .text(tipID)],
                         requiredChange: "no public tip-off \(tipID)"),
            SQLStatement("UPDATE tip_receipts SET updated_at = ? WHERE tip_id = ?", [.int(now), .text(tipID)]),
        ])
    }

    /// Moves a public tip's status (what the tipster sees).
    public func setTipStatus(tipID: String, to status: TipStatus) async throws {
        try await db.transaction([SQLStatement(
            "UPDATE tip_receipts SET status = ?, updated_at = ? WHERE tip_id = ?", [.text(status.rawValue), .int(now), .text(tipID)],
            requiredChange: "no public tip-off \(tipID)")])
    }

    /// Proposes a reward for a tip from the case it led to, by the schedule. The case must have an
    /// outcome (结案, or 移送 accepted by the receiving side); one reward per tip and case.
    public func proposeReward(tipID: String, caseNo: String, schedule: RewardSchedule = RewardSchedule(),
                              thresholds: CriminalThresholds = CriminalThresholds(), actor: String, scope: AccessScope) async throws -> StoredReward {
        guard try await db.queryOne("SELECT tip_id FROM tips WHERE tip_id = ?", [.text(tipID)]) != nil else {
            throw StoreError.notFound(kind: "tip", id: tipID)
        }
        let found = try await storedCase(caseNo, scope: scope)
        guard found.status == .closed || found.status == .transferred else {
            throw StoreError.conflict("case \(caseNo) is \(found.status?.code ?? "?"): a reward follows a case outcome (结案 or 移送)")
        }
        let reached = thresholds.assess(valueFen: found.valueFen, sticks: found.sticks).reached
        let proposal = schedule.propose(valueFen: found.valueFen, reached: reached)
        try await db.transaction([SQLStatement(
            """
            INSERT INTO rewards (tip_id, case_no, amount_fen, basis, status, proposed_at, proposed_by)
            SELECT ?, ?, ?, ?, 'proposed', ?, ? WHERE NOT EXISTS (SELECT 1 FROM rewards WHERE tip_id = ? AND case_no = ?)
            """,
            [.text(tipID), .text(caseNo), .int(proposal.amountFen), .text(proposal.basis), .int(now), .text(actor), .text(tipID), .text(caseNo)],
            requiredChange: "a reward for tip \(tipID) and case \(caseNo) was already proposed")])
        return try await rewards(tipID: tipID).first { $0.caseNo == caseNo }!
    }

    /// The rewards of a tip, oldest first.
    public func rewards(tipID: String) async throws -> [StoredReward] {
        try await db.query(
            "SELECT id, tip_id, case_no, amount_fen, basis, status, proposed_by, decided_by FROM rewards WHERE tip_id = ? ORDER BY id", [.text(tipID)]
        ).map {
            StoredReward(id: $0["id"].int ?? 0, tipID: $0["tip_id"].text ?? "", caseNo: $0["case_no"].text ?? "",
                         amountFen: $0["amount_fen"].int ?? 0, basis: $0["basis"].text ?? "", status: $0["status"].text ?? "",
                         proposedBy: $0["proposed_by"].text ?? "", decidedBy: $0["decided_by"].text)
        }
    }

    /// Approves or rejects a proposed reward (by someone other than who proposed it), or records an
    /// approved one as paid.
    public func decideReward(id: Int64, decision: String, note: String?, actor: String) async throws -> StoredReward {
        guard let row = try await db.queryOne("SELECT tip_id, status, proposed_by FROM rewards WHERE id = ?", [.int(id)]) else {
            throw StoreError.notFound(kind: "reward", id: String(id))
        }
        let status = row["status"].text ?? ""
        let now = self.now
        let statement: SQLStatement
        switch decision {
        case "approve", "reject":
            guard status == "proposed" else { throw StoreError.conflict("reward \(id) is \(status); only a proposed reward is approved or rejected") }
            guard row["proposed_by"].text != actor else {
                throw StoreError.forbidden("the person who proposed a reward cannot approve it (four-eyes rule)")
            }
            statement = SQLStatement(
                "UPDATE rewards SET status = ?, decided_at = ?, decided_by = ?, note = ? WHERE id = ? AND status = 'proposed'",
                [.text(decision == "approve" ? "approved" : "rejected"), .int(now), .text(actor), .text(note), .int(id)],
                requiredChange: "reward \(id) was decided meanwhile")
        case "paid":
            guard status == "approved" else { throw StoreError.conflict("reward \(id) is \(status); only an approved reward is paid") }
            statement = SQLStatement("UPDATE rewards SET status = 'paid', paid_at = ?, note = COALESCE(?, note) WHERE id = ? AND status = 'approved'",
                                     [.int(now), .text(note), .int(id)], requiredChange: "reward \(id) was changed meanwhile")
        default:
            throw StoreError.invalid(field: "decision", reason: "approve, reject or paid")
        }
        try await db.transaction([statement])
        let tipID = row["tip_id"].text ?? ""
        guard let reward = try await rewards(tipID: tipID).first(where: { $0.id == id }) else {
            throw StoreError.notFound(kind: "reward", id: String(id))
        }
        return reward
    }
}
