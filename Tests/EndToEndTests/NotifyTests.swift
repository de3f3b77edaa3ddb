import Foundation
import Testing
import TestSupport

/// Issue 16, item 7: `notify:` webhooks, told by `ci` (and the other filing commands) of new and
/// reopened findings at or above a severity, one message per webhook and run. Against a real
/// HTTP server the test starts on 127.0.0.1, which keeps every body it is sent.
@Suite("notifications", .scratchDirectory)
struct NotifyTests {
    /// A Python HTTP server on a free port of 127.0.0.1: each POST is saved as `NNN.json` holding
    /// the path, the Content-Type and the body; a path under /fail answers 500.
    final class Server {
        let process = Process()
        let input = Pipe()
        let directory: URL
        let port: Int

        static let script = """
            import http.server, json, os, sys, threading
            out = sys.argv[1]
            # Ends when the test closes standard input (or dies), whatever signals it can receive.
            threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
                    if self.path.startswith('/fail'):
                        self.send_response(500); self.end_headers(); return
                    name = os.path.join(out, '%03d.json' % len(os.listdir(out)))
                    with open(name + '.tmp', 'w') as f:
                        json.dump({'path': self.path, 'type': self.headers.get('Content-Type'), 'body': body.decode()}, f)
                    os.rename(name + '.tmp', name)
                    self.send_response(200); self.end_headers(); self.wfile.write(b'ok')
                def log_message(self, *args): pass
            server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
            print(server.server_address[1], flush=True)
            server.serve_forever()
            """

        init() throws {
            directory = try ScratchDirectory.make("posts")
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", Self.script, directory.path]
            let output = Pipe()
            process.standardOutput = output
            process.standardInput = input
            try process.run()
            var line = Data()
            while !line.contains(10) {
                let chunk = output.fileHandleForReading.availableData
                guard !chunk.isEmpty else { break }
                line.append(chunk)
            }
            guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
                try? input.fileHandleForWriting.close()
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                throw SandboxError("the test HTTP server did not start")
            }
            self.port = port
        }

        deinit { stop() }

        /// Closes the server's standard input, which ends it, and waits for it.
        func stop() {
            guard process.isRunning else { return }
            try? input.fileHandleForWriting.close()
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        var url: String { "http://127.0.0.1:\(port)" }

        /// What was posted, oldest first: (path, Content-Type, body as JSON).
        func posts() throws -> [(path: String, type: String, body: [String: Any])] {
            try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted().map { name in
                let data = try Data(contentsOf: directory.appendingPathComponent(name))
                let post = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
                let body = try #require(try JSONSerialization.jsonObject(with: Data((post["body"] as? String ?? "").utf8)) as? [String: Any])
                return (post["path"] as? String ?? "", post["type"] as? String ?? "", body)
            }
        }
    }

    /// A SARIF log of (rule, level, message) results, each on its own line of app/db.py.
    func sarif(_ results: [(String, String, String)]) -> String {
        let items = results.enumerated().map { index, result in
            """
            {"ruleId": "\(result.0)", "level": "\(result.1)", "message": {"text": "\(result.2)"},
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app/db.py"}, "region": {"startLine": \(index + 1)}}}]}
            """
        }
        return #"{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "semgrep"}}, "results": ["#
            + items.joined(separator: ",") + "]}]}"
    }

    static let hostile = #"<!channel> *Click* <https://evil.example|here> & more"#
    static let findings = [("sqli", "error", "SQL injection in search"), ("xss", "error", hostile),
                           ("weak-hash", "warning", "Weak hash"), ("debug", "note", "Debug left on")]

    func repository(_ sandbox: Sandbox, notify: String) throws -> String {
        let repo = try sandbox.repository()
        let config = try sandbox.read(".security/config.yml", in: repo)
        try sandbox.write(".security/config.yml", config + "\nnotify:\n" + notify, in: repo)
        try sandbox.git("commit", "-qam", "Notify", in: repo)
        #expect(try sandbox.secissue("validate", in: repo).status == 0)
        return repo
    }

    @Test("ci sends one message per webhook with the new findings at or above its severity, in its shape, escaped")
    func shapes() throws {
        let sandbox = try Sandbox()
        let server = try Server()
        defer { server.stop() }
        let repo = try repository(sandbox, notify: """
              - {url: $CHAT_WEBHOOK, format: slack, min_severity: high}
              - {url: "\(server.url)/json", format: json, min_severity: medium}
              - {url: "\(server.url)/teams", format: teams, min_severity: high}
              - {url: "\(server.url)/quiet", format: json, min_severity: critical}

            """)
        try sandbox.write("scan.sarif", sarif(Self.findings), in: repo)
        let result = try sandbox.secissue("ci", "--sarif", "scan.sarif", "--mode", "commit", in: repo,
                                          env: ["CHAT_WEBHOOK": "\(server.url)/slack"])
        #expect(result.status == 2, "the gate fails on the high findings: \(result.stderr)")
        #expect(!result.stderr.contains("notify"), "\(result.stderr)")
        let posts = try server.posts()
        #expect(posts.map(\.path).sorted() == ["/json", "/slack", "/teams"], "one message per webhook; none below its severity")
        #expect(posts.allSatisfy { $0.type == "application/json" })

        let slack = try #require(posts.first { $0.path == "/slack" }?.body["text"] as? String)
        #expect(slack.hasPrefix("*git secissue: 2 new findings at high or above* in repo"), "\(slack)")
        #expect(slack.contains("&lt;!channel&gt; *Click* &lt;https://evil.example|here&gt; &amp; more"), "\(slack)")
        #expect(!slack.contains("<!channel>") && !slack.contains("Weak hash"))

        let json = try #require(posts.first { $0.path == "/json" }?.body)
        #expect(json["new"] as? Int == 3 && json["reopened"] as? Int == 0 && json["repository"] as? String == "repo")
        let items = try #require(json["findings"] as? [[String: Any]])
        #expect(items.compactMap { $0["severity"] as? String } == ["high", "high", "medium"])
        #expect(items.contains { $0["title"] as? String == Self.hostile && $0["location"] as? String == "app/db.py:2" })
        #expect(items.allSatisfy { $0["event"] as? String == "new" && ($0["id"] as? String)?.hasPrefix("SEC-") == true })

        let teams = try #require(posts.first { $0.path == "/teams" }?.body)
        let attachment = try #require((teams["attachments"] as? [[String: Any]])?.first)
        #expect(teams["type"] as? String == "message" && attachment["contentType"] as? String == "application/vnd.microsoft.card.adaptive")
        let card = try #require(attachment["content"] as? [String: Any])
        let texts = (card["body"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
        #expect(card["type"] as? String == "AdaptiveCard" && texts.count == 4, "\(texts)")
        #expect(texts.contains { $0.contains(#"\*Click\*"#) && !$0.contains("<https://") }, "\(texts)")

        // The same scan again: nothing new, nothing sent.
        let again = try sandbox.secissue("ci", "--sarif", "scan.sarif", "--mode", "commit", in: repo, env: ["CHAT_WEBHOOK": "\(server.url)/slack"])
        #expect(again.status == 0, "nothing new, so the gate passes: \(again.stderr)")
        #expect(try server.posts().count == 3)
    }

    @Test("a reopened finding is news too")
    func reopened() throws {
        let sandbox = try Sandbox()
        let server = try Server()
        defer { server.stop() }
        let repo = try repository(sandbox, notify: "  - {url: \"\(server.url)/json\", format: json, min_severity: high}\n")
        try sandbox.write("scan.sarif", sarif([Self.findings[0]]), in: repo)
        try sandbox.write("clean.sarif", sarif([]), in: repo)
        _ = try sandbox.secissue("ci", "--sarif", "scan.sarif", "--mode", "commit", in: repo)
        #expect(try sandbox.secissue("ci", "--sarif", "clean.sarif", "--mode", "commit", in: repo).status == 0)
        _ = try sandbox.secissue("ci", "--sarif", "scan.sarif", "--mode", "commit", in: repo)
        let posts = try server.posts()
        #expect(posts.count == 2, "the fix is not news: \(posts.map(\.body))")
        #expect(posts.last?.body["reopened"] as? Int == 1 && posts.last?.body["new"] as? Int == 0)
        #expect(((posts.last?.body["findings"] as? [[String: Any]])?.first?["event"] as? String) == "reopened")
    }

    @Test("a webhook that fails is a warning on stderr; the findings are committed all the same")
    func failure() throws {
        let sandbox = try Sandbox()
        let server = try Server()
        defer { server.stop() }
        let repo = try repository(sandbox, notify: """
              - {url: "\(server.url)/fail", format: slack, min_severity: low}
              - {url: "http://127.0.0.1:1/closed", format: json, min_severity: low}
              - {url: $UNSET_WEBHOOK, format: teams, min_severity: low}
              - {url: "\(server.url)/ok", format: json, min_severity: low}

            """)
        try sandbox.write("scan.sarif", sarif(Self.findings), in: repo)
        let head = try sandbox.head(repo)
        let result = try sandbox.secissue("ci", "--sarif", "scan.sarif", "--mode", "commit", in: repo)
        #expect(result.status == 2, "the gate's answer is unchanged: \(result.stderr)")
        #expect(result.stderr.contains("warning: notify[1] (slack) not sent (curl exited 22"), "\(result.stderr)")
        #expect(result.stderr.contains("warning: notify[2] (json) not sent (curl exited 7"), "\(result.stderr)")
        #expect(result.stderr.contains("warning: notify[3] (teams) not sent: the environment variable UNSET_WEBHOOK is not set"), "\(result.stderr)")
        #expect(!result.stderr.contains("127.0.0.1:\(server.port)/fail"), "the URL, a credential, is not printed")
        #expect(try server.posts().map(\.path) == ["/ok"])
        #expect(try sandbox.head(repo) != head)
        #expect(try sandbox.findings(in: repo).count == 4)
    }

    @Test("telemetry ingest notifies too: one message for the run's new attacks, none when a re-run counts nothing new")
    func telemetry() throws {
        let sandbox = try Sandbox()
        let server = try Server()
        defer { server.stop() }
        let repo = try repository(sandbox, notify: "  - {url: \"\(server.url)/json\", format: json, min_severity: low}\n")
        try sandbox.write("logs/access.log", TelemetryTests.firstLog, in: repo)
        let first = try sandbox.secissue("telemetry", "ingest", "logs/access.log", in: repo)
        #expect(first.stderr.contains("findings: new 2,"), "\(first.stderr)")
        let posts = try server.posts()
        #expect(posts.count == 1 && posts.first?.body["new"] as? Int == 2, "\(posts.map(\.body))")
        #expect(((posts.first?.body["findings"] as? [[String: Any]]) ?? []).allSatisfy { $0["tool"] as? String == "telemetry" })
        _ = try sandbox.secissue("telemetry", "ingest", "logs/access.log", in: repo)
        #expect(try server.posts().count == 1)
    }

    @Test("validate refuses a webhook URL that would commit a credential, and a target it cannot send", arguments: [
        ("  - {url: \"https://hooks.slack.com/services/T0123ABCD/B0123ABCD/abcdefghijklmnopqrstuvwx\", format: slack}\n", "holds a credential"),
        ("  - {url: \"https://relay.example.com/hook?token=abc\", format: json}\n", "holds a credential"),
        ("  - {url: \"https://bot:pw@relay.example.com/hook\", format: json}\n", "holds a credential"),
        ("  - {url: \"ftp://relay.example.com/\", format: json}\n", "not an http(s) URL"),
        ("  - {url: \"$not a name\", format: json}\n", "not an environment variable name"),
        ("  - {url: $HOOK}\n", "format: required"),
        ("  - {url: $HOOK, format: email}\n", "'email' is not allowed"),
        ("  - {url: $HOOK, format: json, min_severity: urgent}\n", "'urgent' is not allowed"),
    ])
    func validation(entry: String, problem: String) throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let config = try sandbox.read(".security/config.yml", in: repo)
        try sandbox.write(".security/config.yml", config + "\nnotify:\n" + entry, in: repo)
        let result = try sandbox.secissue("validate", in: repo)
        #expect(result.status == 1 && result.stdout.contains("notify[1].") && result.stdout.contains(problem), "\(result.stdout)")
    }
}
