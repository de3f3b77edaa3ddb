import Foundation
import Testing
import TestSupport

/// Input an adversary controls (a scanner's log, an access log, a committed config or finding,
/// a teammate's branch), as a user would meet it: no crash, a message that says what and where,
/// and nothing written or lost.
@Suite("hostile input", .scratchDirectory)
struct HostileInputTests {
    /// 132 is what a shell shows for SIGILL, the signal a Swift overflow trap raises; 128+ is any signal.
    static func expectNoCrash(_ result: RunResult, _ what: String) {
        #expect(result.status < 128, "\(what) crashed (\(result.status)): \(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"), "\(what): \(result.stderr)")
    }

    static func sarif(message: String = #""Secret found.""#, region: String, tool: String = "gitleaks") -> String {
        """
        {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "\(tool)", "rules": [{"id": "generic-api-key"}]}},
         "results": [{"ruleId": "generic-api-key", "level": "error", "message": {"text": \(message)},
          "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app/db.py"}, "region": \(region)}}]}]}]}
        """
    }

    @Test("a huge sla_days is refused by validate and by new, naming the file, line, field and range", arguments: ["9223372036854775807", "99999999999"])
    func hugeSLA(days: String) throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try sandbox.write(".security/config.yml", "sla_days:\n  high: \(days)\n", in: repo)
        try sandbox.git("commit", "-qam", "a teammate's config", in: repo)
        let head = try sandbox.head(repo)
        let message = ".security/config.yml:2: sla_days.high: \(days) is out of range: allowed 1…3650 days"
        let validate = try sandbox.secissue("validate", in: repo)
        Self.expectNoCrash(validate, "validate")
        #expect(validate.status == 1)
        #expect(validate.stdout.contains(message), "\(validate.stdout)")
        let new = try sandbox.secissue("new", "--title", "XSS", "--severity", "high", in: repo)
        Self.expectNoCrash(new, "new")
        #expect(new.status == 1)
        #expect(new.stderr.contains(message), "\(new.stderr)")
        #expect(try sandbox.head(repo) == head)
        #expect(try sandbox.git("status", "--porcelain", in: repo).isEmpty)
    }

    @Test("a SARIF endColumn of Int64.min on a secret is imported, not a crash")
    func extremeColumns() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let region = #"{"startLine": 4, "startColumn": 5, "endColumn": -9223372036854775808, "endLine": 9223372036854775807}"#
        try sandbox.write("scan.sarif", Self.sarif(message: #""key found""#, region: region), in: repo)
        let result = try sandbox.secissue("import", "scan.sarif", in: repo)
        Self.expectNoCrash(result, "import")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try sandbox.secissue("validate", in: repo).status == 0)
    }

    @Test("an integer beyond 64 bits in SARIF is named with its byte, not called truncated")
    func hugeLineNumber() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try sandbox.write("scan.sarif", Self.sarif(region: #"{"startLine": 99999999999999999999}"#), in: repo)
        let result = try sandbox.secissue("import", "scan.sarif", in: repo)
        Self.expectNoCrash(result, "import")
        #expect(result.status != 0)
        #expect(result.stderr.contains("scan.sarif: not a SARIF 2.1.0 log: a number does not fit in 64 bits (99999999999999999999"), "\(result.stderr)")
        #expect(result.stderr.contains("at byte") && !result.stderr.contains("truncated"), "\(result.stderr)")
    }

    @Test("a JSON-lines access log with a time of 1e308 skips that record and reads the rest")
    func hugeEpoch() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let lines = [
            #"{"time": 1e308, "remote_addr": "203.0.113.5", "method": "GET", "uri": "/?q=1'%20OR%201=1--", "status": 200}"#,
            #"{"time": -1e308, "remote_addr": "203.0.113.5", "method": "GET", "uri": "/", "status": 200}"#,
            #"{"time": 1732608000, "remote_addr": "203.0.113.5", "method": "GET", "uri": "/", "status": 200}"#,
        ]
        try sandbox.write("access.jsonl", lines.joined(separator: "\n") + "\n", in: repo)
        let result = try sandbox.secissue("telemetry", "ingest", "--no-file", "--input", "jsonl", "access.jsonl", in: repo)
        Self.expectNoCrash(result, "telemetry ingest")
        #expect(result.stderr.contains("access.jsonl: skipped 2 unreadable record(s)"), "\(result.stderr)")
    }

    @Test("a SARIF message holding an activity heading cannot replace the activity log; validate flags a hand-made one")
    func forgedActivity() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let forged = #""Reflected input.\n\n## Activity\n- 2026-11-26T17:00:00Z Mallory <m@example.com> closed: fixed\n""#
        try sandbox.write("scan.sarif", Self.sarif(message: forged, region: #"{"startLine": 2}"#, tool: "semgrep"), in: repo)
        let imported = try sandbox.secissue("import", "scan.sarif", in: repo)
        #expect(imported.status == 0, "\(imported.stderr)")
        let finding = try #require(try sandbox.findings(in: repo).first)
        let id = try #require(finding["id"] as? String)
        let show = try sandbox.secissue("show", id, "--format", "json", in: repo)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let activity = try #require(object["activity"] as? [String])
        #expect(!activity.isEmpty && activity.allSatisfy { !$0.contains("Mallory") }, "\(activity)")
        #expect((object["description"] as? String)?.contains("\\## Activity") == true)
        #expect(try sandbox.secissue("validate", in: repo).status == 0)

        // The same text put there by hand: the log still reads right, and validate says where the heading is.
        let file = findingFile(id)
        let text = try sandbox.read(file, in: repo)
        try sandbox.write(file, text.replacingOccurrences(of: "\\## Activity", with: "## Activity"), in: repo)
        let again = try sandbox.secissue("show", id, "--format", "json", in: repo)
        let reread = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect(reread["activity"] as? [String] == activity)
        let validate = try sandbox.secissue("validate", in: repo)
        #expect(validate.status == 1)
        #expect(validate.stdout.contains("\(file):"), "\(validate.stdout)")
        #expect(validate.stdout.contains("reads as an activity heading ('## Activity')"), "\(validate.stdout)")
    }

    @Test("the merge driver keeps a description with a NUL byte, merges the other side's change and says why on stderr")
    func mergeWithNul() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let install = try sandbox.secissue("hooks", "install", in: repo)
        #expect(install.status == 0, "\(install.stderr)")
        let id = try sandbox.newFinding("--title", "XSS", "-m", "First paragraph.\n\nSecond paragraph.", in: repo)
        let file = findingFile(id)
        try sandbox.git("checkout", "-q", "-b", "feature", in: repo)
        try sandbox.write(file, try sandbox.read(file, in: repo).replacingOccurrences(of: "Second paragraph.", with: "Second \u{0} payload."), in: repo)
        try sandbox.git("commit", "-qam", "payload with a NUL", in: repo)
        try sandbox.git("checkout", "-q", "main", in: repo)
        try sandbox.write(file, try sandbox.read(file, in: repo).replacingOccurrences(of: "First paragraph.", with: "First, changed on main."), in: repo)
        try sandbox.git("commit", "-qam", "edit on main", in: repo)
        let merge = try sandbox.run("/usr/bin/git", ["merge", "--no-edit", "-q", "feature"], in: repo)
        #expect(merge.status == 0, "\(merge.stdout)\(merge.stderr)")
        #expect(merge.stderr.contains("their version holds a NUL byte"), "\(merge.stderr)")
        let text = try sandbox.read(file, in: repo)
        #expect(text.contains("First, changed on main.\n\nSecond \\u0000 payload."), "\(text)")
        #expect(!text.utf8.contains(0))
    }

    @Test("the merge driver keeps both whole versions of an unparseable file with a NUL, with conflict markers and a reason")
    func mergeDriverBinaryFallback() throws {
        let sandbox = try Sandbox()
        let base = sandbox.path("base.md"), ours = sandbox.path("ours.md"), theirs = sandbox.path("theirs.md")
        try "not a finding\n".write(toFile: base, atomically: true, encoding: .utf8)
        try "not a finding, ours\u{0}\n".write(toFile: ours, atomically: true, encoding: .utf8)
        try "not a finding, theirs\n".write(toFile: theirs, atomically: true, encoding: .utf8)
        let result = try sandbox.secissue("merge-driver", base, ours, theirs, ".security/findings/SEC-x.md", in: sandbox.root.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("our version holds a NUL byte (line 1, byte 20)"), "\(result.stderr)")
        #expect(result.stderr.contains("kept both versions whole between conflict markers"), "\(result.stderr)")
        let merged = try String(contentsOfFile: ours, encoding: .utf8)
        #expect(merged == "<<<<<<< ours\nnot a finding, ours\u{0}\n=======\nnot a finding, theirs\n>>>>>>> theirs\n")
    }

    @Test("a committed .security symlinked outside the repository is refused by init --force, new and list")
    func symlinkedSecurity() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let outside = sandbox.path("outside")
        try FileManager.default.moveItem(atPath: repo + "/.security", toPath: outside)
        try FileManager.default.createSymbolicLink(atPath: repo + "/.security", withDestinationPath: outside)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-qm", "a hostile symlink", in: repo)
        let before = try FileManager.default.subpathsOfDirectory(atPath: outside).sorted()
        let head = try sandbox.head(repo)
        for arguments in [["init", "--force"], ["new", "--title", "x"], ["list"], ["validate"]] {
            let result = try sandbox.run(Sandbox.binary, arguments, in: repo)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.contains(".security is a symbolic link (to \(outside))"), "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("replace it with a real directory"), "\(arguments): \(result.stderr)")
        }
        #expect(try FileManager.default.subpathsOfDirectory(atPath: outside).sorted() == before)
        #expect(try sandbox.head(repo) == head)
    }

    @Test("symlinked findings directories and finding files are refused too")
    func symlinkedFindings() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let id = try sandbox.newFinding("--title", "XSS", in: repo)
        let outside = sandbox.path("stolen.md")
        try FileManager.default.moveItem(atPath: repo + "/\(findingFile(id))", toPath: outside)
        try FileManager.default.createSymbolicLink(atPath: repo + "/\(findingFile(id))", withDestinationPath: outside)
        let show = try sandbox.secissue("show", id, in: repo)
        #expect(show.status != 0)
        #expect(show.stderr.contains("\(findingFile(id)) is a symbolic link"), "\(show.stderr)")
        #expect(show.stderr.contains("replace it with a regular file"), "\(show.stderr)")
        let comment = try sandbox.secissue("comment", id, "-m", "hi", "--no-commit", in: repo)
        #expect(comment.status != 0)
        #expect(try String(contentsOfFile: outside, encoding: .utf8).contains("commented") == false)

        try FileManager.default.removeItem(atPath: repo + "/\(findingFile(id))")
        let elsewhere = sandbox.path("elsewhere")
        try FileManager.default.moveItem(atPath: repo + "/.security/findings", toPath: elsewhere)
        try FileManager.default.createSymbolicLink(atPath: repo + "/.security/findings", withDestinationPath: elsewhere)
        let new = try sandbox.secissue("new", "--title", "y", "--no-commit", in: repo)
        #expect(new.status != 0)
        #expect(new.stderr.contains(".security/findings is a symbolic link"), "\(new.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).filter { $0.hasSuffix(".md") }.isEmpty)
    }
}
