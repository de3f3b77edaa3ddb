import Foundation

/// Which findings `list` shows: by default the active ones (open, confirmed), most severe first.
public struct FindingFilter: Sendable {
    public var statuses: [Status] = []
    public var severities: [Severity] = []
    public var minSeverity: Severity?
    public var tag: String?
    public var pathGlob: String?
    public var assignee: String?
    /// Every status, not only the active ones.
    public var all = false

    public init() {}

    public func matches(_ finding: Finding) -> Bool {
        if !statuses.isEmpty {
            guard statuses.contains(finding.status) else { return false }
        } else if !all && !finding.status.isActive {
            return false
        }
        if !severities.isEmpty && !severities.contains(finding.severity) { return false }
        if let minSeverity, finding.severity < minSeverity { return false }
        if let tag, !finding.tags.contains(where: { $0.caseInsensitiveCompare(tag) == .orderedSame }) { return false }
        if let assignee, !Self.samePerson(finding.assignee, assignee) { return false }
        if let pathGlob {
            guard let path = finding.location?.path, Glob.matches(pathGlob, path) else { return false }
        }
        return true
    }

    /// `bob@example.com` matches `Bob <bob@example.com>`, `Bob` and itself, ignoring case.
    static func samePerson(_ stored: String?, _ wanted: String) -> Bool {
        guard let stored else { return false }
        let wanted = wanted.lowercased()
        var forms = [stored.lowercased()]
        if let open = stored.firstIndex(of: "<"), let close = stored.lastIndex(of: ">"), open < close {
            forms.append(stored[stored.index(after: open)..<close].lowercased())
            forms.append(stored[..<open].trimmingCharacters(in: .whitespaces).lowercased())
        }
        return forms.contains(wanted)
    }

    /// The matching findings, most severe first, then soonest due, then by ID.
    public func apply(_ findings: [Finding]) -> [Finding] {
        // Sorts small keys and indices rather than whole findings, which are costly to move.
        let keys = findings.indices.filter { matches(findings[$0]) }.map { index in
            (rank: findings[index].severity.rank, due: findings[index].due ?? "9999", id: findings[index].id, index: index)
        }
        return keys.sorted { ($0.rank, $0.due, $0.id) < ($1.rank, $1.due, $1.id) }.map { findings[$0.index] }
    }
}

/// Shell-style globs on repository paths: `*` and `?` stay within a directory, `**` crosses them.
public enum Glob {
    public static func matches(_ pattern: String, _ path: String) -> Bool {
        let regex = "^" + translate(pattern) + "$"
        return path.range(of: regex, options: .regularExpression) != nil
    }

    private static func translate(_ pattern: String) -> String {
        var out = ""
        var characters = Array(pattern)[...]
        while let character = characters.popFirst() {
            switch character {
            case "*":
                if characters.first == "*" {
                    characters.removeFirst()
                    if characters.first == "/" { characters.removeFirst(); out += "(?:.*/)?" } else { out += ".*" }
                } else {
                    out += "[^/]*"
                }
            case "?": out += "[^/]"
            case "[":
                if let close = characters.firstIndex(of: "]") {
                    out += "[" + characters[..<close].map { $0 == "!" ? "^" : $0 == "\\" ? "\\\\" : String($0) }.joined() + "]"
                    characters = characters[characters.index(after: close)...]
                } else {
                    out += "\\["
                }
            default:
                out += NSRegularExpression.escapedPattern(for: String(character))
            }
        }
        return out
    }
}
