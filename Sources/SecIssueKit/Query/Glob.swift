import Foundation

/// Shell-style globs on repository paths: `*` and `?` stay within a directory, `**` crosses them.
public enum Glob {
    public static func matches(_ pattern: String, _ path: String, ignoringCase: Bool = false) -> Bool {
        let regex = "^" + translate(pattern) + "$"
        return path.range(of: regex, options: ignoringCase ? [.regularExpression, .caseInsensitive] : .regularExpression) != nil
    }

    /// True when the pattern has a wildcard (`*`, `?`, `[`), so is more than a plain value.
    public static func isPattern(_ text: String) -> Bool { text.contains { "*?[".contains($0) } }

    /// True when the pattern can match anything: a character class such as `[z-a]` cannot, and
    /// a pattern that silently matches nothing would hide findings from whoever relies on it.
    public static func isUsable(_ pattern: String) -> Bool {
        !pattern.isEmpty && (try? NSRegularExpression(pattern: "^" + translate(pattern) + "$")) != nil
    }

    private static func translate(_ pattern: String) -> String {
        var out = ""
        var characters = Array(pattern)[...]
        while let character = characters.popFirst() {
            switch character {
            case "*":
                if characters.first == "*" {
                    characters.removeFirst()
                    if characters.first == "/" { characters.removeFirst(); out += "(?:.*/)?" } else { out += ".*" }
                } else {
                    out += "[^/]*"
                }
            case "?": out += "[^/]"
            case "[":
                if let close = characters.firstIndex(of: "]") {
                    out += "[" + characters[..<close].map { $0 == "!" ? "^" : $0 == "\\" ? "\\\\" : String($0) }.joined() + "]"
                    characters = characters[characters.index(after: close)...]
                } else {
                    out += "\\["
                }
            default:
                out += NSRegularExpression.escapedPattern(for: String(character))
            }
        }
        return out
    }
}
