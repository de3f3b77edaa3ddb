/// Adds trusted and banned entries to libraries.yml as text, so the comments and layout people
/// wrote stay as they were; the result is parsed again before it is written.
public enum LibraryPolicyEditor {
    public enum List: String, Sendable { case trusted, banned }

    /// `text` with `entry` appended to the `list` of `ecosystem` (created when missing).
    public static func adding(_ entry: LibraryPolicy.Entry, to list: List, of ecosystem: Ecosystem, in text: String) throws -> String {
        let policy = try LibraryPolicy(yaml: text)
        let existing = (list == .trusted ? policy.ecosystems[ecosystem]?.trusted : policy.ecosystems[ecosystem]?.banned) ?? []
        if existing.contains(where: { LibraryPolicy.key($0.name, ecosystem) == LibraryPolicy.key(entry.name, ecosystem) && $0.versions == entry.versions }) {
            throw SecIssueError("\(entry.name) (\(ecosystem.rawValue), versions \(entry.versions.text)) is already \(list.rawValue) in \(LibraryPolicy.path)")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let item = "      - " + flow(entry)
        if let ecosystems = lines.firstIndex(where: { $0.hasPrefix("ecosystems:") }) {
            let end = blockEnd(after: ecosystems, indent: 0, in: lines)
            if let header = (ecosystems + 1..<end).first(where: { lines[$0].hasPrefix("  \(ecosystem.rawValue):") }) {
                let ecosystemEnd = blockEnd(after: header, indent: 2, in: lines)
                if let key = (header + 1..<ecosystemEnd).first(where: { lines[$0].hasPrefix("    \(list.rawValue):") }) {
                    if lines[key].trimmingCharacters(in: .whitespaces).hasSuffix("[]") { lines[key] = "    \(list.rawValue):" }
                    lines.insert(item, at: blockEnd(after: key, indent: 4, in: lines))
                } else {
                    lines.insert(contentsOf: ["    \(list.rawValue):", item], at: ecosystemEnd)
                }
            } else {
                lines.insert(contentsOf: ["  \(ecosystem.rawValue):", "    mode: denylist", "    \(list.rawValue):", item], at: end)
            }
        } else {
            lines += ["ecosystems:", "  \(ecosystem.rawValue):", "    mode: denylist", "    \(list.rawValue):", item]
        }
        let result = lines.joined(separator: "\n") + "\n"
        let check = try LibraryPolicy(yaml: result)
        let added = (list == .trusted ? check.ecosystems[ecosystem]?.trusted : check.ecosystems[ecosystem]?.banned) ?? []
        guard added.count == existing.count + 1 else {
            throw SecIssueError("\(LibraryPolicy.path) is laid out in a way this command cannot extend safely: add the entry by hand")
        }
        return result
    }

    /// The index after the last line that belongs to the block opened at `start` (lines indented
    /// deeper than `indent`, list items at the same indent, blanks and comments inside it).
    private static func blockEnd(after start: Int, indent: Int, in lines: [String]) -> Int {
        var end = start + 1
        var last = start + 1
        while end < lines.count {
            let line = lines[end]
            let spaces = line.prefix { $0 == " " }.count
            let content = line.dropFirst(spaces)
            if content.isEmpty || content.hasPrefix("#") { end += 1; continue }
            guard spaces > indent || (spaces == indent + 2 && content.hasPrefix("- ")) || (spaces == indent && content.hasPrefix("- ") && indent > 0) else { break }
            end += 1
            last = end
        }
        return last
    }

    private static func flow(_ entry: LibraryPolicy.Entry) -> String {
        var fields = [("name", entry.name), ("versions", entry.versions.text)]
        for (key, value) in [("reason", entry.reason), ("owner", entry.owner), ("alternative", entry.alternative), ("severity", entry.severity?.rawValue)] {
            if let value { fields.append((key, value)) }
        }
        return "{" + fields.map { "\($0.0): \(YAMLScalar.quoted($0.1))" }.joined(separator: ", ") + "}"
    }
}
