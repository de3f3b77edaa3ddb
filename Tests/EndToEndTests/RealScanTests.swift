import Foundation
import Testing
import TestSupport

/// Imports of the real scanner output in Tests/Fixtures (see its README for how it was made).
@Suite("real scans", .scratchDirectory)
struct RealScanTests {
    /// The sample app's first commit, scanned; then the follow-up commit (tasks.py deleted, a
    /// new query in app.py, everything in app.py moved down four lines), scanned again.
    func beforeAndAfter(_ tool: String) throws -> (first: RunResult, second: RunResult, before: [[String: Any]], after: [[String: Any]]) {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        let first = try sandbox.secissue("import", Fixtures.sarif("\(tool).sarif"), in: repo)
        let before = try sandbox.findings(in: repo)
        try FileManager.default.removeItem(atPath: repo + "/tasks.py")
        try FileManager.default.removeItem(atPath: repo + "/app.py")
        try FileManager.default.copyItem(atPath: Fixtures.directory.appendingPathComponent("sample-app-after/app.py").path, toPath: repo + "/app.py")
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-q", "-m", "Follow-up: drop tasks.py, add user search", in: repo)
        let second = try sandbox.secissue("import", Fixtures.sarif("\(tool)-after.sarif"), in: repo)
        return (first, second, before, try sandbox.findings(in: repo))
    }

    @Test("Bandit before and after: the deleted file's findings are fixed, the new one is new, moved ones keep their IDs")
    func banditBeforeAfter() throws {
        let (first, second, before, after) = try beforeAndAfter("bandit")
        #expect(first.status == 0 && second.status == 0, "\(first.stderr)\(second.stderr)")
        #expect(second.stdout == Expected.banditAfter, "\(second.stdout)")
        try checkIdentity(before: before, after: after)
    }

    @Test("Semgrep before and after")
    func semgrepBeforeAfter() throws {
        let (first, second, before, after) = try beforeAndAfter("semgrep")
        #expect(first.status == 0 && second.status == 0, "\(first.stderr)\(second.stderr)")
        #expect(second.stdout == Expected.semgrepAfter, "\(second.stdout)")
        try checkIdentity(before: before, after: after)
    }

    /// Every app.py finding of the first scan is still there, with the same ID, four lines lower:
    /// triaged ones too, as their status stays but their location follows the code.
    func checkIdentity(before: [[String: Any]], after: [[String: Any]]) throws {
        let afterByID = Dictionary(uniqueKeysWithValues: after.map { ($0["id"] as! String, $0) })
        for finding in before {
            let location = finding["location"] as? [String: Any]
            let id = finding["id"] as! String
            let later = try #require(afterByID[id], "\(id) disappeared")
            let path = location?["path"] as? String
            if path == "app.py", let line = location?["line"] as? Int, later["status"] as? String != "fixed" {
                #expect(later["status"] as? String == finding["status"] as? String, "\(id)")
                #expect((later["location"] as? [String: Any])?["line"] as? Int == line + 4, "\(id)")
            }
            if path == "tasks.py" { #expect(later["status"] as? String == "fixed", "\(id)") }
        }
    }

    @Test("a scan of an older commit, imported after a newer one, undoes nothing")
    func staleScan() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        let older = try sandbox.head(repo)
        #expect(try sandbox.secissue("import", Fixtures.sarif("bandit.sarif"), in: repo).status == 0)
        try FileManager.default.removeItem(atPath: repo + "/tasks.py")
        try FileManager.default.removeItem(atPath: repo + "/app.py")
        try FileManager.default.copyItem(atPath: Fixtures.directory.appendingPathComponent("sample-app-after/app.py").path, toPath: repo + "/app.py")
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-q", "-m", "Follow-up", in: repo)
        #expect(try sandbox.secissue("import", Fixtures.sarif("bandit-after.sarif"), in: repo).status == 0)
        let before = try sandbox.findings(in: repo)
        let stale = try sandbox.secissue("import", Fixtures.sarif("bandit.sarif"), "--commit", older, in: repo)
        #expect(stale.status == 0)
        #expect(stale.stdout.hasPrefix("new 0, updated 0, reopened 0, fixed 0,"), "\(stale.stdout)")
        #expect(stale.stderr.contains("is older than"))
        let after = try sandbox.findings(in: repo)
        #expect(after.map { $0["status"] as? String } == before.map { $0["status"] as? String })
    }

    @Test("every real fixture imports cleanly, with tool names and CWEs", arguments: ["bandit", "semgrep", "checkov", "cfn-lint", "gitleaks"])
    func importsCleanly(tool: String) throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        let result = try sandbox.secissue("import", Fixtures.sarif("\(tool).sarif"), in: repo)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("new "))
        #expect(!result.stdout.hasPrefix("new 0,"))
        #expect(result.stdout.hasSuffix("skipped 0\n"), "\(result.stderr)")
        #expect(try sandbox.secissue("validate", in: repo).status == 0)
        #expect(try sandbox.secissue("export", in: repo).status == 0)
    }

    @Test("after importing secret scanners' output, no git object holds a secret")
    func secretsNeverWritten() throws {
        let sandbox = try Sandbox()
        // The scanned file stays out of git, so only what the import writes could leak it.
        let repo = try sandbox.sampleRepository(leaveOut: ["config.py"])
        for tool in ["gitleaks", "semgrep", "checkov", "bandit"] {
            let result = try sandbox.secissue("import", Fixtures.sarif("\(tool).sarif"), in: repo)
            #expect(result.status == 0, "\(tool): \(result.stderr)")
        }
        let secrets = ["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "ghp_FAKE0123456789abcdefghijklmnopqrstuv",
                       "hunter2-admin-password"]
        let objects = try sandbox.run("/usr/bin/git", ["cat-file", "--batch-all-objects", "--batch"], in: repo)
        #expect(objects.status == 0)
        #expect(objects.stdout.contains("[redacted]"))
        #expect(!objects.stdout.contains("[redacted sha256:"), "no hash of a secret either")
        for secret in secrets {
            #expect(!objects.stdout.contains(secret), "\(secret) reached a git object")
        }
        let listed = try sandbox.findings(in: repo).filter { ($0["tags"] as? [String])?.contains("secret") == true }
        #expect(!listed.isEmpty)
    }
}

/// What the fixtures' README says the before/after imports give.
enum Expected {
    static let banditAfter = "new 1, updated 11, reopened 0, fixed 4, unchanged 3, skipped 0\n"
    /// The moved false positive (the nosemgrep line) keeps its triage but follows its code, so it
    /// counts as updated.
    static let semgrepAfter = "new 1, updated 8, reopened 0, fixed 3, unchanged 1, skipped 0\n"
}

@Suite("import into a bare repository", .scratchDirectory)
struct BareImportTests {
    @Test("a bare repository imports onto its branch while other writers commit, and loses nothing")
    func bareAndConcurrent() async throws {
        let sandbox = try Sandbox()
        let source = try sandbox.sampleRepository()
        let bare = sandbox.path("bare.git")
        try sandbox.git("clone", "-q", "--bare", source, bare, in: sandbox.root.path)
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            group.addTask {
                let result = try sandbox.secissue("import", Fixtures.sarif("bandit.sarif"), in: bare)
                guard result.status == 0 else { throw SandboxError("import: \(result.stderr)") }
                return ""
            }
            for index in 1...3 {
                group.addTask {
                    let result = try sandbox.secissue("new", "--title", "Filed by hand \(index)", in: bare)
                    guard result.status == 0 else { throw SandboxError("new: \(result.stderr)") }
                    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                }
            }
            return try await group.reduce(into: [String]()) { if !$1.isEmpty { $0.append($1) } }
        }
        let findings = try sandbox.findings(in: bare)
        #expect(findings.count == 21)
        for id in ids { #expect(findings.contains { $0["id"] as? String == id }) }
        #expect(try sandbox.secissue("import", Fixtures.sarif("bandit.sarif"), in: bare).stdout == "new 0, updated 0, reopened 0, fixed 0, unchanged 18, skipped 0\n")
    }
}
