import Foundation
import SecIssueKit

/// Reads Bundler's `Gemfile.lock`: the `    name (version[-platform])` lines under `specs:` of each
/// `GEM`, `GIT`, `PATH` and `PLUGIN SOURCE` section.
enum GemfileLockParser {
    private static let sources: [String: String] = ["GIT": "git", "PATH": "path", "PLUGIN SOURCE": "plugin"]
    private static let defaultRemotes: Set<String> = ["https://rubygems.org/", "https://rubygems.org", "http://rubygems.org/"]

    static func parse(_ text: String, path: String) throws -> [Dependency] {
        var found: [Dependency] = []
        var section: (name: String, line: Int, source: String?, hasSpecs: Bool)?
        func close() throws {
            if let section, section.name == "GEM" || sources[section.name] != nil, !section.hasSpecs {
                throw FileProblem(path: path, line: section.line, message: "\(section.name) section without 'specs:': is the file cut short?")
            }
        }
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let number = index + 1
            let line = String(raw)
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if line.first != " " {
                try close()
                section = (line, number, sources[line], false)
                continue
            }
            guard section != nil, section?.name == "GEM" || sources[section?.name ?? ""] != nil else { continue }
            if line.hasPrefix("  remote: "), section?.name == "GEM" {
                let remote = String(line.dropFirst("  remote: ".count))
                // The first remote decides: a section's gems come from it unless it is rubygems.org.
                if section?.source == nil, !defaultRemotes.contains(remote) { section?.source = "registry" }
            } else if line == "  specs:" {
                section?.hasSpecs = true
            } else if section?.hasSpecs == true, line.hasPrefix("    "), !line.hasPrefix("     ") {
                // Deeper lines are each spec's own dependencies, with requirements rather than versions.
                guard let spec = spec(line.dropFirst(4)) else {
                    throw FileProblem(path: path, line: number, message: "expected '    name (1.2.3)' under specs:, found '\(line)'")
                }
                found.append(Dependency(ecosystem: .rubygems, name: spec.name, version: spec.version, manifest: path,
                                        line: number, source: section?.source))
            }
        }
        try close()
        return found
    }

    /// `nokogiri (1.16.2-x86_64-linux)` -> (`nokogiri`, `1.16.2`): as Bundler reads it, the platform follows the first '-'.
    private static func spec(_ text: Substring) -> (name: String, version: String)? {
        guard let open = text.firstIndex(of: " "), text[text.index(after: open)...].hasPrefix("("), text.hasSuffix(")") else { return nil }
        let inside = text[text.index(open, offsetBy: 2)..<text.index(before: text.endIndex)]
        let version = inside.prefix { $0 != "-" }
        guard !version.isEmpty, !text[..<open].isEmpty else { return nil }
        return (String(text[..<open]), String(version))
    }
}
