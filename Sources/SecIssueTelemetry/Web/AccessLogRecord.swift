import Foundation
import SecIssueKit

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
    /// True when the User-Agent or Referer holds a Shellshock function definition `() {`.
    var headerDefinesFunction = false
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
        headerDefinesFunction = false
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
        while start < end && line[start] == ASCII.space { start += 1 }
        while end > start && line[end - 1] == ASCII.space { end -= 1 }
        var methodEnd = start
        while methodEnd < end && line[methodEnd] != ASCII.space { methodEnd += 1 }
        let methodLength = methodEnd - start
        guard methodLength > 0, methodLength <= 24, ScanText.isLetter(line[start]),
              (start..<methodEnd).allSatisfy({ Self.isMethodByte(line[$0]) }) else {
            throw AccessLogProblem("request \(Self.quoted(line, range)) does not start with a method such as GET")
        }
        var targetStart = methodEnd
        while targetStart < end && line[targetStart] == ASCII.space { targetStart += 1 }
        var targetEnd = end
        var lastSpace = end
        while lastSpace > targetStart && line[lastSpace - 1] != ASCII.space { lastSpace -= 1 }
        if lastSpace > targetStart, end - lastSpace >= 5, Self.isVersion(line, lastSpace) {
            targetEnd = lastSpace
            while targetEnd > targetStart && line[targetEnd - 1] == ASCII.space { targetEnd -= 1 }
        }
        guard targetEnd > targetStart else {
            throw AccessLogProblem("request \(Self.quoted(line, range)) has no target: expected METHOD TARGET [HTTP/x.y]")
        }
        method = append(line, start..<methodEnd)
        target = unescape ? appendUnescaped(line, targetStart..<targetEnd) : append(line, targetStart..<targetEnd)
    }

    private static func isMethodByte(_ byte: UInt8) -> Bool {
        (byte >= ASCII.upperA && byte <= ASCII.upperZ) || (byte >= ASCII.a && byte <= ASCII.z) || (byte >= ASCII.zero && byte <= ASCII.nine) || byte == ASCII.minus || byte == ASCII.underscore
    }

    private static func isVersion(_ line: UnsafeRawBufferPointer, _ at: Int) -> Bool {
        (line[at] | ASCII.caseBit) == ASCII.h && (line[at + 1] | ASCII.caseBit) == ASCII.t && (line[at + 2] | ASCII.caseBit) == ASCII.t
            && (line[at + 3] | ASCII.caseBit) == ASCII.p && line[at + 4] == ASCII.slash
    }

    /// A short quotation of a bad field for a problem message.
    static func quoted(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        let shown = range.prefix(40)
        var text = ""
        for index in shown {
            let byte = line[index]
            text += byte >= ASCII.space && byte < ASCII.delete ? String(UnicodeScalar(byte)) : (byte < 16 ? "\\x0" : "\\x") + String(byte, radix: 16)
        }
        return "\"" + text + (range.count > shown.count ? "…" : "") + "\""
    }
}
