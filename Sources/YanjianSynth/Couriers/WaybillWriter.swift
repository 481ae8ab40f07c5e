import Foundation
import YanjianCore

/// Writes `waybills.csv`: the background traffic day by day in time order, with the gangs' parcels
/// merged in at their times. In a messy world some phones and addresses are respelt, some waybills
/// repeated (unchanged or with a new delivery time) at the end of their day, and a few get a date that
/// does not exist.
enum WaybillWriter {
    static let header = [
        "waybill_no", "courier", "sender_name", "sender_phone", "sender_address", "receiver_name",
        "receiver_phone", "receiver_address", "item_desc", "pieces", "weight_kg", "accepted_at", "origin_outlet",
        "delivered_at", "xray_suspect", "seized",
    ]
    static let deliveredColumn = 13
    static let zero: [UInt8] = [UInt8(ascii: "0")]
    static let one: [UInt8] = [UInt8(ascii: "1")]

    /// Background waybills per day, by the courier-volume curve (largest remainder rounding).
    static func dailyCounts(total: Int) -> [Int] {
        let days = Array(SynthCalendar.waybillStart..<SynthCalendar.endDay)
        let weights = days.map(SynthCalendar.courierVolume)
        let sum = weights.reduce(0, +)
        let exact = weights.map { Double(total) * $0 / sum }
        var counts = exact.map { Int($0) }
        var left = total - counts.reduce(0, +)
        let order = exact.indices.sorted { (exact[$0] - Double(counts[$0]), -$0) > (exact[$1] - Double(counts[$1]), -$1) }
        var position = 0
        while left > 0 && !order.isEmpty {
            counts[order[position % order.count]] += 1
            left -= 1
            position += 1
        }
        return counts
    }

    /// What the truth needs to know about the background traffic.
    struct Stats: Sendable {
        var teaShopPhone: UInt64
        var teaShopAddress: String
        var teaShopParcels: Int
    }

    @discardableResult
    static func write(
        context: WorldContext, gangs: GangShipments, backgroundCount: Int, reserved: Set<UInt64>, output: WorldOutput
    ) throws -> Stats {
        let file = "waybills.csv"
        let writer = try output.csv(file, header: header)
        var mess = output.messer(for: file)
        let total = backgroundCount + gangs.waybills.count
        let badRows = mess.pickRows(max(2, total / 200_000), of: total)
        var state = RowState(
            context: context, parcels: BackgroundParcels(context: context, backgroundCount: backgroundCount, reserved: reserved),
            writer: writer, log: output.log, mess: mess, badRows: badRows)
        let base = context.rng(.waybills)
        let counts = dailyCounts(total: backgroundCount)
        var gangCursor = 0
        var index = 0
        var written = 0
        for (offset, count) in counts.enumerated() {
            let day = SynthCalendar.waybillStart + offset
            var rng = base.fork(UInt64(day))
            var times = [Int32](repeating: 0, count: count)
            for i in 0..<count { times[i] = Int32(DailyCurve.courier.secondOfDay(&rng)) }
            times.sort()
            let dayStart = SynthCalendar.seconds(day: day)
            for time in times {
                let seconds = dayStart + Int64(time)
                while gangCursor < gangs.waybills.count && gangs.waybills[gangCursor].seconds <= seconds {
                    try state.writeGang(gangs.waybills[gangCursor])
                    gangCursor += 1
                }
                try state.writeBackground(index: index, seconds: seconds, rng: &rng)
                index += 1
                written += 1
                if written & 0x3FFFF == 0 { output.report(file, rows: writer.rows) }
            }
            let dayEnd = dayStart + 86_400
            while gangCursor < gangs.waybills.count && gangs.waybills[gangCursor].seconds < dayEnd {
                try state.writeGang(gangs.waybills[gangCursor])
                gangCursor += 1
            }
            try state.flushRepeats()
        }
        while gangCursor < gangs.waybills.count {
            try state.writeGang(gangs.waybills[gangCursor])
            gangCursor += 1
        }
        try state.flushRepeats()
        try output.finish(writer)
        let tea = state.parcels.teaShop
        return Stats(
            teaShopPhone: tea.phone, teaShopAddress: String(decoding: tea.address, as: UTF8.self),
            teaShopParcels: state.teaParcels)
    }

    /// The per-file state of the row loop.
    struct RowState {
        let context: WorldContext
        let parcels: BackgroundParcels
        let writer: CSVWriter
        let log: DefectLog
        var mess: Messer
        /// Which rows (in writing order, repeats excluded) get a date that does not exist.
        let badRows: Set<Int>
        var rowNumber = 0
        var teaParcels = 0
        var sender = BackgroundParcels.Party()
        var receiver = BackgroundParcels.Party()
        var number: [UInt8] = []
        var repeats: [(bytes: [UInt8], id: String, kind: DefectKind, delivered: Int64?)] = []

        init(context: WorldContext, parcels: BackgroundParcels, writer: CSVWriter, log: DefectLog, mess: Messer, badRows: Set<Int>) {
            self.context = context
            self.parcels = parcels
            self.writer = writer
            self.log = log
            self.mess = mess
            self.badRows = badRows
            number.reserveCapacity(16)
        }

        private func place(_ ref: PlaceRef) -> Place {
            switch ref {
            case .local(let d): return context.geography.districts[d]
            case .national(let p): return context.geography.national[p]
            }
        }

        private mutating func address(_ bytes: [UInt8], place ref: PlaceRef, column: String, line: Int) {
            if mess.roll(0.003) {
                let text = String(decoding: bytes, as: UTF8.self)
                let where_ = place(ref)
                if let variant = mess.addressVariant(text, province: where_.provinceName, city: where_.cityName) {
                    writer.field(variant.text)
                    log.add(file: writer.name, line: line, id: String(decoding: number, as: UTF8.self), kind: .addressVariant, detail: "\(column): \(variant.detail)")
                    return
                }
            }
            writer.beginField()
            writer.append(bytes)
            writer.endField()
        }

        private mutating func phone(_ value: UInt64, column: String, line: Int) {
            if mess.enabled {
                let id = String(decoding: number, as: UTF8.self)
                IdentityWriting.phone(value, writer: writer, mess: &mess, log: log, line: line, id: id, column: column, rate: 0.005)
            } else {
                writer.withBuffer { ByteFormat.appendPadded(value, width: 11, to: &$0) }
            }
        }

        private mutating func accepted(_ seconds: Int64, line: Int) {
            if !badRows.isEmpty && badRows.contains(rowNumber) {
                var clock: [UInt8] = []
                ByteFormat.appendClock(secondOfDay: Int(seconds % 86_400), to: &clock)
                let bad = "2026-02-30T" + String(decoding: clock, as: UTF8.self) + "+08:00"
                writer.field(bad)
                log.add(file: writer.name, line: line, id: String(decoding: number, as: UTF8.self), kind: .badDate, detail: "accepted_at \(bad) does not exist")
                return
            }
            writer.field(timestamp: seconds)
        }

        private mutating func finishRow(delivered: Int64?, accepted: Int64) throws {
            rowNumber += 1
            if mess.roll(0.001) {
                let kind: DefectKind = mess.rng.chance(0.5) ? .duplicateID : .updatedID
                var later: Int64?
                if kind == .updatedID {
                    later = (delivered ?? accepted) + Int64(mess.rng.int(3600, 30 * 3600))
                }
                repeats.append((writer.currentRowBytes(), String(decoding: number, as: UTF8.self), kind, later))
            }
            try writer.endRow()
        }

        /// Writes the repeated rows of the day.
        mutating func flushRepeats() throws {
            for entry in repeats {
                var bytes = entry.bytes
                var detail = "the same waybill repeated unchanged"
                if entry.kind == .updatedID, let later = entry.delivered,
                    let replaced = WaybillWriter.replacingField(WaybillWriter.deliveredColumn, in: bytes, with: later)
                {
                    bytes = replaced
                    detail = "repeated with delivered_at \(ByteFormat.timestampString(local: later))"
                }
                let kind: DefectKind = detail.hasPrefix("repeated with") ? .updatedID : .duplicateID
                let line = try writer.writeRawRow(bytes)
                log.add(file: writer.name, line: line, id: entry.id, kind: kind, detail: detail)
            }
            repeats.removeAll(keepingCapacity: true)
        }

        mutating func writeBackground(index: Int, seconds: Int64, rng: inout SplitMix64) throws {
            let line = writer.line
            let courier = context.couriers.table.sample(&rng)
            let outbound = rng.chance(0.62)
            var item: Int
            var weight: Double
            if outbound && rng.chance(parcels.teaShopShare / 0.62) {
                let tea = parcels.teaShop
                teaParcels += 1
                sender.name = tea.name
                sender.phone = tea.phone
                sender.address = tea.address
                sender.place = .local(tea.district)
                sender.outlet = context.couriers.localOutlets[tea.district][courier][0]
                parcels.nationalReceiver(&rng, into: &receiver)
                item = 5
                weight = rng.double(0.3, 1.5)
            } else {
                if outbound {
                    parcels.localSender(&rng, courier: courier, into: &sender)
                    parcels.nationalReceiver(&rng, into: &receiver)
                } else {
                    parcels.remoteSender(&rng, courier: courier, into: &sender)
                    parcels.localReceiver(&rng, into: &receiver)
                }
                item = sender.item >= 0 && rng.chance(0.85) ? sender.item : parcels.itemTable.sample(&rng)
                weight = min(30, max(0.05, rng.logNormal(median: Lexicon.itemMedianKg[item], sigma: 0.5)))
            }
            number.removeAll(keepingCapacity: true)
            context.couriers.appendNumber(courier: courier, index: index, to: &number)
            writer.field(trusted: number)
            writer.field(trusted: context.couriers.couriers[courier].nameBytes)
            writer.beginField(); writer.append(sender.name); writer.endField()
            phone(sender.phone, column: "sender_phone", line: line)
            address(sender.address, place: sender.place, column: "sender_address", line: line)
            writer.beginField(); writer.append(receiver.name); writer.endField()
            phone(receiver.phone, column: "receiver_phone", line: line)
            address(receiver.address, place: receiver.place, column: "receiver_address", line: line)
            writer.field(trusted: parcels.itemBytes[item])
            writer.field(int: rng.chance(0.94) ? 1 : rng.int(2, 4))
            writer.field(fixed: Int64((weight * 100).rounded()), fractionDigits: 2)
            accepted(seconds, line: line)
            writer.beginField(); writer.append(sender.outlet); writer.endField()
            var sameProvince = false
            if case .national(let p) = receiver.place, context.geography.national[p].provinceCode == context.geography.centreProvinceCode {
                sameProvince = true
            }
            if case .local = receiver.place, case .local = sender.place { sameProvince = true }
            let hours = sameProvince ? rng.int(16, 40) : rng.int(30, 100)
            let delivered = seconds + Int64(hours * 3600 + rng.below(3600))
            let deliveredValue: Int64? =
                rng.chance(0.02) || delivered >= SynthCalendar.seconds(day: SynthCalendar.endDay) ? nil : delivered
            if let deliveredValue { writer.field(timestamp: deliveredValue) } else { writer.emptyField() }
            writer.field(trusted: rng.chance(0.0003) ? WaybillWriter.one : WaybillWriter.zero)
            writer.field(trusted: WaybillWriter.zero)
            try finishRow(delivered: deliveredValue, accepted: seconds)
        }

        mutating func writeGang(_ parcel: GangWaybill) throws {
            let line = writer.line
            number.removeAll(keepingCapacity: true)
            number.append(contentsOf: Array(parcel.number.utf8))
            writer.field(trusted: number)
            writer.field(trusted: context.couriers.couriers[parcel.courier].nameBytes)
            writer.field(parcel.senderName)
            phone(parcel.senderPhone, column: "sender_phone", line: line)
            address(Array(parcel.senderAddress.utf8), place: parcel.senderPlace, column: "sender_address", line: line)
            writer.field(parcel.receiverName)
            phone(parcel.receiverPhone, column: "receiver_phone", line: line)
            address(Array(parcel.receiverAddress.utf8), place: parcel.receiverPlace, column: "receiver_address", line: line)
            writer.field(parcel.item)
            writer.field(int: 1)
            writer.field(fixed: Int64(parcel.weightCentiKg), fractionDigits: 2)
            accepted(parcel.seconds, line: line)
            writer.field(parcel.outlet)
            if let delivered = parcel.deliveredSeconds { writer.field(timestamp: delivered) } else { writer.emptyField() }
            writer.field(trusted: parcel.xray ? WaybillWriter.one : WaybillWriter.zero)
            writer.field(trusted: parcel.seized ? WaybillWriter.one : WaybillWriter.zero)
            try finishRow(delivered: parcel.deliveredSeconds, accepted: parcel.seconds)
        }
    }

    /// The row with field `column` replaced by a timestamp, or nil if the row has quoted fields.
    static func replacingField(_ column: Int, in row: [UInt8], with seconds: Int64) -> [UInt8]? {
        if row.contains(CSVWriter.quote) { return nil }
        var fields = row.split(separator: CSVWriter.comma, omittingEmptySubsequences: false)
        guard column < fields.count else { return nil }
        var stamp: [UInt8] = []
        ByteFormat.appendTimestamp(local: seconds, to: &stamp)
        fields[column] = stamp[...]
        return Array(fields.joined(separator: [CSVWriter.comma]))
    }
}
