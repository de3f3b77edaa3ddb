import Foundation

/// The two time formats of finding files: `2026-11-26T17:00:00Z` and `2026-12-26`, always UTC.
/// Formatted by hand: an import stamps thousands of findings, and each Foundation date
/// formatter costs an ICU set-up.
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        let parts = fields(date)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))Z"
    }

    public static func day(_ date: Date) -> String {
        let parts = fields(date)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
    }

    /// Parses `YYYY-MM-DD` (as a UTC midnight), `YYYY-MM-DDTHH:MM:SSZ`, or any ISO 8601 timestamp.
    public static func parse(_ text: String) -> Date? {
        let digits = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int32? {
            guard range.upperBound <= digits.count else { return nil }
            var value: Int32 = 0
            for byte in digits[range] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int32(byte - 48)
            }
            return value
        }
        if digits.count == 10 || (digits.count == 20 && digits[10] == UInt8(ascii: "T") && digits[19] == UInt8(ascii: "Z")),
           digits[4] == UInt8(ascii: "-"), digits[7] == UInt8(ascii: "-"),
           let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), (1...12).contains(month), (1...31).contains(day) {
            var parts = tm()
            parts.tm_year = year - 1900
            parts.tm_mon = month - 1
            parts.tm_mday = day
            if digits.count == 20 {
                guard digits[13] == UInt8(ascii: ":"), digits[16] == UInt8(ascii: ":"),
                      let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
                      hour < 24, minute < 60, second < 61 else { return nil }
                parts.tm_hour = hour
                parts.tm_min = minute
                parts.tm_sec = second
            }
            let seconds = timegm(&parts)
            // timegm normalises 2026-02-31 to March: such a date was not a real one.
            guard fields(Date(timeIntervalSince1970: TimeInterval(seconds))).tm_mday == day else { return nil }
            return Date(timeIntervalSince1970: TimeInterval(seconds))
        }
        return digits.count > 10 ? ISO8601DateFormatter().date(from: text) : nil
    }

    /// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the instants the four-digit formats can write.
    static let earliestSeconds: Double = -62_167_219_200
    public static let latestSeconds: Double = 253_402_300_799

    /// Seconds since 1970 of `date`, held to the years 0000...9999.
    ///
    /// Dates here come from input (a commit's author time, a log's epoch, a date parsed from a
    /// finding file): converting one beyond Int64 to time_t traps, and one past 9999 prints a
    /// five-digit year that `validate` rejects. Readers refuse such values where they parse them;
    /// this clamp is the last guard, so formatting never crashes.
    public static func clampedSeconds(_ date: Date) -> Int64 {
        let value = date.timeIntervalSince1970
        // Written so NaN (which compares false with everything) lands on the earliest instant.
        guard value > earliestSeconds else { return Int64(earliestSeconds) }
        return Int64(min(value, latestSeconds).rounded(.down))
    }

    private static func fields(_ date: Date) -> tm {
        var seconds = time_t(clampedSeconds(date))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return parts
    }

    private static func pad(_ value: Int32, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
