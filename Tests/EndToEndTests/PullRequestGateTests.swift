import Foundation
import Testing
import TestSupport

/// The gates of a team's CI loop, with real git: a pull request is judged against its target
/// branch, the branch's own finding files cannot hide what it adds, adoption files existing
/// debt once, and expired acceptances are the default branch's business.
@Suite("pull-request gate, adoption and expiry", .scratchDirectory)
struct PullRequestGateTests {
    /// GitHub Actions on a pull request into main.
    static let pullRequest = ["GITHUB_EVENT_NAME": "pull_request", "GITHUB_BASE_REF": "main"]

    /// A SARIF log with one `error` (high) result at `path:line`.
    static func oneResult(_ sandbox: Sandbox, name: String, rule: String, path: String = "app.py", line: Int = 3) throws -> String {
        let log: [String: Any] = [
            "version": "2.1.0",
            "runs": [["tool": ["driver": ["name": "semgrep", "rules": [["id": rule, "shortDescription": ["text": "Injected \(rule)"]]]]],
                      "results": [["ruleId": rule, "level": "error", "message": ["text": "bad \(rule)"],
                                   "locations": [["physicalLocation": ["artifactLocation": ["uri": path], "region": ["startLine": line]]]]]]]],
        ]
        let file = sandbox.path(name)
        try Fixtures.write(log, to: file)
        return file
    }

    /// `origin` (the sample app on main, initialised, Bob listed as approver with an SSH key) and a
    /// clone of it on a new branch `feature`, as CI checks a pull request out. Returns (origin, clone, Bob's key).
    func project(_ sandbox: Sandbox) throws -> (origin: String, clone: String, key: String) {
        let origin = try sandbox.sampleRepository("origin")
        let key = sandbox.path("bob_ed25519")
        try sandbox.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "bob@example.com", "-f", key], in: sandbox.root.path)
        let publicKey = try String(contentsOfFile: key + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let config = try sandbox.read(".security/config.yml", in: origin)
        let approvers = "  approvers:\n    - name: Bob Builder\n      email: bob@example.com\n      keys: [\"\(publicKey)\"]\n"
        try sandbox.write(".security/config.yml", config.replacingOccurrences(of: "  approvers: []\n", with: approvers), in: origin)
        try sandbox.git("commit", "-qam", "Name the approvers", in: origin)
        try sandbox.git("clone", "-q", origin, "clone", in: sandbox.root.path)
        let clone = sandbox.path("clone")
        try sandbox.git("checkout", "-qb", "feature", in: clone)
        return (origin, clone, key)
    }

    @Test("a branch that commits its own scan import fails the pull-request gate; the summary carries the details and promises no show")
    func ownImportFails() throws {
        let sandbox = try Sandbox()
        let (_, clone, _) = try project(sandbox)
        let sarif = try Self.oneResult(sandbox, name: "new.sarif", rule: "sqli")
        #expect(try sandbox.secissue("import", sarif, in: clone).status == 0)
        let result = try sandbox.secissue("ci", "--sarif", sarif, in: clone, env: Self.pullRequest)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("gate: new high finding"))
        #expect(result.stdout.contains("Compared with origin/main \\(GITHUB\\_BASE\\_REF\\)"))
        #expect(result.stdout.contains("<details><summary>"))
        #expect(result.stdout.contains("- **Where:** `app.py:3`"))
        #expect(!result.stdout.contains("git secissue show"))
        #expect(result.stderr.contains("judged as origin/main (GITHUB_BASE_REF) has them: SEC-"))
    }

    @Test("a branch that triages its own new high finding is gated; the same triage approved by a listed approver's signature passes")
    func ownTriageNeedsApproval() throws {
        let sandbox = try Sandbox()
        let (_, clone, key) = try project(sandbox)
        let sarif = try Self.oneResult(sandbox, name: "new.sarif", rule: "sqli")
        #expect(try sandbox.secissue("import", sarif, in: clone).status == 0)
        let imported = try sandbox.head(clone)
        let id = try #require(try sandbox.findings(in: clone).first?["id"] as? String)
        #expect(try sandbox.secissue("status", id, "false-positive", "--reason", "test data only", in: clone).status == 0)
        let triaged = try sandbox.head(clone)

        let gated = try sandbox.secissue("ci", "--sarif", sarif, in: clone, env: Self.pullRequest)
        #expect(gated.status == 2, "\(gated.stderr)")
        #expect(gated.stderr.contains("gate: new high finding \(id)"))

        // Bob approves both changes to the finding file in a commit signed with his listed key.
        let bob = ["GIT_AUTHOR_NAME": "Bob Builder", "GIT_AUTHOR_EMAIL": "bob@example.com",
                   "GIT_COMMITTER_NAME": "Bob Builder", "GIT_COMMITTER_EMAIL": "bob@example.com"]
        try sandbox.git("-c", "gpg.format=ssh", "-c", "user.signingkey=\(key)", "commit", "-q", "-S", "--allow-empty",
                        "-m", "Approve the triage of \(id)", "--trailer", "Security-Approves: \(imported) \(triaged)", in: clone, env: bob)
        let approved = try sandbox.secissue("ci", "--sarif", sarif, in: clone, env: Self.pullRequest)
        #expect(approved.status == 0, "\(approved.stderr)")
        #expect(approved.stdout.contains("**Gate: passed.**"))
    }

    @Test("adoption files existing debt once; the default branch then passes with it and fails on a new high finding")
    func adoption() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        let adopted = try sandbox.secissue("ci", "--sarif", Fixtures.sarif("bandit.sarif"), "--adopt", in: repo)
        #expect(adopted.status == 0, "\(adopted.stderr)")
        #expect(adopted.stdout.contains("adopted as known debt"))
        let findings = try sandbox.findings(in: repo)
        #expect(findings.count == 18)
        #expect(findings.allSatisfy { ($0["tags"] as? [String])?.contains("adopted") == true && $0["status"] as? String == "open" })

        let again = try sandbox.secissue("ci", "--sarif", Fixtures.sarif("bandit.sarif"), "--mode", "commit", in: repo)
        #expect(again.status == 0, "\(again.stderr)")
        let newHigh = try Self.oneResult(sandbox, name: "new.sarif", rule: "sqli")
        let failed = try sandbox.secissue("ci", "--sarif", Fixtures.sarif("bandit.sarif"), "--sarif", newHigh, "--mode", "commit", in: repo)
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("gate: new high finding"))
        #expect(!failed.stderr.contains("B608"))
    }

    @Test("an expired acceptance elsewhere does not fail an unrelated pull request; the default branch reopens it with an activity line and fails")
    func expiredAcceptance() throws {
        let sandbox = try Sandbox()
        let (origin, _, _) = try project(sandbox)
        let id = try sandbox.newFinding("--title", "Old manual finding", "--severity", "low", in: origin)
        let file = findingFile(id)
        var text = try sandbox.read(file, in: origin)
        text = text.replacingOccurrences(of: "status: open", with: "status: risk-accepted")
        text = text.replacingOccurrences(of: "links: []\n", with: "links: []\ntriage:\n  reason: old\n  expires: 2020-01-01\n")
        try sandbox.write(file, text, in: origin)
        try sandbox.git("commit", "-qam", "An old acceptance", in: origin)
        // The debt the scan finds is adopted on main before the branch starts.
        let clean = try Self.oneResult(sandbox, name: "old.sarif", rule: "weak", line: 1)
        let adopted = try sandbox.secissue("ci", "--sarif", clean, "--adopt", in: origin)
        #expect(adopted.status == 2, "adoption does not excuse an expired acceptance: \(adopted.stderr)")
        try sandbox.git("checkout", "-q", "HEAD~1", "--", file, in: origin)
        try sandbox.git("commit", "-qm", "Keep the old acceptance for the test", in: origin)
        try sandbox.git("clone", "-q", origin, "pr", in: sandbox.root.path)
        let pr = sandbox.path("pr")
        try sandbox.git("checkout", "-qb", "feature", in: pr)
        try sandbox.write("NOTES.md", "# unrelated\n", in: pr)
        try sandbox.git("add", "-A", in: pr)
        try sandbox.git("commit", "-qm", "Unrelated change", in: pr)

        let request = try sandbox.secissue("ci", "--sarif", clean, in: pr, env: Self.pullRequest)
        #expect(request.status == 0, "\(request.stderr)")
        #expect(request.stdout.contains("Risk acceptances expired on the base: `\(id)`"))

        let main = try sandbox.secissue("ci", "--sarif", clean, "--mode", "commit", in: origin)
        #expect(main.status == 2)
        #expect(main.stderr.contains("gate: the risk acceptance of \(id) expired on 2020-01-01"))
        let reopened = try sandbox.read(file, in: origin)
        #expect(reopened.contains("status: open"))
        #expect(reopened.contains("status risk-accepted -> open: the risk acceptance expired on 2020-01-01"))
    }

    @Test("the scanned commit is the code's: a second import after a first records the code commit, or the SARIF's revisionId")
    func scannedCommit() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        let first = try Self.oneResult(sandbox, name: "one.sarif", rule: "one")
        #expect(try sandbox.secissue("import", first, in: repo).status == 0)
        let second = try Self.oneResult(sandbox, name: "two.sarif", rule: "two", line: 4)
        #expect(try sandbox.secissue("import", second, "--category", "other", in: repo).status == 0)
        // The newest commit outside .security/, as git log finds it: not the first import's commit.
        let code = try sandbox.git("log", "-1", "--format=%H", "--", ".", ":(exclude).security", in: repo).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(code != (try sandbox.git("rev-parse", "HEAD~1", in: repo)).trimmingCharacters(in: .whitespacesAndNewlines))
        for finding in try sandbox.findings(in: repo) {
            #expect((finding["commits"] as? [String: Any])?["detected"] as? String == code, "an import commit is not a scan of code")
        }
        let sample = try sandbox.git("rev-list", "--max-parents=0", "HEAD", in: repo).trimmingCharacters(in: .whitespacesAndNewlines)

        var log = try Fixtures.load("bandit.sarif")
        var runs = try #require(log["runs"] as? [[String: Any]])
        runs[0]["versionControlProvenance"] = [["repositoryUri": "https://example.com/x.git", "revisionId": sample]]
        log["runs"] = runs
        let provenance = sandbox.path("provenance.sarif")
        try Fixtures.write(log, to: provenance)
        try sandbox.write("app.py", try sandbox.read("app.py", in: repo) + "\n# later\n", in: repo)
        try sandbox.git("commit", "-qam", "Later code", in: repo)
        #expect(try sandbox.secissue("import", provenance, in: repo).status == 0)
        let bandit = try sandbox.findings(in: repo).filter { ($0["source"] as? [String: Any])?["tool"] as? String == "bandit" }
        #expect(!bandit.isEmpty)
        #expect(bandit.allSatisfy { ($0["commits"] as? [String: Any])?["detected"] as? String == sample })
    }
}
