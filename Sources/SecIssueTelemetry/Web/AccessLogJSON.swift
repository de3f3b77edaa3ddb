import SecIssueKit
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
        guard scanner.take(ASCII.openBrace) else { throw AccessLogProblem("not a JSON object: expected one {…} per line") }
        scanner.skipSpace()
        if !scanner.take(ASCII.closeBrace) {
            while true {
                scanner.skipSpace()
                guard scanner.peek == ASCII.quote else { throw AccessLogProblem("expected a quoted field name at byte \(scanner.index + 1)") }
                key.removeAll(keepingCapacity: true)
                try scanner.string(into: &key)
                scanner.skipSpace()
                guard scanner.take(ASCII.colon) else { throw AccessLogProblem("expected : after a field name at byte \(scanner.index + 1)") }
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
                if scanner.take(ASCII.closeBrace) { break }
                guard scanner.take(ASCII.comma) else { throw AccessLogProblem("expected , or } at byte \(scanner.index + 1)") }
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
        if record.client.isEmpty { record.client = record.appendByte(ASCII.minus) }
        if record.method.isEmpty { record.method = record.appendByte(ASCII.minus) }
    }

    /// Appends a string value to `out` and returns where it is; a null or another kind of value
    /// is skipped and reads as absent.
    private func readString(_ scanner: inout Scanner, into out: inout [UInt8]) throws(AccessLogProblem) -> Range<Int>? {
        guard scanner.peek == ASCII.quote else {
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
        if scanner.peek == ASCII.quote {
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
        if scanner.peek == ASCII.quote {
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
        func isDigit(_ at: Int) -> Bool { at < end && text[at] >= ASCII.zero && text[at] <= ASCII.nine }
        var negative = false
        if index < end && text[index] == ASCII.minus { negative = true; index += 1 }
        var digits = 0.0
        var count = 0
        var scale = 0
        while isDigit(index) {
            digits = digits * 10 + Double(text[index] - 48)
            index += 1
            count += 1
        }
        if index < end && text[index] == ASCII.dot {
            index += 1
            while isDigit(index) {
                digits = digits * 10 + Double(text[index] - 48)
                index += 1
                count += 1
                scale -= 1
            }
        }
        if index < end && (text[index] | ASCII.caseBit) == ASCII.e {
            index += 1
            var exponentNegative = false
            if index < end && (text[index] == ASCII.plus || text[index] == ASCII.minus) { exponentNegative = text[index] == ASCII.minus; index += 1 }
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
}
