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
            while index < text.count, text[index] == 32 || text[index] == 9 || text[index] == 10 || text[index] == 13 { index += 1 }
        }

        /// A quoted string at `index`, its escapes decoded into `out` as UTF-8.
        mutating func string(into out: inout [UInt8]) throws(AccessLogProblem) {
            index += 1
            while index < text.count {
                let byte = text[index]
                index += 1
                if byte == 34 { return }
                guard byte == 92 else { out.append(byte); continue }
                guard index < text.count else { break }
                let escaped = text[index]
                index += 1
                switch escaped {
                case 98: out.append(8)
                case 102: out.append(12)
                case 110: out.append(10)
                case 114: out.append(13)
                case 116: out.append(9)
                case 117:
                    guard var scalar = hex4() else { throw AccessLogProblem("a \\u escape without four hex digits at byte \(index)") }
                    if scalar >= 0xD800 && scalar < 0xDC00, text.count >= index + 6, text[index] == 92, text[index + 1] == 117 {
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
                case 34:
                    while true {
                        index += 1
                        guard index < text.count else { throw AccessLogProblem("a string without its closing quote") }
                        if text[index] == 92 { index += 1 } else if text[index] == 34 { break }
                    }
                    index += 1
                case 123, 91:
                    depth += 1
                    index += 1
                case 125, 93:
                    guard depth > 0 else { return }
                    depth -= 1
                    index += 1
                case 44, 32, 9, 10, 13:
                    if depth == 0 { return }
                    index += 1
                default:
                    index += 1
                }
            } while depth > 0 || index < text.count
        }
    }
}
