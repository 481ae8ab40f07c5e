import Foundation
import YanjianCore

/// One transfer, with accounts as indices into the ledger's account table.
struct PaymentRecord: Sendable {
    var seconds: Int64
    var payer: Int32
    var payee: Int32
    var amountFen: Int64
    var channel: UInt8
    var sequence: Int32
}

/// The fund flows police obtained (`payments.csv`): retailers paying the tobacco company and their
/// landlords, fund anomalies, gang money flowing up the tiers, buyers paying sellers, and ordinary
/// spending, collected from every section and written sorted by time.
final class PaymentLedger {
    private(set) var accounts: [String] = []
    private(set) var names: [String?] = []
    private var indexByAccount: [String: Int32] = [:]
    private(set) var records: [PaymentRecord] = []
    /// Merchant accounts everyone pays (shared hubs of the payment graph).
    private(set) var merchants: [Int32] = []

    init(context: WorldContext) {
        var rng = context.rng(.payments).fork(7)
        for name in ["美团外卖", "京东商城", "拼多多", "中国石化加油站", "国网供电公司", "中国移动", "大润发超市", "滴滴出行"] {
            merchants.append(account(context.ids.bankCard(&rng), name: name + "(" + context.geography.centreShortName + ")"))
        }
    }

    /// The index of an account, registering it with a holder name the first time.
    @discardableResult
    func account(_ value: String, name: String?) -> Int32 {
        if let index = indexByAccount[value] { return index }
        let index = Int32(accounts.count)
        accounts.append(value)
        names.append(name)
        indexByAccount[value] = index
        return index
    }

    /// Records a transfer.
    func add(seconds: Int64, from payer: Int32, to payee: Int32, fen: Int64, channel: Int) {
        records.append(
            PaymentRecord(
                seconds: seconds, payer: payer, payee: payee, amountFen: max(1, fen), channel: UInt8(channel),
                sequence: Int32(records.count)))
    }

    /// Splits `fen` into 1–3 transfers below 50,000 yuan each, spread over up to two days.
    func addSplit(seconds: Int64, from payer: Int32, to payee: Int32, fen: Int64, channel: Int, rng: inout SplitMix64) {
        let parts = max(Int((fen + 4_999_999) / 5_000_000), rng.int(1, 3))
        var left = fen
        for part in 0..<parts {
            let share = part == parts - 1 ? left : Int64(Double(fen) / Double(parts) * rng.double(0.8, 1.2))
            left -= share
            add(seconds: seconds + Int64(part) * Int64(rng.int(600, 86_400)), from: payer, to: payee, fen: share, channel: channel)
        }
    }

    /// Ordinary spending of an account at shared merchants.
    func addEverydaySpending(of payer: Int32, count: Int, rng: inout SplitMix64) {
        for _ in 0..<count {
            let day = rng.int(SynthCalendar.paymentStart, SynthCalendar.endDay - 1)
            let seconds = SynthCalendar.seconds(day: day) + Int64(DailyCurve.pos.secondOfDay(&rng))
            let merchant = merchants[rng.below(merchants.count)]
            add(seconds: seconds, from: payer, to: merchant, fen: Int64(rng.logNormal(median: 6000, sigma: 0.9)), channel: rng.chance(0.5) ? 1 : 2)
        }
    }

    static let header = [
        "txn_id", "ts", "payer_account", "payer_name", "payee_account", "payee_name", "amount", "channel",
    ]

    /// Writes `payments.csv` sorted by time.
    func write(output: WorldOutput) throws {
        let file = "payments.csv"
        let writer = try output.csv(file, header: PaymentLedger.header)
        records.sort { ($0.seconds, $0.sequence) < ($1.seconds, $1.sequence) }
        let channels = Lexicon.paymentChannels
        for (number, record) in records.enumerated() {
            var id: [UInt8] = Array("TX".utf8)
            ByteFormat.appendPadded(UInt64(number + 1), width: 12, to: &id)
            writer.field(trusted: id)
            writer.field(timestamp: record.seconds)
            writer.field(accounts[Int(record.payer)])
            writer.field(names[Int(record.payer)])
            writer.field(accounts[Int(record.payee)])
            writer.field(names[Int(record.payee)])
            writer.field(fixed: record.amountFen, fractionDigits: 2)
            writer.field(channels[Int(record.channel) % channels.count])
            try writer.endRow()
        }
        try output.finish(writer)
    }

    /// Retailers pay the company for each order, some pay rent by transfer, and fund anomalies send
    /// large sums to accounts that appear nowhere else.
    func addRetailFlows(plan: RetailPlan, orders: [OrderLine], context: WorldContext) {
        var rng = context.rng(.payments).fork(1)
        let company = account(context.companyAccount, name: context.companyName)
        let brands = BrandCatalogue.all
        var start = 0
        while start < orders.count {
            var end = start
            var fen: Int64 = 0
            while end < orders.count && orders[end].day == orders[start].day && orders[end].shop == orders[start].shop {
                fen += brands[Int(orders[end].brand)].wholesaleFenPerCarton * Int64(orders[end].cartons)
                end += 1
            }
            let line = orders[start]
            let shop = plan.retailers[Int(line.shop)]
            if Int(line.day) >= SynthCalendar.paymentStart, let card = shop.accounts.first {
                let payer = account(card, name: shop.owner.name)
                let seconds = SynthCalendar.seconds(day: Int(line.day)) + Int64(rng.int(8 * 3600, 17 * 3600))
                add(seconds: seconds, from: payer, to: company, fen: fen, channel: 0)
            }
            start = end
        }
        for shop in plan.retailers {
            guard let card = shop.accounts.first else { continue }
            var shopRNG = SplitMix64.entity(rng.baseSeed, shop.index)
            let payer = account(card, name: shop.owner.name)
            if let landlord = shop.landlordAccount {
                let payee = account(landlord, name: context.names.name(male: shopRNG.chance(0.6), rng: &shopRNG))
                var day = SynthCalendar.paymentStart + shopRNG.int(0, 4)
                while day < SynthCalendar.endDay {
                    add(seconds: SynthCalendar.seconds(day: day) + Int64(shopRNG.int(9 * 3600, 20 * 3600)), from: payer, to: payee, fen: shop.rentFen, channel: 4)
                    day += 30
                }
            }
            if shopRNG.chance(0.3) { addEverydaySpending(of: payer, count: shopRNG.int(2, 10), rng: &shopRNG) }
            guard shop.pattern == .fundAnomaly, !shop.unknownAccounts.isEmpty else { continue }
            let payees = shop.unknownAccounts.map { account($0, name: nil) }
            var day = shop.patternStart
            while day < SynthCalendar.endDay {
                let hour = shopRNG.chance(0.6) ? shopRNG.int(21, 23) : shopRNG.int(10, 20)
                let seconds = SynthCalendar.seconds(day: day) + Int64(hour * 3600 + shopRNG.below(3600))
                let fen = Int64(shop.patternStrength * 100_000 * shopRNG.double(0.6, 1.4))
                add(seconds: seconds, from: payer, to: payees[shopRNG.below(payees.count)], fen: fen, channel: shopRNG.chance(0.5) ? 3 : 1)
                day += shopRNG.int(4, 12)
            }
        }
    }

    /// Ordinary person-to-person transfers and spending among people unrelated to anything.
    func addNoise(context: WorldContext) {
        var rng = context.rng(.payments).fork(3)
        let people = max(50, context.size.noisePayments / 8)
        let pool = (0..<people).map { _ in account(context.ids.account(&rng), name: context.names.name(male: rng.chance(0.55), rng: &rng)) }
        for _ in 0..<context.size.noisePayments {
            let payer = pool[rng.below(pool.count)]
            if rng.chance(0.6) {
                addEverydaySpending(of: payer, count: 1, rng: &rng)
            } else {
                let payee = pool[rng.below(pool.count)]
                let day = rng.int(SynthCalendar.paymentStart, SynthCalendar.endDay - 1)
                let seconds = SynthCalendar.seconds(day: day) + Int64(DailyCurve.pos.secondOfDay(&rng))
                add(seconds: seconds, from: payer, to: payee, fen: Int64(rng.logNormal(median: 30_000, sigma: 1.2)), channel: rng.below(4))
            }
        }
    }
}
