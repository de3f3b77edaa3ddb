import Foundation
import Testing
import TestSupport

/// Depth-1 and `--filter=blob:none` clones, made with real git from a `file://` source: each
/// command gives the full clone's answer or exits non-zero naming the fix, never "0 commits".
@Suite("shallow and partial clones", .scratchDirectory)
struct IncompleteCloneTests {
    static let bob = "Bob Builder <bob@example.com>"

    /// A source repository: main with history, Bob as approver, a finding fixed by a
    /// `Security-Fixes` commit, and a branch `feature` with an unapproved workflow change and a
    /// later commit on top. Serves partial clones (`uploadpack.allowFilter`).
    func source(_ sandbox: Sandbox) throws -> (path: String, finding: String) {
        let repo = try sandbox.repository("src")
        let config = try sandbox.read(".security/config.yml", in: repo)
        try sandbox.write(".security/config.yml", config.replacingOccurrences(of: "  approvers: []\n", with: "  approvers:\n    - \(Self.bob)\n"), in: repo)
        try sandbox.git("commit", "-qam", "Name the approvers", in: repo)
        for index in 1...3 {
            try sandbox.write("app/db.py", try sandbox.read("app/db.py", in: repo) + "# change \(index)\n", in: repo)
            try sandbox.git("commit", "-qam", "Change \(index)", in: repo)
        }
        let finding = try sandbox.newFinding("--title", "Injection in search", "--severity", "high", "--path", "app/db.py:4", in: repo)
        try sandbox.write("app/db.py", try sandbox.read("app/db.py", in: repo) + "# parameterised\n", in: repo)
        try sandbox.git("commit", "-qam", "Parameterise the search", "--trailer", "Security-Fixes: \(finding)", in: repo)
        try sandbox.write("README.md", "# sample, later\n", in: repo)
        try sandbox.git("commit", "-qam", "Later work", in: repo)
        try sandbox.git("checkout", "-qb", "feature", in: repo)
        try sandbox.write(".github/workflows/ci.yml", "on: push\njobs: {}\n", in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-qm", "Add a workflow", in: repo)
        try sandbox.write("app/db.py", try sandbox.read("app/db.py", in: repo) + "# feature\n", in: repo)
        try sandbox.git("commit", "-qam", "Feature work", in: repo)
        try sandbox.git("checkout", "-q", "main", in: repo)
        try sandbox.git("config", "uploadpack.allowFilter", "true", in: repo)
        return (repo, finding)
    }

    /// `git clone ARGS file://SOURCE NAME`.
    func clone(_ sandbox: Sandbox, _ source: String, _ name: String, _ arguments: String...) throws -> String {
        try sandbox.run("/usr/bin/git", ["clone", "-q"] + arguments + ["file://" + source, name], in: sandbox.root.path).status == 0
            ? sandbox.path(name) : { throw SandboxError("git clone \(arguments) failed") }()
    }

    func expectFix(_ result: RunResult, _ comment: Comment? = nil) {
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("shallow clone"), "\(result.stderr)")
        #expect(result.stderr.contains("git fetch --unshallow") && result.stderr.contains("fetch-depth: 0") && result.stderr.contains("GIT_DEPTH: 0"))
        #expect(!result.stderr.contains("0 commits"))
    }

    @Test("protect check: the full and partial clones find the unapproved change; the depth-1 clone stops with the fix until unshallowed")
    func protectCheck() throws {
        let sandbox = try Sandbox()
        let (source, _) = try source(sandbox)
        let full = try clone(sandbox, source, "full", "-b", "feature")
        let shallow = try clone(sandbox, source, "shallow", "--depth", "1", "--no-single-branch", "-b", "feature")
        let partial = try clone(sandbox, source, "partial", "--filter=blob:none", "-b", "feature")
        #expect(FileManager.default.fileExists(atPath: shallow + "/.git/shallow"))
        #expect(try sandbox.git("config", "remote.origin.promisor", in: partial).hasPrefix("true"))

        let expected = try sandbox.secissue("protect", "check", "origin/main..HEAD", "--no-file", in: full)
        #expect(expected.status == 2, "\(expected.stderr)")
        #expect(expected.stdout.contains("Add a workflow") && expected.stdout.contains("UNAPPROVED"))
        #expect(expected.stderr.contains("origin/main..HEAD: 2 commits"))

        let fromPartial = try sandbox.secissue("protect", "check", "origin/main..HEAD", "--no-file", in: partial)
        #expect(fromPartial.status == 2, "\(fromPartial.stderr)")
        #expect(fromPartial.stdout == expected.stdout)

        expectFix(try sandbox.secissue("protect", "check", "origin/main..HEAD", "--no-file", in: shallow))
        expectFix(try sandbox.secissue("protect", "check", "--no-file", in: shallow))
        // A range inside the clone is answered: HEAD alone is there, with its parent.
        let depthTwo = try clone(sandbox, source, "two", "--depth", "2", "-b", "feature")
        let inside = try sandbox.secissue("protect", "check", "HEAD~1..HEAD", "--no-file", in: depthTwo)
        #expect(inside.status == 0, "\(inside.stderr)")
        #expect(inside.stderr.contains("HEAD~1..HEAD: 1 commit"))

        try sandbox.git("fetch", "-q", "--unshallow", in: shallow)
        let unshallowed = try sandbox.secissue("protect", "check", "origin/main..HEAD", "--no-file", in: shallow)
        #expect(unshallowed.status == 2)
        #expect(unshallowed.stdout == expected.stdout)
    }

    @Test("sync: the full and partial clones fix the finding from its Security-Fixes commit; the depth-1 clone stops with the fix")
    func sync() throws {
        let sandbox = try Sandbox()
        let (source, finding) = try source(sandbox)
        let full = try clone(sandbox, source, "full")
        let partial = try clone(sandbox, source, "partial", "--filter=blob:none")
        let shallow = try clone(sandbox, source, "shallow", "--depth", "1")
        for repo in [full, partial] {
            let result = try sandbox.secissue("sync", in: repo)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("1 findings fixed: \(finding)"), "\(result.stdout)")
        }
        let head = try sandbox.head(shallow)
        expectFix(try sandbox.secissue("sync", in: shallow))
        #expect(try sandbox.head(shallow) == head)
        #expect(try sandbox.findings(in: shallow).first?["status"] as? String == "open")
    }

    @Test("import: introduced is blamed in full and partial clones alike; a depth-1 clone leaves it empty with one warning naming the cause")
    func importIntroduced() throws {
        let sandbox = try Sandbox()
        let (source, _) = try source(sandbox)
        let sarif = try PullRequestGateTests.oneResult(sandbox, name: "scan.sarif", rule: "sqli", path: "app/db.py", line: 4)
        func introduced(_ repo: String) throws -> String? {
            let result = try sandbox.secissue("import", sarif, in: repo)
            #expect(result.status == 0, "\(result.stderr)")
            let finding = try sandbox.findings(in: repo).first { ($0["source"] as? [String: Any])?["rule"] as? String == "sqli" }
            return (finding?["commits"] as? [String: Any])?["introduced"] as? String
        }
        let full = try clone(sandbox, source, "full")
        let partial = try clone(sandbox, source, "partial", "--filter=blob:none")
        let shallow = try clone(sandbox, source, "shallow", "--depth", "1")
        let blamed = try #require(try introduced(full))
        #expect(blamed == (try sandbox.git("rev-list", "--max-parents=0", "HEAD", in: full)).trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(try introduced(partial) == blamed)

        let result = try sandbox.secissue("import", sarif, "--category", "again", in: shallow)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.components(separatedBy: "warning:").count == 2, "\(result.stderr)")
        #expect(result.stderr.contains("commits.introduced is left empty on 1 finding: this is a shallow clone"))
        #expect(result.stderr.contains("git fetch --unshallow"))
        let finding = try sandbox.findings(in: shallow).first { ($0["source"] as? [String: Any])?["rule"] as? String == "sqli" }
        #expect((finding?["commits"] as? [String: Any])?["introduced"] is NSNull || (finding?["commits"] as? [String: Any])?["introduced"] == nil)
    }

    @Test("ci: a depth-1 clone stops with the fix before writing (commit mode) or comparing (pull request); a partial clone gives the full clone's answer")
    func ciInClones() throws {
        let sandbox = try Sandbox()
        let (source, _) = try source(sandbox)
        let sarif = try PullRequestGateTests.oneResult(sandbox, name: "scan.sarif", rule: "sqli", path: "app/db.py", line: 4)
        let shallowMain = try clone(sandbox, source, "shallow-main", "--depth", "1")
        let head = try sandbox.head(shallowMain)
        expectFix(try sandbox.secissue("ci", "--sarif", sarif, "--mode", "commit", in: shallowMain))
        #expect(try sandbox.head(shallowMain) == head)

        let shallowPR = try clone(sandbox, source, "shallow-pr", "--depth", "1", "--no-single-branch", "-b", "feature")
        expectFix(try sandbox.secissue("ci", "--sarif", sarif, in: shallowPR, env: PullRequestGateTests.pullRequest))

        let full = try clone(sandbox, source, "full", "-b", "feature")
        let partial = try clone(sandbox, source, "partial", "--filter=blob:none", "-b", "feature")
        let expected = try sandbox.secissue("ci", "--sarif", sarif, in: full, env: PullRequestGateTests.pullRequest)
        #expect(expected.status == 2, "\(expected.stderr)")
        let fromPartial = try sandbox.secissue("ci", "--sarif", sarif, in: partial, env: PullRequestGateTests.pullRequest)
        #expect(fromPartial.status == 2, "\(fromPartial.stderr)")
        #expect(fromPartial.stdout == expected.stdout)
    }
}
