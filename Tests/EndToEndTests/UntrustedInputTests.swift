import Foundation
import Testing
import TestSupport

/// Fake secrets of real shapes, put together at run time so that this file holds no whole token
/// for a scanner (or the pre-commit hook) to flag.
private enum Fake {
    static let alphabet = "Zq8Xv2Lm9Rt4Wp7Ks3Nd6Hf1Jb5Gc0Ya"
    static func body(_ count: Int) -> String { String(String(repeating: alphabet, count: count / alphabet.count + 1).prefix(count)) }

    static let awsKeyID = "AK" + "IA" + "Q3EGT2JXRZ7KVB4M"
    static let githubToken = "gh" + "p_" + body(36)
    static let stripeKey = "sk" + "_live_" + body(24)
    /// Matches none of the secret rules: only knowing that the tool is a secret scanner finds it.
    static let opaque = "9f86d081" + "884c7d659a2feaa0c55ad015"
    static let slackWebhook = "https://hooks.slack.com/services/" + "T0ABCDEFG/B0ABCDEFG/" + body(24)
}

/// A SARIF log of one run.
private func sarif(driver: String, results: String, rules: String = "[]", invocations: String? = nil) -> String {
    """
    {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "\(driver)", "rules": \(rules)}},
     \(invocations.map { "\"invocations\": \($0)," } ?? "") "results": \(results)}]}
    """
}

/// A result at `path:line` with its own fingerprint, so that it stays the same finding wherever it moves.
private func result(_ id: String, rule: String = "rule-1", path: String, line: Int, message: String? = nil, snippet: String? = nil, extra: String = "") -> String {
    let region = "\"startLine\": \(line)" + (snippet.map { #", "snippet": {"text": \#(json($0))}"# } ?? "")
    return """
        {"ruleId": \(json(rule)), "level": "warning", "message": {"text": \(json(message ?? "problem \(id)"))},
         "partialFingerprints": {"id": "\(id)"},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": \(json(path))}, "region": {\(region)}}}]\(extra)}
        """
}

private func json(_ text: String) -> String {
    let array = (try? JSONSerialization.data(withJSONObject: [text])).map { String(decoding: $0, as: UTF8.self) } ?? "[\"\"]"
    return String(array.dropFirst().dropLast())
}

extension Sandbox {
    func importing(_ text: String, _ name: String, into repo: String, _ extra: String...) throws -> RunResult {
        let file = path(name)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return try run(Sandbox.binary, ["import", file] + extra, in: repo)
    }

    func byPath(_ repo: String) throws -> [String: [String: Any]] {
        Dictionary(try findings(in: repo).map { finding in
            let location = finding["location"] as? [String: Any]
            return ("\(location?["path"] as? String ?? "-"):\(location?["line"] as? Int ?? 0)", finding)
        }, uniquingKeysWith: { first, _ in first })
    }
}

@Suite("untrusted scanner output", .scratchDirectory)
struct UntrustedInputTests {
    @Test("secrets in four shapes scanners write never reach a git object, whichever tool reports them")
    func secretShapes() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        // 1. The secret only in the message: no snippet, no columns, no quotes.
        let inMessage = sarif(driver: "gitleaks", results: "[" + result("m1", rule: "aws-access-token", path: "config/aws.py", line: 3,
                                                                         message: "AWS key \(Fake.awsKeyID) found in config/aws.py") + "]")
        // 2. Gitleaks under other driver names, with rules whose names say nothing of secrets.
        let renamed = sarif(driver: "Gitleaks v8.18.2", results: "[" + result("m2", rule: "custom-rule-7", path: "deploy/env.sh", line: 1,
                                                                             message: "custom-rule-7 has detected secret", snippet: Fake.opaque) + "]")
        let action = sarif(driver: "gitleaks-action", results: "[" + result("m3", rule: "slack-webhook-url", path: "ops/notify.py", line: 2,
                                                                             message: "slack-webhook-url has detected secret", snippet: Fake.slackWebhook) + "]")
        // 3. A suppression whose justification quotes the token.
        let suppressed = sarif(driver: "semgrep", results: "[" + result("m4", rule: "python.lang.eval", path: "app/tools.py", line: 7,
                                                                        extra: #", "suppressions": [{"kind": "inSource", "justification": "test fixture uses \#(Fake.githubToken), revoked"}]"#) + "]")
        // 4. A rule about something else whose snippet line holds a token.
        let snippet = sarif(driver: "bandit", results: "[" + result("m5", rule: "B608", path: "app/report.py", line: 12,
                                                                    message: "Possible SQL injection vector through string-based query construction.",
                                                                    snippet: "query = \"SELECT * FROM t WHERE k = '\" + k + \"'\"  # stripe: \(Fake.stripeKey)") + "]")
        // And a driver name holding one, which would name the import commit.
        let named = sarif(driver: "scanner \(Fake.githubToken)", results: "[" + result("m6", path: "app/x.py", line: 1) + "]")
        for (index, log) in [inMessage, renamed, action, suppressed, snippet, named].enumerated() {
            let imported = try sandbox.importing(log, "shape\(index).sarif", into: repo)
            #expect(imported.status == 0, "\(index): \(imported.stderr)")
            #expect(imported.stdout.hasPrefix("new 1,"), "\(index): \(imported.stdout)")
        }
        let objects = try sandbox.run("/usr/bin/git", ["cat-file", "--batch-all-objects", "--batch"], in: repo)
        #expect(objects.status == 0)
        for secret in [Fake.awsKeyID, Fake.opaque, Fake.slackWebhook, Fake.githubToken, Fake.stripeKey] {
            #expect(!objects.stdout.contains(secret), "\(secret) reached a git object")
        }
        #expect(objects.stdout.contains("[redacted]"))
        let suppressedFinding = try #require(try sandbox.findings(in: repo).first { $0["status"] as? String == "false-positive" })
        #expect((suppressedFinding["triage"] as? [String: Any])?["reason"] as? String == "test fixture uses [redacted], revoked")
        #expect(try sandbox.findings(in: repo).count == 6)
        #expect(!(try sandbox.git("log", "--format=%B", in: repo)).lowercased().contains(Fake.githubToken.lowercased()))
    }

    @Test("results: null (the scan did not run) and a run with no results list fix nothing; triage and assignees are kept")
    func nullResults() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let results = (1...4).map { result("n\($0)", path: "app/db.py", line: $0) }
        #expect(try sandbox.importing(sarif(driver: "scanner", results: "[" + results.joined(separator: ",") + "]"), "full.sarif", into: repo).status == 0)
        let ids = try sandbox.findings(in: repo).compactMap { $0["id"] as? String }.sorted()
        #expect(ids.count == 4)
        #expect(try sandbox.secissue("status", ids[0], "confirmed", in: repo).status == 0)
        #expect(try sandbox.secissue("assign", ids[1], "bob@example.com", in: repo).status == 0)

        for (name, log) in [("null.sarif", sarif(driver: "scanner", results: "null")),
                            ("missing.sarif", #"{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "scanner"}}}]}"#)] {
            let imported = try sandbox.importing(log, name, into: repo)
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.hasPrefix("new 0, updated 0, reopened 0, fixed 0,"), "\(name): \(imported.stdout)")
            #expect(imported.stderr.contains("no results list"), "\(imported.stderr)")
        }
        let after = Dictionary(uniqueKeysWithValues: try sandbox.findings(in: repo).map { ($0["id"] as! String, $0) })
        #expect(after[ids[0]]?["status"] as? String == "confirmed")
        #expect(after[ids[1]]?["status"] as? String == "open" && after[ids[1]]?["assignee"] as? String == "bob@example.com")
        #expect(after.values.allSatisfy { $0["status"] as? String != "fixed" })

        // ci says so too, and fixes nothing either.
        let ci = try sandbox.secissue("ci", "--sarif", sandbox.path("null.sarif"), "--mode", "commit", in: repo)
        #expect(ci.stderr.contains("no results list"), "\(ci.stderr)")
        #expect(ci.stdout.contains("| fixed | 0 | 0 | 0 | 0 | 0 | 0 |"), "\(ci.stdout)")
    }

    @Test("a file the scanner failed on keeps its findings; a finding fixed by a scan comes back with the status it had")
    func failedFileAndRegression() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let all = "[" + [result("a1", path: "app/a.py", line: 1), result("a2", path: "app/a.py", line: 2),
                         result("b1", path: "app/b.py", line: 1)].joined(separator: ",") + "]"
        #expect(try sandbox.importing(sarif(driver: "scanner", results: all), "all.sarif", into: repo).status == 0)
        var found = try sandbox.byPath(repo)
        let a1 = try #require(found["app/a.py:1"]?["id"] as? String)
        let b1 = try #require(found["app/b.py:1"]?["id"] as? String)
        #expect(try sandbox.secissue("status", a1, "confirmed", in: repo).status == 0)
        #expect(try sandbox.secissue("status", b1, "confirmed", in: repo).status == 0)

        // The scanner could not parse app/a.py and found nothing else.
        let failed = sarif(driver: "scanner", results: "[]", invocations: """
            [{"executionSuccessful": true, "toolExecutionNotifications": [
              {"level": "error", "message": {"text": "Syntax error"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app/a.py"}}}]},
              {"level": "warning", "message": {"text": "slow"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app/b.py"}}}]}]}]
            """)
        let partial = try sandbox.importing(failed, "failed.sarif", into: repo)
        #expect(partial.status == 0, "\(partial.stderr)")
        #expect(partial.stdout.hasPrefix("new 0, updated 0, reopened 0, fixed 1,"), "\(partial.stdout)")
        #expect(partial.stderr.contains("could not scan app/a.py"), "\(partial.stderr)")
        found = try sandbox.byPath(repo)
        #expect(found["app/a.py:1"]?["status"] as? String == "confirmed")
        #expect(found["app/a.py:2"]?["status"] as? String == "open")
        #expect(found["app/b.py:1"]?["status"] as? String == "fixed")

        // app/b.py's finding comes back: confirmed, as before the scan fixed it.
        let again = try sandbox.importing(sarif(driver: "scanner", results: all), "all.sarif", into: repo)
        #expect(again.stdout.hasPrefix("new 0, updated 0, reopened 1,"), "\(again.stdout)")
        let back = try #require(try sandbox.byPath(repo)["app/b.py:1"])
        #expect(back["status"] as? String == "confirmed")
        #expect((back["activity"] as? [String])?.last?.contains("status fixed -> confirmed: reappeared in the scanner scan") == true)
        #expect(!((back["commits"] as? [String: Any])?["fixed"] is String))
    }

    @Test("a triaged finding follows its code: location and snippet change, status and triage do not")
    func triagedFindingMoves() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let first = sarif(driver: "scanner", results: "[" + result("t1", path: "app/db.py", line: 3, snippet: "old_call(x)") + "]")
        #expect(try sandbox.importing(first, "first.sarif", into: repo).status == 0)
        let id = try #require(try sandbox.findings(in: repo).first?["id"] as? String)
        #expect(try sandbox.secissue("status", id, "false-positive", "--reason", "input is a constant", in: repo).status == 0)

        let moved = sarif(driver: "scanner", results: "[" + result("t1", path: "app/db.py", line: 9, snippet: "new_call(x)") + "]")
        let imported = try sandbox.importing(moved, "moved.sarif", into: repo)
        #expect(imported.stdout.hasPrefix("new 0, updated 1, reopened 0, fixed 0,"), "\(imported.stdout)")
        let finding = try #require(try sandbox.findings(in: repo).first)
        #expect(finding["status"] as? String == "false-positive")
        #expect((finding["triage"] as? [String: Any])?["reason"] as? String == "input is a constant")
        #expect((finding["location"] as? [String: Any])?["line"] as? Int == 9)
        let description = finding["description"] as? String ?? ""
        #expect(description.contains("new_call(x)") && !description.contains("old_call(x)"), "\(description)")
        #expect((finding["activity"] as? [String])?.last?.contains("seen at app/db.py:9") == true)
        #expect((finding["activity"] as? [String])?.last?.contains("false-positive kept") == true)

        // The same scan again changes nothing.
        let again = try sandbox.importing(moved, "moved.sarif", into: repo)
        #expect(again.stdout.hasPrefix("new 0, updated 0, reopened 0, fixed 0, unchanged 1 (1 kept as triaged)"), "\(again.stdout)")
    }

    static let esc = "\u{1b}"
    static let hostile = "<!-- @org/team ![x](http://x/p.png) [click](https://evil.example) \(esc)[2J \(esc)]8;;https://evil.example/\(esc)\\link\(esc)]8;;\(esc)\\"

    @Test("the ci summary: a hostile title, message and path cannot hide the gate, mention, load or link anything")
    func hostileSummary() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let rules = #"[{"id": "evil", "shortDescription": {"text": \#(json(Self.hostile))}}]"#
        let log = sarif(driver: "scanner", results: "[" + result("h1", rule: "evil", path: "app/x`y|z\(Self.esc)[2J.py", line: 1,
                                                                 message: Self.hostile) + "]", rules: rules)
        let file = sandbox.path("hostile.sarif")
        try log.write(toFile: file, atomically: true, encoding: .utf8)
        let ci = try sandbox.secissue("ci", "--sarif", file, "--mode", "report", in: repo)
        let summary = ci.stdout
        #expect(summary.contains("### New and reopened findings"), "\(ci.stderr)")
        #expect(!summary.contains("<!--") && !summary.contains("@org") && !summary.contains("![") && !summary.contains("]("))
        #expect(!summary.contains("://") && !summary.contains(Self.esc))
        #expect(summary.contains("**Gate: "))
        // Every table row still has its six cell borders: the path's backtick and pipe stay inside their cell.
        let row = try #require(summary.split(separator: "\n").first { $0.contains("medium |") && $0.hasPrefix("| `") })
        #expect(row.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count == 6, "\(row)")
    }

    @Test("list, show, import warnings and validate show escape sequences as text, never send them to the terminal")
    func hostileTerminal() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let log = sarif(driver: "scanner", results: "[" + [
            result("e1", path: "app/\(Self.esc)[2Jx.py", line: 1, message: Self.hostile, snippet: "x = 1 \(Self.esc)]0;pwned\u{07}"),
            result("e2", rule: "evil\(Self.esc)[31m", path: "../\(Self.esc)]8;;http://x\u{07}outside.py", line: 1),
        ].joined(separator: ",") + "]")
        let imported = try sandbox.importing(log, "escapes.sarif", into: repo)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("skipped") && imported.stderr.contains("\\u001b]8;;"), "\(imported.stderr)")
        let id = try #require(try sandbox.findings(in: repo).first?["id"] as? String)
        let listed = try sandbox.secissue("list", in: repo)
        let shown = try sandbox.secissue("show", id, in: repo)
        #expect(listed.stdout.contains("app/\\u001b[2Jx.py"))
        #expect(shown.stdout.contains("\\u001b]0;pwned\\u0007"))
        for output in [imported.stdout, imported.stderr, listed.stdout, listed.stderr, shown.stdout] {
            #expect(!output.contains(Self.esc) && !output.contains("\u{07}"), "\(output)")
        }
        // A finding file with an escape sequence in its name: validate names it, escaped.
        try sandbox.write(".security/findings/SEC-\(Self.esc)[2J.md", "not a finding\n", in: repo)
        let validated = try sandbox.secissue("validate", in: repo)
        #expect(validated.status != 0)
        #expect(!validated.stdout.contains(Self.esc) && !validated.stderr.contains(Self.esc))
        #expect((validated.stdout + validated.stderr).contains("\\u001b[2J"), "\(validated.stdout)\(validated.stderr)")
    }

    @Test("CSV from list and export defuses formulas in titles and assignees")
    func csvFormulas() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        for title in ["=HYPERLINK(\"http://evil.example\";\"click\")", "+cmd|' /C calc'!A0", "-1+1", "@SUM(1+1)"] {
            _ = try sandbox.newFinding("--title=\(title)", "--assignee==1+1", in: repo)
        }
        for arguments in [["list", "--format", "csv"], ["export", "--format", "csv"]] {
            let csv = try sandbox.run(Sandbox.binary, arguments, in: repo)
            #expect(csv.status == 0, "\(csv.stderr)")
            let rows = csv.stdout.split(separator: "\n").dropFirst()
            #expect(rows.count == 4)
            for row in rows {
                let cells = row.split(separator: ",", omittingEmptySubsequences: false)
                // The title (4th cell, maybe quoted) and the assignee never start a formula.
                for cell in [cells[3], cells[7]] {
                    let text = cell.hasPrefix("\"") ? cell.dropFirst() : cell
                    #expect(text.hasPrefix("'"), "\(row)")
                }
            }
        }
    }
}
