/// The one message a run sends to a webhook: the new and reopened findings at or above its
/// severity, in the shape its format wants. Finding text is untrusted (titles and paths come
/// from scanners): it is escaped for Slack's mrkdwn or Teams' Markdown, and JSON escapes itself.
public struct NotificationMessage: Sendable {
    /// Why a finding is in the message.
    public enum Event: String, Sendable {
        case new, reopened
    }

    public var findings: [(event: Event, finding: Finding)]
    /// What ran: `ci semgrep`, `baseline prod`.
    public var label: String
    /// The repository's name (its top directory), when known.
    public var repository: String?
    public var minSeverity: Severity

    public init(findings: [(event: Event, finding: Finding)], label: String, repository: String?, minSeverity: Severity) {
        self.findings = findings
        self.label = label
        self.repository = repository
        self.minSeverity = minSeverity
    }

    /// At most this many findings are listed one by one; the count says how many there are.
    static let listed = 20

    var headline: String {
        let new = findings.filter { $0.event == .new }.count
        let reopened = findings.count - new
        let counts = [new > 0 ? "\(new) new" : nil, reopened > 0 ? "\(reopened) reopened" : nil].compactMap { $0 }.joined(separator: ", ")
        return "git secissue: \(counts) finding\(findings.count == 1 ? "" : "s") at \(minSeverity.rawValue) or above"
    }

    public func body(_ format: NotifyTarget.Format) -> JSONValue {
        switch format {
        case .json: return json
        case .slack: return .object([("text", .string(slackText))])
        case .teams: return teams
        }
    }

    var json: JSONValue {
        .object([
            ("source", .string("git-secissue")), ("repository", .optional(repository)), ("run", .string(label)),
            ("min_severity", .string(minSeverity.rawValue)),
            ("new", .int(findings.filter { $0.event == .new }.count)),
            ("reopened", .int(findings.filter { $0.event == .reopened }.count)),
            ("findings", .array(findings.map { event, finding in
                .object([
                    ("event", .string(event.rawValue)), ("id", .string(finding.id)), ("title", .string(finding.title)),
                    ("severity", .string(finding.severity.rawValue)), ("status", .string(finding.status.rawValue)),
                    ("tool", .optional(finding.source?.tool)), ("rule", .optional(finding.source?.rule)),
                    ("location", .optional(finding.location?.display)), ("due", .optional(finding.due)),
                ])
            })),
        ])
    }

    var slackText: String {
        let slack = { (text: String) in SafeText.escape(text, for: .slack) }
        var lines = ["*\(slack(headline))* in \(slack(repository ?? "the repository")) (\(slack(label)))"]
        for (event, finding) in findings.prefix(Self.listed) {
            var line = "• *\(finding.severity.rawValue)* \(event == .reopened ? "reopened " : "")\(finding.id) \(slack(finding.title))"
            if let location = finding.location { line += " — \(slack(location.display))" }
            lines.append(line)
        }
        if findings.count > Self.listed { lines.append("… and \(findings.count - Self.listed) more: git secissue list") }
        return lines.joined(separator: "\n")
    }

    var teams: JSONValue {
        let markdown = { (text: String) in SafeText.escape(text, for: .markdownInline) }
        var blocks: [JSONValue] = [
            .object([("type", .string("TextBlock")), ("weight", .string("Bolder")), ("wrap", .bool(true)),
                     ("text", .string(markdown(headline)))]),
            .object([("type", .string("TextBlock")), ("isSubtle", .bool(true)), ("wrap", .bool(true)),
                     ("text", .string("\(markdown(repository ?? "the repository")) (\(markdown(label)))"))]),
        ]
        for (event, finding) in findings.prefix(Self.listed) {
            let text = "**\(finding.severity.rawValue)** \(event == .reopened ? "reopened " : "")\(finding.id) \(markdown(finding.title))"
                + (finding.location.map { " — \(markdown($0.display))" } ?? "")
            blocks.append(.object([("type", .string("TextBlock")), ("wrap", .bool(true)), ("text", .string(text))]))
        }
        if findings.count > Self.listed {
            blocks.append(.object([("type", .string("TextBlock")), ("wrap", .bool(true)),
                                   ("text", .string("… and \(findings.count - Self.listed) more: git secissue list"))]))
        }
        return .object([
            ("type", .string("message")),
            ("attachments", .array([.object([
                ("contentType", .string("application/vnd.microsoft.card.adaptive")),
                ("content", .object([
                    ("$schema", .string("http://adaptivecards.io/schemas/adaptive-card.json")),
                    ("type", .string("AdaptiveCard")), ("version", .string("1.4")), ("body", .array(blocks)),
                ])),
            ])])),
        ])
    }
}
