import Foundation
import SecIssueKit

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
        var index = find(ASCII.space, in: line, 0..<count) ?? count
        guard index > 0 && index < count else { throw AccessLogProblem("no client address followed by a space: " + expected) }
        record.client = record.append(line, 0..<index)

        // The identity and user fields, then the time in brackets.
        while index < count && line[index] != ASCII.openBracket && line[index] != ASCII.quote { index += 1 }
        guard index < count, line[index] == ASCII.openBracket else { throw AccessLogProblem("no [time] after the client address: " + expected) }
        let timeStart = index + 1
        index = find(ASCII.closeBracket, in: line, index..<count) ?? count
        guard index < count, let time = record.time(line, timeStart..<index) else {
            throw AccessLogProblem("time \(AccessLogRecord.quoted(line, timeStart..<index)) is not [dd/Mon/yyyy:HH:mm:ss ±hhmm]")
        }
        record.time = time
        index += 1

        guard index + 1 < count, line[index] == ASCII.space, line[index + 1] == ASCII.quote else {
            throw AccessLogProblem("no quoted request after the time: " + expected)
        }
        guard let request = quotedField(line, from: index + 1) else { throw AccessLogProblem("the request's closing quote is missing") }
        try record.setRequest(line, request, unescape: true)
        index = request.upperBound + 1

        guard index + 4 <= count, line[index] == ASCII.space, let status = threeDigits(line, index + 1),
              index + 4 == count || line[index + 4] == ASCII.space else {
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
        while index < count && line[index] != ASCII.space { index += 1 }
        let sizeIsValid = index > sizeStart && (line[sizeStart] == ASCII.minus && index == sizeStart + 1
            || (sizeStart..<index).allSatisfy { line[$0] >= ASCII.zero && line[$0] <= ASCII.nine })
        guard sizeIsValid else {
            throw AccessLogProblem("size \(AccessLogRecord.quoted(line, sizeStart..<index)) is neither a number nor -")
        }
        guard combined else { return }

        guard index + 1 < count, line[index + 1] == ASCII.quote, let referer = quotedField(line, from: index + 1) else {
            throw AccessLogProblem("no quoted referer after the size (for a log without referer and user agent, use --input common)")
        }
        index = referer.upperBound + 1
        guard index + 1 < count, line[index] == ASCII.space, line[index + 1] == ASCII.quote, let agent = quotedField(line, from: index + 1) else {
            throw AccessLogProblem("no quoted user agent after the referer: " + expected)
        }
        record.userAgent = keepUserAgent ? record.appendUnescaped(line, agent) : record.bytes.count..<record.bytes.count
        record.headerDefinesFunction = AttackScanner.definesFunction(line, agent) || AttackScanner.definesFunction(line, referer)
    }

    /// The index of the first `byte` in `range` of `line`, found with memchr.
    @inline(__always)
    private static func find(_ byte: UInt8, in line: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        guard let base = line.baseAddress, !range.isEmpty, let found = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    /// The inside of a field quoted at `quote`, which ends at the first quote not escaped by a
    /// backslash (one after an even number of backslashes, `\\"`, ends it).
    private static func quotedField(_ line: UnsafeRawBufferPointer, from quote: Int) -> Range<Int>? {
        guard let base = line.baseAddress else { return nil }
        var from = quote + 1
        while from < line.count {
            guard let found = memchr(base + from, Int32(ASCII.quote), line.count - from) else { return nil }
            let end = base.distance(to: UnsafeRawPointer(found))
            var backslashes = 0
            while end - backslashes - 1 > quote && line[end - backslashes - 1] == ASCII.backslash { backslashes += 1 }
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
            guard let found = memchr(base + index, Int32(ASCII.backslash), end - index) else {
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[index..<end]))
                return
            }
            let slash = base.distance(to: UnsafeRawPointer(found))
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[index..<slash]))
            index = slash + 1
            guard index < end else { out.append(ASCII.backslash); return }
            let next = line[index]
            if next == ASCII.quote || next == ASCII.backslash {
                out.append(next)
                index += 1
            } else if next == ASCII.x, index + 2 < end, let high = RequestDecoder.hexValue(line[index + 1]),
                      let low = RequestDecoder.hexValue(line[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(ASCII.backslash)
            }
        }
    }
}
