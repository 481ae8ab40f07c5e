import Foundation
import YanjianCore
@testable import YanjianGraph
import YanjianStore

/// Builds small entity graphs in code, through the loader's own row handling.
struct GraphFixture {
    /// The records, in the order they were added; each is handed to the loader when the graph is built.
    private var records: [(inout LoadState) -> Void] = []
    var waybills = 0
    var payments = 0
    /// When set, the records reach the loader in an order shuffled with this seed: the same world
    /// stored in another order.
    var shuffle: UInt64?

    init(shuffle: UInt64? = nil) {
        self.shuffle = shuffle
    }

    /// Adds a waybill; phones and addresses as the importer stores them.
    mutating func waybill(
        from senderPhone: String?, at senderAddress: String? = nil, to receiverPhone: String?, at receiverAddress: String? = nil,
        senderName: String? = nil, receiverName: String? = nil, item: String = "茶叶", kg: Double = 0.6,
        time: Int64 = 1_760_000_000, xray: Bool = false, seized: Bool = false, outlet: String? = nil,
        senderPlace: String = "610104", receiverPlace: String = "440305"
    ) {
        waybills += 1
        let number = "SF" + String(1_000_000_000_000 + waybills)
        let row = SQLRowCursor(values: [
            .text(number), .text(senderName), .text(senderPhone), .text(senderAddress), .text(receiverName),
            .text(receiverPhone), .text(receiverAddress), .text(item), .int(1), .double(kg), .int(time), .text(outlet),
            .int(xray ? 1 : 0), .int(seized ? 1 : 0), .text(senderPlace), .text(receiverPlace),
        ])
        records.append { $0.addWaybill(row) }
    }

    /// Adds a transfer.
    mutating func payment(from payer: String, _ payerName: String?, to payee: String, _ payeeName: String?, fen: Int64 = 100_000, time: Int64 = 1_760_000_000) {
        payments += 1
        let row = SQLRowCursor(values: [
            .text("TX" + String(100_000 + payments)), .int(time), .text(payer), .text(payerName), .text(payee), .text(payeeName), .int(fen),
        ])
        records.append { $0.addPayment(row) }
    }

    /// Adds a person file.
    mutating func person(_ id: String, name: String, idNo: String? = nil, phones: [String] = [], addresses: [String] = [], accounts: [String] = [], place: String = "610104") {
        let row = SQLRowCursor(values: [
            .text(id), .text(name), .text(idNo), .text(phones.joined(separator: "|")), .text(addresses.joined(separator: "|")),
            .text(accounts.joined(separator: "|")), .null, .text(place),
        ])
        records.append { $0.addPerson(row) }
    }

    /// Adds a retail licence.
    mutating func retailer(_ licence: String, owner: String, idNo: String? = nil, phone: String? = nil, address: String? = nil,
                           accounts: [String] = [], creditCode: String? = nil, place: String = "610104") {
        let row = SQLRowCursor(values: [
            .text(licence), .text(owner), .text(idNo), .text(phone), .text(address), .text(accounts.joined(separator: "|")),
            .text(creditCode), .text(place),
        ])
        records.append { $0.addRetailer(row) }
    }

    /// Adds a business registration.
    mutating func company(_ creditCode: String, legalPerson: String, idNo: String? = nil, address: String? = nil, place: String = "610104") {
        let row = SQLRowCursor(values: [.text(creditCode), .text(legalPerson), .text(idNo), .text(address), .text(place)])
        records.append { $0.addCompany(row) }
    }

    /// Adds a case and its links `(entity_kind, value, role)`.
    mutating func caseFile(_ number: String, opened: String = "2024-05-01", place: String = "610104", links: [(String, String, String)]) {
        let caseRow = SQLRowCursor(values: [.text(number), .text(opened), .text(place)])
        let linkRows = links.map { kind, value, role in
            SQLRowCursor(values: [.text(number), .text(kind), .text(value), .text(role), .text(place)])
        }
        records.append { state in
            state.addCase(caseRow)
            for row in linkRows { state.addCaseLink(row) }
        }
    }

    /// Loads the records (shuffled when ``shuffle`` is set) and freezes the graph.
    func build() -> EntityGraph {
        var state = LoadState(builder: EntityGraphBuilder(), profile: .standard, divisions: .shared)
        var order = Array(records.indices)
        if let shuffle {
            var rng = SplitMix64(seed: shuffle)
            order.shuffle(using: &rng)
        }
        for index in order { records[index](&state) }
        return state.builder.build()
    }
}
