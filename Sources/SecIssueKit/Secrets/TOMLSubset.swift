import Foundation

/// The part of TOML that gitleaks configurations use: `[table]` and `[[array.of.tables]]`
/// headers, `key = value` with bare, quoted or dotted keys, basic and literal strings (also
/// multi-line), integers, floats, booleans and arrays (also over several lines), inline tables,
/// and comments.
///
/// A reader of our own rather than a TOML package: this subset is all a rules file needs, the
/// packages that implement all of TOML wrap a C++ library whose build doubles the time of ours on
/// two cores, and a problem has to be reported as `PATH:LINE: problem` like every other file
/// the tool reads. Dates and times are not read (gitleaks has none); they are reported as such.
public enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case float(Double)
    case bool(Bool)
    case array([TOMLValue])
    case table([String: TOMLValue])

    public var string: String? { if case .string(let text) = self { return text } else { return nil } }
    public var table: [String: TOMLValue]? { if case .table(let entries) = self { return entries } else { return nil } }
    public var array: [TOMLValue]? { if case .array(let items) = self { return items } else { return nil } }
    public var number: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .float(let value): return value
        default: return nil
        }
    }
}

public struct TOMLSubset {
    private let path: String
    private let text: [UnicodeScalar]
    private var index = 0
    private var line = 1

    /// Parses `text` into its root table; a problem is thrown as a `FileProblem` at its line.
    public static func parse(_ text: String, path: String) throws -> [String: TOMLValue] {
        var parser = TOMLSubset(path: path, text: Array(text.unicodeScalars))
        return try parser.document()
    }

    private init(path: String, text: [UnicodeScalar]) {
        self.path = path
        self.text = text
    }

    private func problem(_ message: String) -> FileProblem { FileProblem(path: path, line: line, message: message) }

    private var current: UnicodeScalar? { index < text.count ? text[index] : nil }

    private mutating func advance() {
        if text[index] == "\n" { line += 1 }
        index += 1
    }

    private mutating func skipBlank(newlines: Bool) {
        while let character = current {
            if character == " " || character == "\t" || character == "\r" || (newlines && character == "\n") {
                advance()
            } else if character == "#" {
                while let next = current, next != "\n" { advance() }
            } else {
                return
            }
        }
    }

    // MARK: Document

    private mutating func document() throws -> [String: TOMLValue] {
        var root: [String: TOMLValue] = [:]
        /// Where `key = value` lines go: a path of keys, `-1` meaning "the last element of this array".
        var target: [String] = []
        while true {
            skipBlank(newlines: true)
            guard let character = current else { return root }
            if character == "[" {
                advance()
                let isArray = current == "["
                if isArray { advance() }
                skipBlank(newlines: false)
                let keys = try key()
                skipBlank(newlines: false)
                guard current == "]" else { throw problem("expected ] to close the table header") }
                advance()
                if isArray {
                    guard current == "]" else { throw problem("expected ]] to close the array of tables header") }
                    advance()
                    try Self.appendTable(&root, keys, problem: { [path, line] in FileProblem(path: path, line: line, message: $0) })
                } else {
                    try Self.ensureTable(&root, keys, problem: { [path, line] in FileProblem(path: path, line: line, message: $0) })
                }
                target = keys
                try endOfLine()
                continue
            }
            let keys = try key()
            skipBlank(newlines: false)
            guard current == "=" else { throw problem("expected = after the key \(keys.joined(separator: "."))") }
            advance()
            skipBlank(newlines: false)
            let value = try self.value()
            try Self.set(&root, target + keys, value, problem: { [path, line] in FileProblem(path: path, line: line, message: $0) })
            try endOfLine()
        }
    }

    private mutating func endOfLine() throws {
        skipBlank(newlines: false)
        guard current == nil || current == "\n" else { throw problem("unexpected text after the value; one key = value per line") }
    }

    /// A dotted key: `a`, `"a b"`, `a.b.'c'`.
    private mutating func key() throws -> [String] {
        var keys: [String] = []
        while true {
            skipBlank(newlines: false)
            guard let character = current else { throw problem("expected a key") }
            if character == "\"" || character == "'" {
                keys.append(try singleLineString())
            } else {
                var name = ""
                while let next = current, next.properties.isAlphabetic || ("0"..."9").contains(next) || next == "_" || next == "-" {
                    name.unicodeScalars.append(next)
                    advance()
                }
                guard !name.isEmpty else { throw problem("expected a key, found '\(character)'") }
                keys.append(name)
            }
            skipBlank(newlines: false)
            guard current == "." else { return keys }
            advance()
        }
    }

    // MARK: Values

    private mutating func value() throws -> TOMLValue {
        guard let character = current else { throw problem("expected a value") }
        switch character {
        case "\"", "'":
            return .string(try string())
        case "[":
            advance()
            var items: [TOMLValue] = []
            while true {
                skipBlank(newlines: true)
                if current == "]" { advance(); return .array(items) }
                items.append(try value())
                skipBlank(newlines: true)
                if current == "," { advance(); continue }
                guard current == "]" else { throw problem("expected , or ] in an array") }
                advance()
                return .array(items)
            }
        case "{":
            advance()
            var entries: [String: TOMLValue] = [:]
            skipBlank(newlines: false)
            if current == "}" { advance(); return .table(entries) }
            while true {
                let keys = try key()
                skipBlank(newlines: false)
                guard current == "=" else { throw problem("expected = in an inline table") }
                advance()
                skipBlank(newlines: false)
                let item = try value()
                try Self.set(&entries, keys, item, problem: { [path, line] in FileProblem(path: path, line: line, message: $0) })
                skipBlank(newlines: false)
                if current == "," { advance(); continue }
                guard current == "}" else { throw problem("expected , or } in an inline table") }
                advance()
                return .table(entries)
            }
        default:
            var word = ""
            while let next = current, !" \t\r\n,]}#".unicodeScalars.contains(next) {
                word.unicodeScalars.append(next)
                advance()
            }
            if word == "true" { return .bool(true) }
            if word == "false" { return .bool(false) }
            let digits = word.replacingOccurrences(of: "_", with: "")
            if let integer = Int(digits) { return .integer(integer) }
            if let float = Double(digits), digits.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { return .float(float) }
            throw problem(word.isEmpty ? "expected a value" : "'\(word)' is not a value this reader knows (strings, numbers, booleans, arrays, tables)")
        }
    }

    private mutating func singleLineString() throws -> String {
        let text = try string()
        return text
    }

    /// A basic (`"…"`, `"""…"""`) or literal (`'…'`, `'''…'''`) string.
    private mutating func string() throws -> String {
        let quote = text[index]
        let triple = index + 2 < text.count && text[index + 1] == quote && text[index + 2] == quote
        let startLine = line
        advance()
        if triple {
            advance()
            advance()
            // A line break right after the opening delimiter is not part of the string.
            if current == "\r" { advance() }
            if current == "\n" { advance() }
        }
        var out = ""
        while true {
            guard let character = current else {
                line = startLine
                throw problem("the string that starts here is never closed")
            }
            if character == quote {
                if !triple { advance(); return out }
                if index + 2 < text.count && text[index + 1] == quote && text[index + 2] == quote {
                    advance(); advance(); advance()
                    // Up to two more quotes belong to the string: `""""` ends with one inside.
                    while current == quote { out.unicodeScalars.append(quote); advance() }
                    return out
                }
            }
            if character == "\n" && !triple { throw problem("a string on one line is not closed before the line ends") }
            if character == "\\" && quote == "\"" {
                advance()
                guard let escaped = current else { throw problem("a backslash ends the file") }
                switch escaped {
                case "n": out += "\n"
                case "t": out += "\t"
                case "r": out += "\r"
                case "b": out += "\u{8}"
                case "f": out += "\u{c}"
                case "\"": out += "\""
                case "\\": out += "\\"
                case "u", "U":
                    let length = escaped == "u" ? 4 : 8
                    guard index + length < text.count,
                          let value = UInt32(String(String.UnicodeScalarView(text[(index + 1)...(index + length)])), radix: 16),
                          let scalar = UnicodeScalar(value) else { throw problem("\\\(escaped) needs \(length) hex digits") }
                    out.unicodeScalars.append(scalar)
                    for _ in 0..<length { advance() }
                case "\n" where triple, " " where triple, "\t" where triple, "\r" where triple:
                    // A line-ending backslash trims the break and the white space after it.
                    while let next = current, next == "\n" || next == " " || next == "\t" || next == "\r" { advance() }
                    continue
                default:
                    throw problem("\\\(escaped) is not a TOML escape: write \\\\ for a backslash, or use a 'literal string'")
                }
                advance()
                continue
            }
            out.unicodeScalars.append(character)
            advance()
        }
    }

    // MARK: Building the tree

    private static func set(_ table: inout [String: TOMLValue], _ keys: [String], _ value: TOMLValue,
                            problem: (String) -> FileProblem) throws {
        guard let first = keys.first else { return }
        if keys.count == 1 {
            guard table[first] == nil else { throw problem("\(first) is set twice") }
            table[first] = value
            return
        }
        switch table[first] {
        case nil:
            var inner: [String: TOMLValue] = [:]
            try set(&inner, Array(keys.dropFirst()), value, problem: problem)
            table[first] = .table(inner)
        case .table(var inner):
            try set(&inner, Array(keys.dropFirst()), value, problem: problem)
            table[first] = .table(inner)
        case .array(var items):
            guard case .table(var last)? = items.last else { throw problem("\(first) is not a table") }
            try set(&last, Array(keys.dropFirst()), value, problem: problem)
            items[items.count - 1] = .table(last)
            table[first] = .array(items)
        default:
            throw problem("\(first) is a value, not a table")
        }
    }

    private static func ensureTable(_ table: inout [String: TOMLValue], _ keys: [String], problem: (String) -> FileProblem) throws {
        guard let first = keys.first else { return }
        switch table[first] {
        case nil:
            var inner: [String: TOMLValue] = [:]
            try ensureTable(&inner, Array(keys.dropFirst()), problem: problem)
            table[first] = .table(inner)
        case .table(var inner):
            try ensureTable(&inner, Array(keys.dropFirst()), problem: problem)
            table[first] = .table(inner)
        case .array(var items):
            guard case .table(var last)? = items.last else { throw problem("\(first) is not a table") }
            try ensureTable(&last, Array(keys.dropFirst()), problem: problem)
            items[items.count - 1] = .table(last)
            table[first] = .array(items)
        default:
            throw problem("\(first) is a value, not a table")
        }
    }

    private static func appendTable(_ table: inout [String: TOMLValue], _ keys: [String], problem: (String) -> FileProblem) throws {
        guard let first = keys.first else { return }
        if keys.count == 1 {
            switch table[first] {
            case nil: table[first] = .array([.table([:])])
            case .array(var items):
                items.append(.table([:]))
                table[first] = .array(items)
            default: throw problem("\(first) is not an array of tables")
            }
            return
        }
        switch table[first] {
        case nil:
            var inner: [String: TOMLValue] = [:]
            try appendTable(&inner, Array(keys.dropFirst()), problem: problem)
            table[first] = .table(inner)
        case .table(var inner):
            try appendTable(&inner, Array(keys.dropFirst()), problem: problem)
            table[first] = .table(inner)
        case .array(var items):
            guard case .table(var last)? = items.last else { throw problem("\(first) is not a table") }
            try appendTable(&last, Array(keys.dropFirst()), problem: problem)
            items[items.count - 1] = .table(last)
            table[first] = .array(items)
        default:
            throw problem("\(first) is a value, not a table")
        }
    }
}
