import Foundation

/// One request of a web access log.
public struct AccessLogLine: Sendable, Equatable {
    /// The client address as logged (`-` when a JSON line has none).
    public var client: String
    /// Seconds since 1970, UTC.
    public var time: Int64
    public var method: String
    /// The path and query as the client sent them, with the log's own escapes (`\"`, `\xHH`) undone.
    public var target: String
    public var status: Int
    /// Nil in the common format, which does not log it.
    public var userAgent: String?

    public init(client: String, time: Int64, method: String, target: String, status: Int, userAgent: String? = nil) {
        self.client = client
        self.time = time
        self.method = method
        self.target = target
        self.status = status
        self.userAgent = userAgent
    }

    /// Parses one line of a combined, common or JSON-lines log (JSON lines named as `fields` says);
    /// nil when the line is not one.
    public static func parse(_ bytes: ArraySlice<UInt8>, format: LogFormat,
                             fields: TelemetryPolicy.JSONLFields = .init()) -> AccessLogLine? {
        var record = AccessLogRecord()
        var json = AccessLogJSON(fields: fields)
        let parsed: Bool = bytes.withUnsafeBytes { line in
            do {
                switch format {
                case .combined: try AccessLogSyntax.parse(line, combined: true, into: &record)
                case .common: try AccessLogSyntax.parse(line, combined: false, into: &record)
                case .jsonl: try json.parse(line, into: &record)
                case .cloudtrail, .auto: return false
                }
                return true
            } catch {
                return false
            }
        }
        return parsed ? record.line : nil
    }
}

/// Why a line is not a request, said so that the reader knows what was expected.
struct AccessLogProblem: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// The parts of one request as bytes, refilled in place line after line so that reading a log
/// allocates nothing per line: every field is appended to one buffer, and a range says where.
struct AccessLogRecord {
    var bytes: [UInt8] = []
    var client: Range<Int> = 0..<0
    var method: Range<Int> = 0..<0
    var target: Range<Int> = 0..<0
    /// Nil in the common format.
    var userAgent: Range<Int>?
    var time: Int64 = 0
    var status = 0
    /// The last time text parsed and its value: lines in a row mostly share their second.
    private var timeText: [UInt8] = []
    private var timeValue: Int64 = 0

    mutating func clear() {
        bytes.removeAll(keepingCapacity: true)
        client = 0..<0
        method = 0..<0
        target = 0..<0
        userAgent = nil
        time = 0
        status = 0
    }

    /// The bracketed time at `range` of `line`, parsed once for a run of lines with the same text.
    mutating func time(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int64? {
        let text = UnsafeRawBufferPointer(rebasing: line[range])
        if !text.isEmpty, text.count == timeText.count,
           timeText.withUnsafeBytes({ memcmp($0.baseAddress!, text.baseAddress!, text.count) == 0 }) {
            return timeValue
        }
        guard let value = AccessLogClock.bracketed(line, range) else { return nil }
        timeText.removeAll(keepingCapacity: true)
        timeText.append(contentsOf: text)
        timeValue = value
        return value
    }

    /// Appends a field and returns where it is.
    mutating func append(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int> {
        let start = bytes.count
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[range]))
        return start..<bytes.count
    }

    /// Appends a quoted field of an Apache or nginx log with its escapes undone.
    mutating func appendUnescaped(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int> {
        let start = bytes.count
        AccessLogSyntax.unescape(line, range, into: &bytes)
        return start..<bytes.count
    }

    /// Appends a one-byte field (`-` for a missing one).
    mutating func appendByte(_ byte: UInt8) -> Range<Int> {
        bytes.append(byte)
        return (bytes.count - 1)..<bytes.count
    }

    func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    var line: AccessLogLine {
        AccessLogLine(client: string(client), time: time, method: string(method), target: string(target), status: status,
                      userAgent: userAgent.map(string))
    }

    /// Splits a request line `METHOD TARGET [HTTP/x.y]` into `method` and `target`. The target may
    /// hold spaces (a malformed request is logged as sent); only a last word `HTTP/…` is the version.
    mutating func setRequest(_ line: UnsafeRawBufferPointer, _ range: Range<Int>, unescape: Bool) throws(AccessLogProblem) {
        var start = range.lowerBound
        var end = range.upperBound
        while start < end && line[start] == 32 { start += 1 }
        while end > start && line[end - 1] == 32 { end -= 1 }
        var methodEnd = start
        while methodEnd < end && line[methodEnd] != 32 { methodEnd += 1 }
        let methodLength = methodEnd - start
        guard methodLength > 0, methodLength <= 24, ScanText.isLetter(line[start]),
              (start..<methodEnd).allSatisfy({ Self.isMethodByte(line[$0]) }) else {
            throw AccessLogProblem("request \(Self.quoted(line, range)) does not start with a method such as GET")
        }
        var targetStart = methodEnd
        while targetStart < end && line[targetStart] == 32 { targetStart += 1 }
        var targetEnd = end
        var lastSpace = end
        while lastSpace > targetStart && line[lastSpace - 1] != 32 { lastSpace -= 1 }
        if lastSpace > targetStart, end - lastSpace >= 5, Self.isVersion(line, lastSpace) {
            targetEnd = lastSpace
            while targetEnd > targetStart && line[targetEnd - 1] == 32 { targetEnd -= 1 }
        }
        guard targetEnd > targetStart else {
            throw AccessLogProblem("request \(Self.quoted(line, range)) has no target: expected METHOD TARGET [HTTP/x.y]")
        }
        method = append(line, start..<methodEnd)
        target = unescape ? appendUnescaped(line, targetStart..<targetEnd) : append(line, targetStart..<targetEnd)
    }

    private static func isMethodByte(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 45 || byte == 95
    }

    private static func isVersion(_ line: UnsafeRawBufferPointer, _ at: Int) -> Bool {
        (line[at] | 0x20) == 104 && (line[at + 1] | 0x20) == 116 && (line[at + 2] | 0x20) == 116
            && (line[at + 3] | 0x20) == 112 && line[at + 4] == 47
    }

    /// A short quotation of a bad field for a problem message.
    static func quoted(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        let shown = range.prefix(40)
        var text = ""
        for index in shown {
            let byte = line[index]
            text += byte >= 32 && byte < 127 ? String(UnicodeScalar(byte)) : (byte < 16 ? "\\x0" : "\\x") + String(byte, radix: 16)
        }
        return "\"" + text + (range.count > shown.count ? "…" : "") + "\""
    }
}

/// The Apache and nginx text formats: `common` is `%h %l %u %t "%r" %>s %b`, `combined` adds
/// `"%{Referer}i" "%{User-agent}i"`. Fields after these are allowed and ignored, as many sites
/// append their own (request time, forwarded-for).
enum AccessLogSyntax {
    /// Parses `line` into `record`; the user agent is only checked, not kept, unless `keepUserAgent`.
    static func parse(_ line: UnsafeRawBufferPointer, combined: Bool, keepUserAgent: Bool = true,
                      into record: inout AccessLogRecord) throws(AccessLogProblem) {
        record.clear()
        let count = line.count
        let expected = combined ? "expected HOST IDENT USER [TIME] \"REQUEST\" STATUS SIZE \"REFERER\" \"USER-AGENT\""
                                : "expected HOST IDENT USER [TIME] \"REQUEST\" STATUS SIZE"
        var index = 0
        while index < count && line[index] != 32 { index += 1 }
        guard index > 0 && index < count else { throw AccessLogProblem("no client address followed by a space: " + expected) }
        record.client = record.append(line, 0..<index)

        // The identity and user fields, then the time in brackets.
        while index < count && line[index] != 91 && line[index] != 34 { index += 1 }
        guard index < count, line[index] == 91 else { throw AccessLogProblem("no [time] after the client address: " + expected) }
        let timeStart = index + 1
        while index < count && line[index] != 93 { index += 1 }
        guard index < count, let time = record.time(line, timeStart..<index) else {
            throw AccessLogProblem("time \(AccessLogRecord.quoted(line, timeStart..<index)) is not [dd/Mon/yyyy:HH:mm:ss ±hhmm]")
        }
        record.time = time
        index += 1

        guard index + 1 < count, line[index] == 32, line[index + 1] == 34 else {
            throw AccessLogProblem("no quoted request after the time: " + expected)
        }
        guard let request = quotedField(line, from: index + 1) else { throw AccessLogProblem("the request's closing quote is missing") }
        try record.setRequest(line, request, unescape: true)
        index = request.upperBound + 1

        guard index + 4 <= count, line[index] == 32, let status = threeDigits(line, index + 1),
              index + 4 == count || line[index + 4] == 32 else {
            throw AccessLogProblem("no three-digit status after the request: " + expected)
        }
        record.status = status
        index += 4
        guard index < count else {
            if combined { throw AccessLogProblem("the line ends after the status: " + expected) }
            return
        }
        index += 1
        let sizeStart = index
        while index < count && line[index] != 32 { index += 1 }
        let sizeIsValid = index > sizeStart && (line[sizeStart] == 45 && index == sizeStart + 1
            || (sizeStart..<index).allSatisfy { line[$0] >= 48 && line[$0] <= 57 })
        guard sizeIsValid else {
            throw AccessLogProblem("size \(AccessLogRecord.quoted(line, sizeStart..<index)) is neither a number nor -")
        }
        guard combined else { return }

        guard index + 1 < count, line[index + 1] == 34, let referer = quotedField(line, from: index + 1) else {
            throw AccessLogProblem("no quoted referer after the size (for a log without referer and user agent, use --input common)")
        }
        index = referer.upperBound + 1
        guard index + 1 < count, line[index] == 32, line[index + 1] == 34, let agent = quotedField(line, from: index + 1) else {
            throw AccessLogProblem("no quoted user agent after the referer: " + expected)
        }
        record.userAgent = keepUserAgent ? record.appendUnescaped(line, agent) : record.bytes.count..<record.bytes.count
    }

    /// The inside of a field quoted at `quote`, which ends at the first quote not escaped by a
    /// backslash (one after an even number of backslashes, `\\"`, ends it).
    private static func quotedField(_ line: UnsafeRawBufferPointer, from quote: Int) -> Range<Int>? {
        guard let base = line.baseAddress else { return nil }
        var from = quote + 1
        while from < line.count {
            guard let found = memchr(base + from, 34, line.count - from) else { return nil }
            let end = base.distance(to: UnsafeRawPointer(found))
            var backslashes = 0
            while end - backslashes - 1 > quote && line[end - backslashes - 1] == 92 { backslashes += 1 }
            if backslashes % 2 == 0 { return (quote + 1)..<end }
            from = end + 1
        }
        return nil
    }

    private static func threeDigits(_ line: UnsafeRawBufferPointer, _ at: Int) -> Int? {
        var value = 0
        for index in at..<(at + 3) {
            let digit = Int(line[index]) - 48
            guard digit >= 0 && digit <= 9 else { return nil }
            value = value * 10 + digit
        }
        return value >= 100 ? value : nil
    }

    /// Undoes the escapes Apache and nginx write inside quoted fields: `\"`, `\\` and `\xHH`. The
    /// text between escapes is copied in one piece, as most fields have none.
    static func unescape(_ line: UnsafeRawBufferPointer, _ range: Range<Int>, into out: inout [UInt8]) {
        guard let base = line.baseAddress else { return }
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            guard let found = memchr(base + index, 92, end - index) else {
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[index..<end]))
                return
            }
            let slash = base.distance(to: UnsafeRawPointer(found))
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[index..<slash]))
            index = slash + 1
            guard index < end else { out.append(92); return }
            let next = line[index]
            if next == 34 || next == 92 {
                out.append(next)
                index += 1
            } else if next == 120, index + 2 < end, let high = RequestDecoder.hexValue(line[index + 1]),
                      let low = RequestDecoder.hexValue(line[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(92)
            }
        }
    }
}

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
        guard let day = reader.number(2), reader.skip(47), let month = reader.month(), reader.skip(47),
              let year = reader.number(4), reader.skip(58), let hour = reader.number(2), reader.skip(58),
              let minute = reader.number(2), reader.skip(58), let second = reader.number(2) else { return nil }
        reader.skipFraction()
        var offset = 0
        if reader.skip(32) {
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
        guard let year = reader.number(4), reader.skip(45), let month = reader.number(2), reader.skip(45),
              let day = reader.number(2) else { return nil }
        var hour = 0, minute = 0, second = 0, offset = 0
        if reader.skip(84) || reader.skip(116) || reader.skip(32) {
            guard let h = reader.number(2), reader.skip(58), let m = reader.number(2) else { return nil }
            hour = h
            minute = m
            if reader.skip(58) {
                guard let s = reader.number(2) else { return nil }
                second = s
            }
            reader.skipFraction()
            if reader.skip(90) || reader.skip(122) {
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
        return Int64(seconds.rounded(.down))
    }

    /// Any of the forms above, as a JSON line may hold them in a string.
    static func text(_ text: UnsafeRawBufferPointer) -> Int64? {
        guard let first = text.first else { return nil }
        if first == 91, text.last == 93 { return bracketed(text, 1..<(text.count - 1)) }
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
            guard index < end, text[index] == 46 || text[index] == 44 else { return }
            index += 1
            while index < end, text[index] >= 48 && text[index] <= 57 { index += 1 }
        }

        /// `+hhmm` or `-hhmm`, also `±hh:mm` and `±hh` when `colon`; the offset east of UTC in seconds.
        mutating func zone(colon: Bool) -> Int? {
            guard index < end, text[index] == 43 || text[index] == 45 else { return nil }
            let sign = text[index] == 45 ? -1 : 1
            index += 1
            guard let hours = number(2) else { return nil }
            var minutes = 0
            if index < end {
                if colon { _ = skip(58) }
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
            let key = (UInt32(text[index] | 0x20) << 16) | (UInt32(text[index + 1] | 0x20) << 8) | UInt32(text[index + 2] | 0x20)
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

/// JSON-lines access logs (nginx `escape=json`, Caddy, load balancers): one object per line, the
/// request's parts in top-level fields named by `telemetry.jsonl_fields`. Other fields, nested objects
/// included, are skipped without being decoded.
struct AccessLogJSON {
    private enum Field: Int { case time, client, method, path, request, status, userAgent }

    private let names: [[UInt8]]
    private let fields: TelemetryPolicy.JSONLFields
    private var key: [UInt8] = []
    private var value: [UInt8] = []
    private var request: [UInt8] = []

    init(fields: TelemetryPolicy.JSONLFields) {
        self.fields = fields
        names = [fields.time, fields.client, fields.method, fields.path, fields.request, fields.status, fields.userAgent]
            .map { Array($0.utf8) }
    }

    mutating func parse(_ line: UnsafeRawBufferPointer, into record: inout AccessLogRecord) throws(AccessLogProblem) {
        record.clear()
        request.removeAll(keepingCapacity: true)
        var time: Int64?
        var hasRequest = false
        var scanner = Scanner(text: line)
        scanner.skipSpace()
        guard scanner.take(123) else { throw AccessLogProblem("not a JSON object: expected one {…} per line") }
        scanner.skipSpace()
        if !scanner.take(125) {
            while true {
                scanner.skipSpace()
                guard scanner.peek == 34 else { throw AccessLogProblem("expected a quoted field name at byte \(scanner.index + 1)") }
                key.removeAll(keepingCapacity: true)
                try scanner.string(into: &key)
                scanner.skipSpace()
                guard scanner.take(58) else { throw AccessLogProblem("expected : after a field name at byte \(scanner.index + 1)") }
                scanner.skipSpace()
                switch names.firstIndex(of: key).flatMap(Field.init(rawValue:)) {
                case .time?: time = try readTime(&scanner)
                case .client?: record.client = try readString(&scanner, into: &record.bytes) ?? record.client
                case .method?: record.method = try readString(&scanner, into: &record.bytes) ?? record.method
                case .path?: record.target = try readString(&scanner, into: &record.bytes) ?? record.target
                case .request?:
                    request.removeAll(keepingCapacity: true)
                    hasRequest = try readString(&scanner, into: &request) != nil
                case .status?: record.status = try readStatus(&scanner)
                case .userAgent?: record.userAgent = try readString(&scanner, into: &record.bytes) ?? record.userAgent
                case nil: try scanner.skipValue()
                }
                scanner.skipSpace()
                if scanner.take(125) { break }
                guard scanner.take(44) else { throw AccessLogProblem("expected , or } at byte \(scanner.index + 1)") }
            }
        }
        scanner.skipSpace()
        guard scanner.index == line.count else { throw AccessLogProblem("text after the end of the JSON object") }
        guard let time else {
            throw AccessLogProblem("no \"\(fields.time)\" field with the time of the request (telemetry.jsonl_fields.time names it)")
        }
        record.time = time
        guard record.status != 0 else {
            throw AccessLogProblem("no \"\(fields.status)\" field with the response status (telemetry.jsonl_fields.status names it)")
        }
        if record.target.isEmpty {
            guard hasRequest else {
                throw AccessLogProblem("neither a \"\(fields.path)\" nor a \"\(fields.request)\" field: one of them gives the target "
                                       + "(telemetry.jsonl_fields.path and .request name them)")
            }
            let given = record.method
            let problem = request.withUnsafeBytes { bytes -> AccessLogProblem? in
                do throws(AccessLogProblem) {
                    try record.setRequest(bytes, 0..<bytes.count, unescape: false)
                    return nil
                } catch {
                    return error
                }
            }
            if let problem { throw problem }
            if !given.isEmpty { record.method = given }
        }
        if record.client.isEmpty { record.client = record.appendByte(45) }
        if record.method.isEmpty { record.method = record.appendByte(45) }
    }

    /// Appends a string value to `out` and returns where it is; a null or another kind of value
    /// is skipped and reads as absent.
    private func readString(_ scanner: inout Scanner, into out: inout [UInt8]) throws(AccessLogProblem) -> Range<Int>? {
        guard scanner.peek == 34 else {
            try scanner.skipValue()
            return nil
        }
        let start = out.count
        try scanner.string(into: &out)
        return start..<out.count
    }

    private mutating func readTime(_ scanner: inout Scanner) throws(AccessLogProblem) -> Int64? {
        let start = scanner.index
        let time: Int64?
        if scanner.peek == 34 {
            value.removeAll(keepingCapacity: true)
            try scanner.string(into: &value)
            time = value.withUnsafeBytes { AccessLogClock.text($0) }
        } else {
            try scanner.skipValue()
            time = Self.number(scanner.text, start..<scanner.index).flatMap(AccessLogClock.epoch)
        }
        guard let time else {
            throw AccessLogProblem("\"\(fields.time)\" is \(AccessLogRecord.quoted(scanner.text, start..<scanner.index)): "
                + "expected an ISO 8601 time, [dd/Mon/yyyy:HH:mm:ss ±hhmm] or seconds since 1970")
        }
        return time
    }

    private mutating func readStatus(_ scanner: inout Scanner) throws(AccessLogProblem) -> Int {
        let start = scanner.index
        var number: Double?
        if scanner.peek == 34 {
            value.removeAll(keepingCapacity: true)
            try scanner.string(into: &value)
            number = value.withUnsafeBytes { Self.number($0, 0..<$0.count) }
        } else {
            try scanner.skipValue()
            number = Self.number(scanner.text, start..<scanner.index)
        }
        guard let number, number >= 100, number < 1000, number == number.rounded() else {
            let value = AccessLogRecord.quoted(scanner.text, start..<scanner.index)
            throw AccessLogProblem("\"\(fields.status)\" is \(value): expected a status such as 404")
        }
        return Int(number)
    }

    /// A JSON number (or the same digits in a string); nil for anything else. The digits are
    /// gathered as a whole number and scaled once, so `1.7957664e9` is exactly 1795766400.
    static func number(_ text: UnsafeRawBufferPointer, _ range: Range<Int>) -> Double? {
        var index = range.lowerBound
        let end = range.upperBound
        func isDigit(_ at: Int) -> Bool { at < end && text[at] >= 48 && text[at] <= 57 }
        var negative = false
        if index < end && text[index] == 45 { negative = true; index += 1 }
        var digits = 0.0
        var count = 0
        var scale = 0
        while isDigit(index) {
            digits = digits * 10 + Double(text[index] - 48)
            index += 1
            count += 1
        }
        if index < end && text[index] == 46 {
            index += 1
            while isDigit(index) {
                digits = digits * 10 + Double(text[index] - 48)
                index += 1
                count += 1
                scale -= 1
            }
        }
        if index < end && (text[index] | 0x20) == 101 {
            index += 1
            var exponentNegative = false
            if index < end && (text[index] == 43 || text[index] == 45) { exponentNegative = text[index] == 45; index += 1 }
            var exponent = 0
            guard isDigit(index) else { return nil }
            while isDigit(index) {
                exponent = min(exponent * 10 + Int(text[index] - 48), 400)
                index += 1
            }
            scale += exponentNegative ? -exponent : exponent
        }
        guard count > 0, index == end else { return nil }
        var power = 1.0
        for _ in 0..<min(abs(scale), 400) { power *= 10 }
        let value = scale >= 0 ? digits * power : digits / power
        return negative ? -value : value
    }

    /// Reads JSON text byte by byte.
    struct Scanner {
        let text: UnsafeRawBufferPointer
        var index = 0

        var peek: UInt8 { index < text.count ? text[index] : 0 }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < text.count, text[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func skipSpace() {
            while index < text.count, text[index] == 32 || text[index] == 9 || text[index] == 10 || text[index] == 13 { index += 1 }
        }

        /// A quoted string at `index`, its escapes decoded into `out` as UTF-8.
        mutating func string(into out: inout [UInt8]) throws(AccessLogProblem) {
            index += 1
            while index < text.count {
                let byte = text[index]
                index += 1
                if byte == 34 { return }
                guard byte == 92 else { out.append(byte); continue }
                guard index < text.count else { break }
                let escaped = text[index]
                index += 1
                switch escaped {
                case 98: out.append(8)
                case 102: out.append(12)
                case 110: out.append(10)
                case 114: out.append(13)
                case 116: out.append(9)
                case 117:
                    guard var scalar = hex4() else { throw AccessLogProblem("a \\u escape without four hex digits at byte \(index)") }
                    if scalar >= 0xD800 && scalar < 0xDC00, text.count >= index + 6, text[index] == 92, text[index + 1] == 117 {
                        index += 2
                        if let low = hex4(), low >= 0xDC00 && low < 0xE000 {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                    }
                    out.append(contentsOf: String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8)
                default: out.append(escaped)
                }
            }
            throw AccessLogProblem("a string without its closing quote")
        }

        private mutating func hex4() -> UInt32? {
            guard index + 4 <= text.count else { return nil }
            var value: UInt32 = 0
            for offset in 0..<4 {
                guard let digit = RequestDecoder.hexValue(text[index + offset]) else { return nil }
                value = value << 4 | UInt32(digit)
            }
            index += 4
            return value
        }

        /// Steps over one value of any kind: a string, an object or array (with all they hold), or a
        /// number or literal.
        mutating func skipValue() throws(AccessLogProblem) {
            guard index < text.count else { throw AccessLogProblem("a field without a value at the end of the line") }
            var depth = 0
            repeat {
                guard index < text.count else { throw AccessLogProblem("an object or array that is not closed") }
                switch text[index] {
                case 34:
                    while true {
                        index += 1
                        guard index < text.count else { throw AccessLogProblem("a string without its closing quote") }
                        if text[index] == 92 { index += 1 } else if text[index] == 34 { break }
                    }
                    index += 1
                case 123, 91:
                    depth += 1
                    index += 1
                case 125, 93:
                    guard depth > 0 else { return }
                    depth -= 1
                    index += 1
                case 44, 32, 9, 10, 13:
                    if depth == 0 { return }
                    index += 1
                default:
                    index += 1
                }
            } while depth > 0 || index < text.count
        }
    }
}
