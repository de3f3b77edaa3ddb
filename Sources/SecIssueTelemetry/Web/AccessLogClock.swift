import Foundation
import SecIssueKit

/// Timestamps in the forms access logs write them, turned into seconds since 1970 (UTC) by
/// arithmetic: a date formatter per line would cost more than all the rest of the parsing.
enum AccessLogClock {
    /// Days since 1970-01-01 of a proleptic Gregorian date; nil for a date that does not exist.
    static func days(year: Int, month: Int, day: Int) -> Int64? {
        guard month >= 1 && month <= 12 && day >= 1 else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let length = month == 2 ? (leap ? 29 : 28) : (month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31)
        guard day <= length else { return nil }
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return Int64(era * 146_097 + dayOfEra - 719_468)
    }

    static func seconds(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offset: Int) -> Int64? {
        guard hour < 24, minute < 60, second < 61, let days = days(year: year, month: month, day: day) else { return nil }
        return days * 86_400 + Int64(hour * 3_600 + minute * 60 + second - offset)
    }

    /// `10/Oct/2000:13:55:36 -0700`, the zone optional (UTC when absent).
    static func bracketed(_ text: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int64? {
        var reader = DigitReader(text: text, index: range.lowerBound, end: range.upperBound)
        guard let day = reader.number(2), reader.skip(ASCII.slash), let month = reader.month(), reader.skip(ASCII.slash),
              let year = reader.number(4), reader.skip(ASCII.colon), let hour = reader.number(2), reader.skip(ASCII.colon),
              let minute = reader.number(2), reader.skip(ASCII.colon), let second = reader.number(2) else { return nil }
        reader.skipFraction()
        var offset = 0
        if reader.skip(ASCII.space) {
            guard let zone = reader.zone(colon: false) else { return nil }
            offset = zone
        }
        guard reader.index == reader.end else { return nil }
        return seconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset)
    }

    /// ISO 8601 as logs write it: `2026-11-27T08:00:00Z`, with `T` or a space, optional fraction,
    /// and `Z`, `±hh:mm`, `±hhmm`, `±hh` or no zone (UTC).
    static func iso8601(_ text: UnsafeRawBufferPointer) -> Int64? {
        var reader = DigitReader(text: text, index: 0, end: text.count)
        guard let year = reader.number(4), reader.skip(ASCII.minus), let month = reader.number(2), reader.skip(ASCII.minus),
              let day = reader.number(2) else { return nil }
        var hour = 0, minute = 0, second = 0, offset = 0
        if reader.skip(84) || reader.skip(ASCII.t) || reader.skip(ASCII.space) {
            guard let h = reader.number(2), reader.skip(ASCII.colon), let m = reader.number(2) else { return nil }
            hour = h
            minute = m
            if reader.skip(ASCII.colon) {
                guard let s = reader.number(2) else { return nil }
                second = s
            }
            reader.skipFraction()
            if reader.skip(ASCII.upperZ) || reader.skip(ASCII.z) {
                offset = 0
            } else if reader.index < reader.end {
                guard let zone = reader.zone(colon: true) else { return nil }
                offset = zone
            }
        }
        guard reader.index == reader.end else { return nil }
        return seconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset)
    }

    /// Seconds, milliseconds or microseconds since 1970, told apart by size (any of them for a
    /// time between 1973 and 5138).
    static func epoch(_ value: Double) -> Int64? {
        guard value.isFinite, value >= 0 else { return nil }
        var seconds = value
        if seconds >= 1e14 { seconds /= 1e6 } else if seconds >= 1e11 { seconds /= 1e3 }
        // 1e308 is a finite Double, and Int64(1e302) traps: a time past the year 9999 is no time
        // a log can mean, so the record has no readable time (and is skipped as such).
        guard seconds <= Timestamp.latestSeconds else { return nil }
        return Int64(seconds.rounded(.down))
    }

    /// Any of the forms above, as a JSON line may hold them in a string.
    static func text(_ text: UnsafeRawBufferPointer) -> Int64? {
        guard let first = text.first else { return nil }
        if first == ASCII.openBracket, text.last == ASCII.closeBracket { return bracketed(text, 1..<(text.count - 1)) }
        if let time = iso8601(text) { return time }
        if let time = bracketed(text, 0..<text.count) { return time }
        return AccessLogJSON.number(text, 0..<text.count).flatMap(epoch)
    }

    private struct DigitReader {
        let text: UnsafeRawBufferPointer
        var index: Int
        let end: Int

        mutating func number(_ width: Int) -> Int? {
            guard index + width <= end else { return nil }
            var value = 0
            for offset in 0..<width {
                let digit = Int(text[index + offset]) - 48
                guard digit >= 0 && digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            index += width
            return value
        }

        mutating func skip(_ byte: UInt8) -> Bool {
            guard index < end, text[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func skipFraction() {
            guard index < end, text[index] == ASCII.dot || text[index] == ASCII.comma else { return }
            index += 1
            while index < end, text[index] >= ASCII.zero && text[index] <= ASCII.nine { index += 1 }
        }

        /// `+hhmm` or `-hhmm`, also `±hh:mm` and `±hh` when `colon`; the offset east of UTC in seconds.
        mutating func zone(colon: Bool) -> Int? {
            guard index < end, text[index] == ASCII.plus || text[index] == ASCII.minus else { return nil }
            let sign = text[index] == ASCII.minus ? -1 : 1
            index += 1
            guard let hours = number(2) else { return nil }
            var minutes = 0
            if index < end {
                if colon { _ = skip(ASCII.colon) }
                guard let value = number(2) else { return nil }
                minutes = value
            } else if !colon {
                return nil
            }
            guard hours < 24 && minutes < 60 else { return nil }
            return sign * (hours * 3_600 + minutes * 60)
        }

        mutating func month() -> Int? {
            guard index + 3 <= end else { return nil }
            // The three letters, lower-cased, as one number: "jan" is 0x6a616e.
            let key = (UInt32(text[index] | ASCII.caseBit) << 16) | (UInt32(text[index + 1] | ASCII.caseBit) << 8) | UInt32(text[index + 2] | ASCII.caseBit)
            let month: Int
            switch key {
            case 0x6a616e: month = 1
            case 0x666562: month = 2
            case 0x6d6172: month = 3
            case 0x617072: month = 4
            case 0x6d6179: month = 5
            case 0x6a756e: month = 6
            case 0x6a756c: month = 7
            case 0x617567: month = 8
            case 0x736570: month = 9
            case 0x6f6374: month = 10
            case 0x6e6f76: month = 11
            case 0x646563: month = 12
            default: return nil
            }
            index += 3
            return month
        }
    }
}
