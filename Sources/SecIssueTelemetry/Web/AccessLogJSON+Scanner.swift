import SecIssueKit
// The JSON scanner that `AccessLogJSON` reads each line with.

extension AccessLogJSON {
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
            while index < text.count, text[index] == ASCII.space || text[index] == ASCII.tab || text[index] == ASCII.newline || text[index] == ASCII.carriageReturn { index += 1 }
        }

        /// A quoted string at `index`, its escapes decoded into `out` as UTF-8.
        mutating func string(into out: inout [UInt8]) throws(AccessLogProblem) {
            index += 1
            while index < text.count {
                let byte = text[index]
                index += 1
                if byte == ASCII.quote { return }
                guard byte == ASCII.backslash else { out.append(byte); continue }
                guard index < text.count else { break }
                let escaped = text[index]
                index += 1
                switch escaped {
                case ASCII.b: out.append(8)
                case ASCII.f: out.append(12)
                case ASCII.n: out.append(ASCII.newline)
                case ASCII.r: out.append(ASCII.carriageReturn)
                case ASCII.t: out.append(9)
                case ASCII.u:
                    guard var scalar = hex4() else { throw AccessLogProblem("a \\u escape without four hex digits at byte \(index)") }
                    if scalar >= 0xD800 && scalar < 0xDC00, text.count >= index + 6, text[index] == ASCII.backslash, text[index + 1] == ASCII.u {
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
                case ASCII.quote:
                    while true {
                        index += 1
                        guard index < text.count else { throw AccessLogProblem("a string without its closing quote") }
                        if text[index] == ASCII.backslash { index += 1 } else if text[index] == ASCII.quote { break }
                    }
                    index += 1
                case ASCII.openBrace, ASCII.openBracket:
                    depth += 1
                    index += 1
                case ASCII.closeBrace, ASCII.closeBracket:
                    guard depth > 0 else { return }
                    depth -= 1
                    index += 1
                case ASCII.comma, ASCII.space, ASCII.tab, ASCII.newline, ASCII.carriageReturn:
                    if depth == 0 { return }
                    index += 1
                default:
                    index += 1
                }
            } while depth > 0 || index < text.count
        }
    }
}
