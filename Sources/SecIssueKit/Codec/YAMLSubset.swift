/// A fast reader for the plain YAML the tool itself writes: top-level `key: value` lines,
/// one level of indented `key: value` under a `key:` line, flow lists (`[a, "b"]`), plain,
/// double- and single-quoted scalars, blank lines and comments. Anything else (block lists,
/// block scalars, anchors, tabs, nested flows, duplicate keys) returns nil so the caller falls
/// back to a full YAML parser. It never accepts text that a YAML parser would read differently.
enum YAMLSubset {
    static func parse(_ text: String) -> YAMLValue? {
        var top: [YAMLEntry] = []
        var nested: [YAMLEntry]?
        var nestedKey: (String, Int)?
        var nestedIndent = 0
        var lineNumber = 0

        func closeNested() {
            if let (key, line) = nestedKey {
                top.append(YAMLEntry(key: key, value: nested.map { $0.isEmpty ? .scalar("", isNull: true) : .map($0) } ?? .scalar("", isNull: true), line: line))
            }
            nestedKey = nil
            nested = nil
        }

        for rawLine in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.last == "\r" { line = line.dropLast() }
            if line.contains("\t") { return nil }
            let indent = line.prefix { $0 == " " }.count
            let content = line.dropFirst(indent)
            if content.isEmpty || content.first == "#" { continue }
            guard let (key, rest) = splitKey(content) else { return nil }
            if indent == 0 {
                closeNested()
                guard !top.contains(where: { $0.key == key }) else { return nil }
                if rest.isEmpty {
                    nestedKey = (key, lineNumber)
                    nested = []
                    nestedIndent = 0
                } else {
                    guard let value = value(rest) else { return nil }
                    top.append(YAMLEntry(key: key, value: value, line: lineNumber))
                }
            } else {
                guard nestedKey != nil, !rest.isEmpty, let value = value(rest), !isMap(value) else { return nil }
                if nestedIndent == 0 { nestedIndent = indent }
                guard indent == nestedIndent, !(nested ?? []).contains(where: { $0.key == key }) else { return nil }
                nested?.append(YAMLEntry(key: key, value: value, line: lineNumber))
            }
        }
        closeNested()
        return .map(top)
    }

    private static func isMap(_ value: YAMLValue) -> Bool {
        if case .map = value { return true }
        return false
    }

    /// `key: rest` with a simple key; rest is empty for `key:`.
    private static func splitKey(_ content: Substring) -> (String, Substring)? {
        guard let colon = content.firstIndex(of: ":") else { return nil }
        let key = content[..<colon]
        guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else { return nil }
        let after = content[content.index(after: colon)...]
        if after.isEmpty { return (String(key), after) }
        guard after.first == " " else { return nil }
        let rest = after.drop { $0 == " " }
        if rest.first == "#" { return (String(key), rest.prefix(0)) }
        return (String(key), rest)
    }

    /// A scalar or a flow list, with an optional trailing comment.
    private static func value(_ text: Substring) -> YAMLValue? {
        guard let first = text.first else { return nil }
        if first == "[" {
            guard let close = text.lastIndex(of: "]"), isComment(text[text.index(after: close)...]) else { return nil }
            let inner = text[text.index(after: text.startIndex)..<close]
            if inner.allSatisfy({ $0 == " " }) { return .list([]) }
            var items: [YAMLValue] = []
            var rest = inner.drop { $0 == " " }
            while true {
                guard let (item, remainder) = scalar(rest, inFlow: true) else { return nil }
                items.append(item)
                let trimmed = remainder.drop { $0 == " " }
                if trimmed.isEmpty { break }
                guard trimmed.first == "," else { return nil }
                rest = trimmed.dropFirst().drop { $0 == " " }
            }
            return .list(items)
        }
        guard let (item, remainder) = scalar(text, inFlow: false), isComment(remainder) else { return nil }
        return item
    }

    private static func isComment(_ text: Substring) -> Bool {
        let trimmed = text.drop { $0 == " " }
        return trimmed.isEmpty || (trimmed.first == "#" && (text.first == " " || text.isEmpty))
    }

    /// One scalar from the start of `text`, and what follows it.
    private static func scalar(_ text: Substring, inFlow: Bool) -> (YAMLValue, Substring)? {
        guard let first = text.first else { return nil }
        if first == "\"" { return doubleQuoted(text) }
        if first == "'" { return singleQuoted(text) }
        if "-?:,[]{}#&*!|>%@`".contains(first) { return nil }
        var end = text.endIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if inFlow && ",[]{}".contains(character) { end = index; break }
            if character == "#", index > text.startIndex, text[text.index(before: index)] == " " {
                end = text.index(before: index)
                break
            }
            if character == ":" {
                let next = text.index(after: index)
                if next == text.endIndex || text[next] == " " || (inFlow && ",[]{}".contains(text[next])) { return nil }
            }
            index = text.index(after: index)
        }
        let raw = text[..<end]
        let value = raw.reversed().drop { $0 == " " }.reversed()
        let string = String(value)
        if string.isEmpty { return nil }
        return (.scalar(string, isNull: ["~", "null", "Null", "NULL"].contains(string)), text[end...])
    }

    private static func doubleQuoted(_ text: Substring) -> (YAMLValue, Substring)? {
        var out = ""
        var scalars = text.unicodeScalars.dropFirst()
        while let scalar = scalars.popFirst() {
            switch scalar {
            case "\"": return (.scalar(out, isNull: false), Substring(scalars))
            case "\\":
                guard let escaped = scalars.popFirst() else { return nil }
                switch escaped {
                case "\"": out += "\""
                case "\\": out += "\\"
                case "/": out += "/"
                case "n": out += "\n"
                case "t": out += "\t"
                case "r": out += "\r"
                case "0": out += "\0"
                case "u":
                    let hex = String(String.UnicodeScalarView(scalars.prefix(4)))
                    guard hex.count == 4, let value = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(value) else { return nil }
                    out.unicodeScalars.append(decoded)
                    scalars = scalars.dropFirst(4)
                default: return nil
                }
            default: out.unicodeScalars.append(scalar)
            }
        }
        return nil
    }

    private static func singleQuoted(_ text: Substring) -> (YAMLValue, Substring)? {
        var out = ""
        var rest = text.dropFirst()
        while let quote = rest.firstIndex(of: "'") {
            out += rest[..<quote]
            let after = rest.index(after: quote)
            if after < rest.endIndex, rest[after] == "'" {
                out += "'"
                rest = rest[rest.index(after: after)...]
            } else {
                return (.scalar(out, isNull: false), rest[after...])
            }
        }
        return nil
    }
}
