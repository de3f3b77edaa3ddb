import SecIssueKit
// How `RequestDecoder` folds, normalises and unescapes decoded request text.

extension RequestDecoder {
    /// The byte at `index`, with an over-long UTF-8 form of an ASCII character (`C0 AF` for `/`),
    /// a full-width form (`EF BC 8E` for `.`) or a slash look-alike folded into the ASCII byte; and
    /// how many bytes it took.
    @inline(__always)
    static func folded(_ input: UnsafeBufferPointer<UInt8>, _ index: Int) -> (UInt8, Int) {
        let byte = input[index]
        guard byte >= 0xC0 else { return (byte, 1) }
        let count = input.count
        if byte <= 0xC1, index + 1 < count, input[index + 1] & 0xC0 == 0x80 {
            return ((byte & 1) << 6 | (input[index + 1] & 0x3F), 2)
        }
        if byte == 0xE0, index + 2 < count, input[index + 1] & 0xFE == 0x80, input[index + 2] & 0xC0 == 0x80 {
            return ((input[index + 1] & 1) << 6 | (input[index + 2] & 0x3F), 3)
        }
        if byte == 0xE2, index + 2 < count, input[index + 1] == 0x88, input[index + 2] == 0x95 || input[index + 2] == 0x96 {
            // U+2215 division slash and U+2216 set minus, which some servers take for `/` and `\`.
            return (input[index + 2] == 0x95 ? 47 : 92, 3)
        }
        if byte == 0xEF, index + 2 < count {
            let second = input[index + 1], third = input[index + 2]
            if second == 0xBC && third >= 0x81 && third <= 0xBF { return (third - 0x81 + 0x21, 3) }
            if second == 0xBD && third >= 0x80 && third <= 0x9E { return (third - 0x80 + 0x60, 3) }
        }
        return (byte, 1)
    }

    /// The second pass of `decode`: folding, lower case, character references, backslash escapes,
    /// comments and white space.
    /// `lineBreaks` false on entry: set when a line break was folded into a space. True on entry:
    /// line breaks are kept, a run of them as one `\n`.
    static func normalise(_ input: UnsafeBufferPointer<UInt8>, into out: inout Writer, lineBreaks: inout Bool) {
        var percent = false
        normalise(input, into: &out, lineBreaks: &lineBreaks, percent: &percent)
    }

    /// `percent` is set when a `%` was written (an escape may still be in the text).
    static func normalise(_ input: UnsafeBufferPointer<UInt8>, into out: inout Writer, lineBreaks: inout Bool, percent: inout Bool) {
        let keepBreaks = lineBreaks
        let count = input.count
        var index = 0
        let verbatim = verbatim
        while index < count {
            let plain = input[index]
            let kind = verbatim[Int(plain)]
            if kind != 0 {
                // Lower-case letters, most of any text, and the bytes nothing below changes stay
                // as they are; upper-case letters are lower-cased, as `emit` does.
                out.append(kind)
                index += 1
                continue
            }
            if plain == ASCII.hash || (plain == ASCII.minus && index + 1 < count && input[index + 1] == ASCII.minus), let next = lineCommentEnd(input, index) {
                // MySQL's `#…` and SQL's `--…` comment up to a line break splits keywords as a
                // space does (`union#x%0Aselect`, sqlmap's space2hash and space2dash).
                emit(ASCII.space, into: &out)
                index = next
                continue
            }
            if plain == ASCII.one && index + 3 < count && input[index + 1] == ASCII.dot && input[index + 2] | ASCII.caseBit == ASCII.e
                && [ASCII.openParen, ASCII.closeParen, ASCII.comma, ASCII.dot, ASCII.bar].contains(input[index + 3]) && (out.last.map { !ScanText.isWordByte($0) } ?? true) {
                // `1.e(`: MySQL reads a number in exponent form before a bracket as nothing (sqlmap's scientific tamper).
                index += 3
                continue
            }
            if (plain >= ASCII.zero && plain <= ASCII.nine) || plain == ASCII.equals || plain == ASCII.dot || plain == ASCII.minus || plain == ASCII.underscore {
                // Digits, `=`, `.`, `-` and `_` stay as they are too.
                out.append(plain)
                index += 1
                continue
            }
            let (byte, length) = folded(input, index)
            if byte == ASCII.newline || byte == ASCII.carriageReturn {
                if keepBreaks {
                    if out.last != ASCII.newline { out.append(ASCII.newline) }
                    index += 1
                    continue
                }
                lineBreaks = true
            }
            // A folded full-width `&` or `\` starts no escape: only the plain ones do.
            switch length == 1 ? byte : 0 {
            case ASCII.percent where index + 1 < count && input[index + 1] != ASCII.space && input[index + 1] != ASCII.greaterThan && out.last != ASCII.lessThan
                    && !(index + 2 < count && hexValue(input[index + 1]) != nil && hexValue(input[index + 2]) != nil):
                // `%S%E%L%E%C%T`: ASP drops a `%` that starts no escape (sqlmap's percentage tamper).
                index += 1
                continue
            case ASCII.ampersand:
                if let (value, used) = characterReference(input, index) {
                    if value == ASCII.percent { percent = true }
                    emit(value, into: &out)
                    index += used
                    continue
                }
            case ASCII.backslash where index + 1 < count:
                let kind = input[index + 1] | ASCII.caseBit
                if kind == ASCII.u, let scalar = hex4(input, index + 2), scalar < 0x80 {
                    if scalar == ASCII.percent { percent = true }
                    emit(UInt8(scalar), into: &out)
                    index += 6
                    continue
                }
                if kind == ASCII.x, index + 3 < count, let high = hexValue(input[index + 2]), let low = hexValue(input[index + 3]) {
                    if high << 4 | low == ASCII.percent { percent = true }
                    emit(high << 4 | low, into: &out)
                    index += 4
                    continue
                }
            case ASCII.slash where index + 1 < count && input[index + 1] == ASCII.asterisk:
                // `/*!50000union*/` is MySQL running what it holds: keep that and drop the markers.
                var end = index + 2
                if end < count && input[end] == ASCII.exclamation {
                    end += 1
                    while end < count, input[end] >= ASCII.zero && input[end] <= ASCII.nine { end += 1 }
                    emit(ASCII.space, into: &out)
                    index = end
                    continue
                }
                while end + 1 < count && !(input[end] == ASCII.asterisk && input[end + 1] == ASCII.slash) { end += 1 }
                if end + 1 < count {
                    emit(ASCII.space, into: &out)
                    index = end + 2
                    continue
                }
            case ASCII.asterisk where index + 1 < count && input[index + 1] == ASCII.slash:
                emit(ASCII.space, into: &out)
                index += 2
                continue
            default:
                break
            }
            if byte == ASCII.percent { percent = true }
            emit(byte, into: &out)
            index += length
        }
    }

    /// For each byte that `normalise` copies whatever is around it, what it writes (the byte, or
    /// the lower-case letter); 0 for the bytes it looks at more closely: white space and `+`,
    /// `%`, `&`, `\`, `/`, `*`, `#`, `-`, `1` (MySQL's `1.e`), control and non-ASCII bytes.
    private static let verbatim: [UInt8] = (0...255).map { value in
        let byte = UInt8(value)
        if byte >= ASCII.upperA && byte <= ASCII.upperZ { return byte | ASCII.caseBit }
        guard byte > ASCII.space && byte < ASCII.delete, !"+%&\\/*#-1".utf8.contains(byte) else { return 0 }
        return byte
    }

    /// The index after the line break that ends a `#` or `--` comment at `index`, when one comes
    /// within 64 bytes with no space, `&` or `=` before it; nil otherwise (`C#`, `admin'--`).
    private static func lineCommentEnd(_ input: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int? {
        var end = index + (input[index] == ASCII.hash ? 1 : 2)
        let limit = min(input.count, end + 64)
        while end < limit {
            switch input[end] {
            case ASCII.newline, ASCII.carriageReturn:
                while end < input.count && (input[end] == ASCII.newline || input[end] == ASCII.carriageReturn) { end += 1 }
                return end
            case ASCII.space, ASCII.ampersand, ASCII.equals:
                return nil
            default:
                end += 1
            }
        }
        return nil
    }

    @inline(__always)
    private static func emit(_ byte: UInt8, into out: inout Writer) {
        switch byte {
        case ASCII.tab...ASCII.carriageReturn, ASCII.space, ASCII.plus:
            if out.last != ASCII.space { out.append(ASCII.space) }
        case ASCII.upperA...ASCII.upperZ:
            out.append(byte | ASCII.caseBit)
        default:
            out.append(byte)
        }
    }

    /// An HTML character reference at `index` (`&#60;`, `&#x3c;`, `&lt;`) that stands for an ASCII
    /// character, and its length. Numeric ones may omit the semicolon, as browsers accept that.
    private static func characterReference(_ input: UnsafeBufferPointer<UInt8>, _ index: Int) -> (UInt8, Int)? {
        let count = input.count
        var position = index + 1
        guard position < count else { return nil }
        if input[position] == ASCII.hash {
            position += 1
            let hex = position < count && input[position] | ASCII.caseBit == ASCII.x
            if hex { position += 1 }
            var value = 0
            var digits = 0
            while position < count, digits < 8 {
                let digit = hex ? hexValue(input[position]).map(Int.init) : decimalValue(input[position])
                guard let digit else { break }
                value = value * (hex ? 16 : 10) + digit
                digits += 1
                position += 1
            }
            guard digits > 0, value > 0, value < 0x80 else { return nil }
            if position < count && input[position] == ASCII.semicolon { position += 1 }
            return (UInt8(value), position - index)
        }
        var name: UInt64 = 0
        var letters = 0
        while position < count, letters < 8 {
            let letter = input[position] | ASCII.caseBit
            guard letter >= ASCII.a && letter <= ASCII.z else { break }
            name = name << 8 | UInt64(letter)
            letters += 1
            position += 1
        }
        guard letters >= 2, position < count, input[position] == ASCII.semicolon, let value = namedReference(name) else { return nil }
        return (value, position + 1 - index)
    }

    /// The named references attacks use, each name packed into a number one byte a letter.
    private static func namedReference(_ name: UInt64) -> UInt8? {
        func packed(_ text: StaticString) -> UInt64 {
            var value: UInt64 = 0
            for offset in 0..<text.utf8CodeUnitCount { value = value << 8 | UInt64(text.utf8Start[offset]) }
            return value
        }
        switch name {
        case packed("lt"): return 60
        case packed("gt"): return 62
        case packed("quot"): return 34
        case packed("apos"): return 39
        case packed("amp"): return 38
        case packed("sol"): return 47
        case packed("bsol"): return 92
        case packed("colon"): return 58
        case packed("semi"): return 59
        case packed("lpar"): return 40
        case packed("rpar"): return 41
        case packed("equals"): return 61
        case packed("grave"): return 96
        case packed("period"): return 46
        case packed("tab"): return 9
        case packed("newline"): return 10
        default: return nil
        }
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case ASCII.zero...ASCII.nine: return byte - ASCII.zero
        case ASCII.upperA...ASCII.upperF: return byte - ASCII.upperA + 10
        case ASCII.a...ASCII.f: return byte - ASCII.a + 10
        default: return nil
        }
    }

    private static func decimalValue(_ byte: UInt8) -> Int? {
        byte >= ASCII.zero && byte <= ASCII.nine ? Int(byte - ASCII.zero) : nil
    }

    static func hex4(_ input: UnsafeBufferPointer<UInt8>, _ index: Int) -> UInt32? {
        guard index + 4 <= input.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            guard let digit = hexValue(input[index + offset]) else { return nil }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    static func appendScalar(_ value: UInt32, to out: inout Writer) {
        switch value {
        case 0..<0x80:
            out.append(UInt8(value))
        case 0x80..<0x800:
            out.append(0xC0 | UInt8(value >> 6))
            out.append(0x80 | UInt8(value & 0x3F))
        default:
            // %uHHHH holds 16 bits; a lone surrogate is written as its (invalid) three bytes.
            out.append(0xE0 | UInt8(value >> 12))
            out.append(0x80 | UInt8(value >> 6 & 0x3F))
            out.append(0x80 | UInt8(value & 0x3F))
        }
    }
}
