import Foundation
import YanjianCore

/// Small parsers the tests need for generated values.
enum TestParsing {
    /// Local seconds of `2026-01-30T00:05:33+08:00` (the offset is always +08:00 in generated worlds).
    static func localSeconds(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19 else { return nil }
        func number(_ start: Int, _ length: Int) -> Int? {
            var value = 0
            for byte in bytes[start..<(start + length)] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2),
            CivilCalendar.isValidDate(year: year, month: month, day: day)
        else { return nil }
        return CivilCalendar.daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    /// Kilometres between two points.
    static func km(_ a: (Double, Double), _ b: (Double, Double)) -> Double {
        GeoPoint.distanceKm(GeoPoint(lat: a.0, lon: a.1), GeoPoint(lat: b.0, lon: b.1))
    }

    /// The province an address starts with (full or short name), by two-digit code.
    static let provinces: [(name: String, code: String)] = AdminDivisions.shared.all
        .filter { $0.level == .province }
        .flatMap { division -> [(name: String, code: String)] in
            let code = String(division.adcode.prefix(2))
            var names = [(division.name, code)]
            let short = division.name.replacingOccurrences(of: "省", with: "").replacingOccurrences(of: "市", with: "")
            if short.count >= 2 { names.append((String(short.prefix(2)), code)) }
            return names
        }

    static func provinceCode(ofAddress address: String) -> String? {
        provinces.first { address.hasPrefix($0.name) }?.code
    }
}
