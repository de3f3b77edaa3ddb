import SecIssueKit
/// One suspicious event seen in telemetry (a request, a cloud API call), before aggregation.
public struct Observation: Sendable {
    /// `sqli`, `xss`, `path-traversal`, `cmdi`, `http-4xx-burst`, `http-5xx-burst`, `forced-browsing`,
    /// `http-4xx-rate`, `http-5xx-rate` or `cloudtrail/<EventName>`.
    public var rule: String
    /// What the event was aimed at: a route (`/search`) or a cloud resource (`sg-0123abcd`).
    public var resource: String
    /// Seconds since 1970, UTC.
    public var time: Int64
    /// Who it came from: a client address, or `arn (ip)` for cloud calls.
    public var source: String
    /// A short, redacted account of the event (a request line, a changed rule); empty when the
    /// aggregate has all the samples it keeps for this rule and resource (`needsSample`).
    public var sample: String
    public var severity: Severity
    public var cwe: Int?
    /// The finding title, such as `SQL injection attempts on /search`.
    public var title: String
    /// How many events this observation stands for (a burst counts its responses).
    public var count: Int
    /// The 1-based line (or record) of the input that raised it, for `--matches`.
    public var line: Int
    /// Why the rule fired: the tokens that decided (for `--matches`); never stored in a finding.
    public var reason: String?

    public init(rule: String, resource: String, time: Int64, source: String, sample: String, severity: Severity,
                cwe: Int? = nil, title: String, count: Int = 1, line: Int = 0) {
        self.rule = rule
        self.resource = resource
        self.time = time
        self.source = source
        self.sample = sample
        self.severity = severity
        self.cwe = cwe
        self.title = title
        self.count = count
        self.line = line
    }

    /// One finding per rule and resource.
    public var key: String { Observation.key(rule: rule, resource: resource) }
}
