import Foundation
import SecIssueKit

/// The tables of a TOML lock file, with their string values and lines: enough TOML for `Cargo.lock` and `poetry.lock`.
///
/// Arrays and multi-line strings are skipped over, not read: the lock files keep what we need
/// (name, version, source) in one-line strings.
struct TOMLTable {
    /// `package` for both `[package]` and `[[package]]`; `package.source` for `[package.source]`.
    let name: String
    let isArrayElement: Bool
    let line: Int
    /// Each key's value (unquoted when a string, as written otherwise) and its line.
    var values: [String: (value: String, line: Int)] = [:]

    static func read(_ text: String, path: String) throws -> [TOMLTable] {
        var tables = [TOMLTable(name: "", isArrayElement: false, line: 1)]
        var open: (closer: String, line: Int)?   // an array or multi-line string still open
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let number = index + 1
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if let pending = open {
                if closes(line, with: pending.closer) { open = nil }
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                let isArray = line.hasPrefix("[[")
                let closer = isArray ? "]]" : "]"
                guard let end = line.range(of: closer) else {
                    throw FileProblem(path: path, line: number, message: "table header without its closing '\(closer)'")
                }
                let name = line[line.index(line.startIndex, offsetBy: closer.count)..<end.lowerBound]
                tables.append(TOMLTable(name: name.trimmingCharacters(in: .whitespaces), isArrayElement: isArray, line: number))
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw FileProblem(path: path, line: number, message: "expected 'key = value', found '\(line)'")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\"\"\"") || value.hasPrefix("'''") {
                let fence = String(value.prefix(3))
                if !closes(String(value.dropFirst(3)), with: fence) { open = (fence, number) }
            } else if value.hasPrefix("\"") || value.hasPrefix("'") {
                guard let string = unquote(value) else {
                    throw FileProblem(path: path, line: number, message: "string for '\(key)' is not closed: is the file cut short?")
                }
                tables[tables.count - 1].values[key] = (string, number)
            } else {
                if value.hasPrefix("["), !closes(value, with: "]") { open = ("]", number) }
                tables[tables.count - 1].values[key] = (value, number)
            }
        }
        if let pending = open {
            throw FileProblem(path: path, line: pending.line, message: "'\(pending.closer)' never closes: is the file cut short?")
        }
        return tables
    }

    /// Whether a line ends an open array (a line ending in `]`, as lock files write it) or multi-line string.
    private static func closes(_ line: String, with closer: String) -> Bool {
        closer == "]" ? line.hasSuffix("]") || line.hasSuffix("],") : line.contains(closer)
    }

    /// The content of a one-line basic (`"..."`) or literal (`'...'`) string, escapes undone; nil when not closed.
    private static func unquote(_ value: String) -> String? {
        guard let quote = value.first else { return nil }
        var out = ""
        var escaped = false
        for character in value.dropFirst() {
            if escaped {
                out.append(["n": "\n", "t": "\t"][character] ?? character)
                escaped = false
            } else if character == "\\" && quote == "\"" {
                escaped = true
            } else if character == quote {
                return out
            } else {
                out.append(character)
            }
        }
        return nil
    }
}
