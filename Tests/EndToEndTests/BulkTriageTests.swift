import Foundation
import Testing
import TestSupport

/// Issue 16, item 6: triage commands on every finding `--where` selects, in one commit, and the
/// `ignore:` rules of config.yml applied at import. On the sample app's real Checkov scan.
@Suite("bulk triage", .scratchDirectory)
struct BulkTriageTests {
    func imported(_ sandbox: Sandbox) throws -> String {
        let repo = try sandbox.sampleRepository()
        let result = try sandbox.secissue("import", Fixtures.sarif("checkov.sarif"), Fixtures.sarif("bandit.sarif"), in: repo)
        #expect(result.status == 0, "\(result.stderr)")
        return repo
    }

    func commits(_ sandbox: Sandbox, _ repo: String) throws -> Int {
        Int(try sandbox.git("rev-list", "--count", "HEAD", in: repo).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    func path(_ finding: [String: Any]) -> String { (finding["location"] as? [String: Any])?["path"] as? String ?? "" }
    func tool(_ finding: [String: Any]) -> String { (finding["source"] as? [String: Any])?["tool"] as? String ?? "" }

    @Test("status --where marks every Checkov finding under a path in one command and one commit")
    func statusWhere() throws {
        let sandbox = try Sandbox()
        let repo = try imported(sandbox)
        let before = try commits(sandbox, repo)
        // Checkov's own SARIF suppresses one of them: it is false-positive already, so not selected.
        let infra = try sandbox.findings(in: repo).filter { tool($0) == "checkov" && path($0).hasPrefix("infra/") && $0["status"] as? String == "open" }
        #expect(infra.count == 16)
        let result = try sandbox.secissue("status", "--where", "tool=checkov path=infra/**", "false-positive",
                                          "--reason", "Lab stack, never deployed", in: repo)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("16 of 16 selected findings changed"), "\(result.stderr)")
        #expect(try commits(sandbox, repo) == before + 1)
        let subject = try sandbox.git("log", "-1", "--format=%s", in: repo)
        #expect(subject == "secissue: mark false-positive 16 findings where tool=checkov path=infra/**\n", "\(subject)")
        let trailers = try sandbox.git("log", "-1", "--format=%(trailers:key=Security-Finding,valueonly)", in: repo)
        let selected = Set(infra.compactMap { $0["id"] as? String })
        #expect(Set(trailers.split(separator: "\n").map(String.init)) == selected)
        let changed = try sandbox.git("show", "--name-only", "--format=", "HEAD", in: repo).split(separator: "\n")
        #expect(Set(changed.map(String.init)) == Set(selected.map { findingFile($0) }))
        for finding in try sandbox.findings(in: repo) {
            let id = finding["id"] as? String ?? ""
            if selected.contains(id) {
                #expect(finding["status"] as? String == "false-positive")
                #expect((finding["triage"] as? [String: Any])?["reason"] as? String == "Lab stack, never deployed")
                #expect((finding["activity"] as? [String])?.last?.hasSuffix("status open -> false-positive: Lab stack, never deployed") == true)
            } else if !(tool(finding) == "checkov" && path(finding).hasPrefix("infra/")) {
                #expect(finding["status"] as? String == "open", "\(path(finding)) \(tool(finding))")
            }
        }
        // Again: nothing active is left to select, and the error says how to reach settled findings.
        let again = try sandbox.secissue("status", "--where", "tool=checkov path=infra/**", "false-positive",
                                         "--reason", "Lab stack, never deployed", in: repo)
        #expect(again.status == 1 && again.stderr.contains("among the active ones (add status=* for every status)"), "\(again.stderr)")
        // With a status term the settled ones are selected; those that already say so are left alone.
        let settled = try sandbox.secissue("status", "--where", "tool=checkov path=infra/** status=false-positive", "false-positive",
                                           "--reason", "Lab stack, never deployed", in: repo)
        #expect(settled.status == 0 && settled.stderr.contains("1 of 17 selected findings changed (16 already say so)"), "\(settled.stderr)")
        #expect(try commits(sandbox, repo) == before + 2)
    }

    @Test("--dry-run lists what would change and writes nothing")
    func dryRun() throws {
        let sandbox = try Sandbox()
        let repo = try imported(sandbox)
        let head = try sandbox.head(repo)
        let result = try sandbox.secissue("assign", "--where", "tool=checkov rule=CKV_DOCKER_*", "ops@example.com", "--dry-run", in: repo)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.lines.count == 4 && result.lines[0].hasPrefix("ID"), "\(result.stdout)")
        #expect(result.lines.dropFirst().allSatisfy { $0.contains("Dockerfile") && $0.contains("assigned to ops@example.com") }, "\(result.stdout)")
        #expect(result.stderr.contains("3 of 3 selected findings would change (dry run: nothing written)"), "\(result.stderr)")
        #expect(try sandbox.head(repo) == head)
        #expect(try sandbox.git("status", "--porcelain", in: repo).isEmpty)
        #expect(try sandbox.findings(in: repo).allSatisfy { $0["assignee"] is NSNull })
    }

    @Test("assign, comment and link take --where; each is one commit")
    func otherCommands() throws {
        let sandbox = try Sandbox()
        let repo = try imported(sandbox)
        let before = try commits(sandbox, repo)
        #expect(try sandbox.secissue("assign", "--where", "rule=CKV_DOCKER_*", "ops@example.com", in: repo).status == 0)
        #expect(try sandbox.secissue("comment", "--where", "path=*.py severity=high", "-m", "Batch reviewed", in: repo).status == 0)
        #expect(try sandbox.secissue("link", "--where", "assignee=ops@example.com", "--issue", "OPS-7", in: repo).status == 0)
        #expect(try commits(sandbox, repo) == before + 3)
        let findings = try sandbox.findings(in: repo)
        let docker = findings.filter { path($0) == "Dockerfile" && tool($0) == "checkov" }
        #expect(docker.count == 3 && docker.allSatisfy { $0["assignee"] as? String == "ops@example.com" && ($0["links"] as? [String]) == ["OPS-7"] })
        let commented = findings.filter { ($0["activity"] as? [String])?.contains { $0.hasSuffix("commented: Batch reviewed") } == true }
        #expect(!commented.isEmpty && commented.allSatisfy { path($0).hasSuffix(".py") && $0["severity"] as? String == "high" })
    }

    @Test("a selection that matches nothing is an error, and a bad one a usage error", arguments: [
        (["status", "--where", "tool=checkov path=nowhere/**", "fixed"], Int32(1), "no finding matches --where 'tool=checkov path=nowhere/**'"),
        (["comment", "--where", "owner=me", "-m", "x"], Int32(64), "--where key 'owner' is unknown"),
        (["comment", "--where", "tool", "-m", "x"], Int32(64), "is not KEY=VALUE"),
        (["comment", "abcd", "--where", "tool=checkov", "-m", "x"], Int32(64), "not both"),
        (["comment", "-m", "x"], Int32(64), "give a finding's ID, or --where"),
        (["status", "--where", "tool=checkov", "risk-accepted", "--reason", "r"], Int32(64), "risk-accepted needs --reason R and --expires"),
    ])
    func selectionErrors(arguments: [String], status: Int32, message: String) throws {
        let sandbox = try Sandbox()
        let repo = try imported(sandbox)
        let head = try sandbox.head(repo)
        let result = try sandbox.run(Sandbox.binary, arguments, in: repo)
        #expect(result.status == status && result.stderr.contains(message), "\(result.status) \(result.stderr)")
        #expect(try sandbox.head(repo) == head)
    }

    func addIgnore(_ sandbox: Sandbox, _ repo: String, _ rules: String) throws {
        let config = try sandbox.read(".security/config.yml", in: repo)
        try sandbox.write(".security/config.yml", config + "\nignore:\n" + rules, in: repo)
        try sandbox.git("commit", "-qam", "Ignore rules", in: repo)
    }

    @Test("ignore: rules settle matching results on re-import, naming the rule; new results are filed already settled")
    func suppressionOnReimport() throws {
        let sandbox = try Sandbox()
        let repo = try imported(sandbox)
        try addIgnore(sandbox, repo, """
              - tool: checkov
                rule: "CKV_AWS_*"
                path: "infra/**"
                reason: Lab stack, never deployed
              - tool: checkov
                path: Dockerfile
                status: risk-accepted
                expires: 2099-12-31
                reason: Base image replaced next quarter

            """)
        #expect(try sandbox.secissue("validate", in: repo).status == 0)
        let before = try commits(sandbox, repo)
        let again = try sandbox.secissue("import", Fixtures.sarif("checkov.sarif"), in: repo)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try commits(sandbox, repo) == before + 1)
        #expect(again.stderr.contains("ignore[1] (tool=checkov rule=CKV_AWS_* path=infra/**) in config.yml settled 12 findings as false-positive"), "\(again.stderr)")
        #expect(again.stderr.contains("ignore[2] (tool=checkov path=Dockerfile) in config.yml settled 3 findings as risk-accepted"), "\(again.stderr)")
        for finding in try sandbox.findings(in: repo) where tool(finding) == "checkov" {
            let rule = (finding["source"] as? [String: Any])?["rule"] as? String ?? ""
            let triage = finding["triage"] as? [String: Any]
            let last = (finding["activity"] as? [String])?.last ?? ""
            if triage?["by"] as? String == "checkov suppression" {
                continue
            } else if path(finding).hasPrefix("infra/") && rule.hasPrefix("CKV_AWS_") {
                #expect(finding["status"] as? String == "false-positive" && triage?["by"] as? String == "config.yml ignore[1]")
                #expect(last.hasSuffix("status open -> false-positive: ignore[1] (tool=checkov rule=CKV_AWS_* path=infra/**) in config.yml: Lab stack, never deployed"), "\(last)")
            } else if path(finding) == "Dockerfile" {
                #expect(finding["status"] as? String == "risk-accepted" && triage?["expires"] as? String == "2099-12-31")
            } else {
                #expect(finding["status"] as? String == "open", "\(rule) \(path(finding))")
            }
        }
        // A fresh repository files the same results already settled.
        let fresh = try sandbox.sampleRepository("fresh")
        try addIgnore(sandbox, fresh, "  - {tool: checkov, path: Dockerfile, reason: Replaced next quarter}\n")
        let first = try sandbox.secissue("import", Fixtures.sarif("checkov.sarif"), in: fresh)
        #expect(first.status == 0 && first.stdout.contains("new 24"), "\(first.stdout)")
        let docker = try sandbox.findings(in: fresh).filter { path($0) == "Dockerfile" }
        #expect(docker.count == 3 && docker.allSatisfy { $0["status"] as? String == "false-positive" })
    }

    @Test("an expired ignore rule stops applying, and the import says so")
    func expiredRule() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        try addIgnore(sandbox, repo, "  - {tool: checkov, path: Dockerfile, expires: 2020-01-31, reason: Old decision}\n")
        let result = try sandbox.secissue("import", Fixtures.sarif("checkov.sarif"), in: repo)
        #expect(result.status == 0)
        #expect(result.stderr.contains("ignore[1] (tool=checkov path=Dockerfile) in config.yml expired on 2020-01-31: its results are filed as usual"), "\(result.stderr)")
        #expect(try sandbox.findings(in: repo).filter { path($0) == "Dockerfile" }.allSatisfy { $0["status"] as? String == "open" })
    }

    @Test("validate rejects an ignore rule it cannot apply", arguments: [
        ("  - {tool: checkov, path: infra}\n", "reason: required field is missing"),
        ("  - {path: infra, reason: r}\n", "tool: required field is missing"),
        ("  - {tool: checkov, reason: r, status: risk-accepted}\n", "required with status risk-accepted"),
        ("  - {tool: checkov, reason: r, status: fixed}\n", "not a suppression"),
        ("  - {tool: checkov, reason: r, expires: soon}\n", "not a date"),
        ("  - {tool: checkov, reason: r, rule: \"[z-a]\"}\n", "not a usable glob"),
        ("  - {tool: checkov, reason: r, paths: x}\n", "unknown field"),
    ])
    func validateRules(rules: String, problem: String) throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try addIgnore(sandbox, repo, rules)
        let result = try sandbox.secissue("validate", in: repo)
        #expect(result.status == 1 && result.stdout.contains("ignore[1].") && result.stdout.contains(problem), "\(result.stdout)")
        #expect(try sandbox.secissue("import", Fixtures.sarif("checkov.sarif"), in: repo).status != 0, "an import refuses the policy too")
    }
}

/// The examples of docs/commands.md on finding things and bulk triage run as written, on the
/// sample app with its real Checkov and Bandit scans imported.
@Suite("documented search and bulk triage", .scratchDirectory)
struct SearchDocExampleTests {
    /// The `sh` block after the first line of docs/commands.md that starts with `marker`.
    static func block(after marker: String) throws -> String {
        let text = try String(contentsOf: DocExampleTests.package.appendingPathComponent("docs/commands.md"), encoding: .utf8)
        guard let start = text.range(of: "\n" + marker),
              let open = text.range(of: "```sh\n", range: start.upperBound..<text.endIndex),
              let close = text.range(of: "\n```", range: open.upperBound..<text.endIndex) else {
            throw SandboxError("docs/commands.md has no sh block after \(marker)")
        }
        return String(text[open.upperBound..<close.lowerBound])
    }

    @Test("each example runs and succeeds", arguments: ["Finding things among many findings:", "## Bulk triage: --where"])
    func examples(marker: String) throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        #expect(try sandbox.secissue("import", Fixtures.sarif("checkov.sarif"), Fixtures.sarif("bandit.sarif"), in: repo).status == 0)
        let before = try sandbox.git("rev-list", "--count", "HEAD", in: repo)
        let result = try sandbox.run("/bin/sh", ["-c", "set -e\n" + (try Self.block(after: marker))], in: repo)
        #expect(result.status == 0, "\(marker): \(result.stderr)")
        if marker.hasPrefix("## Bulk") {
            let after = try sandbox.git("rev-list", "--count", "HEAD", in: repo)
            #expect(Int(after.trimmingCharacters(in: .whitespacesAndNewlines)) == Int(before.trimmingCharacters(in: .whitespacesAndNewlines))! + 4,
                    "one commit per command but the dry run")
        }
    }
}
