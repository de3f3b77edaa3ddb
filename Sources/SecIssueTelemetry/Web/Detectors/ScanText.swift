import SecIssueKit
/// Decoded request text with reads past either end giving 0, so that patterns can look ahead and
/// behind without bounds checks of their own.
struct ScanText {
    let bytes: UnsafeBufferPointer<UInt8>
    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var count: Int { bytes.count }

    @inline(__always)
    subscript(_ index: Int) -> UInt8 { index >= 0 && index < bytes.count ? bytes[index] : 0 }

    @inline(__always)
    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= ASCII.a && byte <= ASCII.z) || (byte >= ASCII.zero && byte <= ASCII.nine) || byte == ASCII.underscore || (byte >= ASCII.upperA && byte <= ASCII.upperZ)
    }

    @inline(__always)
    static func isLetter(_ byte: UInt8) -> Bool { (byte | ASCII.caseBit) >= ASCII.a && (byte | ASCII.caseBit) <= ASCII.z }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= ASCII.zero && byte <= ASCII.nine }

    static func isQuote(_ byte: UInt8) -> Bool { byte == ASCII.apostrophe || byte == ASCII.quote }

    func startsWord(_ index: Int) -> Bool { !Self.isWordByte(self[index - 1]) }

    /// True when `literal` is at `index`.
    @inline(__always)
    func has(_ literal: StaticString, at index: Int) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard index >= 0, index + length <= bytes.count else { return false }
        let start = literal.utf8Start
        for offset in 0..<length where bytes[index + offset] != start[offset] { return false }
        return true
    }

    /// The end of `word` when it is at `index` as a whole word (not followed by a letter, digit or `_`).
    @inline(__always)
    func word(_ word: StaticString, at index: Int) -> Int? {
        guard has(word, at: index), !Self.isWordByte(self[index + word.utf8CodeUnitCount]) else { return nil }
        return index + word.utf8CodeUnitCount
    }

    /// The first index at or after `index` that is not a space (the decoder leaves single spaces).
    func skipSpace(_ index: Int) -> Int { self[index] == ASCII.space ? index + 1 : index }

    /// The index after a run of word bytes starting at `index`.
    func wordEnd(_ index: Int) -> Int {
        var end = index
        while end < bytes.count && Self.isWordByte(bytes[end]) { end += 1 }
        return end
    }

    /// The first index of `literal` in `range`, if any.
    func find(_ literal: StaticString, in range: Range<Int>) -> Int? {
        let first = literal.utf8Start[0]
        var index = max(range.lowerBound, 0)
        let last = min(range.upperBound, bytes.count) - literal.utf8CodeUnitCount
        while index <= last {
            if bytes[index] == first && has(literal, at: index) { return index }
            index += 1
        }
        return nil
    }
}
