import Foundation
import SecIssueKit

/// The periods stats counts in (`--by day|week|month`), UTC: weeks start on Monday, as ISO 8601 weeks do.
public enum Granularity: String, CaseIterable, Sendable {
    case day, week, month

    /// At most this many periods: `--by day` over decades is a mistake, not a report.
    public static let maximumPeriods = 5_000

    /// The start of the period holding `time` (seconds since 1970).
    func start(of time: Int64) -> Int64 {
        let day = Self.floorDivide(time, 86_400)
        switch self {
        case .day: return day * 86_400
        case .week:
            // 1970-01-01 was a Thursday: Monday is three days before it.
            let monday = day - Self.modulo(day + 3, 7)
            return monday * 86_400
        case .month:
            let parts = Self.calendar.dateComponents([.year, .month], from: Date(timeIntervalSince1970: TimeInterval(time)))
            return Int64(Self.calendar.date(from: parts)!.timeIntervalSince1970)
        }
    }

    /// The start of the period after the one starting at `start`.
    func next(after start: Int64) -> Int64 {
        switch self {
        case .day: return start + 86_400
        case .week: return start + 7 * 86_400
        case .month:
            let date = Self.calendar.date(byAdding: .month, value: 1, to: Date(timeIntervalSince1970: TimeInterval(start)))!
            return Int64(date.timeIntervalSince1970)
        }
    }

    /// The label of the period starting at `start`: its first day, or `YYYY-MM` for a month.
    func label(_ start: Int64) -> String {
        let day = Timestamp.day(Date(timeIntervalSince1970: TimeInterval(start)))
        return self == .month ? String(day.prefix(7)) : day
    }

    /// The periods from the one holding `from` to the one holding `to`, as [start, end) pairs.
    func periods(from: Int64, to: Int64) throws -> [(start: Int64, end: Int64)] {
        var periods: [(start: Int64, end: Int64)] = []
        var start = self.start(of: from)
        while start <= to {
            let end = next(after: start)
            periods.append((start, end))
            guard periods.count <= Self.maximumPeriods else {
                throw SecIssueError.usage("more than \(Self.maximumPeriods) periods: use a coarser --by or a shorter --since/--until")
            }
            start = end
        }
        return periods
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }

    private static func modulo(_ value: Int64, _ divisor: Int64) -> Int64 {
        let remainder = value % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}
