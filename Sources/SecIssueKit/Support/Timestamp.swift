import Foundation

/// The two time formats of finding files: `2026-11-26T17:00:00Z` and `2026-12-26`, always UTC.
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        format(date, "yyyy-MM-dd'T'HH:mm:ss'Z'")
    }

    public static func day(_ date: Date) -> String {
        format(date, "yyyy-MM-dd")
    }

    /// Parses `YYYY-MM-DD` (as a UTC midnight) or a full ISO 8601 timestamp.
    public static func parse(_ text: String) -> Date? {
        let iso = ISO8601DateFormatter()
        if let date = iso.date(from: text) { return date }
        iso.formatOptions = [.withFullDate]
        guard text.count == 10 else { return nil }
        return iso.date(from: text)
    }

    private static func format(_ date: Date, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
