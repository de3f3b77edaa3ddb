import Foundation
import Testing
import TestSupport

/// Bandit, Semgrep (with the local rules of Tests/Fixtures/sarif/semgrep-rules.yml, offline) and
/// Checkov, installed from PyPI by `make deps`, declared in tests.yml on the sample app and run
/// by `git secissue test`. Off a CI machine they are skipped when a scanner is missing; in CI
/// (CI=true) they always run, so a missing scanner fails them.
@Suite("security tests with real scanners", .scratchDirectory,
       .enabled(if: RealScanners.runnable, "bandit, semgrep and checkov are not installed (make deps installs them)"))
struct RealScannerTests {
    static let declared = """
        tests:
          - name: bandit
            command: [bandit, --recursive, ., --format, sarif, --output, "{output}", --quiet]
            output: sarif
            category: code
            when: ["**/*.py"]
          - name: semgrep
            command: [semgrep, scan, --config, .semgrep.yml, --metrics=off, --disable-version-check, --sarif, --output, "{output}"]
            output: sarif
            category: code
            timeout: 600
          - name: checkov
            command: [checkov, --directory, ., --output, sarif, --output-file-path, "{output}", --quiet, --skip-download]
            output: sarif
            category: iac
            timeout: 600
        """

    /// The sample app with Semgrep's rules beside it and `yaml` as its tests.yml, committed.
    func repository(_ sandbox: Sandbox, tests yaml: String) throws -> String {
        let repo = try sandbox.sampleRepository()
        try FileManager.default.copyItem(atPath: Fixtures.sarif("semgrep-rules.yml"), toPath: repo + "/.semgrep.yml")
        try sandbox.write(".security/tests.yml", yaml, in: repo)
        try sandbox.git("add", "-A", in: repo)
        try sandbox.git("commit", "-q", "-m", "Declare the security tests", in: repo)
        return repo
    }

    func tests(_ result: RunResult) throws -> [String: [String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        let tests = try #require(object["tests"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: tests.map { ($0["name"] as! String, $0) })
    }

    @Test("test files what Bandit, Semgrep and Checkov find in one commit; a second run writes nothing")
    func filesThenNothing() throws {
        let sandbox = try Sandbox()
        let repo = try repository(sandbox, tests: Self.declared)
        let before = try sandbox.head(repo)
        let first = try sandbox.secissue("test", "--format", "json", in: repo)
        #expect(first.status == 0, "\(first.stderr)")
        let ran = try tests(first)
        for name in ["bandit", "semgrep", "checkov"] {
            #expect(ran[name]?["result"] as? String == "passed", "\(name): \(ran[name] ?? [:])")
            #expect((ran[name]?["new"] as? Int ?? 0) > 0, "\(name) filed nothing: \(ran[name] ?? [:])")
        }
        #expect(try sandbox.git("rev-list", "--count", "\(before)..HEAD", in: repo).trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        let findings = try sandbox.findings(in: repo)
        let tools = Set(findings.compactMap { ($0["source"] as? [String: Any])?["tool"] as? String })
        #expect(tools.count == 3, "\(tools)")

        let after = try sandbox.head(repo)
        let second = try sandbox.secissue("test", "--format", "json", in: repo)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try sandbox.head(repo) == after, "the second run committed")
        for (name, test) in try tests(second) {
            #expect(test["new"] as? Int == 0 && test["fixed"] as? Int == 0, "\(name): \(test)")
        }
        #expect(try sandbox.findings(in: repo).count == findings.count)
    }

    @Test("Checkov asserted with fail_on: medium exits 2 and files nothing; Semgrep past its timeout is reported as timed out (exit 1)")
    func assertionAndTimeout() throws {
        let sandbox = try Sandbox()
        let repo = try repository(sandbox, tests: """
            tests:
              - name: checkov
                command: [checkov, --directory, infra, --output, sarif, --output-file-path, "{output}", --quiet, --skip-download]
                output: sarif
                policy: assert
                fail_on: medium
            """)
        let asserted = try sandbox.secissue("test", in: repo)
        #expect(asserted.status == 2, "\(asserted.stdout)\(asserted.stderr)")
        #expect(asserted.stderr.contains("gate: test checkov: "), "\(asserted.stderr)")
        #expect(try sandbox.findings(in: repo).isEmpty)

        try sandbox.write(".security/tests.yml", """
            tests:
              - name: semgrep
                command: [semgrep, scan, --config, .semgrep.yml, --metrics=off, --disable-version-check, --sarif, --output, "{output}"]
                output: sarif
                timeout: 1
            """, in: repo)
        let slow = try sandbox.secissue("test", in: repo)
        #expect(slow.status == 1, "\(slow.stdout)\(slow.stderr)")
        #expect(slow.stdout.contains("timed out"))
        #expect(slow.stderr.contains("test semgrep timed out: ran past its timeout of 1 s"), "\(slow.stderr)")
    }

    @Test("the example of docs/security-tests.md runs as documented")
    func documentedExample() throws {
        let page = try String(contentsOf: DocExampleTests.package.appendingPathComponent("docs/security-tests.md"), encoding: .utf8)
        let example = try #require(page.range(of: "\n## Example\n"))
        let yamlOpen = try #require(page.range(of: "```yaml\n", range: example.upperBound..<page.endIndex))
        let yamlClose = try #require(page.range(of: "```\n", range: yamlOpen.upperBound..<page.endIndex))
        let shOpen = try #require(page.range(of: "```sh\n", range: yamlClose.upperBound..<page.endIndex))
        let shClose = try #require(page.range(of: "```\n", range: shOpen.upperBound..<page.endIndex))
        let sandbox = try Sandbox()
        let repo = try repository(sandbox, tests: String(page[yamlOpen.upperBound..<yamlClose.lowerBound]))
        let lines = page[shOpen.upperBound..<shClose.lowerBound].split(separator: "\n").map(String.init)
        let expected: [Int32] = [2, 0, 0]
        #expect(lines.count == expected.count)
        for (line, status) in zip(lines, expected) {
            let result = try sandbox.run("/bin/sh", ["-c", line], in: repo)
            #expect(result.status == status, "\(line): \(result.stdout)\(result.stderr)")
        }
    }
}

enum RealScanners {
    static let tools = ["bandit", "semgrep", "checkov"]

    static var installed: Bool {
        tools.allSatisfy { tool in
            ["/usr/local/bin", "/usr/bin", "/bin"].contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }
        }
    }

    /// In CI they must run: a missing scanner fails there instead of skipping.
    static var runnable: Bool { installed || ProcessInfo.processInfo.environment["CI"] == "true" }
}
