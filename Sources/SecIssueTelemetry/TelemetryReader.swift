import Foundation
import SecIssueKit

/// The log formats `telemetry ingest` reads.
public enum LogFormat: String, Sendable, CaseIterable {
    case combined, common, jsonl, cloudtrail, auto

    /// The format of a file from its first bytes: CloudTrail JSON (a `Records` file or JSON lines
    /// of CloudTrail events), other JSON lines, or an access log with (combined) or without (common)
    /// the referrer and user agent. An access log is recognised by the first of its first 20 lines
    /// that parses, so one damaged or over-long line does not hide it. Nil when it is none of them.
    public static func detect(_ head: ArraySlice<UInt8>) -> LogFormat? {
        let text = String(decoding: head.prefix(64 * 1024), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let first = lines.first else { return nil }
        if first.hasPrefix("{") {
            if text.range(of: #"^\s*\{\s*"Records"\s*:"#, options: .regularExpression) != nil { return .cloudtrail }
            return first.contains("\"eventSource\"") && first.contains("\"eventName\"") ? .cloudtrail : .jsonl
        }
        for line in lines.prefix(20) {
            if AccessLogLine.parse(Array(line.utf8)[...], format: .combined) != nil { return .combined }
            if AccessLogLine.parse(Array(line.utf8)[...], format: .common) != nil { return .common }
        }
        return nil
    }
}

/// What a reader got through: records read and the lines it could not use.
public struct IngestStats: Sendable {
    public var records = 0
    public var skipped = 0
    /// The first few unusable lines, as `line N: problem`.
    public var problems: [String] = []

    public init() {}

    mutating func skip(_ problem: String) {
        skipped += 1
        if problems.count < 5 { problems.append(problem) }
    }
}

/// A decoder for one log format, fed the input in chunks so that memory does not grow with the input.
public protocol TelemetryReader {
    mutating func consume(_ chunk: UnsafeRawBufferPointer, into aggregate: inout TelemetryAggregate) throws
    /// Called once at the end of the input (flushes a last line without a newline, open bursts…).
    mutating func finish(into aggregate: inout TelemetryAggregate) throws
    var stats: IngestStats { get }
}

/// Reads a file (or standard input for `-`) in fixed-size chunks.
public enum ByteStream {
    public static let chunkSize = 1 << 20

    /// Calls `body` with each chunk until the end of the input; the first chunk also goes to `start`
    /// (for format detection) before `body` sees it.
    public static func read(_ path: String, start: (ArraySlice<UInt8>) throws -> Void = { _ in },
                            _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let descriptor: Int32 = path == "-" ? STDIN_FILENO : open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw SecIssueError("\(path): cannot be read: \(String(cString: strerror(errno))): give the path of a log file, or - for standard input")
        }
        defer { if path != "-" { close(descriptor) } }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var first = true
        while true {
            let count = Foundation.read(descriptor, buffer.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw SecIssueError("\(path == "-" ? "standard input" : path): read failed: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[..<count])
            if first {
                try start(ArraySlice(chunk))
                first = false
            }
            try body(chunk)
        }
        if first { try start([]) }
    }
}

/// Splits chunks into lines (without the newline and a trailing carriage return), carrying a line
/// cut by a chunk boundary into the next chunk. Lines longer than `limit` are cut and reported.
public struct LineSplitter {
    public static let limit = 1 << 20
    private var carry: [UInt8] = []
    private var tooLong = false
    /// 1-based number of the line last handed out.
    public private(set) var lineNumber = 0

    public init() {}

    /// Calls `body` with each complete line in `chunk`; `overlong` is true for a line cut at `limit`.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer, _ number: Int, _ overlong: Bool) throws -> Void) rethrows {
        var start = 0
        let count = chunk.count
        while start < count {
            guard let newline = Self.newline(in: chunk, from: start) else {
                append(UnsafeRawBufferPointer(rebasing: chunk[start...]))
                return
            }
            lineNumber += 1
            if carry.isEmpty && !tooLong {
                try body(trimmed(UnsafeRawBufferPointer(rebasing: chunk[start..<newline])), lineNumber, false)
            } else {
                append(UnsafeRawBufferPointer(rebasing: chunk[start..<newline]))
                let overlong = tooLong
                try carry.withUnsafeBytes { try body(trimmed($0), lineNumber, overlong) }
                carry.removeAll(keepingCapacity: true)
                tooLong = false
            }
            start = newline + 1
        }
    }

    /// Hands out a last line that had no newline.
    public mutating func finish(_ body: (UnsafeRawBufferPointer, _ number: Int, _ overlong: Bool) throws -> Void) rethrows {
        guard !carry.isEmpty || tooLong else { return }
        lineNumber += 1
        let overlong = tooLong
        try carry.withUnsafeBytes { try body(trimmed($0), lineNumber, overlong) }
        carry.removeAll()
        tooLong = false
    }

    /// The index of the next newline, found with memchr: a byte loop here costs more than
    /// parsing an access-log line.
    private static func newline(in chunk: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard let base = chunk.baseAddress, let found = memchr(base + start, 10, chunk.count - start) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    private mutating func append(_ bytes: UnsafeRawBufferPointer) {
        let room = Self.limit - carry.count
        if bytes.count > room { tooLong = true }
        carry.append(contentsOf: bytes.prefix(max(0, room)))
    }

    private func trimmed(_ line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        line.last == UInt8(ascii: "\r") ? UnsafeRawBufferPointer(rebasing: line.dropLast()) : line
    }
}
