import Testing
@testable import SecIssueKit

@Suite("SARIF export")
struct SARIFExportTests {
    static func finding(_ number: Int, severity: Severity = .medium, status: Status = .open) -> Finding {
        var finding = Finding(id: "SEC-\(String(number, radix: 36))", title: "Finding \(number)", status: status, severity: severity,
                              created: "2026-01-01T00:00:00Z", reporter: "alice@example.com")
        finding.location = .init(path: "app.py", line: number % 50 + 1)
        return finding
    }

    @Test("a warning past the 5,000 results GitHub displays, and past the 25,000 it accepts")
    func resultLimits() {
        #expect(SARIFExport.export((1...5_000).map { Self.finding($0) }, version: "1", for: .github).warnings.isEmpty)
        let over = SARIFExport.export((1...5_001).map { Self.finding($0) }, version: "1", for: .github)
        #expect(over.results == 5_001)
        #expect(over.warnings == ["5001 results: GitHub code scanning shows only the 5000 most severe of a run"])
        let rejected = SARIFExport.export((1...25_001).map { Self.finding($0) }, version: "1")
        #expect(rejected.warnings.first?.contains("rejects a run of more than 25000") == true)
    }

    @Test("a rule per source rule and severity, whatever else is exported with it")
    func ruleIDsAreStable() {
        var high = Self.finding(1, severity: .high)
        high.source = .init(tool: "bandit", rule: "B608")
        var low = Self.finding(2, severity: .low)
        low.source = .init(tool: "bandit", rule: "B608")
        #expect(SARIFExport.ruleID(high) == "bandit/B608/high")
        #expect(SARIFExport.ruleID(low) == "bandit/B608/low")
        #expect(SARIFExport.ruleID(Self.finding(3, severity: .critical)) == "secissue/manual/critical")
    }

    @Test("a location outside the repository is never read for a fingerprint")
    func noReadsOutsideTheTree() {
        var outside = Self.finding(1)
        outside.location = .init(path: "../../etc/passwd", line: 1)
        var absolute = Self.finding(2)
        absolute.location = .init(path: "/etc/passwd", line: 1)
        var read: [String] = []
        let collector = ReadLog()
        _ = SARIFExport.export([outside, absolute, Self.finding(3)], version: "1", for: .github) { path in
            collector.paths.append(path)
            return Array("x = 1\n".utf8)
        }
        read = collector.paths
        #expect(read == ["app.py"])
    }

    final class ReadLog: @unchecked Sendable { var paths: [String] = [] }

    @Test("triaged and fixed findings are left out for GitHub and counted")
    func triagedLeftOut() {
        let findings = [Self.finding(1), Self.finding(2, status: .riskAccepted), Self.finding(3, status: .falsePositive),
                        Self.finding(4, status: .duplicate), Self.finding(5, status: .fixed)]
        let github = SARIFExport.export(findings, version: "1", for: .github)
        #expect(github.results == 1 && github.omitted == 4)
        #expect(SARIFExport.export(findings, version: "1").results == 5)
    }
}
