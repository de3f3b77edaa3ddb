import Testing
@testable import SecIssueKit

@Suite("policy gate")
struct GateTests {
    func finding(_ id: String, _ severity: Severity, status: Status = .open, due: String? = nil, expires: String? = nil) -> Finding {
        var finding = Finding(id: id, title: id, status: status, severity: severity, created: "2026-01-01T00:00:00Z", reporter: "r")
        finding.due = due
        if let expires { finding.triage = .init(reason: "r", expires: expires) }
        return finding
    }

    @Test("new and reopened findings at or above fail_on, expired acceptances and, when set, overdue findings")
    func reasons() {
        var report = ImportReport()
        report.new = [finding("SEC-new-high", .high), finding("SEC-new-low", .low), finding("SEC-new-fp", .critical, status: .falsePositive)]
        report.reopened = [finding("SEC-back", .critical)]
        let active = [finding("SEC-late", .low, due: "2026-01-02"), finding("SEC-old", .medium, status: .riskAccepted, expires: "2026-02-01")]
        var config = Config()
        let reasons = Gate.reasons(report, active: active, config: config, today: "2026-06-01")
        #expect(reasons.count == 3)
        #expect(reasons[0].hasPrefix("new high finding SEC-new-high"))
        #expect(reasons[1].hasPrefix("reopened critical finding SEC-back"))
        #expect(reasons[2].hasPrefix("the risk acceptance of SEC-old expired on 2026-02-01"))
        config.failOnOverdue = true
        config.failOn = .critical
        let strict = Gate.reasons(report, active: active, config: config, today: "2026-06-01")
        #expect(strict.contains { $0.hasPrefix("SEC-late is overdue since 2026-01-02") })
        #expect(!strict.contains { $0.contains("SEC-new-high") })
    }
}

@Suite("gate scopes and the summary's details")
struct GateScopeTests {
    func finding(_ id: String, _ severity: Severity, status: Status = .open, expires: String? = nil, due: String? = nil) -> Finding {
        var finding = Finding(id: id, title: id, status: status, severity: severity, created: "2026-01-01T00:00:00Z", reporter: "r")
        finding.due = due
        if let expires { finding.triage = .init(reason: "r", expires: expires) }
        return finding
    }

    @Test("a pull request is judged on what it adds; adoption on expiry and overdue only; the default branch on everything")
    func scopes() {
        var report = ImportReport()
        report.new = [finding("SEC-new", .high)]
        report.expired = [finding("SEC-old", .low, status: .riskAccepted, expires: "2026-02-01")]
        let active = [finding("SEC-late", .low, due: "2026-01-02")]
        var config = Config()
        config.failOnOverdue = true
        let posture = Gate.reasons(report, active: active, config: config, today: "2026-06-01", scope: .posture)
        #expect(posture.count == 3)
        let change = Gate.reasons(report, active: active, config: config, today: "2026-06-01", scope: .change)
        #expect(change.count == 1 && change[0].hasPrefix("new high finding SEC-new"))
        let adoption = Gate.reasons(report, active: active, config: config, today: "2026-06-01", scope: .adoption)
        #expect(adoption.count == 2 && !adoption.contains { $0.contains("SEC-new") })
    }

    @Test("a branch's approved filing of its own finding is judged as the branch has it; an unapproved one as the base has it")
    func trustedChanges() {
        var base = ImportReport()
        base.new = [finding("SEC-a", .high), finding("SEC-b", .high)]
        var branch = ImportReport()
        branch.findings = [finding("SEC-a", .high, status: .falsePositive), finding("SEC-b", .high)]
        let reasons = PullRequestGate.reasons(base: base, branch: branch, trusted: ["SEC-a", "SEC-b"], baseFindings: [:], config: Config(), today: "2026-06-01")
        #expect(reasons == ["new high finding SEC-b: SEC-b (no location)"])
        let untrusted = PullRequestGate.reasons(base: base, branch: branch, trusted: [], baseFindings: [:], config: Config(), today: "2026-06-01")
        #expect(untrusted.count == 2)
    }

    @Test("each new finding has a collapsed details section whose scanner text is escaped; report mode does not promise show")
    func details() {
        var hostile = finding("SEC-1abc", .high)
        hostile.title = "<!-- hide --> @org/team ![x](https://evil.example/x.png)"
        hostile.description = "Message with [a link](https://evil.example) and <img src=x>\n\n**Rule:** `r` (semgrep)\n\n```\nquery = \"SELECT\" + name\n```"
        hostile.location = Finding.Location(path: "app.py", line: 3)
        var report = ImportReport()
        report.new = [hostile]
        var summary = ScanSummary(report: report, commit: "0123456789", mode: "report", gateReasons: [], link: { _, _ in nil })
        summary.scope = .change
        let markdown = summary.markdown
        #expect(markdown.contains("<details><summary>SEC-1abc: high</summary>"))
        #expect(markdown.contains("```\nquery = \"SELECT\" + name\n```"))
        // Every `<` and `[` of scanner text is backslash-escaped: none is left to open a comment, a tag or a link.
        let unescaped = markdown.replacingOccurrences(of: "\\<", with: "").replacingOccurrences(of: "\\[", with: "")
        #expect(!unescaped.contains("<!--") && !unescaped.contains("<img") && !unescaped.contains("[a link]"))
        #expect(markdown.contains("\\<\\!-- hide --\\>"))
        #expect(!markdown.contains("git secissue show"))
    }
}
