import Foundation
import Testing
import TestSupport

/// The history people read: a batch of triage is one commit (`git secissue commit`), and every
/// commit the tool makes carries `Secissue-Commit:`, which the documented recipe hides.
@Suite("tool commits", .scratchDirectory)
struct ToolCommitTests {
    /// The first `sh` line of docs/workflow.md that hides the tool's commits, as its arguments.
    static func hideRecipe() throws -> [String] {
        let text = try String(contentsOf: DocExampleTests.package.appendingPathComponent("docs/workflow.md"), encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("git log") && $0.contains("--invert-grep") })
        // `git log --oneline --invert-grep --grep='^Secissue-Commit:'`, without the shell's quotes.
        return line.split(separator: " ").dropFirst(2).map { $0.replacingOccurrences(of: "'", with: "") }
    }

    @Test("commit turns triage staged with --no-commit into one summed-up commit, and only that")
    func batchTriage() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        #expect(try sandbox.secissue("import", Fixtures.sarif("bandit.sarif"), in: repo).status == 0)
        let ids = try sandbox.findings(in: repo).compactMap { $0["id"] as? String }.sorted()
        try #require(ids.count >= 3)
        let nothing = try sandbox.secissue("commit", in: repo)
        #expect(nothing.status == 1)
        #expect(nothing.stderr.contains("nothing to commit in .security/"))

        for id in ids.prefix(2) {
            #expect(try sandbox.secissue("status", id, "false-positive", "--reason", "test code", "--no-commit", in: repo).status == 0)
        }
        #expect(try sandbox.secissue("status", ids[2], "risk-accepted", "--reason", "internal", "--expires", "2099-01-01",
                                     "--no-commit", in: repo).status == 0)
        try sandbox.write("app/unrelated.py", "x = 1\n", in: repo)
        try sandbox.git("add", "app/unrelated.py", in: repo)
        let before = try sandbox.head(repo)
        let run = try sandbox.secissue("commit", in: repo)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("secissue: triage 3 findings: 2 false-positive, 1 risk-accepted"))
        #expect(try sandbox.git("rev-parse", "HEAD~1", in: repo).trimmingCharacters(in: .whitespacesAndNewlines) == before)
        let message = try sandbox.git("log", "-1", "--format=%B", in: repo)
        #expect(message.hasPrefix("secissue: triage 3 findings: 2 false-positive, 1 risk-accepted\n\n"))
        #expect(message.contains("\(ids[0]): open -> false-positive "))
        #expect(message.contains("\(ids[2]): open -> risk-accepted "))
        #expect(message.contains("Security-Finding: \(ids[1])\n"))
        #expect(message.hasSuffix("Secissue-Commit: triage\n\n") || message.hasSuffix("Secissue-Commit: triage\n"))
        let files = try sandbox.git("show", "--name-only", "--format=", "HEAD", in: repo).split(separator: "\n")
        #expect(files.count == 3 && files.allSatisfy { $0.hasPrefix(".security/findings/") }, "\(files)")
        #expect(try sandbox.git("status", "--porcelain", in: repo) == "A  app/unrelated.py\n", "other staged files stay staged")

        // A hand edit with a custom subject; a secret on an added line is refused.
        let path = findingFile(ids[3])
        try sandbox.write(path, try sandbox.read(path, in: repo).replacingOccurrences(of: "## Activity", with: "Seen in prod.\n\n## Activity"), in: repo)
        #expect(try sandbox.secissue("commit", "-m", "Note where it was seen", in: repo).status == 0)
        #expect(try sandbox.git("log", "-1", "--format=%s", in: repo) == "Note where it was seen\n")
        try sandbox.write(path, try sandbox.read(path, in: repo) + "token: ghp_" + "R8vK2mQ7xL4nP9wT3bY6cF1hJ5dS0aZ2eG7u\n", in: repo)
        let secret = try sandbox.secissue("commit", in: repo)
        #expect(secret.status == 1)
        #expect(secret.stderr.contains("nothing was committed") && !secret.stderr.contains("R8vK2mQ7xL4nP9wT3bY6"), "\(secret.stderr)")
    }

    @Test("every kind of tool commit carries the trailer, and the documented recipe hides exactly them")
    func trailerOnEveryToolCommit() throws {
        let sandbox = try Sandbox()
        let repo = try TelemetryTests.appRepository(sandbox)   // initialised: `init` made a commit
        let id = try sandbox.newFinding("--title", "Hand-filed", "--severity", "low", in: repo)
        let steps: [[String]] = [
            ["comment", id, "-m", "looked at it"],
            ["assign", id, "bob@example.com"],
            ["link", id, "--issue", "SHOP-1"],
            ["status", id, "confirmed"],
            ["close", id, "--reason", "done"],
            ["reopen", id, "--reason", "not done"],
            ["import", Fixtures.sarif("bandit.sarif")],
            ["libs", "trust", "requests", "--ecosystem", "pypi", "--reason", "widely used"],
        ]
        for step in steps {
            let run = try sandbox.run(Sandbox.binary, step, in: repo)
            #expect(run.status == 0, "\(step): \(run.stderr)")
        }
        try sandbox.write("etc/app.conf", "debug = false\n", in: sandbox.path("root"))
        #expect(try sandbox.secissue("baseline", "record", "web", "--root", sandbox.path("root"), "etc", in: repo).status == 0)
        try sandbox.write("logs/a.log", LiveStateTests.attack(hour: 8), in: repo)
        try sandbox.secissue("telemetry", "ingest", "logs/a.log", in: repo)
        try sandbox.write("app/fix.py", "fixed = True\n", in: repo)
        try sandbox.git("add", "app/fix.py", in: repo)
        try sandbox.git("commit", "-qm", "Fix the search\n\nSecurity-Fixes: \(id)", in: repo)
        #expect(try sandbox.secissue("sync", in: repo).status == 0)
        #expect(try sandbox.secissue("status", id, "false-positive", "--reason", "not reachable", "--no-commit", in: repo).status == 0)
        #expect(try sandbox.secissue("commit", in: repo).status == 0)

        let log = try sandbox.git("log", "--format=%x1e%s%x1f%(trailers:key=Secissue-Commit,valueonly,separator=%x2c)", in: repo)
        var human: [String] = []
        var kinds: [String] = []
        for entry in log.split(separator: "\u{1e}") {
            let parts = entry.split(separator: "\u{1f}", omittingEmptySubsequences: false)
            let subject = String(parts[0])
            let trailer = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespacesAndNewlines) : ""
            if subject.hasPrefix("secissue: ") {
                #expect(!trailer.isEmpty, "no trailer on \(subject)")
                kinds.append(trailer)
            } else {
                #expect(trailer.isEmpty, "a person's commit is not the tool's: \(subject)")
                human.append(subject)
            }
        }
        for kind in ["initialise", "open", "comment", "assign", "link", "mark", "reopen", "import", "trust", "record", "sync", "triage"] {
            #expect(kinds.contains(kind), "no commit of kind \(kind) among \(kinds)")
        }
        let state = try sandbox.git("log", "--format=%x1e%(trailers:key=Secissue-Commit,valueonly)", "refs/secissue/state", in: repo)
        #expect(state.split(separator: "\u{1e}").allSatisfy { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }, "\(state)")

        let shown = try sandbox.run("/usr/bin/git", ["log", "--format=%s"] + (try Self.hideRecipe()).filter { $0 != "--oneline" }, in: repo)
        #expect(shown.stdout.split(separator: "\n").map(String.init) == human, "\(shown.stdout)")
        #expect(human == ["Fix the search", "Web app", "Initial commit"])
    }
}
