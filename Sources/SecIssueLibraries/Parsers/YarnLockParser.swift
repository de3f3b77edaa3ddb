import Foundation
import SecIssueKit

/// Reads `yarn.lock`: the classic v1 format (`"@scope/a@^1", a@~1.2:` then `  version "1.2.3"`), and the
/// YAML one of Yarn 2+ (`  version: 1.2.3`), which has the same shape.
enum YarnLockParser {
    private struct Entry {
        let name: String
        let line: Int
        var version: String?
        var source: String?
    }

    static func parse(_ text: String, path: String) throws -> [Dependency] {
        var entries: [Entry] = []
        var skipping = false   // inside an entry we do not report (metadata, workspaces)
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let number = index + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if raw.first != " " {
                guard line.hasSuffix(":") else {
                    throw FileProblem(path: path, line: number, message: "expected an entry like 'name@^1.0.0:', found '\(line)'")
                }
                let specs = line.dropLast().split(separator: ",").map { unquote($0.trimmingCharacters(in: .whitespaces)) }
                try finish(entries.last, path: path)
                skipping = specs.first == "__metadata" || specs.contains { $0.contains("@workspace:") }
                if skipping { continue }
                guard let first = specs.first, let name = name(of: first) else {
                    throw FileProblem(path: path, line: number, message: "cannot read a package name from '\(line)'")
                }
                let source = specs.compactMap { split($0).flatMap { self.source(range: $0.range) } }.first
                entries.append(Entry(name: name, line: number, source: source))
            } else if !skipping, !entries.isEmpty, raw.hasPrefix("  "), !raw.hasPrefix("   ") {
                // Only the entry's own fields: deeper lines list its dependencies' ranges.
                if line.hasPrefix("version ") || line.hasPrefix("version:") {
                    entries[entries.count - 1].version = unquote(line.dropFirst(8).trimmingCharacters(in: .whitespaces))
                } else if line.hasPrefix("resolved "), entries[entries.count - 1].source == nil {
                    entries[entries.count - 1].source = NPMLockParser.source(resolved: unquote(String(line.dropFirst(9))))
                }
            }
        }
        try finish(entries.last, path: path)
        return entries.map {
            Dependency(ecosystem: .npm, name: $0.name, version: $0.version, manifest: path, line: $0.line, source: $0.source)
        }
    }

    /// Every entry has a version; one without it means the file was cut short or hand-edited.
    private static func finish(_ entry: Entry?, path: String) throws {
        if let entry, entry.version == nil {
            throw FileProblem(path: path, line: entry.line, message: "entry for \(entry.name) has no version: is the file cut short?")
        }
    }

    /// `@babel/core@^7.0.0` -> (`@babel/core`, `^7.0.0`): the separating `@` is the first one after a scope's.
    private static func split(_ spec: String) -> (name: String, range: String)? {
        guard spec.count > 1, let at = spec.dropFirst().firstIndex(of: "@") else { return nil }
        return (String(spec[..<at]), String(spec[spec.index(after: at)...]))
    }

    /// The package a spec installs: an alias `x@npm:real@^1` installs `real`.
    private static func name(of spec: String) -> String? {
        guard let (name, range) = split(spec) else { return nil }
        if range.hasPrefix("npm:"), let real = split(String(range.dropFirst(4))) { return real.name }
        return name
    }

    private static func source(range: String) -> String? {
        if range.hasPrefix("portal:") { return "path" }
        // Yarn 2+ writes a git dependency as the plain URL of the repository.
        if range.hasSuffix(".git") || range.contains(".git#") { return "git" }
        return NPMLockParser.source(resolved: range)
    }

    private static func unquote(_ text: String) -> String {
        text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"") ? String(text.dropFirst().dropLast()) : text
    }
}
