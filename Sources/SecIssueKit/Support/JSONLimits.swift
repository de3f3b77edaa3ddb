import Foundation

/// Says what is wrong with JSON that Foundation refused although it is well-formed.
///
/// `JSONDecoder` on Linux reports every refusal at the top level as "not valid JSON", whether
/// the file is cut short or is valid JSON holding a number an `Int` field cannot take or nesting
/// deeper than the parser allows. Those two are what a hostile or broken scanner writes, and
/// "truncated" sends the reader looking for the wrong problem, so they are told apart here.
public enum JSONLimits {
    /// How deep Foundation's JSON parsers (JSONSerialization and JSONDecoder) nest arrays and objects.
    public static let depthLimit = 512

    /// A sentence for the first limit `data` goes beyond, with its byte (1-based) and line: nesting
    /// deeper than `depthLimit`, an integer beyond 64 bits, or a number beyond a Double. Nil when none
    /// is (the JSON is then malformed, or refused for another reason).
    public static func problem(in data: Data) -> String? {
        var depth = 0
        var line = 1
        var inString = false
        var escaped = false
        var firstNumber: (offset: Int, line: Int, why: String)?
        return data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> String? in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 10 { line += 1 }
                if inString {
                    if escaped { escaped = false } else if byte == 92 { escaped = true } else if byte == 34 { inString = false }
                    index += 1
                    continue
                }
                switch byte {
                case 34:
                    inString = true
                case 91, 123:
                    depth += 1
                    if depth > depthLimit {
                        return "nested deeper than \(depthLimit) levels at byte \(index + 1) (line \(line)), "
                            + "more than the JSON reader takes: check what wrote the file"
                    }
                case 93, 125:
                    depth -= 1
                case 45, 48...57:
                    var end = index + 1
                    // A number is a sign, digits, fraction and exponent: `+` and `-` only ever follow e/E.
                    while end < bytes.count, (48...57).contains(bytes[end]) || [46, 69, 101, 43, 45].contains(bytes[end]) { end += 1 }
                    let token = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)
                    if firstNumber == nil, let why = numberProblem(token) { firstNumber = (index + 1, line, why) }
                    index = end
                    continue
                default:
                    break
                }
                index += 1
            }
            // Nesting is checked over the whole text first: the parser gives up on it wherever it is.
            // A number is only the reason when the rest is well-formed: a file cut short after a
            // large number is still a file cut short.
            guard let firstNumber, (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil else { return nil }
            return "\(firstNumber.why) at byte \(firstNumber.offset) (line \(firstNumber.line))"
        }
    }

    private static func numberProblem(_ token: String) -> String? {
        let shown = token.count > 24 ? token.prefix(24) + "…" : Substring(token)
        let digits = token.hasPrefix("-") ? token.dropFirst() : Substring(token)
        guard let first = digits.first, first.isASCII, first.isNumber else { return nil }
        if digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return Int64(token) == nil ? "a number does not fit in 64 bits (\(shown), the largest is 9223372036854775807)" : nil
        }
        if let value = Double(token), !value.isFinite { return "a number is beyond the range of a 64-bit float (\(shown))" }
        return nil
    }
}
