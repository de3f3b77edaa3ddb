import Foundation
import SecIssueKit

/// The pieces of a requirements line that are not PEP 508 names and versions: options, URLs, include paths.
enum RequirementLine {
    /// `-r file`, `-rfile`, `--requirement file` and `--requirement=file` -> (`-r` or `--requirement`, `file`).
    static func option(_ line: String) -> (String, String?) {
        let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        let first = words.first ?? line
        if first.hasPrefix("--"), let equals = first.firstIndex(of: "=") {
            return (String(first[..<equals]), String(first[first.index(after: equals)...]))
        }
        if !first.hasPrefix("--"), first.count > 2 {
            return (String(first.prefix(2)), String(first.dropFirst(2)))
        }
        return (first, words.count > 1 ? words[1...].joined(separator: " ") : nil)
    }

    /// Exactly one `==` pin is the version; anything else (a range, a wildcard) is kept as written, spaces removed.
    static func version(_ spec: String) -> String? {
        if spec.isEmpty { return nil }
        for operation in ["===", "=="] where spec.hasPrefix(operation) {
            let pinned = spec.dropFirst(operation.count)
            if !pinned.contains(","), !pinned.contains("*"), !pinned.hasPrefix("=") { return String(pinned) }
        }
        return spec
    }

    static func isURL(_ text: String) -> Bool {
        text.range(of: #"^[A-Za-z][A-Za-z0-9+.-]*://"#, options: .regularExpression) != nil
            || text.hasPrefix(".") || text.hasPrefix("/") || text.hasPrefix("file:")
    }

    /// A VCS URL, archive URL or local path: named by `#egg=` (or the PEP 508 name before `@`), nil when unnamed,
    /// as `-e .` (the project itself) is.
    static func url(_ url: String, name: String?, path: String, line: Int) -> Dependency? {
        let (location, fragment) = url.firstIndex(of: "#").map { (String(url[..<$0]), String(url[url.index(after: $0)...])) } ?? (url, "")
        let egg = fragment.split(separator: "&").first { $0.hasPrefix("egg=") }
            .map { String($0.dropFirst(4).prefix { $0 != "[" }) }
        guard let name = name ?? egg, !name.isEmpty else { return nil }
        let vcs = ["git", "hg", "svn", "bzr"].first { location.hasPrefix($0 + "+") }
        var version: String?
        if vcs != nil, let at = location.lastIndex(of: "@") {
            // `...repo.git@v1.2`: the ref; an '@' before the host (`git@github.com`) is a user, not a ref.
            let ref = location[location.index(after: at)...]
            if !ref.contains("/") { version = String(ref) }
        }
        let local = location.hasPrefix(".") || location.hasPrefix("/") || location.hasPrefix("file:")
        return Dependency(ecosystem: .pypi, name: name, version: version, manifest: path, line: line,
                          source: vcs ?? (local ? "path" : "url"))
    }

    /// An include's repository path: relative to the including file's directory, `..` and `.` resolved.
    static func resolve(_ include: String, from path: String) -> String {
        if include.hasPrefix("/") || include.contains("://") { return include }
        var parts = path.split(separator: "/").dropLast().map(String.init)
        for part in include.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if let last = parts.last, last != ".." { parts.removeLast() } else { parts.append("..") }
            default: parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }
}
