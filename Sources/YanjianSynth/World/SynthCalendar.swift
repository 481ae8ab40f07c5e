import Foundation
import YanjianCore

/// The time frame of every world and its rhythms: seasons, the Spring Festival, weekdays and hours.
///
/// All worlds end on 2026-02-28: orders cover the 12 months before, terminal sales and waybills the
/// last 90 days, plate reads and video events the last 30 days. The Spring Festival (2026-02-17) falls
/// inside every window, so its peak and holiday lull are visible everywhere.
enum SynthCalendar {
    static func day(_ year: Int, _ month: Int, _ day: Int) -> Int {
        CivilCalendar.daysFromCivil(year: year, month: month, day: day)
    }

    /// First day after the world (exclusive end of every window).
    static let endDay = day(2026, 3, 1)
    static let orderStart = day(2025, 3, 1)
    static let posStart = day(2025, 12, 1)
    static let waybillStart = day(2025, 12, 1)
    static let plateStart = day(2026, 1, 30)
    static let paymentStart = day(2025, 9, 1)
    static let springFestival = day(2026, 2, 17)
    /// The statutory holiday around the festival (2026-02-15 … 2026-02-23).
    static let holidayStart = day(2026, 2, 15)
    static let holidayEnd = day(2026, 2, 23)

    /// Local seconds at the start of a day.
    @inline(__always)
    static func seconds(day: Int) -> Int64 { Int64(day) * 86_400 }

    /// ISO weekday 1 (Monday) … 7 (Sunday).
    @inline(__always)
    static func weekday(_ day: Int) -> Int { CivilCalendar.isoWeekday(days: day) }

    static func isHoliday(_ day: Int) -> Bool { day >= holidayStart && day <= holidayEnd }

    /// Cigarette demand relative to an ordinary day: a gift-buying peak in the weeks before the
    /// Spring Festival, a lull during the holiday, a mild summer dip and a National Day bump.
    static func retailDemand(_ day: Int) -> Double {
        let fromFestival = Double(day - springFestival)
        var factor = 1.0
        factor += 0.9 * exp(-pow((fromFestival + 10) / 9, 2))
        if fromFestival >= 0 && fromFestival <= 7 { factor *= 0.7 }
        let month = CivilCalendar.civilFromDays(day).month
        if month == 7 || month == 8 { factor *= 0.92 }
        let nationalDay = Double(day - SynthCalendar.day(2025, 10, 1))
        factor += 0.25 * exp(-pow((nationalDay + 3) / 5, 2))
        return factor
    }

    /// Courier volume relative to an ordinary day: a Double-Twelve bump, the New-Year-goods rush
    /// before the festival, then most couriers pause through the holiday.
    static func courierVolume(_ day: Int) -> Double {
        let fromFestival = Double(day - springFestival)
        var factor = 1.0
        factor += 0.35 * exp(-pow(Double(day - SynthCalendar.day(2025, 12, 13)) / 3, 2))
        factor += 0.4 * exp(-pow((fromFestival + 18) / 8, 2))
        if fromFestival >= -4 && fromFestival <= 7 { factor *= 0.3 }
        if weekday(day) == 7 { factor *= 0.85 }
        return factor
    }
}

/// A 24-hour activity curve to draw times of day from.
struct DailyCurve: Sendable {
    let table: WeightedTable

    init(_ hourly: [Double]) {
        table = WeightedTable(hourly)
    }

    /// A second of the day (0..<86400).
    @inline(__always)
    func secondOfDay(_ rng: inout SplitMix64) -> Int {
        table.sample(&rng) * 3600 + rng.below(3600)
    }

    /// Shop terminal scans: morning, lunch and an evening peak.
    static let pos = DailyCurve([
        0.15, 0.08, 0.04, 0.03, 0.03, 0.08, 0.4, 1.2, 1.6, 1.3, 1.1, 1.2, 1.3, 1.0, 0.9, 1.0, 1.2, 1.6,
        2.0, 2.0, 1.7, 1.1, 0.45, 0.25,
    ])
    /// Night-time scans (22:00–06:00) for night-trading shops.
    static let posNight = DailyCurve([
        1.0, 0.9, 0.8, 0.6, 0.5, 0.4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.0, 1.2,
    ])
    /// Parcel acceptance at courier outlets.
    static let courier = DailyCurve([
        0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.1, 0.5, 1.5, 2.2, 2.4, 2.0, 1.4, 1.5, 2.0, 2.3, 2.4, 2.1,
        1.5, 0.9, 0.5, 0.3, 0.1, 0.05,
    ])
    /// Gang parcels are mostly handed in late in the day.
    static let gangCourier = DailyCurve([
        0, 0, 0, 0, 0, 0, 0, 0.1, 0.3, 0.5, 0.6, 0.6, 0.5, 0.6, 0.8, 1.0, 1.3, 1.8, 2.2, 2.2, 1.6, 0.8,
        0.2, 0,
    ])
    /// Road traffic: two commuting peaks, quiet nights.
    static let traffic = DailyCurve([
        0.3, 0.2, 0.15, 0.15, 0.2, 0.6, 1.5, 3.0, 3.2, 2.0, 1.6, 1.6, 1.7, 1.5, 1.5, 1.7, 2.0, 2.8, 3.0,
        2.0, 1.5, 1.2, 0.9, 0.5,
    ])
}
