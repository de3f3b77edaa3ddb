import Foundation

/// Checks of what users type, each failing with a sentence that says what to do.
public enum InputCheck {
    /// Titles longer than this are refused: they are commit subjects and table cells.
    public static let maxTitle = 200

    /// A one-line title: no newlines or control characters, not blank.
    public static func title(_ text: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw SecIssueError.usage("the title is empty: give --title a short summary of the finding") }
        try singleLine(trimmed, what: "the title")
        guard trimmed.count <= maxTitle else {
            throw SecIssueError.usage("the title is \(trimmed.count) characters long: keep it to \(maxTitle) and put the details in --message")
        }
        return trimmed
    }

    /// A one-line value such as an assignee or a tag.
    public static func singleLine(_ text: String, what: String) throws {
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" }) {
            throw SecIssueError.usage("\(what) contains a newline or control character: give it on one line")
        }
    }

    /// A CWE as `89` or `CWE-89`.
    public static func cwe(_ text: String) throws -> Int {
        let digits = text.uppercased().hasPrefix("CWE-") ? String(text.dropFirst(4)) : text
        guard let number = Int(digits), number > 0 else {
            throw SecIssueError.usage("invalid CWE '\(text)': give a number such as 89 or CWE-89")
        }
        return number
    }

    /// A code-issue reference: `github:OWNER/REPO#N`, `gitlab:GROUP/PROJECT#N`, `jira:KEY-N`, `KEY-N` or an https URL.
    public static func issueReference(_ text: String) throws -> String {
        let patterns = [
            #"^github:[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+#[1-9][0-9]*$"#,
            #"^gitlab:[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)+#[1-9][0-9]*$"#,
            #"^(jira:)?[A-Z][A-Z0-9_]+-[1-9][0-9]*$"#,
        ]
        if patterns.contains(where: { text.range(of: $0, options: .regularExpression) != nil }) { return text }
        if let url = URL(string: text), url.scheme == "https", let host = url.host, !host.isEmpty,
           !text.contains(where: { $0.isWhitespace }) {
            return text
        }
        throw SecIssueError.usage("invalid issue reference '\(text)': use github:OWNER/REPO#N, gitlab:GROUP/PROJECT#N, jira:KEY-N, KEY-N or an https:// URL")
    }

    /// `YYYY-MM-DD`.
    public static func day(_ text: String, what: String) throws -> String {
        guard text.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil, Timestamp.parse(text) != nil else {
            throw SecIssueError.usage("invalid \(what) '\(text)': give a date as YYYY-MM-DD")
        }
        return text
    }

    /// A path from the command line as a path relative to the repository root, with an optional
    /// `:LINE`. Relative paths are taken from `directory` (the current directory); a path that
    /// leaves the repository is refused.
    public static func location(_ text: String, root: String?, directory: String) throws -> Finding.Location {
        var path = text
        var line: Int?
        if let colon = text.lastIndex(of: ":"), let number = Int(text[text.index(after: colon)...]) {
            guard number > 0 else { throw SecIssueError.usage("invalid line in '\(text)': lines start at 1") }
            path = String(text[..<colon])
            line = number
        }
        try singleLine(path, what: "--path")
        guard !path.isEmpty else { throw SecIssueError.usage("--path is empty: give a file path, optionally with :LINE") }
        let outside = SecIssueError.usage("--path '\(path)' is outside the repository: give a path inside it")
        if root == nil && path.hasPrefix("/") { throw outside }
        let rootParts = root?.split(separator: "/") ?? []
        var parts: [Substring] = path.hasPrefix("/") ? [] : root == nil ? [] : directory.split(separator: "/")
        for part in path.split(separator: "/") where part != "." {
            if part == ".." {
                guard !parts.isEmpty else { throw outside }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        guard parts.count > rootParts.count, Array(parts.prefix(rootParts.count)) == rootParts else { throw outside }
        return Finding.Location(path: parts.dropFirst(rootParts.count).joined(separator: "/"), line: line)
    }
}
