/// `--where 'KEY=VALUE ...'`: the selection of a bulk triage command, read into the same filter
/// `list` uses. Terms are separated by spaces and all must hold; `status` and `severity` may be
/// repeated (any of them). Values may be globs. Without a `status` term only active findings
/// are selected, as `list` shows them; `status=*` selects every status.
extension FindingFilter {
    public static let whereKeys = ["tool", "rule", "path", "severity", "status", "cwe", "tag", "assignee"]

    public init(where text: String) throws {
        self.init()
        let terms = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        guard !terms.isEmpty else {
            throw SecIssueError.usage("--where is empty: give KEY=VALUE terms, such as --where 'tool=checkov path=test/**'")
        }
        var seen = Set<String>()
        for term in terms {
            guard let equals = term.firstIndex(of: "="), case let key = term[..<equals].lowercased(),
                  case let value = String(term[term.index(after: equals)...]), !value.isEmpty else {
                throw SecIssueError.usage("--where term '\(term)' is not KEY=VALUE (keys: \(Self.whereKeys.joined(separator: ", ")))")
            }
            guard Self.whereKeys.contains(key) else {
                throw SecIssueError.usage("--where key '\(key)' is unknown: use \(Self.whereKeys.joined(separator: ", "))")
            }
            guard seen.insert(key).inserted || key == "status" || key == "severity" else {
                throw SecIssueError.usage("--where names \(key) twice: a finding has one \(key), so both cannot hold")
            }
            guard Glob.isUsable(value) else { throw SecIssueError.usage("--where \(key)=\(value) is not a usable glob") }
            switch key {
            case "tool": tool = value
            case "rule": ruleGlob = value
            case "path": pathGlob = value
            case "tag": tag = value
            case "assignee": assignee = value
            case "status":
                let chosen = Status.allCases.filter { FindingFilter.same($0.rawValue, value) }
                guard !chosen.isEmpty else { throw SecIssueError.usage("--where status=\(value) matches no status: use \(Status.allCases.map(\.rawValue).joined(separator: ", "))") }
                statuses += chosen
            case "severity":
                let chosen = Severity.allCases.filter { FindingFilter.same($0.rawValue, value) }
                guard !chosen.isEmpty else { throw SecIssueError.usage("--where severity=\(value) matches no severity: use \(Severity.allCases.map(\.rawValue).joined(separator: ", "))") }
                severities += chosen
            default: // cwe
                guard let number = Self.cwe(value) else { throw SecIssueError.usage("--where cwe=\(value) is not a CWE number such as 89 or CWE-89") }
                cwes.append(number)
            }
        }
    }

    /// `89` or `CWE-89` as a number; nil when it is neither.
    public static func cwe(_ text: String) -> Int? {
        let digits = text.uppercased().hasPrefix("CWE-") ? text.dropFirst(4) : Substring(text)
        guard digits.count <= 9, let number = Int(digits), number > 0 else { return nil }
        return number
    }
}
