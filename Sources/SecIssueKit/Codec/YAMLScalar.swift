/// Writes YAML scalars so any YAML reader reads back the same string: plain when that is
/// unambiguous, double-quoted with escapes otherwise.
public enum YAMLScalar {
    public static func string(_ value: String, inFlow: Bool = false) -> String {
        needsQuotes(value, inFlow: inFlow) ? quoted(value) : value
    }

    public static func optional(_ value: String?) -> String {
        value.map { string($0) } ?? "null"
    }

    /// A flow sequence: `[a, "b, c"]`.
    public static func list(_ values: [String]) -> String {
        "[" + values.map { string($0, inFlow: true) }.joined(separator: ", ") + "]"
    }

    public static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) {
                    out += "\\u" + String(String(scalar.value, radix: 16).leftPadded(to: 4))
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static let reservedWords: Set<String> = [
        "null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE",
        "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N",
    ]

    private static let indicators = Set("-?:,[]{}#&*!|>'\"%@`".utf8)
    private static let flowIndicators = Set(",[]{}".utf8)

    /// Works on UTF-8 bytes: an import quotes tens of thousands of values.
    private static func needsQuotes(_ value: String, inFlow: Bool) -> Bool {
        let bytes = Array(value.utf8)
        guard let first = bytes.first, let last = bytes.last else { return true }
        if reservedWords.contains(value) || looksNumeric(value) { return true }
        if first == 32 || last == 32 || last == UInt8(ascii: ":") || indicators.contains(first) { return true }
        for (index, byte) in bytes.enumerated() {
            if byte < 0x20 || byte == 0x7F { return true }
            if inFlow && flowIndicators.contains(byte) { return true }
            if index + 1 < bytes.count {
                let next = bytes[index + 1]
                if byte == UInt8(ascii: ":") && next == 32 { return true }
                if byte == 32 && next == UInt8(ascii: "#") { return true }
                // C1 control characters (U+0080...U+009F) are C2 80...C2 9F in UTF-8.
                if byte == 0xC2 && (0x80...0x9F).contains(next) { return true }
            }
        }
        return false
    }

    private static func looksNumeric(_ value: String) -> Bool {
        if Double(value) != nil || Int(value) != nil { return true }
        let lower = value.lowercased()
        return [".inf", "-.inf", "+.inf", ".nan"].contains(lower) || lower.hasPrefix("0x") || lower.hasPrefix("0o")
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
