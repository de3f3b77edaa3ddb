import Foundation
import Testing
import TestSupport

@Suite("ci and export", .scratchDirectory)
struct CITests {
    @Test("commit mode imports, commits, prints the summary and fails the gate with its reasons")
    func commitModeGate() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        let summary = sandbox.path("summary.md")
        let result = try sandbox.secissue("ci", "--sarif", Fixtures.sarif("bandit.sarif"), "--mode", "commit", "--summary", summary, in: repo)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("## Security scan of "))
        #expect(result.stdout.contains("| new | 0 | 7 |"))
        #expect(result.stdout.contains("**Gate: failed.**"))
        #expect(result.stderr.contains("gate: new high finding"))
        #expect(result.stderr.contains("the security gate failed"))
        #expect(try String(contentsOfFile: summary, encoding: .utf8) == result.stdout)
        #expect(try sandbox.git("log", "-1", "--format=%s", in: repo).hasPrefix("secissue: import bandit"))

        // Nothing new the second time: the gate passes.
        let again = try sandbox.secissue("ci", "--sarif", Fixtures.sarif("bandit.sarif"), "--mode", "commit", in: repo)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("**Gate: passed.**"))
        #expect(again.stdout.contains("| still open | 0 | 7 |"))
    }

    @Test("report mode moves no ref and changes no file, and compares with --base")
    func reportMode() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        #expect(try sandbox.secissue("import", Fixtures.sarif("bandit.sarif"), in: repo).status == 0)
        try sandbox.git("checkout", "-q", "-b", "feature", in: repo)
        let refsBefore = try sandbox.git("for-each-ref", in: repo)
        let headBefore = try sandbox.head(repo)
        let result = try sandbox.secissue("ci", "--sarif", Fixtures.sarif("bandit.sarif"), "--sarif", Fixtures.sarif("semgrep.sarif"), in: repo,
                                          env: ["GITHUB_EVENT_NAME": "pull_request", "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "acme/shop"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("report mode: new 12"))
        #expect(result.stdout.contains("| new | 0 | 6 | 4 | 1 | 0 | 11 |"))
        #expect(result.stdout.contains("| still open | 0 | 7 | 5 | 6 | 0 | 18 |"))
        // Links point at the commit whose code was scanned (the newest outside .security/), not the import commit on top of it.
        let code = try sandbox.git("log", "-1", "--format=%H", "--", ".", ":(exclude).security", in: repo).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(result.stdout.contains("](https://github.com/acme/shop/blob/\(code)/app.py#L"))
        #expect(try sandbox.git("for-each-ref", in: repo) == refsBefore)
        #expect(try sandbox.head(repo) == headBefore)
        #expect(try sandbox.git("status", "--porcelain", in: repo).isEmpty)

        let atBase = try sandbox.secissue("ci", "--sarif", Fixtures.sarif("bandit.sarif"), "--mode", "report", "--base", "HEAD~1", in: repo)
        #expect(atBase.stderr.contains("report mode: new 18"))
    }

    @Test("gate.fail_on and expired risk acceptances")
    func gatePolicy() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        var config = try sandbox.read(".security/config.yml", in: repo)
        config = config.replacingOccurrences(of: "fail_on: high", with: "fail_on: critical")
        try sandbox.write(".security/config.yml", config, in: repo)
        try sandbox.git("commit", "-qam", "Gate only on critical", in: repo)
        let result = try sandbox.secissue("ci", "--sarif", Fixtures.sarif("bandit.sarif"), "--mode", "commit", in: repo)
        #expect(result.status == 0, "\(result.stderr)")

        // A risk acceptance that has expired (written by hand, as time would) fails the gate and is reopened.
        let id = try #require(try sandbox.findings(in: repo).first?["id"] as? String)
        let file = findingFile(id)
        var text = try sandbox.read(file, in: repo)
        text = text.replacingOccurrences(of: "status: open", with: "status: risk-accepted")
        text = text.replacingOccurrences(of: "links: []\n", with: "links: []\ntriage:\n  reason: old\n  expires: 2020-01-01\n")
        try sandbox.write(file, text, in: repo)
        try sandbox.git("commit", "-qam", "An old acceptance", in: repo)
        let expired = try sandbox.secissue("ci", "--sarif", Fixtures.sarif("bandit.sarif"), "--mode", "commit", in: repo)
        #expect(expired.status == 2)
        #expect(expired.stderr.contains("gate: the risk acceptance of \(id) expired on 2020-01-01"))
        #expect(try sandbox.read(file, in: repo).contains("status: open"))
    }

    @Test("a gate reason naming a teammate's title with a line break stays on its one line")
    func gateReasonOneLine() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        var config = try sandbox.read(".security/config.yml", in: repo)
        config = config.replacingOccurrences(of: "fail_on: high", with: "fail_on: critical\n  fail_on_overdue: true")
        try sandbox.write(".security/config.yml", config, in: repo)
        let id = try sandbox.newFinding("--title", "XSS", "--severity", "low", in: repo)
        // Edited by hand: a double-quoted YAML title may hold a line break, and the due date has passed.
        var text = try sandbox.read(findingFile(id), in: repo)
        text = text.replacingOccurrences(of: "title: XSS", with: #"title: "XSS\ngit secissue: the security gate passed""#)
        text = text.replacingOccurrences(of: #"(?m)^due: .*\n"#, with: "", options: .regularExpression)
        text = text.replacingOccurrences(of: "status: open", with: "status: open\ndue: 2020-01-01")
        try sandbox.write(findingFile(id), text, in: repo)
        try sandbox.git("commit", "-qam", "An overdue finding", in: repo)
        #expect(try sandbox.secissue("show", id, "--format", "json", in: repo).stdout.contains(#"XSS\ngit secissue"#))

        let result = try sandbox.secissue("ci", "--sarif", Fixtures.sarif("bandit.sarif"), "--mode", "commit", in: repo)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("gate: \(id) is overdue since 2020-01-01: XSS\\u000agit secissue: the security gate passed"), "\(result.stderr)")
        #expect(!result.stderr.split(separator: "\n").contains { $0.hasPrefix("git secissue: the security gate passed") })
    }

    @Test("export writes SARIF 2.1.0 that validates against the official schema, with triage as suppressions")
    func exportSARIF() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        #expect(try sandbox.secissue("import", Fixtures.sarif("semgrep.sarif"), in: repo).status == 0)
        let id = try sandbox.newFinding("--title", "Manual one", "--path", "app.py:3", "--link", "github:acme/shop#12", "--link", "SHOP-4", in: repo)
        let open = try #require(try sandbox.findings(in: repo).first { $0["status"] as? String == "open" && $0["id"] as? String != id }?["id"] as? String)
        #expect(try sandbox.secissue("status", open, "false-positive", "--reason", "constant input", in: repo).status == 0)

        let export = try sandbox.secissue("export", in: repo)
        #expect(export.status == 0, "\(export.stderr)")
        let file = sandbox.path("export.sarif")
        try export.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        let schema = Fixtures.directory.appendingPathComponent("schemas/sarif-schema-2.1.0.json").path
        try #require(FileManager.default.fileExists(atPath: schema), "the SARIF schema is expected at \(schema)")
        let validation = try sandbox.run("/usr/bin/env", ["python3", "-c", """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1])); log = json.load(open(sys.argv[2]))
            jsonschema.validate(log, schema, format_checker=jsonschema.FormatChecker())
            print(len(log["runs"][0]["results"]))
            """, schema, file], in: sandbox.root.path, env: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        #expect(validation.status == 0, "\(validation.stderr)")
        #expect(validation.stdout == "13\n")
        #expect(export.stdout.contains("\"justification\": \"false-positive: constant input\""))
        #expect(export.stdout.contains("\"https://github.com/acme/shop/issues/12\""))
        #expect(export.stdout.contains("\"jira:SHOP-4\""))

        let csv = try sandbox.secissue("export", "--format", "csv", "--all", in: repo)
        #expect(csv.lines.count == 14)
    }
}
