import Foundation
import YanjianCore
import YanjianPerception

/// Loads a generated world's `cameras.csv` and `plate_reads.csv` straight into a read set (no
/// database), and its `truth.json` vehicle sections, for quick quality runs.
enum WorldFiles {
    struct Truth: Decodable {
        struct Decoy: Decodable {
            var kind: String
            var value: String
            var note: String?
        }
        var convoys: [[String]]
        var clonedPlates: [String]
        var nightVehicles: [String]
        var decoys: [Decoy]?

        enum CodingKeys: String, CodingKey {
            case convoys, decoys
            case clonedPlates = "cloned_plates"
            case nightVehicles = "night_vehicles"
        }
    }

    static func truth(_ folder: String) throws -> Truth {
        try JSONDecoder().decode(Truth.self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/truth.json")))
    }

    /// Splits a simple CSV line (the generator's files: quotes only around fields with commas).
    static func fields(_ line: Substring) -> [Substring] {
        if !line.contains("\"") { return line.split(separator: ",", omittingEmptySubsequences: false) }
        var result: [Substring] = []
        var start = line.startIndex
        var inQuotes = false
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if character == "\"" { inQuotes.toggle() }
            if character == "," && !inQuotes {
                result.append(line[start..<index])
                start = line.index(after: index)
            }
            index = line.index(after: index)
        }
        result.append(line[start..<line.endIndex])
        return result.map { $0.hasPrefix("\"") && $0.hasSuffix("\"") && $0.count >= 2 ? $0.dropFirst().dropLast() : $0 }
    }

    static func cameras(_ folder: String) throws -> CameraTable {
        let text = try String(contentsOfFile: folder + "/cameras.csv", encoding: .utf8)
        var table = CameraTable()
        for line in text.split(separator: "\n").dropFirst() {
            let f = fields(line.hasSuffix("\r") ? line.dropLast() : line)
            guard f.count >= 6 else { continue }
            let kind = String(f[2]).trimmingCharacters(in: .whitespaces)
            let location = Double(f[3]).flatMap { lat in Double(f[4]).map { GeoPoint(lat: lat, lon: $0) } }
            table.add(CameraTable.Camera(
                id: String(f[0]), name: String(f[1]), kind: kind, location: location, adcode: String(f[5]),
                isNightTarget: kind == "物流园" || kind == "零售户周边"))
        }
        return table
    }

    /// `2026-01-30T00:00:00+08:00` (or without offset: +08:00) to Unix seconds.
    static func parseTime(_ text: Substring) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) - 48
                guard digit >= 0 && digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19) else { return nil }
        var offset = 8 * 3600
        if bytes.count >= 25, let h = number(20..<22), let m = number(23..<25) {
            offset = (h * 3600 + m * 60) * (bytes[19] == UInt8(ascii: "-") ? -1 : 1)
        } else if bytes.count >= 20 && bytes[19] == UInt8(ascii: "Z") {
            offset = 0
        }
        // Days from civil (Howard Hinnant).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Int64(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
    }

    static func reads(_ folder: String, cameras: CameraTable) throws -> PlateReadSet {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/plate_reads.csv"))
        var builder = PlateReadSetBuilder(cameras: cameras, expectedReads: data.count / 80)
        let text = String(decoding: data, as: UTF8.self)
        var first = true
        for line in text.split(separator: "\n") {
            if first {
                first = false
                continue
            }
            let f = fields(line.hasSuffix("\r") ? line.dropLast() : line)
            guard f.count >= 7, let time = parseTime(f[4]) else { continue }
            builder.append(
                plate: String(f[1]), cameraID: String(f[3]), time: time, confidence: Double(f[6]),
                color: f[2].isEmpty ? nil : String(f[2]), vehicleType: f[5].isEmpty ? nil : String(f[5]))
        }
        return builder.build()
    }
}
