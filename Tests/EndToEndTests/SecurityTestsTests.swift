import Foundation
import Testing
import TestSupport

/// `.security/tests.yml` and `git secissue test`, with programs every machine has (`true`,
/// `false`, `sleep`, `cat` of a real scanner's SARIF): the declared shape, the exit statuses,
/// timeouts, filing and re-running, and `--changed-since`. The real scanners are in
/// RealScannerTests; the dynamic test against a local server in DynamicSecurityTestTests.
@Suite("security tests", .scratchDirectory)
struct SecurityTestsTests {
    func declare(_ yaml: String, in repo: String, sandbox: Sandbox, commit: Bool = true) throws {
        try sandbox.write(".security/tests.yml", yaml, in: repo)
        if commit {
            try sandbox.git("add", "-A", in: repo)
            try sandbox.git("commit", "-q", "-m", "Declare security tests", in: repo)
        }
    }

    func commitCount(_ repo: String, sandbox: Sandbox) throws -> Int {
        Int(try sandbox.git("rev-list", "--count", "HEAD", in: repo).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test("init writes tests.yml with commented examples; it validates, and test says no test is declared (exit 1)")
    func template() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let text = try sandbox.read(".security/tests.yml", in: repo)
        for example in ["bandit", "semgrep", "checkov", "secrets, scan", "libs, audit", "${APP_URL}"] {
            #expect(text.contains(example), "\(example)")
        }
        #expect(try sandbox.secissue("validate", in: repo).status == 0)
        let run = try sandbox.secissue("test", in: repo)
        #expect(run.status == 1)
        #expect(run.stderr.contains(".security/tests.yml declares no tests"), "\(run.stderr)")
    }

    @Test("the template's examples, uncommented, are valid")
    func templateExamplesParse() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let text = try sandbox.read(".security/tests.yml", in: repo)
        // The example lines are "  # - name: …" and "  #   field: …"; the prose between them stays commented.
        let uncommented = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            line.hasPrefix("  # - ") || line.hasPrefix("  #   ") ? "  " + line.dropFirst(4) : String(line)
        }.joined(separator: "\n")
        try sandbox.write(".security/tests.yml", uncommented, in: repo)
        let validate = try sandbox.secissue("validate", in: repo)
        #expect(validate.status == 0, "\(validate.stdout)\(uncommented)")
        let list = try sandbox.secissue("test", "no-such-test", in: repo)
        #expect(list.stderr.contains("it declares bandit, semgrep, checkov, secrets, dependencies, no-git-exposed"), "\(list.stderr)")
    }

    @Test("validate names the line of each mistake in tests.yml")
    func validation() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        let cases: [(String, String)] = [
            ("tests:\n  - name: a\n    command: bandit -r .\n", ".security/tests.yml:3: tests[1].command: write the command as a list of arguments"),
            ("tests:\n  - name: a\n    command: [x]\n    output: xml\n", ".security/tests.yml:4: tests[1].output: 'xml' is not allowed: use one of sarif, native, exit-code"),
            ("tests:\n  - name: a\n    command: [x]\n    timeout: 0\n", ".security/tests.yml:4: tests[1].timeout: 0 is out of range: allowed 1…86400 seconds"),
            ("tests:\n  - name: a\n    command: [x]\n  - name: a\n    command: [y]\n", ".security/tests.yml:4: tests[2].name: 'a' is also the name of the test on line 2"),
            ("tests:\n  - name: a\n    command: [x]\n    exit_codes: [256]\n", ".security/tests.yml:4: tests[1].exit_codes: '256' is not an exit status"),
            ("tests:\n  - name: a\n    command: [x]\n    policy: import\n", ".security/tests.yml:4: tests[1].policy: an exit-code test has no results to import"),
            ("tests:\n  - name: a\n    command: [x]\n    shell: true\n", ".security/tests.yml:4: tests[1].shell: unknown field"),
            ("tests:\n  - command: [x]\n", ".security/tests.yml:2: tests[1].name: required field is missing"),
        ]
        for (yaml, expected) in cases {
            try sandbox.write(".security/tests.yml", yaml, in: repo)
            let result = try sandbox.secissue("validate", in: repo)
            #expect(result.status == 1)
            #expect(result.stdout.hasPrefix(expected), "\(yaml)\n\(result.stdout)")
        }
    }

    @Test("exit-code tests: a pass exits 0, a failed assertion exits 2, a missing tool exits 1 with its name and how to install it")
    func exitStatuses() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try declare("""
            tests:
              - name: passes
                command: ["true"]
              - name: fails
                command: ["false"]
              - name: refused
                command: [sh, -c, "exit 22"]
                exit_codes: [22]
            """, in: repo, sandbox: sandbox)
        let passing = try sandbox.secissue("test", "passes", "refused", in: repo)
        #expect(passing.status == 0, "\(passing.stderr)")
        #expect(passing.lines.first?.hasPrefix("Test") == true)
        #expect(passing.lines.dropFirst().allSatisfy { $0.contains("passed") }, "\(passing.stdout)")
        let failing = try sandbox.secissue("test", in: repo)
        #expect(failing.status == 2, "\(failing.stderr)")
        #expect(failing.stdout.contains("fails") && failing.stdout.contains("failed"))
        #expect(failing.stderr.contains("gate: test fails: exit status 1, expected 0"), "\(failing.stderr)")
        #expect(failing.stderr.contains("1 security test failed: fails"), "\(failing.stderr)")

        try declare("tests:\n  - name: bandit\n    command: [bandit, -r, .]\n    output: sarif\n  - name: ok\n    command: [\"true\"]\n",
                    in: repo, sandbox: sandbox)
        let missing = try sandbox.secissue("test", in: repo, env: ["PATH": "/usr/bin:/bin:" + URL(fileURLWithPath: Sandbox.binary).deletingLastPathComponent().path])
        #expect(missing.status == 1, "\(missing.stderr)")
        #expect(missing.stdout.contains("not run"), "\(missing.stdout)")
        #expect(missing.stderr.contains("test bandit not run: bandit is not installed or not on PATH (pip install 'bandit[sarif]')"), "\(missing.stderr)")
        #expect(missing.stderr.contains("1 test could not run: bandit"), "\(missing.stderr)")
    }

    @Test("a test past its timeout is stopped with everything it started, and reported as timed out (exit 1)")
    func timeout() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        // The background child would create `late` after 3 seconds if the process group survived.
        try declare("""
            tests:
              - name: slow
                command: [sh, -c, "(sleep 3; touch late) & sleep 60"]
                timeout: 1
            """, in: repo, sandbox: sandbox)
        let result = try sandbox.secissue("test", "--format", "json", in: repo)
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let test = try #require((object["tests"] as? [[String: Any]])?.first)
        #expect(test["result"] as? String == "timed out")
        #expect((test["detail"] as? String)?.contains("ran past its timeout of 1 s") == true)
        #expect(result.stderr.contains("1 test could not run: slow"))
        Thread.sleep(forTimeInterval: 3.5)
        #expect(!FileManager.default.fileExists(atPath: repo + "/late"), "a child of the timed-out test outlived it")
    }

    @Test("Ctrl-C (SIGINT) ends the running tests' process groups too, and exits 130")
    func interrupted() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try declare("""
            tests:
              - name: long
                command: [sh, -c, "touch started; sleep 4; touch late"]
                timeout: 60
            """, in: repo, sandbox: sandbox)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Sandbox.binary)
        process.arguments = ["test"]
        process.currentDirectoryURL = URL(fileURLWithPath: repo)
        process.environment = sandbox.environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: repo + "/started") { Thread.sleep(forTimeInterval: 0.05) }
        #expect(FileManager.default.fileExists(atPath: repo + "/started"), "the test never started")
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        Thread.sleep(forTimeInterval: 4.5)
        #expect(!FileManager.default.fileExists(atPath: repo + "/late"), "the test outlived the interrupted command")
    }

    @Test("${NAME} is filled from the environment inside one argument; an unset one stops the test (exit 1)")
    func environmentVariables() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try declare("""
            tests:
              - name: probe
                command: [sh, -c, "test \\"$1\\" = 'http://x y/health'", sh, "${TARGET}/health"]
            """, in: repo, sandbox: sandbox)
        let unset = try sandbox.secissue("test", in: repo)
        #expect(unset.status == 1)
        #expect(unset.stderr.contains("the environment variable TARGET is not set"), "\(unset.stderr)")
        let set = try sandbox.secissue("test", in: repo, env: ["TARGET": "http://x y"])
        #expect(set.status == 0, "\(set.stdout)\(set.stderr)")
    }

    @Test("arguments and variables reach the program as they are: no shell ever sees them")
    func noShell() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try declare("""
            tests:
              - name: literal
                command: [test, "$(touch pwned); `touch pwned`", "=", "${PAYLOAD}"]
            """, in: repo, sandbox: sandbox)
        let result = try sandbox.secissue("test", in: repo, env: ["PAYLOAD": "$(touch pwned); `touch pwned`"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: repo + "/pwned"))
    }

    @Test("SARIF on standard output is filed in one commit; a second run writes nothing")
    func filesAndReruns() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        try declare("""
            tests:
              - name: bandit
                command: [cat, "\(Fixtures.sarif("bandit.sarif"))"]
                output: sarif
                category: code
            """, in: repo, sandbox: sandbox)
        let before = try commitCount(repo, sandbox: sandbox)
        let first = try sandbox.secissue("test", in: repo)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try commitCount(repo, sandbox: sandbox) == before + 1)
        let row = try #require(first.lines.first { $0.hasPrefix("bandit") })
        #expect(row.contains("passed") && row.contains("18 results"), "\(row)")
        #expect(row.split(separator: " ", omittingEmptySubsequences: true).contains("18"), "\(row)")
        #expect(first.stderr.contains("commit mode: new 18,"), "\(first.stderr)")
        #expect(first.stderr.contains("note: the output of test bandit: runs[0]"), "\(first.stderr)")
        #expect(!first.stderr.contains("secissue-output-"), "a temporary path leaked into a note")
        let subject = try sandbox.git("log", "-1", "--format=%s", in: repo)
        #expect(subject.hasPrefix("secissue: import bandit: new 18"), "\(subject)")
        let findings = try sandbox.findings(in: repo)
        #expect(findings.count == 18)
        #expect(findings.allSatisfy { ($0["source"] as? [String: Any])?["category"] as? String == "code" })

        let second = try sandbox.secissue("test", "--format", "json", in: repo)
        #expect(second.status == 0)
        #expect(try commitCount(repo, sandbox: sandbox) == before + 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        let test = try #require((object["tests"] as? [[String: Any]])?.first)
        #expect(test["new"] as? Int == 0 && test["fixed"] as? Int == 0)
        #expect(object["written"] == nil || (object["written"] as? Bool) == false || object["commit"] == nil, "\(second.stdout)")
    }

    @Test("an assert test on results fails (exit 2) on a result at fail_on, names the rules, and files nothing (Checkov's results count as medium)")
    func assertOnResults() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        try declare("""
            tests:
              - name: checkov
                command: [cat, "\(Fixtures.sarif("checkov.sarif"))"]
                output: sarif
                policy: assert
                fail_on: medium
            """, in: repo, sandbox: sandbox)
        let before = try commitCount(repo, sandbox: sandbox)
        let result = try sandbox.secissue("test", in: repo)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("gate: test checkov: "), "\(result.stderr)")
        #expect(result.stderr.contains("of severity medium or above: CKV_"), "\(result.stderr)")
        #expect(try commitCount(repo, sandbox: sandbox) == before)
        #expect(try sandbox.findings(in: repo).isEmpty)
    }

    @Test("a native scanner format (OSV-Scanner JSON) written at {output} is filed too")
    func nativeOutput() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.sampleRepository()
        let fixture = Fixtures.directory.appendingPathComponent("native/osv-scanner.json").path
        try declare("""
            tests:
              - name: osv
                command: [cp, "\(fixture)", "{output}"]
                output: native
                category: dependencies
            """, in: repo, sandbox: sandbox)
        let result = try sandbox.secissue("test", in: repo)
        #expect(result.status == 0, "\(result.stderr)")
        let findings = try sandbox.findings(in: repo)
        #expect(!findings.isEmpty)
        #expect(findings.allSatisfy { ($0["source"] as? [String: Any])?["category"] as? String == "dependencies" })
    }

    @Test("a test that writes no output, or output that is not SARIF, did not run (exit 1): never a pass")
    func noOutput() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try declare("""
            tests:
              - name: silent
                command: [sh, -c, "echo crashed >&2; exit 3"]
                output: sarif
              - name: garbage
                command: [echo, "not json"]
                output: sarif
            """, in: repo, sandbox: sandbox)
        let result = try sandbox.secissue("test", in: repo)
        #expect(result.status == 1)
        #expect(result.stderr.contains("test silent not run: exited with status 3 and wrote no output on standard output: crashed"), "\(result.stderr)")
        #expect(result.stderr.contains("test garbage not run: its output cannot be read: the output of test garbage"), "\(result.stderr)")
    }

    @Test("--changed-since runs only the tests whose when: globs match a changed path, and those without when:")
    func changedSince() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try declare("""
            tests:
              - name: python
                command: ["true"]
                when: ["**/*.py"]
              - name: infra
                command: ["true"]
                when: ["infra/**"]
              - name: always
                command: ["true"]
            """, in: repo, sandbox: sandbox)
        let base = try sandbox.head(repo)
        try sandbox.write("app/views.py", "print('hi')\n", in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-q", "-m", "Add a view", in: repo)
        let result = try sandbox.secissue("test", "--changed-since", base, in: repo)
        #expect(result.status == 0, "\(result.stderr)")
        let names = result.lines.dropFirst().compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(names == ["python", "always"], "\(result.stdout)")
        let none = try sandbox.secissue("test", "infra", "--changed-since", base, in: repo)
        #expect(none.status == 0)
        #expect(none.stderr.contains("no test applies to the 1 path changed since"), "\(none.stderr)")
    }

    @Test("tests run in parallel: two tests that each wait for the other finish",
          .enabled(if: ProcessInfo.processInfo.activeProcessorCount > 1))
    func parallel() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        // Each creates its own file and waits for the other's: run one after the other, both time out.
        try declare("""
            tests:
              - name: left
                command: [sh, -c, "touch left.ready; for i in $(seq 100); do [ -e right.ready ] && exit 0; sleep 0.1; done; exit 1"]
                timeout: 30
              - name: right
                command: [sh, -c, "touch right.ready; for i in $(seq 100); do [ -e left.ready ] && exit 0; sleep 0.1; done; exit 1"]
                timeout: 30
            """, in: repo, sandbox: sandbox)
        let result = try sandbox.secissue("test", in: repo)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }
}
