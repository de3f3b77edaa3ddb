import Foundation
import Testing
import TestSupport

@Suite("protect", .scratchDirectory)
struct ProtectCommandTests {
    static let bob = "Bob Builder <bob@example.com>"

    /// A repository whose config.yml on main lists Bob and Alice as approvers, on a new branch `feature`.
    /// `trustTrailers` sets `protect.trust_trailers: true`, so that trailers alone approve.
    func repository(_ sandbox: Sandbox, approvers: [String] = [bob, "Alice Example <alice@example.com>"], trustTrailers: Bool = true) throws -> String {
        let repo = try sandbox.repository()
        let config = try sandbox.read(".security/config.yml", in: repo)
        #expect(config.contains("  approvers: []\n"))
        if !approvers.isEmpty {
            let list = "  approvers:\n" + approvers.map { "    - \($0)\n" }.joined()
            let trust = trustTrailers ? "  trust_trailers: true\n" : "  trust_trailers: false\n"
            try sandbox.write(".security/config.yml", config.replacingOccurrences(of: "  approvers: []\n", with: list)
                .replacingOccurrences(of: "  trust_trailers: false\n", with: trust), in: repo)
            try sandbox.git("commit", "-qam", "Name the approvers", in: repo)
        }
        try sandbox.git("checkout", "-qb", "feature", in: repo)
        return repo
    }

    /// Commits a change to the CI workflow with the given trailers and returns its full hash.
    @discardableResult
    func changeWorkflow(_ sandbox: Sandbox, _ repo: String, _ line: String, trailers: [String] = []) throws -> String {
        let path = repo + "/.github/workflows/ci.yml"
        let before = FileManager.default.fileExists(atPath: path) ? try String(contentsOfFile: path, encoding: .utf8) : "on: push\n"
        try sandbox.write(".github/workflows/ci.yml", before + line + "\n", in: repo)
        try sandbox.git("add", "-A", in: repo)
        let args = ["commit", "-qm", "CI: \(line)"] + trailers.flatMap { ["--trailer", $0] }
        let result = try sandbox.run("/usr/bin/git", args, in: repo)
        guard result.status == 0 else { throw SandboxError("git commit failed: \(result.stderr)") }
        return try sandbox.head(repo)
    }

    @Test("an unapproved change exits 2 and files one finding for its commit; a re-run files no duplicate; a follow-up approval fixes it")
    func unapprovedLifecycle() throws {
        let sandbox = try Sandbox()
        let repo = try repository(sandbox)
        let commit = try changeWorkflow(sandbox, repo, "deploy: prod")

        let first = try sandbox.secissue("protect", "check", in: repo)
        #expect(first.status == 2, "\(first.stderr)")
        #expect(first.stdout.contains("\(commit.prefix(7))  Alice Example  CI: deploy: prod  .github/workflows/ci.yml +2 -0  UNAPPROVED: no Security-Approved-By"))
        #expect(first.stderr.contains("main..HEAD: 1 commit, 1 protected change: 0 approved, 1 unapproved"))
        #expect(first.stderr.contains("findings: new 1,"))
        #expect(first.stderr.contains("1 unapproved change to protected paths at or above high (gate.fail_on)"))
        let findings = try sandbox.findings(in: repo)
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding["title"] as? String == "Unapproved change to the deployment pipeline: \(commit.prefix(7)) CI: deploy: prod")
        #expect(finding["severity"] as? String == "high")
        #expect((finding["source"] as? [String: Any])?["tool"] as? String == "protect")
        #expect((finding["source"] as? [String: Any])?["rule"] as? String == "unapproved-change")
        #expect((finding["commits"] as? [String: Any])?["detected"] as? String == commit)
        #expect((finding["commits"] as? [String: Any])?["introduced"] as? String == commit)
        #expect((finding["location"] as? [String: Any])?["path"] as? String == ".github/workflows/ci.yml")
        #expect((finding["description"] as? String)?.contains("- **Author:** Alice Example <alice@example.com>") == true)
        #expect((finding["guidance"] as? [String])?.first == "pipeline-protection")
        #expect(finding["tags"] as? [String] == ["ci-cd"])

        let head = try sandbox.head(repo)
        let second = try sandbox.secissue("protect", "check", in: repo)
        #expect(second.status == 2)
        #expect(second.stderr.contains("findings: new 0, updated 0, reopened 0, fixed 0, unchanged 1"))
        #expect(try sandbox.head(repo) == head)
        #expect(try sandbox.findings(in: repo).map { $0["id"] as? String } == [finding["id"] as? String])

        // Bob approves after the fact in an empty commit naming the change.
        try sandbox.git("commit", "-q", "--allow-empty", "-m", "Approve the deploy step", "--trailer", "Security-Approved-By: \(Self.bob)",
                        "--trailer", "Security-Approves: \(commit.prefix(10))", in: repo)
        let third = try sandbox.secissue("protect", "check", in: repo)
        #expect(third.status == 0, "\(third.stderr)")
        #expect(third.stdout.contains("approved by Bob Builder <bob@example.com> (trailer: claimed, not verified in follow-up"))
        #expect(third.stderr.contains("fixed 1"))
        #expect(try sandbox.findings(in: repo).first?["status"] as? String == "fixed")
    }

    @Test("an approval by a listed approver who is not the author passes; one by the author does not")
    func approvals() throws {
        let sandbox = try Sandbox()
        let repo = try repository(sandbox)
        try changeWorkflow(sandbox, repo, "lint: true", trailers: ["Security-Approved-By: \(Self.bob)"])
        let approved = try sandbox.secissue("protect", "check", in: repo)
        #expect(approved.status == 0, "\(approved.stderr)")
        #expect(approved.stdout.contains("approved by Bob Builder <bob@example.com> (trailer: claimed, not verified)"))
        #expect(try sandbox.findings(in: repo).isEmpty)

        let own = try changeWorkflow(sandbox, repo, "test: true", trailers: ["Security-Approved-By: Alice Example <alice@example.com>"])
        let selfApproved = try sandbox.secissue("protect", "check", in: repo)
        #expect(selfApproved.status == 2)
        #expect(selfApproved.stdout.contains("UNAPPROVED: approved only by the commit's own author (Alice Example <alice@example.com>)"))
        #expect(try sandbox.findings(in: repo).compactMap { ($0["commits"] as? [String: Any])?["detected"] as? String } == [own])

        // Bob's own change approved by Alice counts; the range form checks just that commit.
        try sandbox.write("Dockerfile", "FROM alpine:3.20\n", in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-qm", "Pin the base image", "--trailer", "Security-Approved-By: alice@example.com", in: repo,
                        env: ["GIT_AUTHOR_NAME": "Bob Builder", "GIT_AUTHOR_EMAIL": "bob@example.com"])
        let bobs = try sandbox.secissue("protect", "check", "HEAD~1..HEAD", "--no-file", in: repo)
        #expect(bobs.status == 0, "\(bobs.stderr)")
        #expect(bobs.stdout.contains("Bob Builder  Pin the base image  Dockerfile +1 -0  approved by Alice Example <alice@example.com> (trailer: claimed, not verified)"))
    }

    @Test("changes to unprotected paths pass; --no-file writes nothing; no approvers configured says what to add")
    func unprotectedAndNoFile() throws {
        let sandbox = try Sandbox()
        let repo = try repository(sandbox, approvers: [])
        try sandbox.write("app/views.py", "print('hi')\n", in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-qm", "Add a view", in: repo)
        let plain = try sandbox.secissue("protect", "check", in: repo)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout == "no protected changes in main..HEAD\n")

        try changeWorkflow(sandbox, repo, "deploy: prod", trailers: ["Security-Approved-By: \(Self.bob)"])
        let head = try sandbox.head(repo)
        let status = try sandbox.git("status", "--porcelain", in: repo)
        let reported = try sandbox.secissue("protect", "check", "--no-file", in: repo)
        #expect(reported.status == 2)
        #expect(reported.stdout.contains("UNAPPROVED: no approvers are configured"))
        #expect(reported.stderr.contains("add people under protect.approvers in .security/config.yml"))
        #expect(!reported.stderr.contains("findings:"))
        #expect(try sandbox.head(repo) == head)
        #expect(try sandbox.git("status", "--porcelain", in: repo) == status)
        #expect(try sandbox.findings(in: repo).isEmpty)
    }

    @Test("--format json describes each protected change; a bad range exits 1 with a message")
    func jsonAndBadRange() throws {
        let sandbox = try Sandbox()
        let repo = try repository(sandbox)
        let commit = try changeWorkflow(sandbox, repo, "deploy: prod")
        let result = try sandbox.secissue("protect", "check", "main..feature", "--format", "json", "--no-file", in: repo)
        #expect(result.status == 2)
        let object = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["range"] as? String == "main..feature")
        let change = try #require((object["protected_changes"] as? [[String: Any]])?.first)
        #expect(change["commit"] as? String == commit)
        #expect(change["approved"] as? Bool == false)
        #expect((change["finding"] as? String)?.hasPrefix("SEC-") == true)
        let path = try #require((change["paths"] as? [[String: Any]])?.first)
        #expect(path["path"] as? String == ".github/workflows/ci.yml" && path["insertions"] as? Int == 2 && path["change"] as? String == "added")

        let bad = try sandbox.secissue("protect", "check", "nosuch..HEAD", in: repo)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("bad range 'nosuch..HEAD': unknown revision 'nosuch'"))
        #expect(bad.stdout.isEmpty)
    }

    @Test("status lists each protected pattern with its last change and last approved change")
    func status() throws {
        let sandbox = try Sandbox()
        let repo = try repository(sandbox)
        let approved = try changeWorkflow(sandbox, repo, "lint: true", trailers: ["Security-Approved-By: \(Self.bob)"])
        let unapproved = try changeWorkflow(sandbox, repo, "deploy: prod")
        let result = try sandbox.secissue("protect", "status", in: repo)
        #expect(result.status == 0, "\(result.stderr)")
        let line = try #require(result.lines.first { $0.hasPrefix(".github/workflows/**") })
        #expect(line.contains("\(unapproved.prefix(7))") && line.contains("UNAPPROVED"))
        #expect(line.contains("\(approved.prefix(7))") && line.contains("by Bob Builder <bob@example.com> (trailer: claimed, not verified)"))
        #expect(result.lines.contains { $0.hasPrefix("Jenkinsfile") && $0.hasSuffix("-") })
        #expect(result.stderr.contains("2 approvers"))

        let json = try sandbox.secissue("protect", "status", "--format", "json", in: repo)
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let workflows = try #require((object["paths"] as? [[String: Any]])?.first { $0["pattern"] as? String == ".github/workflows/**" })
        #expect((workflows["last_change"] as? [String: Any])?["commit"] as? String == unapproved)
        #expect((workflows["last_approved_change"] as? [String: Any])?["commit"] as? String == approved)
        #expect(object["truncated"] as? Bool == false)
    }
}
