import Foundation
import Testing
import TestSupport

/// Issue 20's first paper cut: Checkov marks every result `error`, so IaC results arrived as high.
@Suite("severity overrides", .scratchDirectory)
struct SeverityOverrideTests {
    func severities(_ repo: String, _ sandbox: Sandbox, tool: String) throws -> [String: String] {
        var byRule: [String: String] = [:]
        for finding in try sandbox.findings(in: repo) {
            guard let source = finding["source"] as? [String: Any], source["tool"] as? String == tool,
                  let rule = source["rule"] as? String else { continue }
            byRule[rule] = finding["severity"] as? String
        }
        return byRule
    }

    @Test("Checkov and cfn-lint levels are not severities: their defaults file Checkov as medium, cfn-lint warnings as low")
    func toolDefaults() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        #expect(try sandbox.secissue("import", Fixtures.sarif("checkov.sarif"), Fixtures.sarif("cfn-lint.sarif"), in: repo).status == 0)
        let checkov = try severities(repo, sandbox, tool: "checkov")
        #expect(!checkov.isEmpty && Set(checkov.values) == ["medium"], "\(checkov)")
        let cfn = try severities(repo, sandbox, tool: "cfn-lint")
        #expect(cfn["W2001"] == "low" && cfn["E3002"] == "medium", "\(cfn)")
    }

    @Test("globs per tool win over the defaults; ignore leaves a rule out and fixes none of its findings")
    func globsAndIgnore() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        #expect(try sandbox.secissue("import", Fixtures.sarif("checkov.sarif"), in: repo).status == 0)
        let before = try severities(repo, sandbox, tool: "checkov")
        #expect(before["CKV2_AWS_5"] == "medium")
        let config = try sandbox.read(".security/config.yml", in: repo)
        try sandbox.write(".security/config.yml", config + """
            severity_overrides:
              checkov:
                "CKV_AWS_18": high
                "CKV_AWS_*": low
                "CKV2_*": ignore

            """, in: repo)
        try sandbox.git("commit", "-qam", "Tune checkov", in: repo)
        let again = try sandbox.secissue("import", Fixtures.sarif("checkov.sarif"), in: repo)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("severity_overrides ignores it"), "\(again.stderr)")
        #expect(again.stdout.contains("fixed 0"), "\(again.stdout)")
        // Severity is the scanner's to keep only for new findings; existing ones keep theirs, so check a fresh store.
        let fresh = try sandbox.sampleRepository("fresh")
        try sandbox.write(".security/config.yml", try sandbox.read(".security/config.yml", in: repo), in: fresh)
        try sandbox.git("commit", "-qam", "Tune checkov", in: fresh)
        #expect(try sandbox.secissue("import", Fixtures.sarif("checkov.sarif"), in: fresh).status == 0)
        let tuned = try severities(fresh, sandbox, tool: "checkov")
        #expect(tuned["CKV_AWS_18"] == "high" && tuned["CKV_AWS_21"] == "low" && tuned["CKV2_AWS_5"] == nil, "\(tuned)")
        #expect(try sandbox.secissue("validate", in: fresh).status == 0)
    }
}
