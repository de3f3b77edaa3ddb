import Foundation
import SecIssueKit
/// Turns a request target into the text the attack detectors read, so that one check covers every
/// spelling of an attack: percent escapes undone (again, up to three times in all, for double and
/// triple encoding), over-long UTF-8 and full-width forms folded to ASCII, ASCII lower-cased, HTML
/// character references and `\uXXXX`/`\xXX` escapes undone, SQL comments turned into a space and
/// runs of white space collapsed into one space. A `+` is white space too, also one that was
/// encoded (`%2B`, `%u002B`): servers differ in when they decode it, and read as a space it makes
/// no attack harder to see. An escape that is not valid stays as it is through the percent passes;
/// the detectors' text then drops a `%` that starts no escape, as ASP does (`%S%E%L%E%C%T`, sqlmap's
/// percentage tamper), and escapes that only appear once character references are undone
/// (`&#x25;&#x32;&#x37;`) get one more round.
///
/// Works on bytes into buffers kept from one request to the next (`ScratchBuffer`), since it runs
/// on every request the quick scan cannot clear: a request costs no allocation. A decoder's
/// buffers are its own; a copy of it shares them, so copies are not used side by side.
struct RequestDecoder {
    private var current = ScratchBuffer()
    private var spare = ScratchBuffer()
    private let breaks = ScratchBuffer()
    private(set) var hadLineBreak = false

    /// The result of the last `decode` or `decodePath`, valid until the next.
    var text: UnsafeBufferPointer<UInt8> { current.bytes }
    /// The last `decode` with line breaks kept as `\n` (one for a run), when the text had any:
    /// shells take a line break for `;`, so the command detector reads this one too.
    var lines: UnsafeBufferPointer<UInt8> { breaks.bytes }

    mutating func decode(_ raw: UnsafeBufferPointer<UInt8>) {
        percentDecodeRepeatedly(raw, plusIsSpace: true)
        swap(&current, &spare)
        var sawBreak = false
        var percent = false
        let decoded = spare.bytes
        current.write(capacity: decoded.count) { Self.normalise(decoded, into: &$0, lineBreaks: &sawBreak, percent: &percent) }
        if percent && Self.holdsEscape(current.bytes) && !Self.holdsEscape(spare.bytes) {
            // Escapes written as character references (`&#x25;&#x32;&#x37;` for `%27`, sqlmap's
            // hexentities) appear only now: one more round.
            let normalised = current.bytes
            _ = spare.write(capacity: normalised.count) { Self.percentDecode(normalised, into: &$0, plusIsSpace: false) }
            let again = spare.bytes
            current.write(capacity: again.count) { Self.normalise(again, into: &$0, lineBreaks: &sawBreak) }
        }
        hadLineBreak = sawBreak
        if sawBreak {
            var keep = true
            let input = spare.bytes
            breaks.write(capacity: input.count) { Self.normalise(input, into: &$0, lineBreaks: &keep) }
        }
    }

    /// A path for naming a route: percent escapes undone as in `decode` (a `+` stays a plus, as in
    /// a path it is one) and over-long and full-width forms folded, but the case kept.
    mutating func decodePath(_ raw: UnsafeBufferPointer<UInt8>) {
        percentDecodeRepeatedly(raw, plusIsSpace: false)
        swap(&current, &spare)
        let input = spare.bytes
        current.write(capacity: input.count) { out in
            var index = 0
            while index < input.count {
                let (byte, length) = Self.folded(input, index)
                out.append(byte)
                index += length
            }
        }
    }

    /// True when `text` still holds a valid `%HH` escape.
    private static func holdsEscape(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard var index = firstPercent(text) else { return false }
        while index + 2 < text.count {
            if text[index] == ASCII.percent && hexValue(text[index + 1]) != nil && hexValue(text[index + 2]) != nil { return true }
            index += 1
        }
        return false
    }

    private static func firstPercent(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = text.baseAddress, let found = memchr(base, Int32(ASCII.percent), text.count) else { return nil }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
    }

    private mutating func percentDecodeRepeatedly(_ raw: UnsafeBufferPointer<UInt8>, plusIsSpace: Bool) {
        var changed = current.write(capacity: raw.count) { Self.percentDecode(raw, into: &$0, plusIsSpace: plusIsSpace) }
        var passes = 1
        while changed && passes < 3 && Self.firstPercent(current.bytes) != nil {
            swap(&current, &spare)
            // After the first pass a plus is one the client encoded (%2B): it stays a plus here.
            let input = spare.bytes
            changed = current.write(capacity: input.count) { Self.percentDecode(input, into: &$0, plusIsSpace: false) }
            passes += 1
        }
    }

    /// Sets `out` to one pass of `%HH`, IIS-style `%uHHHH` and, when asked, `+` as a space over
    /// `input`. True when anything changed.
    static func percentDecode(_ input: UnsafeBufferPointer<UInt8>, into out: inout [UInt8], plusIsSpace: Bool) -> Bool {
        var changed = false
        write(&out, capacity: input.count) { changed = percentDecode(input, into: &$0, plusIsSpace: plusIsSpace) }
        return changed
    }

    /// One pass of `percentDecode` into a writer with room for `input.count` bytes.
    static func percentDecode(_ input: UnsafeBufferPointer<UInt8>, into out: inout Writer, plusIsSpace: Bool) -> Bool {
        var changed = false
        var index = 0
        let count = input.count
        while index < count {
            let byte = input[index]
            if byte == ASCII.percent {
                if index + 2 < count, let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2]) {
                    out.append(high << 4 | low)
                    index += 3
                    changed = true
                    continue
                }
                if index + 5 < count, input[index + 1] | ASCII.caseBit == ASCII.u, let scalar = hex4(input, index + 2) {
                    appendScalar(scalar, to: &out)
                    index += 6
                    changed = true
                    continue
                }
            } else if byte == ASCII.plus && plusIsSpace {
                out.append(ASCII.space)
                index += 1
                changed = true
                continue
            }
            out.append(byte)
            index += 1
        }
        return changed
    }

    /// Writes into a buffer sized beforehand, so that filling it costs no check per byte. Every
    /// pass here writes at most as many bytes as it reads.
    struct Writer {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        private(set) var count = 0

        @inline(__always)
        init(_ buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

        @inline(__always)
        mutating func append(_ byte: UInt8) {
            buffer[count] = byte
            count += 1
        }

        var last: UInt8? { count > 0 ? buffer[count - 1] : nil }
    }

    private static let zeros = [UInt8](repeating: 0, count: 4096)

    /// Sets `out` to what `body` writes, at most `capacity` bytes.
    static func write(_ out: inout [UInt8], capacity: Int, _ body: (inout Writer) -> Void) {
        out.removeAll(keepingCapacity: true)
        // Sized by copying zeros, a memcpy: appending `repeatElement(0, count:)` goes byte by byte.
        var missing = capacity
        while missing > 0 {
            let step = min(missing, zeros.count)
            zeros.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<step])) }
            missing -= step
        }
        let length = out.withUnsafeMutableBufferPointer { buffer -> Int in
            var writer = Writer(buffer)
            body(&writer)
            return writer.count
        }
        out.removeSubrange(length...)
    }
}
