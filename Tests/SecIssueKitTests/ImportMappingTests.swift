import Foundation
import Testing
@testable import SecIssueKit

@Suite("SARIF mapping")
struct ImportMappingTests {
    /// Maps a SARIF log given as JSON text, with `files` as the scanned commit's content.
    func map(_ json: String, files: [String: String] = [:], config: Config = Config(), root: String? = "/repo") throws -> ResultMapper.Mapped {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("secissue-\(UUID().uuidString).sarif").path
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var mapper = ResultMapper(config: config, root: root) { files[$0].map { Array($0.utf8) } }
        return try mapper.map(file: path)
    }

    func log(tool: String = "scanner", rules: String = "[]", results: String, extra: String = "") -> String {
        """
        {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "\(tool)", "rules": \(rules)}}, "results": \(results)\(extra)}]}
        """
    }

    func result(rule: String = "r1", uri: String = "app.py", line: Int = 2, level: String? = nil, message: String = "Bad thing. More.", extra: String = "") -> String {
        """
        {"ruleId": "\(rule)", \(level.map { "\"level\": \"\($0)\"," } ?? "") "message": {"text": "\(message)"},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": "\(uri)"}, "region": {"startLine": \(line)}}}]\(extra)}
        """
    }

    @Test("severity: override, then security-severity, then level, then the rule's default level")
    func severities() throws {
        let rules = #"[{"id": "scored", "properties": {"security-severity": "9.1"}}, {"id": "medium", "properties": {"security-severity": 5}}, {"id": "defaulted", "defaultConfiguration": {"level": "note"}}, {"id": "plain"}, {"id": "overridden", "properties": {"security-severity": "9.9"}}]"#
        var config = Config()
        config.severityOverrides = SeverityOverrides(["scanner": [.init("overridden", .low)]])
        let mapped = try map(log(rules: rules, results: "[" + [
            result(rule: "scored"), result(rule: "medium", line: 3), result(rule: "defaulted", line: 4),
            result(rule: "plain", line: 5, level: "error"), result(rule: "plain", line: 6), result(rule: "overridden", line: 7),
        ].joined(separator: ",") + "]"), config: config)
        #expect(mapped.results.map(\.severity) == [.critical, .medium, .low, .high, .medium, .low])
    }

    @Test("titles: the rule's short description, else the message's first sentence")
    func titles() throws {
        let rules = #"[{"id": "r1", "shortDescription": {"text": "Use of eval"}}, {"id": "r2", "shortDescription": {"text": "Semgrep Finding: r2"}}]"#
        let mapped = try map(log(rules: rules, results: "[" + result(rule: "r1") + "," + result(rule: "r2", line: 3) + "]"))
        #expect(mapped.results.map(\.title) == ["Use of eval", "Bad thing"])
    }

    @Test("CWEs from tags of every shape and from taxa")
    func cwes() throws {
        let rules = #"[{"id": "r1", "properties": {"tags": ["security", "external/cwe/cwe-89", "CWE-79: Improper Neutralization", "OWASP-A03:2021"]}}]"#
        let taxa = #", "taxa": [{"id": "22", "toolComponent": {"name": "CWE"}}]"#
        let mapped = try map(log(rules: rules, results: "[" + result(extra: taxa) + "]"))
        #expect(mapped.results.first?.cwe == [89, 79, 22])
    }

    @Test("paths: file URIs and base ids are made relative to the root; outside ones are skipped")
    func paths() throws {
        let bases = #", "originalUriBaseIds": {"SRC": {"uri": "file:///repo/src/"}}"#
        let results = "[" + [
            result(uri: "file:///repo/app/db.py"), result(uri: "db.py\", \"uriBaseId\": \"SRC"), result(uri: "a%20b.py"),
            result(uri: "file:///etc/passwd"), result(uri: "../up.py"), result(uri: "repo/app/x.py"),
        ].joined(separator: ",") + "]"
        let mapped = try map(log(results: results, extra: bases))
        #expect(mapped.results.compactMap(\.location?.path) == ["app/db.py", "src/db.py", "a b.py", "app/x.py"])
        #expect(mapped.skipped.count == 2)
        #expect(mapped.skipped.allSatisfy { $0.contains("outside the repository") })
    }

    @Test("computed fingerprints survive moves and tell identical lines apart")
    func fingerprints() throws {
        let before = "import os\nx = eval(a)\ny = 1\nx = eval(a)\n"
        let after = "import os\n# new line\n# another\nx = eval(a)\ny = 1\nx = eval(a)\n"
        let first = try map(log(results: "[" + result(line: 2) + "," + result(line: 4) + "]"), files: ["app.py": before])
        let second = try map(log(results: "[" + result(line: 4) + "," + result(line: 6) + "]"), files: ["app.py": after])
        #expect(first.results.map(\.fingerprint) == second.results.map(\.fingerprint))
        #expect(Set(first.results.map(\.fingerprint)).count == 2)
        #expect(first.results.allSatisfy { $0.fingerprint.hasPrefix("v1/code:") })
    }

    @Test("scanner fingerprints are used, unless several places share one value")
    func scannerFingerprints() throws {
        let own = #", "fingerprints": {"id/v1": "abc"}"#
        let placeholder = #", "fingerprints": {"matchBasedId/v1": "requires login"}"#
        let mapped = try map(log(results: "[" + [
            result(line: 1, extra: own), result(line: 2, extra: placeholder), result(line: 3, extra: placeholder),
        ].joined(separator: ",") + "]"), files: ["app.py": "a\nb\nc\n"])
        #expect(mapped.results[0].fingerprint.hasPrefix("v1/sarif:"))
        #expect(mapped.results[1].fingerprint.hasPrefix("v1/code:"))
        #expect(mapped.results[1].fingerprint != mapped.results[2].fingerprint)
    }

    @Test("secrets are redacted from messages and snippets; the marker holds no hash of the secret")
    func redaction() throws {
        let secret = "AKIAIOSFODNN7REALKEY"
        let snippet = #", "locations": [{"physicalLocation": {"artifactLocation": {"uri": "config.py"}, "region": {"startLine": 1, "startColumn": 9, "endColumn": 29, "snippet": {"text": "AWS_KEY=\#(secret)"}}}}]"#
        let json = log(tool: "gitleaks", results: #"[{"ruleId": "aws-access-token", "message": {"text": "found \#(secret) here"}\#(snippet)}]"#)
        let mapped = try map(json, files: ["config.py": "AWS_KEY=\(secret)\n"])
        let found = try #require(mapped.results.first)
        #expect(found.isSecret)
        #expect(!found.description.contains(secret) && !found.title.contains(secret))
        #expect(found.description.contains(Redaction.marker))
        // A hash of the secret, even a short one, would let anyone who reads the repository test guesses.
        #expect(Redaction.marker == "[redacted]")
    }

    @Test("the category comes from automationDetails, and suppressions are read")
    func categoryAndSuppression() throws {
        let suppressed = #", "suppressions": [{"kind": "inSource", "justification": "test fixture"}]"#
        let mapped = try map(log(results: "[" + result(extra: suppressed) + "]", extra: #", "automationDetails": {"id": "nightly/2026-11-27"}"#))
        #expect(mapped.scopes == [ScanScope(tool: "scanner", category: "nightly")])
        #expect(mapped.results.first?.suppression == "test fixture")
    }
}

@Suite("absolute paths in real SARIF")
struct AbsolutePathTests {
    /// The *-abspath fixtures were made by scanning /work/main/Tests/Fixtures/sample-app by its
    /// absolute path: Bandit writes file:// URIs, Semgrep plain absolute paths, Checkov absolute
    /// paths without their leading slash. All must land on the same repository paths.
    @Test("each tool's absolute paths map to repository paths", arguments: ["bandit", "semgrep", "checkov"])
    func absolutePaths(tool: String) throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures")
        let app = fixtures.appendingPathComponent("sample-app").path
        func paths(_ file: String, root: String) throws -> [String] {
            var mapper = ResultMapper(config: Config(), root: root) { FileManager.default.contents(atPath: app + "/" + $0).map(Array.init) }
            let mapped = try mapper.map(file: fixtures.appendingPathComponent("sarif/\(file)").path)
            #expect(mapped.skipped.isEmpty, "\(mapped.skipped)")
            return mapped.results.compactMap(\.location?.path).sorted()
        }
        let relative = try paths("\(tool).sarif", root: "/somewhere/else")
        let absolute = try paths("\(tool)-abspath.sarif", root: "/work/main/Tests/Fixtures/sample-app")
        #expect(!relative.isEmpty)
        #expect(absolute == relative)
    }
}

@Suite("review regressions")
struct ReviewRegressionTests {
    @Test("a scanner that did not finish fixes nothing, and line 0 is 'no line', not a crash")
    func failedRunAndLineZero() throws {
        let json = """
            {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "gitleaks"}}, "invocations": [{"executionSuccessful": false}],
             "results": [{"ruleId": "aws", "message": {"text": "x"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.py"},
               "region": {"startLine": 0, "startColumn": 3, "endColumn": 10}}}]}]}]}
            """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("secissue-\(UUID().uuidString).sarif").path
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var mapper = ResultMapper(config: Config(), root: "/repo") { _ in Array("line one\n".utf8) }
        let mapped = try mapper.map(file: path)
        #expect(mapped.scopes.isEmpty)
        #expect(mapped.notes.contains { $0.contains("did not finish") })
        #expect(mapped.results.first?.location?.line == nil)
    }

    @Test("hard-coded passwords count as secrets, by CWE or rule name, whatever --tool says")
    func secretDetection() {
        #expect(Redaction.isSecret(tools: ["bandit"], rule: "B105", ruleName: "hardcoded_password_string", tags: [], cwe: []))
        #expect(Redaction.isSecret(tools: ["mytool"], rule: "x", ruleName: nil, tags: [], cwe: [798]))
        #expect(Redaction.isSecret(tools: ["leaks", "gitleaks"], rule: "aws-access-token", ruleName: nil, tags: [], cwe: []))
        #expect(!Redaction.isSecret(tools: ["bandit"], rule: "B608", ruleName: "hardcoded_sql_expressions", tags: [], cwe: [89]))
        let candidates = Redaction.candidates(line: "ADMIN_PASSWORD = \"hunter2-admin-password\"", startColumn: nil, endColumn: nil,
                                              snippet: nil, texts: ["Possible hardcoded password: 'hunter2-admin-password'"])
        #expect(candidates.contains("hunter2-admin-password"))
    }

    @Test("CRLF finding files keep their line endings and their activity log")
    func crlf() throws {
        let text = "---\r\nid: SEC-0000000001\r\ntitle: T\r\nstatus: open\r\nseverity: low\r\ncreated: 2026-01-01T00:00:00Z\r\n---\r\nBody.\r\n\r\n## Activity\r\n- 2026-01-01T00:00:00Z A <a@x> opened\r\n"
        let old = try FindingCodec.decode(text, path: "f.md")
        var new = old
        new.status = .confirmed
        new.activity.append("2026-01-02T00:00:00Z B <b@x> commented: hi")
        let rewritten = try FindingCodec.rewrite(text, from: old, to: new, path: "f.md")
        #expect(!rewritten.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(try FindingCodec.decode(rewritten, path: "f.md").activity.count == 2)
        #expect(rewritten.components(separatedBy: "## Activity").count == 2)
    }

    @Test("version ranges take spaces after operators and ~=, and refuse what they cannot read")
    func versionRanges() {
        #expect(VersionRange("< 2.20").contains("2.19.1"))
        #expect(!VersionRange("< 2.20").contains("2.31.0"))
        #expect(VersionRange(">= 1.0, < 1.25").contains("1.24.1"))
        #expect(VersionRange("~=3.2").contains("3.2.1") && VersionRange("~=3.2").contains("3.9") && !VersionRange("~=3.2").contains("4.0"))
        #expect(VersionRange("^4.17").contains("4.17.21") && !VersionRange("^4.17").contains("5.0.0"))
        #expect(VersionRange("1.2 || >=3").contains("3.1") && VersionRange("1.2 || >=3").contains("1.2.7"))
        #expect(!VersionRange("foo bar").isValid && !VersionRange("<").isValid && VersionRange("*").isValid)
        #expect(!VersionRange("<2").contains(nil) && VersionRange("*").contains(nil))
    }

    @Test("titles longer than 200 characters are refused")
    func longTitle() {
        #expect(throws: SecIssueError.self) { try InputCheck.title(String(repeating: "A", count: 201)) }
    }
}
