import Foundation
import SecIssueKit

/// Cuts a stream of chunks into pieces of whole lines, about `target` bytes each, so that each
/// piece can be read on its own (on any thread) and the pieces put back in order. A line longer
/// than `limit` bytes is not kept: it becomes a piece of its own, `.overlong`, whose bytes are
/// dropped as they arrive, so memory stays bounded by `target + limit`.
public struct LineSplitter {
    public static let limit = 1 << 20

    enum Piece: Sendable {
        /// Whole lines; the last may lack its newline at the end of the input.
        case lines([UInt8])
        /// One line longer than `limit`.
        case overlong
    }

    private let target: Int
    private var pending: [UInt8] = []
    /// Where the last, unfinished line of `pending` starts.
    private var lineStart = 0
    /// Inside an over-long line: bytes are dropped up to its newline.
    private var skipping = false

    init(target: Int) {
        self.target = max(1, target)
    }

    /// Calls `emit` with each piece completed by `chunk`.
    mutating func feed(_ chunk: UnsafeRawBufferPointer, _ emit: (Piece) throws -> Void) rethrows {
        var rest = chunk
        while !rest.isEmpty {
            if skipping {
                guard let newline = Self.first(ASCII.newline, in: rest) else { return }
                skipping = false
                try emit(.overlong)
                rest = UnsafeRawBufferPointer(rebasing: rest[(newline + 1)...])
                continue
            }
            // At most `target` bytes at a time, so that a piece is cut near `target`, and at most
            // `limit`, so that of the lines this take completes only the first can be over-long.
            let take = min(rest.count, max(target - pending.count, min(target, 1 << 16)), Self.limit)
            let appended = pending.count
            pending.append(contentsOf: rest.prefix(take))
            rest = UnsafeRawBufferPointer(rebasing: rest[take...])
            if let first = pending[appended...].firstIndex(of: ASCII.newline), first - lineStart > Self.limit {
                if lineStart > 0 { try emit(.lines(Array(pending[..<lineStart]))) }
                try emit(.overlong)
                pending.removeSubrange(...first)
                lineStart = 0
                if let newline = pending.lastIndex(of: ASCII.newline) { lineStart = newline + 1 }
            } else if let newline = pending[appended...].lastIndex(of: ASCII.newline) {
                lineStart = newline + 1
            }
            if pending.count - lineStart > Self.limit {
                if lineStart > 0 { try emit(.lines(Array(pending[..<lineStart]))) }
                pending.removeAll(keepingCapacity: true)
                lineStart = 0
                skipping = true
            } else if pending.count >= target && lineStart > 0 {
                // The piece is `pending` itself, cut after its last whole line: its bytes are
                // handed on, not copied; only the unfinished line moves to the next one.
                var piece: [UInt8] = []
                piece.reserveCapacity(target + min(target, 1 << 16))
                piece.append(contentsOf: pending[lineStart...])
                swap(&piece, &pending)
                piece.removeSubrange(lineStart...)
                lineStart = 0
                try emit(.lines(piece))
            }
        }
    }

    /// Hands out what is left: the last lines, the last of them without a newline.
    mutating func finish(_ emit: (Piece) throws -> Void) rethrows {
        if skipping {
            skipping = false
            try emit(.overlong)
        } else if !pending.isEmpty {
            try emit(.lines(pending))
        }
        pending = []
        lineStart = 0
    }

    /// Calls `body` with each line of `piece` (without its newline and a trailing carriage
    /// return) and its 1-based number in the piece; a last line without a newline counts when
    /// it is not empty. Returns the number of lines.
    @discardableResult
    static func forEachLine(in piece: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer, Int) throws -> Void) rethrows -> Int {
        var start = 0
        var number = 0
        while start < piece.count {
            let end = first(ASCII.newline, in: UnsafeRawBufferPointer(rebasing: piece[start...])).map { start + $0 } ?? piece.count
            number += 1
            var line = UnsafeRawBufferPointer(rebasing: piece[start..<end])
            if line.last == ASCII.carriageReturn { line = UnsafeRawBufferPointer(rebasing: line.dropLast()) }
            try body(line, number)
            start = end + 1
        }
        return number
    }

    /// The index of the first `byte`, found with memchr: a byte loop here costs more than
    /// parsing an access-log line.
    private static func first(_ byte: UInt8, in bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress, let found = memchr(base, Int32(byte), bytes.count) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }
}
