import SecIssueKit
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
        guard !text.contains("\r") else { throw cannotExtend }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let entryText = flow(entry)
        if let ecosystems = lines.firstIndex(where: { $0.hasPrefix("ecosystems:") }) {
            let end = blockEnd(after: ecosystems, indent: 0, in: lines)
            let step = (ecosystems + 1..<end).lazy.map { indent(of: lines[$0]) }.first { $0 > 0 } ?? 2
            let pad = String(repeating: " ", count: step)
            if let header = (ecosystems + 1..<end).first(where: { indent(of: lines[$0]) == step && key(of: lines[$0]) == ecosystem.rawValue }) {
                let ecosystemEnd = blockEnd(after: header, indent: step, in: lines)
                if let listKey = (header + 1..<ecosystemEnd).first(where: { key(of: lines[$0]) == list.rawValue }) {
                    let keyIndent = indent(of: lines[listKey])
                    let listEnd = blockEnd(after: listKey, indent: keyIndent, in: lines)
                    // New items line up with existing ones; the first one goes a step in.
                    let itemIndent = (listKey + 1..<listEnd).lazy.map { lines[$0] }.first { $0.drop { $0 == " " }.hasPrefix("- ") }
                        .map(indent(of:)) ?? keyIndent + step
                    let afterColon = lines[listKey].drop { $0 != ":" }.dropFirst().trimmingCharacters(in: .whitespaces)
                    if afterColon.hasPrefix("[]") {
                        lines[listKey] = String(repeating: " ", count: keyIndent) + list.rawValue + ":"
                    } else if !afterColon.isEmpty && !afterColon.hasPrefix("#") {
                        throw cannotExtend
                    }
                    lines.insert(String(repeating: " ", count: itemIndent) + "- " + entryText, at: listEnd)
                } else {
                    lines.insert(contentsOf: [pad + pad + list.rawValue + ":", pad + pad + pad + "- " + entryText], at: ecosystemEnd)
                }
            } else {
                lines.insert(contentsOf: [pad + ecosystem.rawValue + ":", pad + pad + "mode: denylist", pad + pad + list.rawValue + ":",
                                          pad + pad + pad + "- " + entryText], at: end)
            }
        } else {
            lines += ["ecosystems:", "  \(ecosystem.rawValue):", "    mode: denylist", "    \(list.rawValue):", "      - " + entryText]
        }
        let result = lines.joined(separator: "\n") + "\n"
        guard let check = try? LibraryPolicy(yaml: result) else { throw cannotExtend }
        let added = (list == .trusted ? check.ecosystems[ecosystem]?.trusted : check.ecosystems[ecosystem]?.banned) ?? []
        guard added.count == existing.count + 1 else { throw cannotExtend }
        return result
    }

    private static let cannotExtend = SecIssueError(
        "\(LibraryPolicy.path) is laid out in a way this command cannot extend safely: add the entry by hand (nothing was written)")

    private static func indent(of line: String) -> Int { line.prefix { $0 == " " }.count }

    /// The key of a `key:` line, without its indentation.
    private static func key(of line: String) -> String? {
        let content = line.drop { $0 == " " }
        guard let colon = content.firstIndex(of: ":"), !content.hasPrefix("-"), !content.hasPrefix("#") else { return nil }
        return String(content[..<colon])
    }

    /// The index after the last line that belongs to the block opened at `start`: lines indented
    /// deeper than `indent`, and list items at that indent; blanks and comments inside it too.
    private static func blockEnd(after start: Int, indent: Int, in lines: [String]) -> Int {
        var end = start + 1
        var last = start + 1
        while end < lines.count {
            let line = lines[end]
            let spaces = Self.indent(of: line)
            let content = line.dropFirst(spaces)
            if content.isEmpty || content.hasPrefix("#") { end += 1; continue }
            guard spaces > indent || (spaces == indent && content.hasPrefix("- ") && indent > 0) else { break }
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
