import Foundation
import SecIssueKit

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
