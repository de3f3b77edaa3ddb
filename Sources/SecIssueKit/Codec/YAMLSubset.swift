/// A fast reader for the plain YAML the tool itself writes: top-level `key: value` lines,
/// one level of indented `key: value` under a `key:` line, flow lists (`[a, "b"]`), plain,
/// double- and single-quoted scalars, blank lines and comments. Anything else (block lists,
/// block scalars, anchors, tabs, nested flows, duplicate keys) returns nil so the caller falls
/// back to a full YAML parser. It never accepts text that a YAML parser would read differently.
///
/// It works on UTF-8 bytes: `list` reads thousands of files and Character-level string
/// handling would dominate its time.
struct YAMLSubset {
    private let bytes: [UInt8]

    private static let space = UInt8(ascii: " "), hash = UInt8(ascii: "#"), colon = UInt8(ascii: ":")
    private static let comma = UInt8(ascii: ","), open = UInt8(ascii: "["), close = UInt8(ascii: "]")
    private static let flowIndicators: Set<UInt8> = Set(",[]{}".utf8)
    private static let plainForbiddenFirst: Set<UInt8> = Set("-?:,[]{}#&*!|>%@`".utf8)
    private static let nulls: Set<String> = ["~", "null", "Null", "NULL"]

    static func parse(_ text: String) -> YAMLValue? {
        YAMLSubset(bytes: Array(text.utf8)).document()
    }

    private func document() -> YAMLValue? {
        var top: [YAMLEntry] = []
        var nested: [YAMLEntry] = []
        var nestedKey: (key: String, line: Int)?
        var nestedIndent = 0
        func closeNested() {
            if let nestedKey {
                top.append(YAMLEntry(key: nestedKey.key, value: nested.isEmpty ? .scalar("", isNull: true) : .map(nested), line: nestedKey.line))
            }
            nestedKey = nil
            nested = []
        }

        var lineNumber = 0
        var start = 0
        while start < bytes.count || (start == bytes.count && lineNumber == 0) {
            lineNumber += 1
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let next = end + 1
            if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            defer { start = next }
            if bytes[start..<end].contains(UInt8(ascii: "\t")) { return nil }
            var content = start
            while content < end && bytes[content] == Self.space { content += 1 }
            if content == end || bytes[content] == Self.hash { continue }
            let indent = content - start
            guard let (key, rest) = splitKey(content, end) else { return nil }
            if indent == 0 {
                closeNested()
                guard !top.contains(where: { $0.key == key }) else { return nil }
                if let rest {
                    guard let value = value(rest, end) else { return nil }
                    top.append(YAMLEntry(key: key, value: value, line: lineNumber))
                } else {
                    nestedKey = (key, lineNumber)
                    nestedIndent = 0
                }
            } else {
                guard nestedKey != nil, let rest, let value = value(rest, end) else { return nil }
                if nestedIndent == 0 { nestedIndent = indent }
                guard indent == nestedIndent, !nested.contains(where: { $0.key == key }) else { return nil }
                nested.append(YAMLEntry(key: key, value: value, line: lineNumber))
            }
        }
        closeNested()
        return .map(top)
    }

    /// `key: rest`; rest is nil for `key:` (optionally followed by a comment).
    private func splitKey(_ start: Int, _ end: Int) -> (String, Int?)? {
        var colon = start
        while colon < end && bytes[colon] != Self.colon {
            let byte = bytes[colon]
            let isKeyByte = (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95 || byte == 45
            guard isKeyByte else { return nil }
            colon += 1
        }
        guard colon < end, colon > start else { return nil }
        let key = String(decoding: bytes[start..<colon], as: UTF8.self)
        var rest = colon + 1
        if rest == end { return (key, nil) }
        guard bytes[rest] == Self.space else { return nil }
        while rest < end && bytes[rest] == Self.space { rest += 1 }
        if rest == end || bytes[rest] == Self.hash { return (key, nil) }
        return (key, rest)
    }

    /// A scalar or a flow list, and nothing after it but a comment.
    private func value(_ start: Int, _ end: Int) -> YAMLValue? {
        var index = start
        let result: YAMLValue
        if bytes[start] == Self.open {
            var items: [YAMLValue] = []
            index = skipSpaces(start + 1, end)
            if index < end && bytes[index] == Self.close {
                index += 1
            } else {
                while true {
                    guard let (item, after) = scalar(index, end, inFlow: true) else { return nil }
                    items.append(item)
                    index = skipSpaces(after, end)
                    guard index < end else { return nil }
                    if bytes[index] == Self.close { index += 1; break }
                    guard bytes[index] == Self.comma else { return nil }
                    index = skipSpaces(index + 1, end)
                }
            }
            result = .list(items)
        } else {
            guard let (item, after) = scalar(start, end, inFlow: false) else { return nil }
            result = item
            index = after
        }
        let comment = skipSpaces(index, end)
        guard comment == end || (bytes[comment] == Self.hash && comment > index) else { return nil }
        return result
    }

    private func skipSpaces(_ start: Int, _ end: Int) -> Int {
        var index = start
        while index < end && bytes[index] == Self.space { index += 1 }
        return index
    }

    /// One scalar starting at `start`, and the index just after it (trailing spaces excluded).
    private func scalar(_ start: Int, _ end: Int, inFlow: Bool) -> (YAMLValue, Int)? {
        guard start < end else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "\""): return doubleQuoted(start, end)
        case UInt8(ascii: "'"): return singleQuoted(start, end)
        case let first where Self.plainForbiddenFirst.contains(first): return nil
        default: break
        }
        var index = start
        while index < end {
            let byte = bytes[index]
            if inFlow && Self.flowIndicators.contains(byte) { break }
            if byte == Self.hash && bytes[index - 1] == Self.space { break }
            if byte == Self.colon {
                let next = index + 1
                if next == end || bytes[next] == Self.space || (inFlow && Self.flowIndicators.contains(bytes[next])) { return nil }
            }
            index += 1
        }
        var valueEnd = index
        while valueEnd > start && bytes[valueEnd - 1] == Self.space { valueEnd -= 1 }
        guard valueEnd > start else { return nil }
        let text = String(decoding: bytes[start..<valueEnd], as: UTF8.self)
        return (.scalar(text, isNull: Self.nulls.contains(text)), valueEnd)
    }

    private func doubleQuoted(_ start: Int, _ end: Int) -> (YAMLValue, Int)? {
        var out: [UInt8] = []
        var index = start + 1
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                return (.scalar(String(decoding: out, as: UTF8.self), isNull: false), index + 1)
            }
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                index += 1
                continue
            }
            guard index + 1 < end else { return nil }
            index += 1
            switch bytes[index] {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "0"): out.append(0)
            case UInt8(ascii: "u"):
                guard index + 4 < end, let value = UInt32(String(decoding: bytes[(index + 1)...(index + 4)], as: UTF8.self), radix: 16),
                      let scalar = Unicode.Scalar(value) else { return nil }
                out.append(contentsOf: String(Character(scalar)).utf8)
                index += 4
            default: return nil
            }
            index += 1
        }
        return nil
    }

    private func singleQuoted(_ start: Int, _ end: Int) -> (YAMLValue, Int)? {
        var out: [UInt8] = []
        var index = start + 1
        while index < end {
            if bytes[index] == UInt8(ascii: "'") {
                if index + 1 < end && bytes[index + 1] == UInt8(ascii: "'") {
                    out.append(UInt8(ascii: "'"))
                    index += 2
                    continue
                }
                return (.scalar(String(decoding: out, as: UTF8.self), isNull: false), index + 1)
            }
            out.append(bytes[index])
            index += 1
        }
        return nil
    }
}
