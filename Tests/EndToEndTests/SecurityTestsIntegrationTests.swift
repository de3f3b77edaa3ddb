import Foundation
import Testing
import TestSupport

/// The declared security tests where they run besides `git secissue test`: `ci` without
/// `--sarif`, the pre-push hook on the pushed range, and a dynamic test against a running
/// service (a local HTTP server on 127.0.0.1 started by the test).
@Suite("security tests in ci, pre-push and against a service", .scratchDirectory)
struct SecurityTestsIntegrationTests {
    func declare(_ yaml: String, in repo: String, sandbox: Sandbox) throws {
        try sandbox.write(".security/tests.yml", yaml, in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-q", "-m", "Declare security tests", in: repo)
    }

    @Test("ci without --sarif runs tests.yml: files the results, gates on failed assertions, and fails when a test could not run")
    func ciRunsTests() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        try declare("""
            tests:
              - name: bandit
                command: [cat, "\(Fixtures.sarif("bandit.sarif"))"]
                output: sarif
                category: code
            """, in: repo, sandbox: sandbox)
        let first = try sandbox.secissue("ci", "--mode", "commit", in: repo)
        // bandit.sarif has high findings: the posture gate fails on them as for --sarif.
        #expect(first.status == 2, "\(first.stderr)")
        #expect(first.stdout.contains("commit"), "\(first.stdout)")
        #expect(first.stderr.contains("running 1 security test of .security/tests.yml"))
        #expect(first.stdout.contains("### Security tests\n\n| Test | Duration | Result | New | Fixed | Detail |"), "\(first.stdout)")
        #expect(first.stdout.contains(" | passed | 18 | 0 | 18 results |"), "\(first.stdout)")
        #expect(try sandbox.findings(in: repo).count == 18)
        let subject = try sandbox.git("log", "-1", "--format=%s", in: repo)
        #expect(subject.hasPrefix("secissue: import bandit: new 18"), "\(subject)")

        // The same run in a pull request writes nothing and says so as JSON too.
        let head = try sandbox.head(repo)
        let report = try sandbox.secissue("ci", "--mode", "report", "--base", "HEAD", "--format", "json", in: repo)
        #expect(try sandbox.head(repo) == head)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any], "\(report.stderr)")
        #expect((object["tests"] as? [[String: Any]])?.first?["result"] as? String == "passed")

        try declare("""
            tests:
              - name: bandit
                command: [cat, "\(Fixtures.sarif("bandit.sarif"))"]
                output: sarif
                category: code
              - name: semgrep
                command: [semgrep-not-installed, scan]
                output: sarif
                install: pip install semgrep==1.185.0
            """, in: repo, sandbox: sandbox)
        let broken = try sandbox.secissue("ci", "--mode", "commit", in: repo)
        #expect(broken.status == 1, "\(broken.stderr)")
        #expect(broken.stderr.contains("test semgrep not run: semgrep-not-installed is not installed or not on PATH (pip install semgrep==1.185.0)"),
                "\(broken.stderr)")
        #expect(broken.stderr.contains("1 security test could not run: semgrep"))
    }

    @Test("ci with no --sarif and no tests declared stops and says how to declare them")
    func ciWithoutTests() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try FileManager.default.removeItem(atPath: repo + "/.security/tests.yml")
        let result = try sandbox.secissue("ci", "--mode", "commit", in: repo)
        #expect(result.status == 1)
        #expect(result.stderr.contains("no .security/tests.yml: declare the security tests there"), "\(result.stderr)")
    }

    @Test("pre-push runs the stage: pre-push tests whose when: matches the pushed commits; a failure refuses the push")
    func prePush() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let remote = sandbox.path("remote.git")
        try sandbox.git("init", "-q", "--bare", remote, in: sandbox.root.path)
        try sandbox.git("remote", "add", "origin", remote, in: repo)
        #expect(try sandbox.secissue("hooks", "install", in: repo).status == 0)
        // The python test fails while app/ has a file named unsafe.py; the docs test would always fail.
        try declare("""
            tests:
              - name: python
                command: [sh, -c, "test ! -e app/unsafe.py"]
                when: ["app/**"]
                stage: pre-push
              - name: docs
                command: ["false"]
                when: ["docs/**"]
                stage: pre-push
              - name: everything
                command: ["false"]
            """, in: repo, sandbox: sandbox)
        // A new branch pushes every commit, and app/ is in them; docs/ is not, and everything has no stage.
        let first = try sandbox.run("/usr/bin/git", ["push", "origin", "main"], in: repo)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("running 1 pre-push security test: python"), "\(first.stderr)")

        try sandbox.write("app/unsafe.py", "eval(input())\n", in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-q", "-m", "Unsafe code", in: repo)
        let refused = try sandbox.run("/usr/bin/git", ["push", "origin", "main"], in: repo)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("running 1 pre-push security test: python"), "\(refused.stderr)")
        #expect(refused.stderr.contains("git secissue: test python failed: exit status 1, expected 0"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--no-verify skips this check"))

        try sandbox.git("rm", "-q", "app/unsafe.py", in: repo)
        try sandbox.git("commit", "-q", "-m", "Remove it", in: repo)
        let passed = try sandbox.run("/usr/bin/git", ["push", "origin", "main"], in: repo)
        #expect(passed.status == 0, "\(passed.stderr)")

        try sandbox.write("README.md", "# sample, documented\n", in: repo)
        try sandbox.git("commit", "-q", "-am", "Docs", in: repo)
        let untouched = try sandbox.run("/usr/bin/git", ["push", "origin", "main"], in: repo)
        #expect(untouched.status == 0, "\(untouched.stderr)")
        #expect(!untouched.stderr.contains("pre-push security test"), "no pre-push test's paths changed")
    }

    @Test("a dynamic test probes a local HTTP server on 127.0.0.1 from a URL in the environment")
    func dynamicTest() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let site = sandbox.path("site")
        try FileManager.default.createDirectory(atPath: site, withIntermediateDirectories: true)
        try "<h1>shop</h1>\n".write(toFile: site + "/index.html", atomically: true, encoding: .utf8)
        let server = try LocalHTTPServer(serving: site)
        defer { server.stop() }
        try declare("""
            tests:
              - name: no-git-exposed
                command: [curl, --silent, --fail, --output, /dev/null, "${APP_URL}/.git/config"]
                exit_codes: [22]
                timeout: 30
            """, in: repo, sandbox: sandbox)
        let safe = try sandbox.secissue("test", in: repo, env: ["APP_URL": server.url])
        #expect(safe.status == 0, "\(safe.stdout)\(safe.stderr)")
        #expect(safe.stdout.contains("exit status 22"))

        try FileManager.default.createDirectory(atPath: site + "/.git", withIntermediateDirectories: true)
        try "[core]\n\tbare = false\n".write(toFile: site + "/.git/config", atomically: true, encoding: .utf8)
        let exposed = try sandbox.secissue("test", in: repo, env: ["APP_URL": server.url])
        #expect(exposed.status == 2, "\(exposed.stdout)\(exposed.stderr)")
        #expect(exposed.stderr.contains("gate: test no-git-exposed: exit status 0, expected 22"), "\(exposed.stderr)")
        #expect(server.requests().contains("GET /.git/config"))
    }
}

/// `python3 -m http.server` on 127.0.0.1 and a port the system chose, serving a directory.
final class LocalHTTPServer: @unchecked Sendable {
    let process = Process()
    let url: String
    private let log: URL

    init(serving directory: String) throws {
        log = URL(fileURLWithPath: directory).deletingLastPathComponent().appendingPathComponent("server-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = try FileHandle(forWritingTo: log)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", directory]
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // It prints "Serving HTTP on 127.0.0.1 port N (http://127.0.0.1:N/) ..." once it listens.
        var found: String?
        for _ in 0..<200 where found == nil {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let match = text.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                found = String(text[match])
            } else {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        guard let found else {
            kill(process.processIdentifier, SIGKILL)
            throw SandboxError("the local HTTP server did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        }
        url = found
    }

    /// The request lines the server logged.
    func requests() -> String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// SIGKILL: the test runner's threads may block SIGTERM, which the child then inherits.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
