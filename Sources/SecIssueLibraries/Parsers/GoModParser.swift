import Foundation
import SecIssueKit

/// Reads a `go.mod`: `require` lines and blocks, with `replace` directives applied.
///
/// A module replaced by a directory gets source `path` and no version (the directory's code is built);
/// one replaced by another module gets that module as its source, and its version; one replaced by another
/// version of itself just gets that version.
enum GoModParser {
    private struct Replacement {
        let oldVersion: String?
        let target: String
        let version: String?
    }

    static func parse(_ text: String, path: String) throws -> [Dependency] {
        var required: [Dependency] = []
        var replacements: [String: [Replacement]] = [:]
        for (number, verb, fields) in try directives(text, path: path) {
            switch verb {
            case "require":
                guard fields.count == 2, fields[1].hasPrefix("v") else {
                    throw FileProblem(path: path, line: number, message: "expected 'require module/path v1.2.3', found '\(fields.joined(separator: " "))'")
                }
                required.append(Dependency(ecosystem: .go, name: fields[0], version: fields[1], manifest: path, line: number))
            case "replace":
                // old [version] => new [version]
                guard let arrow = fields.firstIndex(of: "=>"), (1...2).contains(arrow), (1...2).contains(fields.count - arrow - 1) else {
                    throw FileProblem(path: path, line: number, message: "expected 'replace old [version] => new [version]'")
                }
                replacements[fields[0], default: []].append(Replacement(
                    oldVersion: arrow == 2 ? fields[1] : nil, target: fields[arrow + 1],
                    version: fields.count - arrow - 1 == 2 ? fields[arrow + 2] : nil))
            default:
                continue   // module, go, toolchain, exclude, retract, tool, godebug
            }
        }
        return required.map { dependency in
            // A replacement with a version applies to that version only, and wins over one without.
            let candidates = replacements[dependency.name] ?? []
            guard let replacement = candidates.first(where: { $0.oldVersion == dependency.version })
                ?? candidates.first(where: { $0.oldVersion == nil }) else { return dependency }
            var replaced = dependency
            let isDirectory = replacement.target.hasPrefix("./") || replacement.target.hasPrefix("../") || replacement.target.hasPrefix("/")
            // A module replaced by another version of itself still comes from the module proxy.
            replaced.source = isDirectory ? "path" : replacement.target == dependency.name ? nil : replacement.target
            replaced.version = isDirectory ? nil : replacement.version
            return replaced
        }
    }

    /// Each directive with its line, its verb and its fields, `// comments` dropped; a `verb ( ... )` block
    /// gives one directive per line inside it.
    private static func directives(_ text: String, path: String) throws -> [(Int, String, [String])] {
        var out: [(Int, String, [String])] = []
        var block: (verb: String, line: Int)?
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let code = raw.range(of: "//").map { raw[..<$0.lowerBound] } ?? raw
            let fields = code.split(whereSeparator: \.isWhitespace).map { unquote(String($0)) }
            guard let first = fields.first else { continue }
            if let open = block {
                if first == ")" { block = nil } else { out.append((index + 1, open.verb, fields)) }
            } else if fields.count == 2, fields[1] == "(" {
                block = (first, index + 1)
            } else {
                out.append((index + 1, first, Array(fields.dropFirst())))
            }
        }
        if let block {
            throw FileProblem(path: path, line: block.line, message: "'\(block.verb) (' is never closed with ')': is the file cut short?")
        }
        return out
    }

    /// go.mod may quote a path with "..." or `...`.
    private static func unquote(_ field: String) -> String {
        guard field.count >= 2, let quote = field.first, quote == "\"" || quote == "`", field.last == quote else { return field }
        return String(field.dropFirst().dropLast())
    }
}
