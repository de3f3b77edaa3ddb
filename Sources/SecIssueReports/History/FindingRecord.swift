import SecIssueKit

/// What stats and reports need of one version of a finding file: small enough to cache for
/// every version in history (`StatsCache`), read once per blob.
public struct FindingRecord: Sendable, Equatable {
    public var id: String
    public var title: String
    public var status: Status
    public var severity: Severity
    public var tool: String?
    public var rule: String?
    public var cwe: [Int]
    public var path: String?
    public var line: Int?
    public var assignee: String?
    /// The full hash of the fixing commit, when recorded.
    public var fixedCommit: String?

    public init(_ finding: Finding) {
        id = finding.id
        title = finding.title
        status = finding.status
        severity = finding.severity
        tool = finding.source?.tool
        rule = finding.source?.rule
        cwe = finding.cwe
        path = finding.location?.path
        line = finding.location?.line
        assignee = finding.assignee
        fixedCommit = finding.commits.fixed
    }

    public init(id: String, title: String, status: Status, severity: Severity, tool: String? = nil, rule: String? = nil,
                cwe: [Int] = [], path: String? = nil, line: Int? = nil, assignee: String? = nil, fixedCommit: String? = nil) {
        self.id = id
        self.title = title
        self.status = status
        self.severity = severity
        self.tool = tool
        self.rule = rule
        self.cwe = cwe
        self.path = path
        self.line = line
        self.assignee = assignee
        self.fixedCommit = fixedCommit
    }

    /// The version in `text`, or nil when it does not parse (history keeps the version before it).
    static func decode(_ text: String, path: String) -> FindingRecord? {
        (try? FindingCodec.decode(text, path: path)).map(FindingRecord.init)
    }
}
