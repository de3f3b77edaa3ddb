import Foundation
import Testing
import TestSupport

@Suite("telemetry", .scratchDirectory)
struct TelemetryTests {
    /// A combined-format line at `minute` past 08:00 on 27 Nov 2026.
    static func line(_ client: String, _ target: String, status: Int = 200, minute: Int, second: Int = 0) -> String {
        let time = String(format: "27/Nov/2026:08:%02d:%02d +0000", minute, second)
        return "\(client) - - [\(time)] \"GET \(target) HTTP/1.1\" \(status) 512 \"-\" \"Mozilla/5.0\""
    }

    static let firstLog = [
        line("203.0.113.5", "/search?q=shoes", minute: 0),
        line("203.0.113.5", "/search?q=1%27%20UNION%20SELECT%20username,password%20FROM%20users--", minute: 1),
        line("203.0.113.5", "/search?q=1'/**/union/**/all/**/select/**/null--", minute: 2),
        line("198.51.100.7", "/search?q=x%27+OR+%271%27%3D%271", minute: 3),
        line("198.51.100.7", "/comment?text=%3Cscript%3Ealert(1)%3C/script%3E", minute: 4),
        line("192.0.2.10", "/search?q=union+station", minute: 5),
    ].joined(separator: "\n") + "\n"

    static let laterLog = [
        line("203.0.113.5", "/search?q=1%20AND%20SLEEP(5)", minute: 30),
        line("203.0.113.9", "/search?q=1%27%20UNION%20SELECT%201,2,3--", minute: 31),
    ].joined(separator: "\n") + "\n"

    /// A repository whose Flask app declares the attacked route.
    static func appRepository(_ sandbox: Sandbox) throws -> String {
        let repo = try sandbox.repository()
        try sandbox.write("app/web.py", "from flask import Flask\napp = Flask(__name__)\n\n@app.route(\"/search\")\ndef search():\n    pass\n", in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-qm", "Web app", in: repo)
        return repo
    }

    @Test("attacks in an access log file findings located at the route, a re-run counts nothing twice, a newer log adds up")
    func ingestLifecycle() throws {
        let sandbox = try Sandbox()
        let repo = try Self.appRepository(sandbox)
        try sandbox.write("logs/access.log", Self.firstLog, in: repo)
        try sandbox.write("logs/later.log", Self.laterLog, in: repo)

        let first = try sandbox.secissue("telemetry", "ingest", "logs/access.log", in: repo)
        #expect(first.status == 2, "sqli is high, at the default gate: \(first.stderr)")
        #expect(first.stdout.contains("logs/access.log: combined, 6 records"))
        #expect(first.stderr.contains("findings: new 2,"))
        var findings = try sandbox.findings(in: repo)
        let sqli = try #require(findings.first { ($0["source"] as? [String: Any])?["rule"] as? String == "sqli" })
        #expect(sqli["severity"] as? String == "high")
        #expect(sqli["cwe"] as? [Int] == [89])
        #expect((sqli["source"] as? [String: Any])?["tool"] as? String == "telemetry")
        #expect((sqli["location"] as? [String: Any])?["path"] as? String == "app/web.py")
        #expect((sqli["location"] as? [String: Any])?["line"] as? Int == 4)
        #expect((sqli["evidence"] as? [String: Any])?["count"] as? Int == 3)
        // telemetry.client_addresses defaults to truncated: the /24, not the host.
        #expect((sqli["evidence"] as? [String: Any])?["sources"] as? [String] == ["203.0.113.0/24 (2)", "198.51.100.0/24 (1)"])
        #expect((sqli["description"] as? String)?.contains("203.0.113.5") == false)
        let xss = try #require(findings.first { ($0["source"] as? [String: Any])?["rule"] as? String == "xss" })
        #expect(xss["cwe"] as? [Int] == [79])
        #expect(xss["location"] is NSNull, "no code declares /comment")

        let head = try sandbox.head(repo)
        let again = try sandbox.secissue("telemetry", "ingest", "logs/access.log", in: repo)
        #expect(again.stderr.contains("findings: new 0, updated 0,"))
        #expect(again.stdout.contains("nothing new: the 4 suspicious event(s) in it were counted by an earlier ingest"))
        #expect(try sandbox.head(repo) == head)

        let later = try sandbox.secissue("telemetry", "ingest", "--input", "combined", "-", in: repo, stdin: Self.laterLog)
        #expect(later.status == 2)
        #expect(later.stderr.contains("findings: new 0, updated 1,"))
        findings = try sandbox.findings(in: repo)
        let updated = try #require(findings.first { $0["id"] as? String == sqli["id"] as? String })
        let evidence = try #require(updated["evidence"] as? [String: Any])
        #expect(evidence["count"] as? Int == 5)
        #expect(evidence["first_seen"] as? String == "2026-11-27T08:01:00Z")
        #expect(evidence["last_seen"] as? String == "2026-11-27T08:31:00Z")
        // The newer log's client is in the same /24 (addresses are truncated by default), so only
        // counts moved: they live in refs/secissue/state, not in a commit (docs/live-state.md).
        #expect(try sandbox.head(repo) == head, "counts alone add no commit")
        #expect((updated["description"] as? String)?.contains("5 requests seen") == true)
        let sources = try #require(evidence["sources"] as? [String])
        #expect(sources.first?.hasPrefix("203.0.113.0/24 (") == true && Set(sources).count == sources.count, "\(sources)")
        #expect(findings.count == 2)
    }

    @Test("--no-file writes nothing, --format json reports the run, --matches prints each detection")
    func reportOnly() throws {
        let sandbox = try Sandbox()
        let repo = try Self.appRepository(sandbox)
        try sandbox.write("access.log", Self.firstLog, in: repo)
        let head = try sandbox.head(repo)
        let json = try sandbox.secissue("telemetry", "ingest", "--no-file", "--format", "json", "access.log", in: repo)
        #expect(json.status == 2)
        #expect(try sandbox.head(repo) == head)
        #expect(try sandbox.findings(in: repo).isEmpty)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let rows = try #require(object["findings"] as? [[String: Any]])
        #expect(rows.map { $0["rule"] as? String } == ["sqli", "xss"])
        #expect(rows.first?["count"] as? Int == 3)
        #expect((object["gate"] as? [String])?.count == 1)

        let matches = try sandbox.secissue("telemetry", "ingest", "--no-file", "--matches", "access.log", in: repo)
        // Each line says why: the rule's reason and the decoded text around the tokens that decided.
        #expect(matches.lines == [
            "access.log:2\tsqli\t/search\ta quote closes the value, then SQL, an operator or a comment: \"/search?q=1' union select username,password fro…\"",
            "access.log:3\tsqli\t/search\ta quote closes the value, then SQL, an operator or a comment: \"/search?q=1' union all select null--\"",
            "access.log:4\tsqli\t/search\tand/or with a comparison that needs no table: \"…search?q=x' or '1'='1\"",
            "access.log:5\txss\t/comment\ta tag that runs script: \"…omment?text=<script>alert(1)</script>\"",
        ])
    }

    @Test("a risk-accepted telemetry finding passes the gate and keeps its triage")
    func acceptedPasses() throws {
        let sandbox = try Sandbox()
        let repo = try Self.appRepository(sandbox)
        try sandbox.write("access.log", Self.firstLog, in: repo)
        #expect(try sandbox.secissue("telemetry", "ingest", "access.log", in: repo).status == 2)
        let sqli = try #require(try sandbox.findings(in: repo).first { $0["severity"] as? String == "high" }?["id"] as? String)
        #expect(try sandbox.secissue("status", sqli, "risk-accepted", "--reason", "WAF blocks these; queries are parameterised",
                                     "--expires", "2099-01-01", in: repo).status == 0)
        let later = try sandbox.secissue("telemetry", "ingest", "-", in: repo, stdin: Self.laterLog)
        #expect(later.status == 0, "\(later.stderr)")
        #expect(try sandbox.findings(in: repo).first { $0["id"] as? String == sqli }?["status"] as? String == "risk-accepted")
    }

    @Test("in a bare repository the findings land on its branch, located in its code; a second ingest adds up")
    func bareRepository() throws {
        let sandbox = try Sandbox()
        let source = try Self.appRepository(sandbox)
        let bare = sandbox.path("bare.git")
        try sandbox.git("clone", "-q", "--bare", source, bare, in: sandbox.root.path)
        try sandbox.write("first.log", Self.firstLog, in: sandbox.root.path)
        #expect(try sandbox.secissue("telemetry", "ingest", sandbox.path("first.log"), in: bare).status == 2)
        #expect(try sandbox.secissue("telemetry", "ingest", "-", in: bare, stdin: Self.laterLog).status == 2)
        let findings = try sandbox.findings(in: bare)
        #expect(findings.count == 2)
        let sqli = try #require(findings.first { ($0["source"] as? [String: Any])?["rule"] as? String == "sqli" })
        #expect((sqli["evidence"] as? [String: Any])?["count"] as? Int == 5)
        #expect((sqli["location"] as? [String: Any])?["path"] as? String == "app/web.py")
        // The second ingest moved counts only: the branch keeps the first import, the counts are live.
        #expect(try sandbox.git("log", "--format=%s", "-1", in: bare).hasPrefix("secissue: import telemetry: new 2"))
        #expect(try sandbox.run("/usr/bin/git", ["rev-parse", "--verify", "-q", "refs/secissue/state"], in: bare).status == 0)
    }

    @Test("a line longer than the reader holds is skipped and said; the lines around it still count")
    func overlongLine() throws {
        let sandbox = try Sandbox()
        let repo = try Self.appRepository(sandbox)
        let long = Self.line("203.0.113.5", "/search?q=" + String(repeating: "a", count: 2 << 20), minute: 0)
        let benign = Self.line("192.0.2.10", "/search?q=shoes", minute: 0)
        try sandbox.write("access.log", benign + "\n" + long + "\n" + Self.laterLog, in: repo)
        let result = try sandbox.secissue("telemetry", "ingest", "--no-file", "--format", "json", "access.log", in: repo)
        #expect(result.status == 2)
        #expect(result.stderr.contains("access.log: skipped 1 unreadable record(s); first: line 2:"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let file = try #require((object["files"] as? [[String: Any]])?.first)
        #expect(file["records"] as? Int == 3)
        #expect((object["findings"] as? [[String: Any]])?.first?["count"] as? Int == 2)
    }

    @Test("input that is not a log, a missing file and a wrong --input are refused with a clear message and nothing written",
          arguments: [("notes.txt", "just some words\nnot a log\n", [String]()),
                      ("access.log", firstLog, ["--input", "jsonl"]),
                      ("missing.log", nil as String?, [String]())])
    func badInput(name: String, content: String?, options: [String]) throws {
        let sandbox = try Sandbox()
        let repo = try Self.appRepository(sandbox)
        if let content { try sandbox.write(name, content, in: repo) }
        let head = try sandbox.head(repo)
        let result = try sandbox.run(Sandbox.binary, ["telemetry", "ingest"] + options + [name], in: repo)
        #expect(result.status == 1)
        #expect(result.stderr.contains(name))
        #expect(result.stderr.hasPrefix("git secissue: error:"))
        #expect(try sandbox.head(repo) == head)
    }
}

@Suite("telemetry accuracy", .scratchDirectory)
struct TelemetryAccuracyTests {
    /// The real nginx log of sqlmap, our probes and benign traffic, scored against the truth that
    /// scripts/telemetry-truth.py derives from who sent each request (not from the detectors' patterns).
    @Test("on the recorded attack log every attack is found and nothing benign is flagged")
    func attackLog() throws {
        let sandbox = try Sandbox()
        let script = Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/telemetry-accuracy").path
        let result = try sandbox.run("/usr/bin/env", ["python3", script, "--json"], in: sandbox.root.path,
                                     env: ["BIN": Sandbox.binary])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let rules = try #require(report["rules"] as? [String: [String: Any]])
        for rule in ["sqli", "xss", "path-traversal"] {
            let numbers = try #require(rules[rule], "\(rule) missing from the report")
            #expect((numbers["truth"] as? Int ?? 0) > 50, "\(rule): the log holds attacks")
            #expect(numbers["missed"] as? Int == 0, "\(rule) missed: \(numbers["missed_examples"] ?? "")")
            #expect(numbers["false_alarms"] as? Int == 0, "\(rule) false alarms: \(numbers["false_alarm_examples"] ?? "")")
        }
        let bursts = try #require(report["bursts"] as? [String: [String: Any]])
        for rule in ["http-4xx-burst", "http-5xx-burst"] {
            let numbers = try #require(bursts[rule], "\(rule) missing from the report")
            #expect(numbers["missed"] as? Int == 0 && numbers["false_alarms"] as? Int == 0, "\(rule): \(numbers)")
        }
    }
}
