import SecIssueKit
/// Reads a `go.sum`: `module version hash` lines, where `version/go.mod` lines hash only the module's go.mod.
///
/// Each module version is reported once, at its first line. A version that appears only with `/go.mod`
/// had its go.mod read during version selection; go.mod says which versions are built.
enum GoSumParser {
    static func parse(_ text: String, path: String) throws -> [Dependency] {
        var found: [Dependency] = []
        var seen = Set<String>()
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let fields = raw.split(whereSeparator: \.isWhitespace)
            if fields.isEmpty { continue }
            guard fields.count == 3, fields[1].hasPrefix("v"), fields[2].contains(":") else {
                throw FileProblem(path: path, line: index + 1, message: "expected 'module v1.2.3 h1:hash=', found '\(raw)'")
            }
            var version = String(fields[1])
            if version.hasSuffix("/go.mod") { version.removeLast("/go.mod".count) }
            let name = String(fields[0])
            if seen.insert("\(name) \(version)").inserted {
                found.append(Dependency(ecosystem: .go, name: name, version: version, manifest: path, line: index + 1))
            }
        }
        return found
    }
}
