import Foundation
import Logging
import YanjianCore
import YanjianStore

/// Tip credibility (线索研判): ranks every public tip-off by whether what it names is corroborated by
/// the other analyses' findings in the store — a phone or an address of a gang member, a licensed shop
/// the risk analysis flagged — and, failing that, by how specific it is. Publishes one `tip_score`
/// finding per tip (subject = tip id, score 0…1, label = the strongest evidence, details = reasons).
///
/// It reads findings, so it runs after link analysis and retailer risk. No thresholds are learned
/// from any world: a corroborated tip always ranks above an uncorroborated one, and among the rest a
/// tip that names a place, a number or a shop ranks above a vague one.
public enum TipRanking {
    /// The analysis name recorded in `analysis_runs`.
    public static let name = "tip_ranking"

    /// What a run found.
    public struct Summary: Sendable, Codable, Equatable {
        public var tips: Int
        public var corroboratedByGangs: Int
        public var corroboratedByRetailers: Int
        public var specificOnly: Int
    }

    /// A tip as stored.
    struct Tip {
        var id: String
        var text: String
        var address: String?
        var adcode: String?
    }

    /// A shop a tip may name.
    struct Shop {
        var licence: String
        var name: String
        var risk: Double
        var flagged: Bool
    }

    /// What the other analyses concluded, keyed for matching.
    struct Evidence {
        /// Gang member phones (11 digits) → member score.
        var gangPhones: [String: (score: Double, role: String)] = [:]
        /// Gang member addresses (compacted) → member score.
        var gangAddresses: [String: (score: Double, role: String)] = [:]
        /// Shops by compacted name and by compacted address.
        var shopsByName: [String: Shop] = [:]
        var shopsByAddress: [String: Shop] = [:]
        /// Name lengths present, longest first (for the substring scan).
        var nameLengths: [Int] = []
    }

    /// Scores every tip and replaces the stored `tip_score` findings.
    @discardableResult
    public static func run(store: Store, logger: Logger) async throws -> Summary {
        let run = try await store.beginAnalysis(name)
        do {
            let evidence = try await loadEvidence(store)
            let tips = try await store.db.query("SELECT tip_id, text, address, adcode FROM tips ORDER BY tip_id", []).map {
                Tip(id: $0["tip_id"].text ?? "", text: $0["text"].text ?? "", address: $0["address"].text, adcode: $0["adcode"].text)
            }
            var summary = Summary(tips: tips.count, corroboratedByGangs: 0, corroboratedByRetailers: 0, specificOnly: 0)
            var findings: [StoredFinding] = []
            findings.reserveCapacity(tips.count)
            for tip in tips {
                let verdict = score(tip, evidence: evidence)
                switch verdict.label {
                case "gang": summary.corroboratedByGangs += 1
                case "retailer": summary.corroboratedByRetailers += 1
                case "specific": summary.specificOnly += 1
                default: break
                }
                let details = try JSONSerialization.data(withJSONObject: ["reasons": verdict.reasons], options: [.sortedKeys])
                findings.append(StoredFinding(
                    kind: FindingKind.tipScore, subject: tip.id, score: (verdict.score * 10_000).rounded() / 10_000,
                    label: verdict.label, adcode: tip.adcode, details: String(decoding: details, as: UTF8.self)))
            }
            let summaryText = String(decoding: try JSONEncoder().encode(summary), as: UTF8.self)
            try await store.publishFindings(run: run, analysis: name, kinds: [FindingKind.tipScore], findings: findings, summary: summaryText)
            logger.info("tips ranked", metadata: [
                "tips": "\(summary.tips)", "gang": "\(summary.corroboratedByGangs)", "retailer": "\(summary.corroboratedByRetailers)",
            ])
            return summary
        } catch {
            try? await store.failAnalysis(run: run, reason: String(describing: error))
            throw error
        }
    }

    /// Gang roles in the glossary's Chinese terms, for the reasons.
    static let roleNames = ["source": "上线", "distributor": "中间商", "seller": "下线", "customer": "买家"]

    static func loadEvidence(_ store: Store) async throws -> Evidence {
        var evidence = Evidence()
        for member in try await store.findings(kind: FindingKind.gangMember, scope: .system) {
            let role = roleNames[member.label ?? ""] ?? member.label ?? "成员"
            if member.subject.hasPrefix("phone:") {
                let phone = String(member.subject.dropFirst("phone:".count))
                if member.score > evidence.gangPhones[phone]?.score ?? -1 { evidence.gangPhones[phone] = (member.score, role) }
            } else if member.subject.hasPrefix("address:") {
                let address = compact(String(member.subject.dropFirst("address:".count)))
                if !address.isEmpty, member.score > evidence.gangAddresses[address]?.score ?? -1 {
                    evidence.gangAddresses[address] = (member.score, role)
                }
            }
        }
        var risk: [String: (score: Double, flagged: Bool)] = [:]
        for finding in try await store.findings(kind: FindingKind.retailerRisk, scope: .system) {
            risk[finding.subject] = (finding.score, finding.label != nil)
        }
        var lengths = Set<Int>()
        for row in try await store.db.query("SELECT licence_no, name, address FROM retailers", []) {
            guard let licence = row["licence_no"].text else { continue }
            let assessed = risk[licence] ?? (0, false)
            let shop = Shop(licence: licence, name: row["name"].text ?? "", risk: assessed.score, flagged: assessed.flagged)
            let name = compact(shop.name)
            // Short names (便利店, 超市) are generic words, not a shop.
            if name.count >= 4 {
                evidence.shopsByName[name] = evidence.shopsByName[name].map { $0.risk >= shop.risk ? $0 : shop } ?? shop
                lengths.insert(name.count)
            }
            if let address = row["address"].text.map(compact), !address.isEmpty {
                evidence.shopsByAddress[address] = evidence.shopsByAddress[address].map { $0.risk >= shop.risk ? $0 : shop } ?? shop
            }
        }
        evidence.nameLengths = lengths.sorted(by: >)
        return evidence
    }

    /// One tip's score, its strongest kind of evidence and the reasons in plain words.
    static func score(_ tip: Tip, evidence: Evidence) -> (score: Double, label: String?, reasons: [String]) {
        var best = 0.0
        var label: String?
        var reasons: [String] = []
        func consider(_ value: Double, _ kind: String, _ reason: String) {
            reasons.append(reason)
            if value > best { best = value; label = kind }
        }
        func considerShop(_ shop: Shop, via: String) {
            let value = shop.flagged ? 0.5 + 0.1 * min(1, shop.risk / 100) * 4 : 0.3 * min(1, shop.risk / 100)
            consider(value, shop.flagged ? "retailer" : "specific",
                     "举报的\(via)对应零售户\(shop.licence)（\(shop.name)），风险分\(Int(shop.risk.rounded()))" + (shop.flagged ? "，已预警" : ""))
        }
        let text = compact(tip.text)
        let phones = phoneNumbers(in: text)
        for phone in phones {
            if let member = evidence.gangPhones[phone] {
                consider(0.6 + 0.4 * min(1, member.score), "gang", "举报的号码\(phone)是团伙成员（\(member.role)）")
            }
        }
        var places: [String] = []
        if let address = tip.address.map(compact), !address.isEmpty { places.append(address) }
        for place in places {
            if let member = evidence.gangAddresses[place] {
                consider(0.6 + 0.4 * min(1, member.score), "gang", "举报的地址是团伙成员（\(member.role)）的地址")
            }
            if let shop = evidence.shopsByAddress[place] { considerShop(shop, via: "地址") }
        }
        for (address, member) in evidence.gangAddresses where address.count >= 8 && text.contains(address) {
            consider(0.6 + 0.4 * min(1, member.score), "gang", "举报内容写明的地址是团伙成员（\(member.role)）的地址")
        }
        for shop in shopsNamed(in: text, evidence: evidence) { considerShop(shop, via: "店名") }
        if best < 0.2 {
            // Uncorroborated: specificity only — a place (an address field or a house number in the
            // text), a phone number, a named shop each add a little.
            let namesPlace = !places.isEmpty || text.range(of: #"[0-9]+号"#, options: .regularExpression) != nil
            let specifics = (namesPlace ? 1 : 0) + (phones.isEmpty ? 0 : 1) + (reasons.isEmpty ? 0 : 1)
            let value = 0.05 * Double(min(specifics, 3))
            if value > best {
                best = value
                label = "specific"
                reasons.append("未与研判结果印证；含\(specifics)项具体信息")
            } else if best == 0 {
                reasons.append("未与研判结果印证，内容不具体")
            }
        }
        return (best, label, reasons)
    }

    /// Shops whose (compacted) name appears in `text`.
    static func shopsNamed(in text: String, evidence: Evidence) -> [Shop] {
        guard !evidence.nameLengths.isEmpty else { return [] }
        let characters = Array(text)
        var found: [String: Shop] = [:]
        for start in characters.indices {
            for length in evidence.nameLengths where start + length <= characters.count {
                let candidate = String(characters[start..<(start + length)])
                if let shop = evidence.shopsByName[candidate] { found[shop.licence] = shop }
            }
        }
        return found.values.sorted { $0.licence < $1.licence }
    }

    /// Mobile numbers in `text`: 11 digits starting with 1, not part of a longer digit run.
    static func phoneNumbers(in text: String) -> [String] {
        var result: [String] = []
        var run = ""
        for character in text + " " {
            if let ascii = character.asciiValue, ascii >= 48, ascii <= 57 {
                run.append(character)
            } else {
                if run.count == 11, run.first == "1" { result.append(run) }
                run = ""
            }
        }
        return result
    }

    /// Text without spaces, punctuation and full-width forms, for matching as written by different people.
    static func compact(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            var value = scalar.value
            if value >= 0xFF01 && value <= 0xFF5E { value -= 0xFEE0 }  // full-width ASCII → ASCII
            guard let folded = Unicode.Scalar(value) else { continue }
            if folded.properties.isWhitespace || (folded.isASCII && !folded.properties.isAlphabetic && !("0"..."9").contains(folded)) {
                continue
            }
            if "，。、；：（）【】《》“”‘’·—".unicodeScalars.contains(folded) { continue }
            out.unicodeScalars.append(folded)
        }
        return out
    }
}
