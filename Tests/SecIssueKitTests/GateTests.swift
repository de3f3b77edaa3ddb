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
